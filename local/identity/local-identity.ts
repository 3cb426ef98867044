// startLocalIdentity(): a local Microsoft Entra ID on one HTTPS server (certificate from the shared local CA):
// OIDC discovery, JWKS with rotation on demand, the client-credentials grant (v1 and v2), and the managed
// identity endpoint the app's ManagedIdentityCredential uses. Tests mint any token in-process with issueToken().
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createLocalCa, type LocalCa } from '../azure/tls/local-ca';
import { accessTokenClaims, signAccessToken, type Issuers, type TokenOverrides, type TokenSubject } from './access-tokens';
import {
  createLocalClients,
  LOCAL_CLIENT_NAMES,
  MICROSOFT_RESOURCES,
  PROVISIONING_API,
  PROVISIONING_API_RESOURCE,
  resolveResource,
  type LocalClient,
  type LocalClientName,
  type ResolvedResource,
  type ResourceApplication,
} from './directory';
import { identityRequestHandler } from './identity-routes';
import { startManagedIdentityEndpoint } from './managed-identity-endpoint';
import { SigningKeys, type JsonWebKeySet } from './signing-keys';
import type { ClientSecretVerifier } from './token-endpoint';

/** The local tenant; the ARM/Graph emulator reports the same one by default. */
export const LOCAL_TENANT_ID = '72f988bf-0000-4000-8000-00000000e1a0';

export interface LocalIdentityOptions {
  tenantId?: string;
  /** Tenant name in AADSTS messages. */
  tenantName?: string;
  /** Port of the HTTPS server; 0 (default) picks a free one. */
  port?: number;
  /** The CA that issues the server certificate; share the emulator's so one trusted CA file covers both. */
  certificateAuthority?: LocalCa;
  /** Where ca.pem and the preconfigured clients' secrets (secrets/<name>, mode 0600) are written, if anywhere. */
  dataDir?: string;
  /** Looks up client ids and secrets the preconfigured clients do not cover (the stack asks the Graph emulator). */
  verifyClientSecret?: ClientSecretVerifier;
  /** The app's managed identity; when given, an IDENTITY_ENDPOINT for it is served. */
  managedIdentity?: { clientId: string; objectId: string; displayName?: string };
  /** Lifetime of issued tokens (default 3600 s). */
  tokenLifetimeSeconds?: number;
  /** RSA size of signing keys (default 2048, the least RS256 verifiers accept). */
  keyBits?: number;
  /** More resources tokens may be issued for (v1.0 tokens unless tokenVersion says otherwise). */
  resources?: ResourceApplication[];
  /** Secrets of the preconfigured clients; fresh random ones otherwise. */
  clientSecrets?: Partial<Record<LocalClientName, string>>;
  log?: (message: string) => void;
}

export interface IssueTokenOptions extends TokenOverrides {
  /** The resource (identifier URI or app id) the token is for; the provisioning API by default. */
  resource?: string;
  lifetimeSeconds?: number;
}

