// The host's HTTP front door: HTTP-triggered functions under the route prefix, and the Durable management API.
import http from 'node:http';
import type { RegisteredFunction, RpcHttpCookie, RpcHttpData, RpcTypedData } from './core-api';
import { durableClientBindingJson, rpcPath, webhookPath } from './durable/client-binding';
import type { ApiResponse, ManagementApi } from './durable/management-api';
import type { Invoker } from './invoker';
import type { Logger } from './logger';
import { RouteTemplate } from './routes';

export interface HttpRoute {
  fn: RegisteredFunction;
  template: RouteTemplate;
  methods: string[] | undefined;
  triggerBinding: string;
  authLevel: string;
}

export interface HttpServerOptions {
  routePrefix: string;
  hubName: string;
  routes: HttpRoute[];
  invoker: Invoker;
  management: ManagementApi;
  logger: Logger;
  maxRequestBodyBytes: number;
}

class PayloadTooLargeError extends Error {}

const clientBindingTypes = new Set(['durableclient', 'orchestrationclient']);

/** Collects the HTTP-triggered functions of the app, most specific route first. */
export function collectHttpRoutes(functions: Iterable<RegisteredFunction>): HttpRoute[] {
  const routes: HttpRoute[] = [];
  for (const fn of functions) {
    const entry = Object.entries(fn.metadata.bindings).find(([, binding]) => binding.type?.toLowerCase() === 'httptrigger');
    if (!entry) continue;
    const [triggerBinding, binding] = entry;
    const methods =
      Array.isArray(binding.methods) && binding.methods.length > 0 ? (binding.methods as string[]).map((m) => m.toUpperCase()) : undefined;
    routes.push({
      fn,
      template: new RouteTemplate(typeof binding.route === 'string' ? binding.route : fn.metadata.name),
      methods,
      triggerBinding,
      authLevel: String(binding.authLevel ?? 'function'),
    });
  }
  return routes.sort((a, b) => b.template.precedence - a.template.precedence);
}

