// Helpers for tests that drive the local Azure emulator with the real SDK clients.
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ResourceManagementClient } from '@azure/arm-resources';
import { DeploymentsClient } from '@azure/arm-resourcesdeployments';
import type { TokenCredential } from '@azure/core-auth';
import type { Pipeline } from '@azure/core-rest-pipeline';
import { createLocalCa, startAzureEmulator, type AzureEmulator } from '../../local/azure';
import { startLocalIdentity, type LocalIdentity } from '../../local/identity';

export interface EmulatorEndpoints {
  armEndpoint: string;
  graphEndpoint: string;
  adminEndpoint: string;
  caPem: string;
}

/** Any bearer token will do: the emulator checks that one is sent, not what it says. */
export const staticCredential: TokenCredential = {
  getToken: async () => ({ token: 'local-test-token', expiresOnTimestamp: Date.now() + 3600e3 }),
};

/** Fast retries so that injected throttling and 5xx are retried within milliseconds. */
export const fastRetries = { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20 };

export function resourceClient(emulator: EmulatorEndpoints, subscriptionId: string, retryOptions = fastRetries): ResourceManagementClient {
  return new ResourceManagementClient(staticCredential, subscriptionId, {
    endpoint: emulator.armEndpoint,
    tlsOptions: { ca: emulator.caPem },
    retryOptions,
  });
}

export function deploymentsClient(emulator: EmulatorEndpoints, subscriptionId: string, retryOptions = fastRetries): DeploymentsClient {
  return new DeploymentsClient(staticCredential, subscriptionId, {
    endpoint: emulator.armEndpoint,
    tlsOptions: { ca: emulator.caPem },
    retryOptions,
  });
}

export function authorizationClient(
  emulator: EmulatorEndpoints,
  subscriptionId: string,
  retryOptions = fastRetries,
): AuthorizationManagementClient {
  return new AuthorizationManagementClient(staticCredential, subscriptionId, {
    endpoint: emulator.armEndpoint,
    credentialScopes: ['https://management.azure.com/.default'],
    tlsOptions: { ca: emulator.caPem },
    retryOptions,
  });
}

/** Makes the global fetch (and every TLS client without its own CA list) trust the emulator's CA. */
export function trustCaForFetch(caPem: string): void {
  const current = getCACertificates('default');
  if (!current.includes(caPem)) setDefaultCACertificates([...current, caPem]);
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

async function jsonFetch<T>(url: string, init: RequestInit): Promise<JsonResponse<T>> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A Graph v1.0 call with a bearer token, as the product makes it (fetch). Needs trustCaForFetch first. */
/** Pass token null to send no Authorization header. */
export function graphCall<T = any>(
  emulator: EmulatorEndpoints,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = 'local-test-token',
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return jsonFetch<T>(`${emulator.graphEndpoint}/v1.0${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** An admin API call (no token). Needs trustCaForFetch first. */
export function adminCall<T = any>(emulator: EmulatorEndpoints, method: string, path: string, body?: unknown): Promise<JsonResponse<T>> {
  return jsonFetch<T>(`${emulator.adminEndpoint}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A raw ARM call, for what the SDKs never send (no token, no api-version, "//" paths). */
export function armCall<T = any>(
  emulator: EmulatorEndpoints,
  method: string,
  pathAndQuery: string,
  options: { body?: unknown; token?: string } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
  return jsonFetch<T>(`${emulator.armEndpoint}${pathAndQuery}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

export interface RecordedResponse {
  method: string;
  url: string;
  status: number;
  header(name: string): string | undefined;
}

/** Records every response a client's pipeline receives (initial requests, retries and LRO polls). */
export function recordResponses(pipeline: Pipeline): RecordedResponse[] {
  const responses: RecordedResponse[] = [];
  pipeline.addPolicy(
    {
      name: 'recordResponses',
      async sendRequest(request, next) {
        const response = await next(request);
        responses.push({ method: request.method, url: request.url, status: response.status, header: (name) => response.headers.get(name) });
        return response;
      },
    },
    { afterPhase: 'Retry' },
  );
  return responses;
}

/**
 * An emulator that checks bearer tokens against a local identity, whose client secrets are the passwords the
 * emulator's Graph issued, wired as the local stack wires them; this process trusts their CA.
 */
export async function startEmulatorWithIdentity(): Promise<{ emulator: AzureEmulator; identity: LocalIdentity }> {
  const ca = createLocalCa();
  // The identity asks the emulator, which is started after it (it needs the identity's keys).
  const started: { emulator?: AzureEmulator } = {};
  const identity = await startLocalIdentity({
    certificateAuthority: ca,
    verifyClientSecret: (clientId, secret) => started.emulator!.admin.verifyClientSecret(clientId, secret),
  });
  const emulator = await startAzureEmulator({
    certificateAuthority: ca,
    tenantId: identity.tenantId,
    auth: { jwks: () => identity.jwks(), issuers: [identity.issuer], authorityHost: identity.authorityHost },
  });
  started.emulator = emulator;
  trustCaForFetch(ca.caPem);
  return { emulator, identity };
}
