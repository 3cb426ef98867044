// Small HTTP client helpers for end-to-end tests: every call returns status, headers and the body as text.
import nodeHttp, { request as httpRequest } from 'node:http';

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (throws with the body in the message when it is not JSON). */
  json<T = any>(): T;
}

export interface HttpOptions {
  /** A string or Buffer is sent as is; anything else is sent as JSON with Content-Type application/json. */
  body?: unknown;
  headers?: Record<string, string>;
}

function parseJson(text: string, status: number): any {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`expected a JSON body (status ${status}), got: ${text.slice(0, 500)}`);
  }
}

/** Sends one request with fetch and reads the whole body. Redirects are not followed. */
export async function http(method: string, url: string, options: HttpOptions = {}): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Buffer | undefined;
  if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) {
    body = options.body;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(url, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => parseJson(text, response.status) };
}

/**
 * Sends a request with node:http and resolves as soon as a response arrives, even if the server stops reading the
 * body early (as a server rejecting an oversized body may do). Rejects only if no response arrives.
 */
export function rawRequest(method: string, url: string, body: Buffer, headers: Record<string, string> = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    let responded = false;
    const req = httpRequest(url, { method, headers: { 'content-length': String(body.length), ...headers } }, (res) => {
      responded = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', () => undefined);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        resolve({ status: res.statusCode ?? 0, headers: responseHeaders, text, json: () => parseJson(text, res.statusCode ?? 0) });
      });
    });
    req.on('error', (error) => {
      if (!responded) reject(error);
    });
    req.end(body);
  });
}

/** The methods of the HTTP requests this process makes while `work` runs (the Azure SDKs send theirs with node:http). */
export async function requestMethodsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const original = nodeHttp.request;
  nodeHttp.request = function (this: unknown, ...args: Parameters<typeof nodeHttp.request>) {
    const [target] = args;
    const options = typeof target === 'string' || target instanceof URL ? { method: 'GET' } : target;
    seen.push(String(options.method ?? 'GET'));
    return original.apply(this, args);
  } as typeof nodeHttp.request;
  try {
    await work();
  } finally {
    nodeHttp.request = original;
  }
  return seen;
}
