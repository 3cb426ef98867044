// Errors in the Microsoft REST API guidelines' envelope: {"error": {code, message, target?, details?}},
// with the code repeated in the x-ms-error-code header.
import type { HttpResponseInit } from '@azure/functions';

export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ErrorDetail[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly details?: ErrorDetail[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toResponse(): HttpResponseInit {
    return errorResponse(this.status, { code: this.code, message: this.message, target: this.target, details: this.details }, this.headers);
  }
}

export function errorResponse(status: number, error: ErrorDetail, headers: Record<string, string> = {}): HttpResponseInit {
  const body: ErrorDetail = { code: error.code, message: error.message };
  if (error.target !== undefined) body.target = error.target;
  if (error.details && error.details.length > 0) body.details = error.details;
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-ms-error-code': error.code, ...headers },
    body: JSON.stringify({ error: body }),
  };
}

export const notFound = (name: string) => new ApiError(404, 'ClusterNotFound', `Cluster '${name}' was not found.`, 'name');

/** At most this many details in one answer; the rest are counted, not listed. */
export const maxErrorDetails = 20;

/** A 400 listing every problem of a request (the first few, and how many more were left out). */
export function invalidRequest(details: ErrorDetail[]): ApiError {
  const first = details[0]!;
  const message = details.length === 1 ? first.message : `The request has ${details.length} problems; the first: ${first.message}`;
  const listed = details.slice(0, maxErrorDetails);
  if (details.length > maxErrorDetails) {
    const more = details.length - maxErrorDetails;
    listed.push({ code: 'MoreProblems', message: `${more} more problem${more === 1 ? ' was' : 's were'} left out of this answer.` });
  }
  return new ApiError(400, 'InvalidRequestContent', message, details.length === 1 ? first.target : undefined, listed);
}
