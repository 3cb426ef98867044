// Shared plumbing of the HTTP routes: who is calling and whether they may (before any handler runs), the audit
// entry of writes, refusals and credentials, and errors in the guideline envelope (a 500 names the invocation,
// logged with detail, instead of leaking internals).
import type { HttpHandler, HttpMethod, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { SettingError, settings } from '../config/settings';
import { AuditLog, type AuditEntry } from '../audit/audit-log';
import { authenticate } from '../auth/authenticate';
import { creatorOf, hasRole, isAdmin, type Caller, type Role } from '../auth/caller';
import type { ClusterRecord } from '../clusters/record';
import { ClusterStore } from '../clusters/store';
import { clusterNamePattern } from '../domain/cluster-spec';
import { hasJsonBody, validateRequest } from './contract/request-validator';
import { ApiError, errorResponse, notFound } from './errors';
import { readJsonBody } from './json';

/** What a handler learns about its call, and what it tells the audit trail. */
export interface Call {
  caller: Caller;
  audit: Pick<AuditEntry, 'cluster' | 'operationId' | 'credential'>;
  /** The JSON body, checked against the operation's schema with its defaults filled in (operations with a body). */
  body: unknown;
}

export type Handler = (request: HttpRequest, context: InvocationContext, call: Call) => Promise<HttpResponseInit>;

export interface RouteSpec {
  /** The operationId in openapi.yaml: its parameters and body are checked before the handler runs. */
  name: string;
  method: HttpMethod;
  route: string;
  /** The app role the caller needs (Clusters.Admin has them all). */
  role: Role;
  /** Writes leave an audit entry whatever their outcome (refusals and credentials always do). */
  write?: boolean;
  handler: Handler;
}

function errorAnswer(error: unknown, context: InvocationContext): HttpResponseInit {
  if (error instanceof ApiError) return error.toResponse();
  if (error instanceof SettingError) {
    context.error(error.message);
    return errorResponse(500, {
      code: 'ServiceMisconfigured',
      message: 'The service is misconfigured; an operator must fix its settings.',
    });
  }
  context.error(`Unhandled error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return errorResponse(500, { code: 'InternalError', message: `The request failed unexpectedly (invocation ${context.invocationId}).` });
}

/**
 * The client's address as our front end saw it: the last X-Forwarded-For entry, which App Service (and the local
 * host) append; earlier entries come from the client and could be forged.
 */
function clientAddress(request: HttpRequest): string | undefined {
  return request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim() || undefined;
}

/** A route open to anyone (the contract and the health probe). */
export function anonymous(body: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>): HttpHandler {
  return async (request, context) => {
    try {
      return await body(request, context);
    } catch (error) {
      return errorAnswer(error, context);
    }
  };
}

/** A route that needs a caller with a role: authenticated and authorized before its handler runs. */
export function protectedRoute(spec: RouteSpec): HttpHandler {
  return async (request, context) => {
    const config = settings();
    const note: Call['audit'] = {};
    let caller: Caller | undefined;
    let response: HttpResponseInit;
    try {
      caller = await authenticate(request, config);
      if (!hasRole(caller, spec.role)) {
        throw new ApiError(
          403,
          'MissingRole',
          `The caller lacks the app role '${spec.role}' that ${spec.method} /api/${spec.route} needs.`,
        );
      }
      const body = hasJsonBody(spec.name) ? await readJsonBody(request) : undefined;
      const valid = validateRequest(spec.name, { params: request.params, query: request.query, body });
      response = await spec.handler(request, context, { caller, audit: note, body: valid.body });
    } catch (error) {
      response = errorAnswer(error, context);
    }
    const status = response.status ?? 200;
    const refused = status === 401 || status === 403 || status === 429;
    if (!spec.write && !refused && !note.credential) return response;
    const headers = (response.headers ?? {}) as Record<string, string>;
    const entry: AuditEntry = {
      time: new Date().toISOString(),
      caller: caller ? creatorOf(caller) : undefined,
      clientAddress: clientAddress(request),
      method: spec.method,
      route: `/api/${spec.route}`,
      path: new URL(request.url).pathname,
      cluster: note.cluster ?? (typeof request.params.name === 'string' ? request.params.name.slice(0, 64) : undefined),
      operationId: note.operationId,
      outcome: { status, code: headers['x-ms-error-code'] },
      credential: note.credential,
    };
    try {
      await new AuditLog(config).append(entry);
    } catch (error) {
      context.error(`Writing the audit entry failed: ${(error as Error).message}`);
      // A credential is never handed out unrecorded.
      if (note.credential)
        return errorAnswer(new ApiError(503, 'AuditUnavailable', 'The audit trail cannot be written; retry shortly.'), context);
    }
    return response;
  };
}

/** The {name} route parameter, checked before it reaches Storage or an orchestration id. */
export function clusterNameParam(request: HttpRequest): string {
  const name = request.params.name ?? '';
  if (!clusterNamePattern.test(name)) {
    throw new ApiError(
      400,
      'InvalidClusterName',
      `'${name.slice(0, 64)}' is not a valid cluster name (3-41 lowercase letters, digits and hyphens, starting with a letter).`,
      'name',
    );
  }
  return name;
}

/** Write and credential routes act on the caller's own clusters; Clusters.Admin acts on all. */
export function requireOwner(caller: Caller, record: ClusterRecord): void {
  if (isAdmin(caller) || record.createdBy?.objectId === caller.objectId) return;
  throw new ApiError(
    403,
    'NotClusterOwner',
    `Cluster '${record.name}' belongs to another caller; only its creator or a caller with 'Clusters.Admin' may do this.`,
    'name',
  );
}

/** The cluster named by the {name} route parameter, or a 404; with `owner`, only the owner's (or an admin's). */
export async function findCluster(
  request: HttpRequest,
  options: { store?: ClusterStore; owner?: Caller } = {},
): Promise<{ name: string; record: ClusterRecord }> {
  const name = clusterNameParam(request);
  const found = await (options.store ?? new ClusterStore(settings())).get(name);
  if (!found) throw notFound(name);
  if (options.owner) requireOwner(options.owner, found.record);
  return { name, record: found.record };
}

/** An optional whole-number query parameter within bounds. */
export function integerQuery(request: HttpRequest, name: string, min: number, max: number): number | undefined {
  const value = request.query.get(name);
  if (value === null || value === '') return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw new ApiError(400, 'InvalidQueryParameter', `Query parameter '${name}' must be a whole number from ${min} to ${max}.`, name);
  }
  return number;
}

export function booleanQuery(request: HttpRequest, name: string): boolean {
  const value = request.query.get(name);
  if (value === null || value === '') return false;
  if (/^(true|1)$/i.test(value)) return true;
  if (/^(false|0)$/i.test(value)) return false;
  throw new ApiError(400, 'InvalidQueryParameter', `Query parameter '${name}' must be true or false.`, name);
}
