// Plain ARM requests for operations the SDK packages used here do not cover (usages, resource SKUs, name and
// permission checks), sent through the same authenticated, retrying pipeline as the SDK clients.
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import type { Settings } from '../config/settings';
import { armClients } from './arm-clients';

const httpClient = createDefaultHttpClient();

export interface ArmAnswer {
  status: number;
  body: unknown;
}

/** Sends one request; 4xx/5xx answers other than those `accept` lists are thrown as RestError with ARM's code. */
export async function armRequest(
  settings: Settings,
  method: 'GET' | 'HEAD' | 'POST',
  path: string,
  apiVersion: string,
  options: { query?: Record<string, string>; accept?: number[] } = {},
): Promise<ArmAnswer> {
  const url = new URL(`${settings.armEndpoint}${path}`);
  url.searchParams.set('api-version', apiVersion);
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
  const request = createPipelineRequest({
    url: url.href,
    method,
    headers: createHttpHeaders({ accept: 'application/json' }),
    timeout: 60_000,
  });
  const response = await armClients(settings).resources.pipeline.sendRequest(httpClient, request);
  let body: unknown;
  try {
    body = response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined;
  } catch {
    body = response.bodyAsText;
  }
  if (response.status >= 400 && !(options.accept ?? []).includes(response.status)) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new RestError(error?.message ?? `ARM answered HTTP ${response.status} to ${method} ${path}`, {
      code: error?.code,
      statusCode: response.status,
      request,
      response,
    });
  }
  return { status: response.status, body };
}
