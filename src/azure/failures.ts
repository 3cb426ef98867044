// Sorting errors from Azure into those a retry can fix (throttling, 5xx, network, replication delay) and
// those it cannot, each with a stable code for the cluster's error.
import { RestError } from '@azure/core-rest-pipeline';
import type { StepError } from '../domain/step-error';

/** Codes that mean "a new object or role assignment has not replicated yet": waiting helps. */
const replicationCodes = new Set([
  'PrincipalNotFound',
  'Request_ResourceNotFound',
  'ResourceNotFound',
  'NoBackingApplicationObject',
  'AuthorizationFailed',
]);
const transientCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EPIPE',
  'ENOTFOUND',
  'REQUEST_SEND_ERROR',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

export function isRetryableStatus(status: number | undefined): boolean {
  return status === 408 || status === 429 || (status !== undefined && status >= 500 && status !== 501 && status !== 505);
}

/** A 404 from an Azure SDK call or the Graph client. */
export function isNotFound(error: unknown): boolean {
  return error instanceof RestError && error.statusCode === 404;
}

/** The transport error under an error: fetch wraps socket failures as TypeError('fetch failed') with a cause. */
function transportCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (code && transientCodes.has(code)) return code;
  }
  return error instanceof TypeError && error.message === 'fetch failed' ? 'fetch failed' : undefined;
}

/** Classifies anything thrown by an SDK or fetch; `replicationMayLag` marks calls made right after creating an object. */
export function classifyError(error: unknown, target: string, replicationMayLag = false): StepError {
  const transport = transportCode(error);
  if (transport) return { code: 'NetworkError', message: (error as Error).message, retryable: true, target };
  if (error instanceof RestError || (error instanceof Error && 'statusCode' in error)) {
    const rest = error as RestError;
    const code = rest.code && !/^\d+$/.test(rest.code) ? rest.code : `Http${rest.statusCode ?? 'Error'}`;
    const retryable = isRetryableStatus(rest.statusCode) || (replicationMayLag && replicationCodes.has(code));
    return { code, message: rest.message, retryable, target };
  }
  if (error instanceof Error) {
    if (error.name === 'AbortError' || error.name === 'TimeoutError')
      return { code: 'Timeout', message: error.message, retryable: true, target };
    return { code: 'InternalError', message: error.message, retryable: false, target };
  }
  return { code: 'InternalError', message: String(error), retryable: false, target };
}
