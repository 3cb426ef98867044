// The Idempotency-Key header of write requests: one key, one request. A refused request (4xx) gives its key back.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { IdempotencyKeys } from '../../clusters/idempotency-keys';
import { ApiError } from '../errors';

export function readIdempotencyKey(request: HttpRequest): string | undefined {
  const key = request.headers.get('idempotency-key');
  if (key === null) return undefined;
  if (key.length === 0 || key.length > 256 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ApiError(
      400,
      'InvalidIdempotencyKey',
      'The Idempotency-Key header must be 1-256 visible ASCII characters.',
      'Idempotency-Key',
    );
  }
  return key;
}

/** Runs a write under its Idempotency-Key (if any): the key is bound to this request unless the request is refused. */
export async function withIdempotencyKey(
  keys: IdempotencyKeys,
  key: string | undefined,
  fingerprint: string,
  write: () => Promise<HttpResponseInit>,
): Promise<HttpResponseInit> {
  if (key === undefined) return write();
  const claim = await keys.claim(key, fingerprint);
  if (claim.outcome === 'reused') {
    throw new ApiError(422, 'IdempotencyKeyReused', 'This Idempotency-Key was already used for a different request.', 'Idempotency-Key');
  }
  try {
    return await write();
  } catch (error) {
    if (claim.outcome === 'claimed' && error instanceof ApiError && error.status >= 400 && error.status < 500) {
      await keys.release(key, claim.etag);
    }
    throw error;
  }
}
