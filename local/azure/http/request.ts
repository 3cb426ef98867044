// What a handler sees of a request: method, normalised path, query, headers, parsed JSON body, and the
// origin (scheme + host) to build absolute URLs from.
import type { IncomingHttpHeaders } from 'node:http';
import type { Caller } from '../auth/caller';

export interface EmulatorRequest {
  method: string;
  /** Path with repeated slashes collapsed, percent-decoded per segment, no trailing slash. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** e.g. https://127.0.0.1:8443 — the host the client used. */
  origin: string;
  requestId: string;
  /** The principal of the bearer token, when the token names one. */
  caller?: Caller;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Splits a raw request target into path and query. Not new URL(): "//subscriptions/..." would parse as a host. */
export function splitTarget(target: string): { path: string; query: URLSearchParams } {
  const mark = target.indexOf('?');
  const rawPath = mark < 0 ? target : target.slice(0, mark);
  const rawQuery = mark < 0 ? '' : target.slice(mark + 1);
  const segments = rawPath
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
  return { path: `/${segments.join('/')}`, query: new URLSearchParams(rawQuery) };
}

/** Query parameter lookup ignoring the name's case (api-version, $filter, $top, ...). */
export function queryParam(query: URLSearchParams, name: string): string | undefined {
  for (const [key, value] of query) if (key.toLowerCase() === name.toLowerCase()) return value;
  return undefined;
}

export function apiVersionOf(request: EmulatorRequest): string {
  return queryParam(request.query, 'api-version') ?? '2025-04-01';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
