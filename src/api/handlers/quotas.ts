// GET/PUT /api/quotas/{objectId}: what a caller may have at once. Anyone may read their own ('me');
// Clusters.Admin reads and sets anyone's.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { settings, type CallerQuota } from '../../config/settings';
import { isAdmin } from '../../auth/caller';
import { CallerQuotas } from '../../clusters/quotas';
import { ClusterStore } from '../../clusters/store';
import { ApiError } from '../errors';
import { jsonResponse } from '../json';
import type { Call } from '../route';

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function subject(request: HttpRequest, call: Call): string {
  const value = request.params.objectId ?? '';
  const objectId = value === 'me' ? call.caller.objectId : value.toLowerCase();
  if (!guidPattern.test(objectId))
    throw new ApiError(400, 'InvalidObjectId', "The caller must be 'me' or an object id (GUID).", 'objectId');
  if (objectId !== call.caller.objectId.toLowerCase() && !isAdmin(call.caller)) {
    throw new ApiError(403, 'MissingRole', "Reading another caller's quota needs the app role 'Clusters.Admin'.", 'objectId');
  }
  return objectId;
}

async function answer(objectId: string): Promise<HttpResponseInit> {
  const config = settings();
  const [{ limits, custom }, usage] = await Promise.all([new CallerQuotas(config).get(objectId), new ClusterStore(config).usage(objectId)]);
  return jsonResponse(200, { objectId, limits, usage, custom });
}

export async function getQuota(request: HttpRequest, _context: InvocationContext, call: Call): Promise<HttpResponseInit> {
  return answer(subject(request, call));
}

export async function setQuota(request: HttpRequest, _context: InvocationContext, call: Call): Promise<HttpResponseInit> {
  const objectId = subject(request, call);
  await new CallerQuotas(settings()).set(objectId, { ...settings().quota, ...(call.body as Partial<CallerQuota>) });
  return answer(objectId);
}
