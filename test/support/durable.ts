// Helpers that drive the Durable Functions HTTP management API of a running host, over HTTP only.
import { eventually } from './process';
import { http, type HttpResult } from './http';

export type RuntimeStatus = 'Running' | 'Completed' | 'ContinuedAsNew' | 'Failed' | 'Canceled' | 'Terminated' | 'Pending' | 'Suspended';

export interface HistoryEvent {
  EventType: string;
  Timestamp?: string;
  [field: string]: unknown;
}

export interface DurableStatus {
  name: string;
  instanceId: string;
  runtimeStatus: RuntimeStatus;
  input: unknown;
  customStatus: unknown;
  output: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  historyEvents?: HistoryEvent[];
}

export const terminalStatuses: RuntimeStatus[] = ['Completed', 'Failed', 'Terminated', 'Canceled'];

/** The webhook base of the management API: {base}/runtime/webhooks/durabletask */
export function webhookBase(baseUrl: string): string {
  return `${baseUrl}/runtime/webhooks/durabletask`;
}

export function instanceUrl(baseUrl: string, instanceId: string, query = ''): string {
  return `${webhookBase(baseUrl)}/instances/${encodeURIComponent(instanceId)}${query ? `?${query}` : ''}`;
}

/** POSTs orchestrators/{name}[/{id}] and returns the raw response. */
export function postStart(baseUrl: string, name: string, options: { input?: unknown; instanceId?: string } = {}): Promise<HttpResult> {
  const id = options.instanceId === undefined ? '' : `/${encodeURIComponent(options.instanceId)}`;
  return http('POST', `${webhookBase(baseUrl)}/orchestrators/${name}${id}`, { body: options.input });
}

/** Starts an orchestration through the management API, asserting 202, and returns its instance id. */
export async function startInstance(
  baseUrl: string,
  name: string,
  options: { input?: unknown; instanceId?: string } = {},
): Promise<string> {
  const response = await postStart(baseUrl, name, options);
  if (response.status !== 202) throw new Error(`starting ${name} answered ${response.status}: ${response.text}`);
  return response.json<{ id: string }>().id;
}

export function getStatusResponse(baseUrl: string, instanceId: string, query = ''): Promise<HttpResult> {
  return http('GET', instanceUrl(baseUrl, instanceId, query));
}

export async function getStatus(baseUrl: string, instanceId: string, query = ''): Promise<DurableStatus> {
  const response = await getStatusResponse(baseUrl, instanceId, query);
  if (response.status !== 200 && response.status !== 202) {
    throw new Error(`status of ${instanceId} answered ${response.status}: ${response.text}`);
  }
  return response.json<DurableStatus>();
}

/** Polls the status until runtimeStatus is one of the wanted values (terminal ones by default). */
export async function waitForStatus(
  baseUrl: string,
  instanceId: string,
  wanted: RuntimeStatus[] = terminalStatuses,
  options: { timeoutMs?: number; query?: string } = {},
): Promise<DurableStatus> {
  let last: DurableStatus | undefined;
  try {
    return await eventually(
      async () => {
        last = await getStatus(baseUrl, instanceId, options.query);
        return wanted.includes(last.runtimeStatus) ? last : undefined;
      },
      options.timeoutMs ?? 20_000,
      50,
    );
  } catch (error) {
    throw new Error(`${instanceId} did not reach ${wanted.join('/')}; last status: ${JSON.stringify(last)}; ${String(error)}`, {
      cause: error,
    });
  }
}

/** Polls until the custom status satisfies the check. */
export async function waitForCustomStatus(
  baseUrl: string,
  instanceId: string,
  check: (customStatus: any) => boolean,
  timeoutMs = 20_000,
): Promise<DurableStatus> {
  return eventually(
    async () => {
      const status = await getStatus(baseUrl, instanceId);
      return check(status.customStatus) ? status : undefined;
    },
    timeoutMs,
    50,
  );
}

export function raiseEvent(baseUrl: string, instanceId: string, eventName: string, data: unknown): Promise<HttpResult> {
  return http('POST', `${webhookBase(baseUrl)}/instances/${encodeURIComponent(instanceId)}/raiseEvent/${eventName}`, {
    body: JSON.stringify(data),
    headers: { 'content-type': 'application/json' },
  });
}

/** POSTs instances/{id}/{operation}?reason=... (terminate, suspend, resume, rewind). */
export function postOperation(baseUrl: string, instanceId: string, operation: string, reason?: string): Promise<HttpResult> {
  const query = reason === undefined ? '' : `?reason=${encodeURIComponent(reason)}`;
  return http('POST', `${webhookBase(baseUrl)}/instances/${encodeURIComponent(instanceId)}/${operation}${query}`);
}

/** The history events of one type from a status fetched with showHistory=true. */
export function eventsOfType(status: DurableStatus, type: string): HistoryEvent[] {
  return (status.historyEvents ?? []).filter((event) => event.EventType === type);
}
