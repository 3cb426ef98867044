// Long-running deletes: the DELETE answers 202 with Location pointing at /subscriptions/{sub}/operationresults/{id};
// polls answer 202 while it runs, then 204 for a deployment delete (as its specification says) and 200 for a
// resource group delete (@azure/arm-resources v8 refuses a 204 there). Neither has an Azure-AsyncOperation header.
import type { EmulatorCore } from '../core/emulator-core';
import { opaqueId } from '../core/ids';
import type { AsyncOperationRecord } from '../core/state';
import { notFound } from '../http/errors';
import { apiVersionOf, type EmulatorRequest, type Reply } from '../http/request';
import type { Router } from '../http/router';

export function startAsyncOperation(
  core: EmulatorCore,
  subscriptionId: string,
  kind: AsyncOperationRecord['kind'],
  targetKey: string,
  durationMs: number,
): AsyncOperationRecord {
  const now = core.now();
  const record: AsyncOperationRecord = {
    id: opaqueId(),
    subscriptionId,
    kind,
    targetKey,
    startedAt: now,
    completesAt: now + durationMs,
    status: 'Running',
  };
  core.state.asyncOperations[record.id] = record;
  return record;
}

export function operationResultUrl(request: EmulatorRequest, record: AsyncOperationRecord): string {
  const query = `api-version=${encodeURIComponent(apiVersionOf(request))}`;
  return `${request.origin}/subscriptions/${record.subscriptionId}/operationresults/${record.id}?${query}`;
}

/** The 202 a DELETE answers with. The first Retry-After is ignored by the SDK but ARM sends it, so do we. */
export function acceptedReply(core: EmulatorCore, request: EmulatorRequest, record: AsyncOperationRecord): Reply {
  return {
    status: 202,
    headers: { location: operationResultUrl(request, record), 'retry-after': String(Math.max(core.timing.pollRetryAfterSeconds, 1)) },
  };
}

export function registerAsyncOperationRoutes(router: Router, core: EmulatorCore): void {
  router.add('GET', '/subscriptions/([^/]+)/operationresults/([^/]+)', 'GET operationresults', (request, [, id]) => {
    const record = core.state.asyncOperations[id!];
    if (!record) throw notFound('NotFound', `The operation '${id}' could not be found.`);
    if (record.status === 'Running') {
      const headers: Record<string, string> = { location: operationResultUrl(request, record) };
      if (core.timing.pollRetryAfterSeconds > 0) headers['retry-after'] = String(core.timing.pollRetryAfterSeconds);
      return { status: 202, headers };
    }
    return { status: record.kind === 'deploymentDelete' ? 204 : 200 };
  });
}
