// Errors answered to clients. ARM and Graph share the {"error": {"code", "message", ...}} shape; the server
// adds Graph's innerError when the request was a Graph one.

export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ErrorDetail[];
  additionalInfo?: Array<{ type: string; info: unknown }>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: {
      target?: string;
      details?: ErrorDetail[];
      additionalInfo?: Array<{ type: string; info: unknown }>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
  }

  toDetail(): ErrorDetail {
    const detail: ErrorDetail = { code: this.code, message: this.message };
    if (this.extra.target !== undefined) detail.target = this.extra.target;
    if (this.extra.details !== undefined) detail.details = this.extra.details;
    if (this.extra.additionalInfo !== undefined) detail.additionalInfo = this.extra.additionalInfo;
    return detail;
  }
}

export function badRequest(code: string, message: string, extra?: ApiError['extra']): ApiError {
  return new ApiError(400, code, message, extra);
}

export function notFound(code: string, message: string): ApiError {
  return new ApiError(404, code, message);
}

export function conflict(code: string, message: string, extra?: ApiError['extra']): ApiError {
  return new ApiError(409, code, message, extra);
}

export function resourceGroupNotFound(name: string): ApiError {
  return notFound('ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
}
