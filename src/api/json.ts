// Reading JSON request bodies at the edge: media type, size and syntax checked before anything else.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { ApiError } from './errors';

export const maxBodyBytes = 64 * 1024;

export async function readJsonBody(request: HttpRequest): Promise<unknown> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/(merge-patch\+)?json\s*(;|$)/i.test(contentType.trim())) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `The request body must be application/json (application/merge-patch+json for PATCH), not '${contentType.slice(0, 100) || 'none'}'.`,
      'Content-Type',
    );
  }
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBodyBytes) throw tooLarge();
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > maxBodyBytes) throw tooLarge();
  if (bytes.length === 0) throw new ApiError(400, 'InvalidJson', 'The request body is empty; a JSON object is required.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, 'InvalidJson', 'The request body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, 'InvalidJson', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

function tooLarge(): ApiError {
  return new ApiError(413, 'RequestTooLarge', `The request body exceeds the ${maxBodyBytes / 1024} KiB limit.`);
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}
