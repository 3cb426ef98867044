// The client-credentials grant of Entra's token endpoints: v2 (`POST /{tenant}/oauth2/v2.0/token`, scope
// <resource>/.default) and v1 (`POST /{tenant}/oauth2/token`, resource=...). Clients are the preconfigured
// callers of the API and any application the Graph side knows with a password (asked through a callback).
import { timingSafeEqual } from 'node:crypto';
import { aadsts, oauthErrorReply, type AadstsError, type OAuthErrorReply } from './aadsts-errors';
import type { TokenSubject } from './access-tokens';
import { resolveResource, type LocalClient, type ResolvedResource, type ResourceApplication } from './directory';

/** What the directory says about a client id and secret (the local stack asks the ARM/Graph emulator). */
export type ClientSecretCheck =
  | { result: 'valid'; appId: string; displayName: string; servicePrincipalId?: string }
  | { result: 'unknownClient' }
  | { result: 'invalidSecret' }
  | { result: 'expiredSecret' };

export type ClientSecretVerifier = (clientId: string, secret: string) => ClientSecretCheck | Promise<ClientSecretCheck>;

export interface TokenEndpointContext {
  tenantId: string;
  /** Tenant name in AADSTS messages. */
  tenantName: string;
  authorityHost: string;
  clients: LocalClient[];
  resources: ResourceApplication[];
  verifyClientSecret?: ClientSecretVerifier;
  issue(subject: TokenSubject, resource: ResolvedResource): { token: string; expiresOn: number; notBefore: number };
}

export interface TokenReply {
  status: number;
  body: Record<string, unknown>;
}

/** OIDC scopes MSAL may add to any request; they do not name a resource. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

function secretsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** client_secret_basic: Authorization: Basic base64(urlencode(id):urlencode(secret)). */
function basicCredentials(authorization: string | undefined): { clientId: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { clientId: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

/** The resource a request names: v2 from `scope` (exactly one <resource>/.default), v1 from `resource`. */
function requestedResource(version: 'v1' | 'v2', form: URLSearchParams): string | AadstsError {
  if (version === 'v1') {
    const resource = form.get('resource');
    return resource ? resource : aadsts.missingParameter('resource');
  }
  const scope = form.get('scope');
  if (!scope) return aadsts.missingParameter('scope');
  const scopes = scope.split(/\s+/).filter((item) => item !== '' && !OIDC_SCOPES.has(item.toLowerCase()));
  if (scopes.length !== 1) return aadsts.tooManyScopes(scope);
  const [only] = scopes as [string];
  if (!only.toLowerCase().endsWith('/.default')) return aadsts.scopeWithoutDefault(only);
  return only.slice(0, -'/.default'.length);
}

async function authenticate(
  context: TokenEndpointContext,
  clientId: string,
  secret: string,
  resource: ResolvedResource,
): Promise<TokenSubject | AadstsError> {
  const local = context.clients.find((client) => client.clientId.toLowerCase() === clientId.toLowerCase());
  if (local) {
    if (!secretsEqual(local.secret, secret)) return aadsts.invalidClientSecret(clientId);
    return { clientId: local.clientId, objectId: local.objectId, displayName: local.displayName, roles: apiRoles(resource, local.roles) };
  }
  const check: ClientSecretCheck = context.verifyClientSecret
    ? await context.verifyClientSecret(clientId, secret)
    : { result: 'unknownClient' };
  switch (check.result) {
    case 'unknownClient':
      return aadsts.unknownClient(clientId, context.tenantName);
    case 'invalidSecret':
      return aadsts.invalidClientSecret(clientId);
    case 'expiredSecret':
      return aadsts.expiredClientSecret(clientId);
    case 'valid':
      if (!check.servicePrincipalId) return aadsts.missingServicePrincipal(clientId, context.tenantId);
      // Applications made through Graph hold no app role assignments on the API.
      return { clientId: check.appId, objectId: check.servicePrincipalId, displayName: check.displayName, roles: [] };
  }
}

/** App roles only appear in tokens for the application that defines them (the provisioning API). */
function apiRoles(resource: ResolvedResource, roles: string[]): string[] {
  return resource.application.tokenVersion === '2.0' ? roles : [];
}

export async function handleTokenRequest(
  context: TokenEndpointContext,
  version: 'v1' | 'v2',
  form: URLSearchParams,
  authorization: string | undefined,
): Promise<TokenReply | OAuthErrorReply> {
  const fail = (failure: AadstsError) => oauthErrorReply(failure, context.authorityHost, form.get('client-request-id') ?? undefined);
  const grantType = form.get('grant_type');
  if (!grantType) return fail(aadsts.missingParameter('grant_type'));
  if (grantType !== 'client_credentials') return fail(aadsts.unsupportedGrantType(grantType));
  const basic = basicCredentials(authorization);
  const clientId = form.get('client_id') ?? basic?.clientId;
  if (!clientId) return fail(aadsts.missingParameter('client_id'));
  const requested = requestedResource(version, form);
  if (typeof requested !== 'string') return fail(requested);
  const secret = form.get('client_secret') ?? basic?.secret;
  if (!secret) return fail(form.has('client_assertion') ? aadsts.invalidClientSecret(clientId) : aadsts.missingClientCredential());

  const resource = resolveResource(context.resources, requested);
  const subject = resource
    ? await authenticate(context, clientId, secret, resource)
    : aadsts.resourceNotFound(requested, context.tenantName);
  if ('code' in subject) return fail(subject);
  const issued = context.issue(subject, resource!);
  const expiresIn = issued.expiresOn - Math.floor(Date.now() / 1000);
  if (version === 'v2') {
    return {
      status: 200,
      body: { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: issued.token },
    };
  }
  // The v1 endpoint answers numbers as strings, and names the resource.
  return {
    status: 200,
    body: {
      token_type: 'Bearer',
      expires_in: String(expiresIn),
      ext_expires_in: String(expiresIn),
      expires_on: String(issued.expiresOn),
      not_before: String(issued.notBefore),
      resource: requested,
      access_token: issued.token,
    },
  };
}
