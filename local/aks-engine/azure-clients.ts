// The ARM and Graph clients deploy uses: the real Azure SDK clients (so retries, LRO polling and error shapes
// are those of a real ARM caller), pointed at the configured endpoints, trusting the configured CA. With
// AKS_ENGINE_ACTIVE_DIRECTORY_ENDPOINT set they sign in as aks-engine does (go-autorest's ADAL client-credentials
// request to {activeDirectoryEndpoint}{tenant}/oauth2/token); otherwise they send a static bearer token.
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ResourceManagementClient } from '@azure/arm-resources';
import { DeploymentsClient } from '@azure/arm-resourcesdeployments';
import { request as httpsRequest } from 'node:https';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
} from '@azure/core-rest-pipeline';
import type { SimulatorSettings } from './settings';

export interface AzureClients {
  subscriptionId: string;
  resources: ResourceManagementClient;
  deployments: DeploymentsClient;
  authorization: AuthorizationManagementClient;
  graph: GraphClient;
}

/** A credential that hands out the configured token: the simulator does not log in to AAD. */
export function staticTokenCredential(token: string): TokenCredential {
  return {
    async getToken(): Promise<AccessToken> {
      return { token, expiresOnTimestamp: Date.now() + 3600_000, tokenType: 'Bearer' } as AccessToken;
    },
  };
}

/** The service principal deploy signs in as (--client-id, --client-secret). */
export interface ServicePrincipalSecret {
  clientId: string;
  clientSecret: string;
}

/**
 * ADAL's service principal token (adal.NewServicePrincipalToken): POST {activeDirectoryEndpoint}{tenant}/oauth2/token
 * with grant_type=client_credentials, client_id, client_secret and resource; one cached token per resource.
 */
export function adalClientSecretCredential(
  activeDirectoryEndpoint: string,
  tenantId: string,
  principal: ServicePrincipalSecret,
  caPem: string | undefined,
): TokenCredential {
  const cache = new Map<string, AccessToken>();
  const tokenUrl = `${activeDirectoryEndpoint.replace(/\/?$/, '/')}${tenantId}/oauth2/token`;
  return {
    async getToken(scopes): Promise<AccessToken> {
      const scope = Array.isArray(scopes) ? scopes[0]! : (scopes as string);
      const resource = scope.replace(/\/\.default$/, '');
      const cached = cache.get(resource);
      if (cached && cached.expiresOnTimestamp - Date.now() > 300_000) return cached;
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: principal.clientId,
        client_secret: principal.clientSecret,
        resource,
      }).toString();
      const { status, body } = await postForm(tokenUrl, form, caPem);
      const parsed = (() => {
        try {
          return JSON.parse(body) as { access_token?: string; expires_on?: string };
        } catch {
          return {};
        }
      })();
      if (status !== 200 || !parsed.access_token) {
        throw new Error(`adal: Refresh request failed. Status Code = '${status}'. Response body: ${body}`);
      }
      const token: AccessToken = { token: parsed.access_token, expiresOnTimestamp: Number(parsed.expires_on) * 1000, tokenType: 'Bearer' };
      cache.set(resource, token);
      return token;
    },
  };
}

function postForm(url: string, form: string, caPem: string | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      url,
      {
        method: 'POST',
        ...(caPem ? { ca: caPem } : {}),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(form) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(form);
  });
}

export function createAzureClients(
  settings: SimulatorSettings,
  subscriptionId: string,
  language: string,
  principal?: ServicePrincipalSecret,
): AzureClients {
  const activeDirectoryEndpoint = settings.activeDirectoryEndpoint;
  const signIn = activeDirectoryEndpoint && principal;
  const credential = signIn
    ? adalClientSecretCredential(activeDirectoryEndpoint, settings.tenantId, principal, settings.caPem)
    : staticTokenCredential(settings.accessToken);
  const common = {
    endpoint: settings.armEndpoint,
    ...(settings.caPem ? { tlsOptions: { ca: settings.caPem } } : {}),
    ...(settings.maxRetries !== undefined ? { retryOptions: { maxRetries: settings.maxRetries } } : {}),
    userAgentOptions: { userAgentPrefix: 'aks-engine/v0.32.3' },
  };
  // Signed in, ARM tokens are for the cloud's service management resource, as aks-engine asks them.
  const scopes = [signIn ? `${settings.serviceManagementResource}/.default` : `${settings.armEndpoint}/.default`];
  const resources = new ResourceManagementClient(credential, subscriptionId, { ...common, credentials: { scopes } });
  const deployments = new DeploymentsClient(credential, subscriptionId, { ...common, credentials: { scopes } });
  const authorization = new AuthorizationManagementClient(credential, subscriptionId, { ...common, credentialScopes: scopes });
  // AddAcceptLanguages: the --language flag travels as Accept-Language on every ARM call.
  for (const pipeline of [resources.pipeline, deployments.pipeline, authorization.pipeline]) {
    pipeline.addPolicy({
      name: 'acceptLanguage',
      sendRequest: (request, next) => (request.headers.set('Accept-Language', language), next(request)),
    });
  }
  return { subscriptionId, resources, deployments, authorization, graph: new GraphClient(settings, credential) };
}

/** A Graph error answer, with the HTTP status and Graph's error code. */
export class GraphError extends Error {
  constructor(
    readonly operation: string,
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Microsoft Graph v1.0 over the same pipeline machinery as the ARM clients (retries, TLS, bearer token). */
export class GraphClient {
  private readonly pipeline: Pipeline;
  private readonly httpClient: HttpClient = createDefaultHttpClient();

  constructor(
    private readonly settings: SimulatorSettings,
    credential: TokenCredential,
  ) {
    this.pipeline = createPipelineFromOptions({
      ...(settings.caPem ? { tlsOptions: { ca: settings.caPem } } : {}),
      ...(settings.maxRetries !== undefined ? { retryOptions: { maxRetries: settings.maxRetries } } : {}),
    });
    this.pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: 'https://graph.microsoft.com/.default' }));
  }

  async post<T>(operation: string, path: string, body: unknown): Promise<T> {
    const request = createPipelineRequest({
      url: `${this.settings.graphEndpoint}/v1.0${path}`,
      method: 'POST',
      headers: createHttpHeaders({ 'Content-Type': 'application/json', Accept: 'application/json' }),
      body: JSON.stringify(body),
    });
    const response = await this.pipeline.sendRequest(this.httpClient, request);
    const text = response.bodyAsText ?? '';
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.status >= 400) {
      const error = (parsed as { error?: { code?: string; message?: unknown } } | undefined)?.error;
      const message = typeof error?.message === 'string' ? error.message : text;
      throw new GraphError(operation, response.status, error?.code ?? 'Unknown', message);
    }
    return parsed as T;
  }
}