function readBody(request: http.IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new PayloadTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        reject(new PayloadTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function decodeSegments(path: string): string[] | undefined {
  try {
    return path
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

function toNullableMap(entries: Iterable<[string, string]>): Record<string, { value: string }> {
  const map: Record<string, { value: string }> = {};
  for (const [key, value] of entries) map[key] = { value: map[key] ? `${map[key].value},${value}` : value };
  return map;
}

function setCookieHeader(cookie: RpcHttpCookie): string {
  const parts = [`${cookie.name ?? ''}=${cookie.value ?? ''}`];
  if (cookie.domain?.value) parts.push(`Domain=${cookie.domain.value}`);
  if (cookie.path?.value) parts.push(`Path=${cookie.path.value}`);
  const expires = cookie.expires?.value?.seconds;
  if (expires) parts.push(`Expires=${new Date(expires * 1000).toUTCString()}`);
  if (cookie.maxAge?.value !== undefined && cookie.maxAge?.value !== null) parts.push(`Max-Age=${cookie.maxAge.value}`);
  if (cookie.secure?.value) parts.push('Secure');
  if (cookie.httpOnly?.value) parts.push('HttpOnly');
  const sameSite = { lax: 'Lax', strict: 'Strict', explicitNone: 'None' }[cookie.sameSite ?? 'none'];
  if (sameSite) parts.push(`SameSite=${sameSite}`);
  return parts.join('; ');
}

function bodyBytes(body: RpcTypedData | null | undefined): Buffer {
  if (!body) return Buffer.alloc(0);
  if (body.bytes) return Buffer.from(body.bytes);
  if (typeof body.string === 'string') return Buffer.from(body.string, 'utf8');
  if (typeof body.json === 'string') return Buffer.from(body.json, 'utf8');
  return Buffer.alloc(0);
}

export class HostHttpServer {
  readonly server: http.Server;
  private origin = '';

  constructor(private readonly options: HttpServerOptions) {
    this.server = http.createServer((request, response) => {
      this.handle(request, response).catch((error) => {
        options.logger.error(`Request ${request.method} ${request.url} failed in the host: ${(error as Error).stack ?? String(error)}`);
        if (!response.headersSent) response.writeHead(500, { 'content-length': '0' });
        response.end();
      });
    });
    // As long as the Functions host in Azure keeps idle connections (Kestrel: 130 s), so that a client reusing one
    // rarely meets a close racing its request; stop() closes idle connections, so none holds a stopping host open.
    this.server.keepAliveTimeout = 130_000;
  }

  async listen(port: number, host: string): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    this.origin = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
    return this.origin;
  }

  get baseOrigin(): string {
    return this.origin;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
    const path = url.pathname;
    const lowerPath = path.toLowerCase();
    let body: Buffer;
    try {
      body = await readBody(request, this.options.maxRequestBodyBytes);
    } catch (error) {
      if (error instanceof PayloadTooLargeError) {
        response.writeHead(413, { 'content-length': '0', connection: 'close' });
        response.end();
        return;
      }
      throw error;
    }

    for (const base of [`${webhookPath}/`, rpcPath]) {
      if (lowerPath.startsWith(base) || `${lowerPath}/` === base) {
        const segments = decodeSegments(path.slice(base.length - 1));
        if (!segments) return this.send(response, { status: 400, body: { Message: 'The request path is not valid.' } });
        const answer = await this.options.management.handle({
          method: request.method ?? 'GET',
          segments,
          query: url.searchParams,
          headers: request.headers as Record<string, string | undefined>,
          body,
          url: url.href,
          origin: url.origin,
        });
        return this.send(response, answer);
      }
    }

    if (lowerPath === '/admin/host/status' && request.method === 'GET') {
      return this.send(response, { status: 200, body: { state: 'Running', version: '4.1037.0' } });
    }
    if (path === '/' && request.method === 'GET') {
      return this.send(response, {
        status: 200,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: 'Your Functions 4.0 app is up and running\n',
      });
    }

    const prefix = this.options.routePrefix === '' ? '' : `/${this.options.routePrefix.toLowerCase()}`;
    if (prefix !== '' && !(lowerPath === prefix || lowerPath.startsWith(`${prefix}/`))) return this.send(response, { status: 404 });
    const segments = decodeSegments(path.slice(prefix.length));
    if (!segments) return this.send(response, { status: 400 });
    const method = (request.method ?? 'GET').toUpperCase();
    // Like the real host, a route whose methods do not include the request's method is simply not found.
    const route = this.options.routes
      .map((candidate) => ({ candidate, match: candidate.template.match(segments) }))
      .find(({ candidate, match }) => match && (!candidate.methods || candidate.methods.includes(method)));
    if (!route || !route.match) return this.send(response, { status: 404 });
    await this.invokeHttpFunction(route.candidate, route.match.params, request, url, body, response);
  }

  private async invokeHttpFunction(
    route: HttpRoute,
    params: Record<string, string>,
    request: http.IncomingMessage,
    url: URL,
    body: Buffer,
    response: http.ServerResponse,
  ): Promise<void> {
    const headerEntries: Array<[string, string]> = [];
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      const name = request.rawHeaders[i]!.toLowerCase();
      if (name !== 'x-forwarded-for') headerEntries.push([name, request.rawHeaders[i + 1]!]);
    }
    // As App Service's front end does: the client's address, appended to what proxies before it said.
    const forwarded = request.headers['x-forwarded-for'];
    const peer = request.socket.remoteAddress ?? '';
    headerEntries.push(['x-forwarded-for', forwarded ? `${String(forwarded)}, ${peer}` : peer]);
    const method = (request.method ?? 'GET').toUpperCase();
    const httpData: RpcHttpData = {
      method,
      url: url.href,
      nullableHeaders: toNullableMap(headerEntries),
      nullableQuery: toNullableMap(url.searchParams.entries()),
      nullableParams: toNullableMap(Object.entries(params)),
      body: method === 'GET' || method === 'HEAD' || body.length === 0 ? undefined : { bytes: body },
    };
    const inputData: Array<{ name: string; data: RpcTypedData | undefined }> = [];
    for (const [name, binding] of Object.entries(route.fn.metadata.bindings)) {
      if (binding.direction === 'out') continue;
      if (name === route.triggerBinding) inputData.push({ name, data: { http: httpData } });
      else if (clientBindingTypes.has(String(binding.type).toLowerCase())) {
        inputData.push({ name, data: { string: durableClientBindingJson(this.origin, this.options.hubName) } });
      }
    }
    let rpcResponse;
    try {
      rpcResponse = await this.options.invoker.invoke(route.fn, { inputData });
    } catch (error) {
      this.options.logger.log(
        'Error',
        `Executed 'Functions.${route.fn.metadata.name}' (Failed): ${(error as Error)?.stack ?? String(error)}`,
        route.fn.metadata.name,
      );
      return this.send(response, { status: 500 });
    }
    const output = rpcResponse.returnValue?.http;
    if (!output) return this.send(response, { status: 204 });
    const headers: Record<string, string | string[]> = { ...(output.headers ?? {}) };
    const cookies = (output.cookies ?? []).map(setCookieHeader);
    if (cookies.length > 0) headers['set-cookie'] = cookies;
    const bytes = bodyBytes(output.body);
    headers['content-length'] = String(bytes.length);
    response.writeHead(Number(output.statusCode) || 200, headers);
    response.end(method === 'HEAD' ? undefined : bytes);
  }

  private send(response: http.ServerResponse, answer: ApiResponse): void {
    const headers: Record<string, string> = { ...(answer.headers ?? {}) };
    let payload = Buffer.alloc(0);
    if (answer.body !== undefined) {
      if (typeof answer.body === 'string' && headers['content-type']) payload = Buffer.from(answer.body, 'utf8');
      else {
        payload = Buffer.from(JSON.stringify(answer.body), 'utf8');
        headers['content-type'] = 'application/json; charset=utf-8';
      }
    }
    headers['content-length'] = String(payload.length);
    response.writeHead(answer.status, headers);
    response.end(payload);
  }
}
