// The exit codes scripts can rely on, one per class of failure, and the mapping from errors to them.
import { CommanderError } from 'commander';
import { ApiError, SignInError, UnreachableError, WaitTimeoutError } from '../errors';

export const exitCodes = {
  success: 0,
  /** Anything unexpected, including a 500 from the API. */
  error: 1,
  /** Bad usage or bad input: the API answered 400, 413, 415 or 422. */
  badInput: 2,
  notFound: 3,
  conflict: 4,
  /** 401 or 403, or a sign-in that failed. */
  auth: 5,
  /** No answer, or the API is unavailable for now (429, 502, 503, 504). */
  unreachable: 6,
  /** The operation ended Failed or Canceled. */
  operationFailed: 7,
  /** --timeout passed while waiting. */
  timeout: 8,
  /** Ctrl-C while waiting: the operation goes on. */
  interrupted: 130,
} as const;

export const exitCodeHelp = `Exit codes:
  0    success (a waited-for operation ended Succeeded or Deleted)
  1    unexpected error
  2    bad usage or bad input (the API answered 400, 413, 415 or 422)
  3    not found (404)
  4    conflict (409)
  5    not signed in or not allowed (401, 403, sign-in failed)
  6    the API is unreachable or unavailable (no answer, 429, 502, 503, 504)
  7    the operation failed or was canceled
  8    --timeout passed while waiting
  130  interrupted (Ctrl-C) while waiting; the operation goes on`;

/** A mistake in the command line that commander cannot see (a missing key file, a malformed --tag). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A waited-for operation ended Failed or Canceled. */
export class OperationFailedError extends Error {
  override readonly name = 'OperationFailedError';
}

/** Ctrl-C while waiting. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof ApiError) {
    if ([400, 413, 415, 422].includes(error.status)) return exitCodes.badInput;
    if (error.status === 404) return exitCodes.notFound;
    if (error.status === 409 || error.status === 412) return exitCodes.conflict;
    if (error.status === 401 || error.status === 403) return exitCodes.auth;
    if ([429, 502, 503, 504].includes(error.status)) return exitCodes.unreachable;
    return exitCodes.error;
  }
  if (error instanceof UsageError) return exitCodes.badInput;
  if (error instanceof CommanderError) return error.exitCode === 0 ? exitCodes.success : exitCodes.badInput;
  if (error instanceof UnreachableError) return exitCodes.unreachable;
  if (error instanceof SignInError) return exitCodes.auth;
  if (error instanceof OperationFailedError) return exitCodes.operationFailed;
  if (error instanceof WaitTimeoutError) return exitCodes.timeout;
  if (error instanceof InterruptedError) return exitCodes.interrupted;
  return exitCodes.error;
}
