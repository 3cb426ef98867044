// GET /api/audit: the audit trail for Clusters.Admin, newest first, filtered by cluster, caller and time,
// paged with nextLink.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { settings } from '../../config/settings';
import { AuditLog } from '../../audit/audit-log';
import { clusterNamePattern } from '../../domain/cluster-spec';
import { ApiError } from '../errors';
import { jsonResponse } from '../json';
import { apiLink } from '../links';
import { integerQuery } from '../route';

const defaultWindowDays = 7;
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function timeQuery(request: HttpRequest, name: string, fallback: Date): Date {
  const value = request.query.get(name);
  if (!value) return fallback;
  const time = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time.getTime())) {
    throw new ApiError(
      400,
      'InvalidQueryParameter',
      `Query parameter '${name}' must be an ISO 8601 date-time such as 2026-01-01T00:00:00Z.`,
      name,
    );
  }
  return time;
}

function position(token: string | null): { blob: string; line: number } | undefined {
  if (!token) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { blob?: unknown; line?: unknown };
    if (typeof parsed.blob === 'string' && /^[\d/]+\.jsonl$/.test(parsed.blob) && Number.isInteger(parsed.line))
      return { blob: parsed.blob, line: parsed.line as number };
  } catch {
    // falls through to the error below
  }
  throw new ApiError(400, 'InvalidQueryParameter', 'The skipToken is not valid.', 'skipToken');
}

export async function getAuditTrail(request: HttpRequest): Promise<HttpResponseInit> {
  const to = timeQuery(request, 'to', new Date());
  const from = timeQuery(request, 'from', new Date(to.getTime() - defaultWindowDays * 86_400_000));
  if (from > to) throw new ApiError(400, 'InvalidQueryParameter', "'from' must not be later than 'to'.", 'from');
  const cluster = request.query.get('cluster') ?? undefined;
  if (cluster !== undefined && !clusterNamePattern.test(cluster))
    throw new ApiError(400, 'InvalidQueryParameter', "'cluster' is not a cluster name.", 'cluster');
  const caller = request.query.get('caller') ?? undefined;
  if (caller !== undefined && !guidPattern.test(caller))
    throw new ApiError(400, 'InvalidQueryParameter', "'caller' must be an object id (GUID).", 'caller');
  const top = integerQuery(request, 'top', 1, 500) ?? 100;
  const page = await new AuditLog(settings()).query({
    from,
    to,
    cluster,
    callerObjectId: caller?.toLowerCase(),
    top,
    position: position(request.query.get('skipToken')),
  });
  let nextLink: string | null = null;
  if (page.next) {
    const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), top: String(top) });
    if (cluster) query.set('cluster', cluster);
    if (caller) query.set('caller', caller);
    query.set('skipToken', Buffer.from(JSON.stringify(page.next)).toString('base64url'));
    nextLink = apiLink(`/audit?${query}`);
  }
  return jsonResponse(200, { value: page.entries, nextLink });
}
