// Sorting errors from Azure into those a retry can fix (throttling, 5xx, network, replication delay) and
// those it cannot, each with a stable code for the cluster's error.
import { RestError } from '@azure/core-rest-pipeline';

export interface StepError {
  code: string;
  message: string;
  retryable: boolean;
  target?: string;
  details?: Array<{ code: string; message: string; target?: string }>;
}

/** Codes that mean "a new object or role assignment has not replicated yet": waiting helps. */
const replicationCodes = new Set([
  'PrincipalNotFound',
  'Request_ResourceNotFound',
  'ResourceNotFound',
  'NoBackingApplicationObject',
  'AuthorizationFailed',
]);
const transientCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE', 'REQUEST_SEND_ERROR', 'UND_ERR_SOCKET']);

export class StepFailure extends Error {
  constructor(readonly error: StepError) {
    super(error.message);
  }
}

export function isRetryableStatus(status: number | undefined): boolean {
  return status === 408 || status === 429 || (status !== undefined && status >= 500 && status !== 501 && status !== 505);
}

/** Classifies anything thrown by an SDK or fetch; `replicationMayLag` marks calls made right after creating an object. */
export function classifyError(error: unknown, target: string, replicationMayLag = false): StepError {
  if (error instanceof StepFailure) return error.error;
  if (error instanceof RestError || (error instanceof Error && 'statusCode' in error)) {
    const rest = error as RestError;
    const code = rest.code && !/^\d+$/.test(rest.code) ? rest.code : `Http${rest.statusCode ?? 'Error'}`;
    if (rest.code && transientCodes.has(rest.code)) return { code: 'NetworkError', message: rest.message, retryable: true, target };
    const retryable = isRetryableStatus(rest.statusCode) || (replicationMayLag && replicationCodes.has(code));
    return { code, message: rest.message, retryable, target };
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code && transientCodes.has(code)) return { code: 'NetworkError', message: error.message, retryable: true, target };
    if (error.name === 'AbortError' || error.name === 'TimeoutError')
      return { code: 'Timeout', message: error.message, retryable: true, target };
    return { code: 'InternalError', message: error.message, retryable: false, target };
  }
  return { code: 'InternalError', message: String(error), retryable: false, target };
}
