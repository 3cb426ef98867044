// What waiting on a cluster needs besides HTTP: which states are still moving, how long Retry-After asks to wait,
// which failures are worth another poll, and a sleep that Ctrl-C (an AbortSignal) cuts short.
import { ApiError, UnreachableError } from './errors';
import type { Cluster, ProvisioningState } from './types';

/** States in which an operation is still running; any other state is where an operation ended. */
export const inProgressStates: readonly ProvisioningState[] = ['Accepted', 'Provisioning', 'Scaling', 'Upgrading', 'Canceling', 'Deleting'];

export function isInProgress(cluster: Cluster): boolean {
  return inProgressStates.includes(cluster.properties.provisioningState);
}

/** The operation ended well: the cluster is up (create, retry) or gone (delete). */
export function isSuccessful(cluster: Cluster): boolean {
  return ['Succeeded', 'Deleted'].includes(cluster.properties.provisioningState);
}

/** Used when an answer carries no Retry-After (the service sends 5 s while an operation runs). */
export const defaultPollIntervalMs = 5_000;

/** Retry-After in milliseconds: delay-seconds or an HTTP date (RFC 9110 10.2.3); undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Failures that another poll may get past: no answer, throttling, a gateway or the service briefly unavailable. */
export function isTransient(error: unknown): boolean {
  if (error instanceof UnreachableError) return true;
  return error instanceof ApiError && [408, 429, 500, 502, 503, 504].includes(error.status);
}

/** Resolves after ms, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
