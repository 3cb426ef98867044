// The ARM and Graph clients deploy uses: the real Azure SDK clients (so retries, LRO polling and error shapes
// are those of a real ARM caller), pointed at the configured endpoints, trusting the configured CA, and
// authenticated with a static bearer token instead of an AAD login (see README.md).
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ResourceManagementClient } from '@azure/arm-resources';
import { DeploymentsClient } from '@azure/arm-resourcesdeployments';
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

export function createAzureClients(settings: SimulatorSettings, subscriptionId: string, language: string): AzureClients {
  const credential = staticTokenCredential(settings.accessToken);
  const common = {
    endpoint: settings.armEndpoint,
    ...(settings.caPem ? { tlsOptions: { ca: settings.caPem } } : {}),
    ...(settings.maxRetries !== undefined ? { retryOptions: { maxRetries: settings.maxRetries } } : {}),
    userAgentOptions: { userAgentPrefix: 'aks-engine/v0.32.3' },
  };
  const scopes = [`${settings.armEndpoint}/.default`];
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