export interface LocalIdentity {
  tenantId: string;
  /** https://127.0.0.1:PORT: the authorityHost for @azure/identity and MSAL. */
  authorityHost: string;
  /** The v2.0 issuer, https://127.0.0.1:PORT/{tid}/v2.0 (AUTH_ISSUER). */
  issuer: string;
  /** The v1.0 issuer, https://sts.windows.net/{tid}/, as Entra writes it into v1.0 tokens. */
  v1Issuer: string;
  openidConfigurationUrl: string;
  jwksUri: string;
  /** v2 token endpoint (scope=<resource>/.default). */
  tokenEndpoint: string;
  /** v1 token endpoint (resource=...), as ADAL and go-autorest call it. */
  v1TokenEndpoint: string;
  /** Base URL of the admin calls (POST {adminEndpoint}/rotate-keys). */
  adminEndpoint: string;
  /** PEM of the CA that issued the server certificate. */
  caPem: string;
  /** ca.pem in dataDir, when one was given. */
  caFile?: string;
  api: {
    clientId: string;
    identifierUri: string;
    /** What AUTH_AUDIENCE lists: the client id (what v2.0 tokens carry) and the identifier URI. */
    audiences: string[];
    appRoles: typeof PROVISIONING_API.appRoles;
  };
  /** The preconfigured callers of the API, secrets included (in memory only). */
  clients: Record<LocalClientName, LocalClient>;
  /** File holding a client's secret (no newline), for `curl --data-urlencode client_secret@<file>`; needs dataDir. */
  secretFile(client: LocalClientName): string | undefined;
  /** IDENTITY_ENDPOINT and IDENTITY_HEADER of the managed identity endpoint, when one was asked for. */
  managedIdentity?: { endpoint: string; header: string; clientId: string; objectId: string };
  /** Managed identity tokens issued so far, by resource. */
  issued(): Record<string, number>;
  /** An access token for the API, exactly as the token endpoint would issue it to the client. */
  token(client: LocalClientName): string;
  /** A token signed with the current key (unless told otherwise) where a test may set any claim or header. */
  issueToken(client: LocalClientName | TokenSubject, options?: IssueTokenOptions): string;
  /** The published key set (the same object until the next rotation). */
  jwks(): JsonWebKeySet;
  /** A new signing key becomes current; keepPrevious (default true) keeps the old ones published. */
  rotateKeys(options?: { keepPrevious?: boolean }): { kid: string; kids: string[] };
  close(): Promise<void>;
}

