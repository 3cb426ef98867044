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
