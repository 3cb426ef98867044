// Shared plumbing of the HTTP routes: errors become the guideline envelope, unexpected failures a 500
// that names the invocation (logged with detail) instead of leaking internals.
import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { SettingError, settings } from '../config/settings';
import type { ClusterRecord } from '../clusters/record';
import { ClusterStore } from '../clusters/store';
import { clusterNamePattern } from '../domain/cluster-spec';
import { ApiError, errorResponse, notFound } from './errors';

export function handle(body: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>): HttpHandler {
  return async (request, context) => {
    try {
      return await body(request, context);
    } catch (error) {
      if (error instanceof ApiError) return error.toResponse();
      if (error instanceof SettingError) {
        context.error(error.message);
        return errorResponse(500, {
          code: 'ServiceMisconfigured',
          message: 'The service is misconfigured; an operator must fix its settings.',
        });
      }
      context.error(`Unhandled error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return errorResponse(500, {
        code: 'InternalError',
        message: `The request failed unexpectedly (invocation ${context.invocationId}).`,
      });
    }
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

/** The cluster named by the {name} route parameter, or a 404. */
export async function findCluster(
  request: HttpRequest,
  store = new ClusterStore(settings()),
): Promise<{ name: string; record: ClusterRecord }> {
  const name = clusterNameParam(request);
  const found = await store.get(name);
  if (!found) throw notFound(name);
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
