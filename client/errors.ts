// The errors the client throws: the API's own error envelope as a typed ApiError, an API that cannot be reached,
// a sign-in that failed, and a wait that ran out of time.
import type { Cluster, ErrorDetail, ErrorResponse } from './types';

export type ErrorBody = ErrorResponse['error'];

/** An answer of the API outside 2xx, with the guideline envelope `{"error": {code, message, target, details}}`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly error: ErrorBody,
    readonly headers: Headers,
    readonly method: string,
    readonly url: string,
  ) {
    super(`${error.code}: ${error.message}`);
  }

  get code(): string {
    return this.error.code;
  }

  get target(): string | undefined {
    return this.error.target;
  }

  get details(): ErrorDetail[] {
    return this.error.details ?? [];
  }

  /** The envelope as the API sent it (or as close as a body that was not one allows). */
  toJSON(): ErrorResponse {
    return { error: this.error };
  }

  /** Builds the error from an answer; a body that is not the envelope (a proxy's page, an empty 401) still gets a code. */
  static fromAnswer(response: Response, body: unknown, method: string): ApiError {
    const envelope = isEnvelope(body) ? body.error : undefined;
    const text = typeof body === 'string' ? body.trim().slice(0, 500) : '';
    const error: ErrorBody = envelope ?? {
      code: response.headers.get('x-ms-error-code') ?? `Http${response.status}`,
      message: text || response.statusText || `The API answered ${response.status}.`,
    };
    return new ApiError(response.status, error, response.headers, method, response.url);
  }
}

function isEnvelope(body: unknown): body is ErrorResponse {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

/** No answer at all: connection refused, name not resolved, TLS failure, timeout. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';

  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`Cannot reach the API at ${new URL(url).origin}: ${describeCause(cause)}`, { cause });
  }
}

function describeCause(cause: unknown): string {
  const inner = (cause as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (inner?.code) return `${inner.code}${inner.message ? ` (${inner.message})` : ''}`;
  return cause instanceof Error ? cause.message : String(cause);
}

/** A configured credential could not get a token (wrong secret, unknown tenant, ...). */
export class SignInError extends Error {
  override readonly name = 'SignInError';
}

/** waitFor gave up before the cluster met the condition. */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';

  constructor(
    readonly clusterName: string,
    readonly last: Cluster | undefined,
    timeoutMs: number,
  ) {
    super(
      `Cluster '${clusterName}' did not reach the expected state within ${Math.round(timeoutMs / 1000)} s` +
        (last ? ` (it is ${last.properties.provisioningState}, ${last.properties.percentComplete}%).` : '.'),
    );
  }
}
