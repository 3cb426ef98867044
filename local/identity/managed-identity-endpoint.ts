// A stand-in for the App Service / Functions managed identity endpoint (IDENTITY_ENDPOINT + IDENTITY_HEADER).
// @azure/identity's ManagedIdentityCredential asks it for tokens exactly as it asks Azure's, so the app's
// credential code runs unchanged. Tokens are the local Entra ID's: RS256, signed with its published keys,
// v1.0-shaped (iss https://sts.windows.net/{tid}/, aud = the resource asked for) as Azure's endpoint issues them.
import { randomBytes } from 'node:crypto';
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

export interface ManagedIdentityTokenIssuer {
  /** The identity's application (client) id. */
  clientId: string;
  /** A token for the resource, or a reason why there is none (an unknown resource). */
  issue(resource: string): { token: string; expiresOn: number } | { error: string };
}

export async function startManagedIdentityEndpoint(options: {
  issuer: ManagedIdentityTokenIssuer;
  port?: number;
}): Promise<ManagedIdentityEndpoint> {
  const header = randomBytes(16).toString('hex');
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
    const clientId = url.searchParams.get('client_id');
    if (clientId && clientId.toLowerCase() !== options.issuer.clientId.toLowerCase())
      return send(400, {
        error: 'invalid_request',
        error_description: `Identity not found: no managed identity with client id ${clientId}.`,
      });
    const result = options.issuer.issue(resource);
    if ('error' in result) return send(400, { error: 'invalid_resource', error_description: result.error });
    issued[resource] = (issued[resource] ?? 0) + 1;
    send(200, {
      access_token: result.token,
      expires_on: String(result.expiresOn),
      resource,
      token_type: 'Bearer',
      client_id: options.issuer.clientId,
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}/msi/token`,
    header,
    issued: () => ({ ...issued }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
