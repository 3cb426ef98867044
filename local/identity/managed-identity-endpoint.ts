// A stand-in for the App Service / Functions managed identity endpoint (IDENTITY_ENDPOINT + IDENTITY_HEADER).
// @azure/identity's ManagedIdentityCredential asks it for tokens exactly as it asks Azure's, so the app's
// credential code runs unchanged. Tokens are JWT-shaped but unsigned: only the local emulators accept them.
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';

export interface ManagedIdentityEndpoint {
  /** Value for IDENTITY_ENDPOINT. */
  endpoint: string;
  /** Value for IDENTITY_HEADER. */
  header: string;
  /** Tokens issued so far, by resource. */
  issued(): Record<string, number>;
  close(): Promise<void>;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function unsignedJwt(claims: Record<string, unknown>): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
}

export async function startManagedIdentityEndpoint(options: {
  tenantId: string;
  principalId?: string;
  port?: number;
}): Promise<ManagedIdentityEndpoint> {
  const header = randomBytes(16).toString('hex');
  const principalId = options.principalId ?? randomUUID();
  const issued: Record<string, number> = {};
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'GET' || url.pathname !== '/msi/token') return send(404, { error: 'not_found' });
    // The real endpoint refuses callers that do not present the per-process secret header.
    if (request.headers['x-identity-header'] !== header)
      return send(401, { error: 'unauthorized', error_description: 'missing or wrong X-IDENTITY-HEADER' });
    const resource = url.searchParams.get('resource');
    if (!resource) return send(400, { error: 'invalid_request', error_description: 'resource is required' });
    const clientId = url.searchParams.get('client_id') ?? randomUUID();
    const now = Math.floor(Date.now() / 1000);
    const expiresOn = now + 3600;
    issued[resource] = (issued[resource] ?? 0) + 1;
    send(200, {
      access_token: unsignedJwt({
        aud: resource,
        iss: `https://sts.windows.net/${options.tenantId}/`,
        tid: options.tenantId,
        oid: principalId,
        appid: clientId,
        iat: now,
        nbf: now,
        exp: expiresOn,
      }),
      expires_on: String(expiresOn),
      resource,
      token_type: 'Bearer',
      client_id: clientId,
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}/msi/token`,
    header,
    issued: () => ({ ...issued }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