export async function startLocalIdentity(options: LocalIdentityOptions = {}): Promise<LocalIdentity> {
  const tenantId = options.tenantId ?? LOCAL_TENANT_ID;
  const tenantName = options.tenantName ?? 'aks-cosmos-local';
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const ca = options.certificateAuthority ?? createLocalCa('Local Entra ID CA');
  const certificate = ca.issueServerCertificate();
  const clients = createLocalClients(options.clientSecrets);
  const resources = [PROVISIONING_API_RESOURCE, ...MICROSOFT_RESOURCES, ...(options.resources ?? [])];

  // The port is known only once listening; routes read these when called.
  const urls = { authorityHost: '', tenantId, v2Issuer: '', v1Issuer: `https://sts.windows.net/${tenantId}/` };
  const issuers = (): Issuers => ({ tenantId, v2: urls.v2Issuer, v1: urls.v1Issuer });
  let keys: SigningKeys | undefined;
  const signingKeys = () => (keys ??= new SigningKeys(urls.v2Issuer, options.keyBits ?? 2048));

  const issue = (subject: TokenSubject, resource: ResolvedResource, overrides: IssueTokenOptions = {}) => {
    const claims = accessTokenClaims(issuers(), subject, resource, Math.floor(Date.now() / 1000), overrides.lifetimeSeconds ?? lifetime);
    return signAccessToken(claims, signingKeys().current(), overrides);
  };
  const rotateKeys = (rotation: { keepPrevious?: boolean } = {}) => {
    const next = signingKeys().rotate(rotation);
    return {
      kid: next.kid,
      kids: signingKeys()
        .jwks()
        .keys.map((key) => key.kid),
    };
  };

  const server = createServer(
    { key: certificate.keyPem, cert: certificate.certPem },
    identityRequestHandler({
      urls,
      jwks: () => signingKeys().jwks(),
      rotateKeys,
      log,
      tokens: {
        tenantId,
        tenantName,
        get authorityHost() {
          return urls.authorityHost;
        },
        clients: Object.values(clients),
        resources,
        verifyClientSecret: options.verifyClientSecret,
        issue: (subject, resource) => issue(subject, resource),
      },
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  urls.authorityHost = `https://127.0.0.1:${port}`;
  urls.v2Issuer = `${urls.authorityHost}/${tenantId}/v2.0`;
  signingKeys();

  let managedIdentity: LocalIdentity['managedIdentity'];
  let miIssued: () => Record<string, number> = () => ({});
  const closers: Array<() => Promise<void>> = [];
  if (options.managedIdentity) {
    const identity = options.managedIdentity;
    const subject: TokenSubject = {
      clientId: identity.clientId,
      objectId: identity.objectId,
      displayName: identity.displayName ?? 'managed identity',
      roles: [],
    };
    const endpoint = await startManagedIdentityEndpoint({
      issuer: {
        clientId: identity.clientId,
        issue(resourceName) {
          const resource = resolveResource(resources, resourceName);
          if (!resource) return { error: `The resource principal named ${resourceName} was not found in the tenant named ${tenantName}.` };
          const issued = issue(subject, resource);
          return { token: issued.token, expiresOn: issued.expiresOn };
        },
      },
    });
    closers.push(() => endpoint.close());
    managedIdentity = { endpoint: endpoint.endpoint, header: endpoint.header, clientId: identity.clientId, objectId: identity.objectId };
    miIssued = () => endpoint.issued();
  }

  let caFile: string | undefined;
  const secretFiles = new Map<LocalClientName, string>();
  if (options.dataDir) {
    mkdirSync(path.join(options.dataDir, 'secrets'), { recursive: true, mode: 0o700 });
    caFile = path.join(options.dataDir, 'ca.pem');
    writeFileSync(caFile, ca.caPem);
    for (const name of LOCAL_CLIENT_NAMES) {
      const file = path.join(options.dataDir, 'secrets', name);
      writeFileSync(file, clients[name].secret, { mode: 0o600 });
      secretFiles.set(name, file);
    }
  }

  const subjectOf = (client: LocalClientName | TokenSubject): TokenSubject => {
    if (typeof client !== 'string') return client;
    const local = clients[client];
    if (!local) throw new Error(`unknown local client ${client}; known: ${LOCAL_CLIENT_NAMES.join(', ')}`);
    return { clientId: local.clientId, objectId: local.objectId, displayName: local.displayName, roles: [...local.roles] };
  };
  const issueToken = (client: LocalClientName | TokenSubject, issueOptions: IssueTokenOptions = {}): string => {
    const resourceName = issueOptions.resource ?? PROVISIONING_API.clientId;
    const resource = resolveResource(resources, resourceName);
    if (!resource) throw new Error(`unknown resource ${resourceName}`);
    const subject = subjectOf(client);
    const roles = resource.application.tokenVersion === '2.0' ? subject.roles : [];
    return issue({ ...subject, roles }, resource, issueOptions).token;
  };

  let closed = false;
  return {
    tenantId,
    authorityHost: urls.authorityHost,
    issuer: urls.v2Issuer,
    v1Issuer: urls.v1Issuer,
    openidConfigurationUrl: `${urls.v2Issuer}/.well-known/openid-configuration`,
    jwksUri: `${urls.authorityHost}/${tenantId}/discovery/v2.0/keys`,
    tokenEndpoint: `${urls.authorityHost}/${tenantId}/oauth2/v2.0/token`,
    v1TokenEndpoint: `${urls.authorityHost}/${tenantId}/oauth2/token`,
    adminEndpoint: `${urls.authorityHost}/_admin`,
    caPem: ca.caPem,
    caFile,
    api: {
      clientId: PROVISIONING_API.clientId,
      identifierUri: PROVISIONING_API.identifierUri,
      audiences: [PROVISIONING_API.clientId, PROVISIONING_API.identifierUri],
      appRoles: PROVISIONING_API.appRoles,
    },
    clients,
    secretFile: (name) => secretFiles.get(name),
    managedIdentity,
    issued: () => miIssued(),
    token: (name) => issueToken(name),
    issueToken,
    jwks: () => signingKeys().jwks(),
    rotateKeys,
    async close() {
      if (closed) return;
      closed = true;
      for (const close of closers) await close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
