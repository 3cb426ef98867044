// The local Entra ID's HTTP surface: discovery (v2.0 and v1), JWKS, the token endpoints and an admin call to
// rotate signing keys. Paths follow login.microsoftonline.com's; only the local tenant exists.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { aadsts, oauthErrorReply } from './aadsts-errors';
import type { JsonWebKeySet } from './signing-keys';
import { v1Configuration, v2Configuration, type AuthorityUrls } from './openid-configuration';
import { handleTokenRequest, type TokenEndpointContext } from './token-endpoint';

export interface IdentityRouteParts {
  urls: AuthorityUrls;
  tokens: TokenEndpointContext;
  jwks(): JsonWebKeySet;
  rotateKeys(options: { keepPrevious?: boolean }): { kid: string; kids: string[] };
  /** Called for unexpected errors. */
  log(message: string): void;
}

const MAX_BODY_BYTES = 64 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
    ...headers,
  });
  response.end(payload);
}

// Token answers must never be cached, as Entra says.
const noStore = { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' };

export function identityRequestHandler(parts: IdentityRouteParts): (request: IncomingMessage, response: ServerResponse) => void {
  const { urls } = parts;
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const method = (request.method ?? 'GET').toUpperCase();
    const url = new URL(request.url ?? '/', 'https://localhost');
    const path = url.pathname.replace(/\/+$/, '');
    const body = await readBody(request);

    if (path === '/_admin/health' && method === 'GET') return send(response, 200, { status: 'ok' });
    if (path === '/_admin/rotate-keys' && method === 'POST') {
      let options: { keepPrevious?: unknown };
      try {
        options = body.trim() === '' ? {} : (JSON.parse(body) as { keepPrevious?: unknown });
      } catch {
        return send(response, 400, { error: { code: 'InvalidAdminRequest', message: 'The body must be JSON.' } });
      }
      return send(response, 200, parts.rotateKeys({ keepPrevious: options.keepPrevious !== false }));
    }

    const segments = path.split('/').filter(Boolean);
    const tenant = segments[0] ?? '';
    const rest = segments.slice(1).join('/').toLowerCase();
    const known = tenant.toLowerCase() === urls.tenantId.toLowerCase();
    // Signing keys are the same for every tenant; Entra serves them under "common" too.
    if (method === 'GET' && (rest === 'discovery/v2.0/keys' || rest === 'discovery/keys') && (known || tenant === 'common')) {
      return send(response, 200, parts.jwks(), { 'cache-control': 'max-age=86400, private' });
    }
    const route = `${method} ${rest}`;
    const routes = [
      'GET v2.0/.well-known/openid-configuration',
      'GET .well-known/openid-configuration',
      'POST oauth2/v2.0/token',
      'POST oauth2/token',
    ];
    if (!routes.includes(route)) return send(response, 404, { error: 'not_found', error_description: `No endpoint ${method} ${path}.` });
    if (!known) {
      const failure = route.startsWith('GET') ? aadsts.tenantNotFound(tenant, 'invalid_tenant') : aadsts.tenantNotFound(tenant);
      const reply = oauthErrorReply(failure, urls.authorityHost);
      return send(response, reply.status, reply.body, noStore);
    }
    if (route === 'GET v2.0/.well-known/openid-configuration') return send(response, 200, v2Configuration(urls));
    if (route === 'GET .well-known/openid-configuration') return send(response, 200, v1Configuration(urls));
    const form = new URLSearchParams(body);
    const reply = await handleTokenRequest(
      parts.tokens,
      route === 'POST oauth2/v2.0/token' ? 'v2' : 'v1',
      form,
      request.headers.authorization,
    );
    return send(response, reply.status, reply.body, noStore);
  };
  return (request, response) => {
    handle(request, response).catch((error: unknown) => {
      parts.log(
        `local identity: ${request.method} ${request.url} failed: ` +
          `${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      if (!response.headersSent) send(response, 500, { error: 'server_error', error_description: 'The local identity failed.' });
    });
  };
}
