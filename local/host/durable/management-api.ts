// The Durable Functions HTTP management API (HttpApiHandler), served at /runtime/webhooks/durabletask/
// and at the client's rpcBaseUrl. Status codes follow the extension, since DurableClient depends on them.
import { managementUrls, webhookPath } from './client-binding';
import type { DurableEngine, ListFilter } from './engine';
import { DurableError } from './errors';
import { terminalStatuses, type RuntimeStatus } from './instance';
import { statusPayload } from './status-payload';

export interface ApiRequest {
  method: string;
  /** Path segments after the API base, already percent-decoded. */
  segments: string[];
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: Buffer;
  /** The request's own URL and origin, for Location headers and links. */
  url: string;
  origin: string;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const runtimeStatuses: RuntimeStatus[] = [
  'Running',
  'Completed',
  'ContinuedAsNew',
  'Failed',
  'Canceled',
  'Terminated',
  'Pending',
  'Suspended',
];
const defaultPageSize = 100;

function errorResponse(status: number, message: string): ApiResponse {
  return { status, body: { Message: message } };
}

function flag(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = query.get(name);
  if (value === null || value === '') return fallback;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  throw new DurableError(400, `The query parameter '${name}' must be true or false.`);
}

function parseTime(query: URLSearchParams, name: string): Date | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new DurableError(400, `The query parameter '${name}' is not a valid date and time: ${value}`);
  return time;
}

function parseStatuses(query: URLSearchParams): RuntimeStatus[] | undefined {
  const values = query
    .getAll('runtimeStatus')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  if (values.length === 0) return undefined;
  // Like the extension, values that are not a known status are dropped rather than refused.
  const known = values
    .map((value) => runtimeStatuses.find((status) => status.toLowerCase() === value.toLowerCase()))
    .filter((status): status is RuntimeStatus => status !== undefined);
  return known.length > 0 ? known : undefined;
}

function parseJsonBody(body: Buffer): string | null {
  const text = body.toString('utf8');
  if (text.trim() === '') return null;
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    throw new DurableError(400, 'The request body is not valid JSON.');
  }
}

function listFilter(query: URLSearchParams): ListFilter {
  return {
    createdTimeFrom: parseTime(query, 'createdTimeFrom'),
    createdTimeTo: parseTime(query, 'createdTimeTo'),
    runtimeStatus: parseStatuses(query),
    instanceIdPrefix: query.get('instanceIdPrefix') ?? undefined,
  };
}

export class ManagementApi {
  constructor(
    private readonly engine: DurableEngine,
    private readonly hubName: string,
  ) {}

  async handle(request: ApiRequest): Promise<ApiResponse> {
    try {
      return await this.route(request);
    } catch (error) {
      if (error instanceof DurableError) return errorResponse(error.status, error.message);
      throw error;
    }
  }

  private async route(request: ApiRequest): Promise<ApiResponse> {
    const [collection, id, action, extra, ...rest] = request.segments;
    const method = request.method.toUpperCase();
    const hub = request.query.get('taskHub');
    if (hub && hub.toLowerCase() !== this.hubName.toLowerCase()) {
      return errorResponse(404, `The task hub '${hub}' is not served by this host (it serves '${this.hubName}').`);
    }
    if (rest.length > 0) return { status: 404 };
    switch (collection?.toLowerCase()) {
      case 'orchestrators':
        if (!id || extra !== undefined) return { status: 404 };
        if (method !== 'POST') return { status: 404 };
        return this.start(request, id, action);
      case 'instances':
        return this.instances(request, method, id, action, extra);
      case 'entities':
        return errorResponse(501, 'Durable Entities are not supported by the local host.');
      default:
        return { status: 404 };
    }
  }

  private async start(request: ApiRequest, name: string, instanceId: string | undefined): Promise<ApiResponse> {
    const input = parseJsonBody(request.body);
    const state = this.engine.startNew(name, instanceId || undefined, input, request.query.get('version') ?? '');
    const timeout = request.query.get('timeout');
    if (timeout !== null) {
      const seconds = Number(timeout);
      if (!Number.isFinite(seconds) || seconds < 0) throw new DurableError(400, `The timeout '${timeout}' is not a number of seconds.`);
      await this.engine.waitForTerminal(state.instanceId, seconds * 1000);
      const finished = this.engine.get(state.instanceId);
      if (finished && terminalStatuses.has(finished.runtimeStatus)) {
        const payload = statusPayload(finished, { showInput: true, showHistory: false, showHistoryOutput: false });
        if (finished.runtimeStatus === 'Completed') return { status: 200, body: payload.output };
        return { status: finished.runtimeStatus === 'Failed' ? 500 : 200, body: payload };
      }
    }
    return this.checkStatusResponse(request, state.instanceId);
  }

  checkStatusResponse(request: ApiRequest, instanceId: string): ApiResponse {
    const query = `taskHub=${this.hubName}&connection=Storage`;
    const links = managementUrls(`${request.origin}${webhookPath}`, instanceId, query);
    return {
      status: 202,
      headers: { location: links.statusQueryGetUri!, 'retry-after': '10' },
      body: links,
    };
  }

  private instances(
    request: ApiRequest,
    method: string,
    id: string | undefined,
    action: string | undefined,
    extra: string | undefined,
  ): ApiResponse {
    if (!id) {
      if (method === 'GET') return this.list(request);
      if (method === 'DELETE') return this.purgeMany(request);
      return { status: 404 };
    }
    if (action === undefined) {
      if (method === 'GET') return this.status(request, id);
      if (method === 'DELETE') {
        const deleted = this.engine.purge(id);
        return deleted === 0 ? { status: 404 } : { status: 200, body: { instancesDeleted: deleted } };
      }
      return { status: 404 };
    }
    if (method !== 'POST') return { status: 404 };
    const reason = request.query.get('reason') ?? '';
    switch (action.toLowerCase()) {
      case 'raiseevent': {
        if (!extra) return { status: 404 };
        const contentType = request.headers['content-type'] ?? '';
        if (request.body.length > 0 && !/^application\/json\b/i.test(contentType)) {
          throw new DurableError(400, "Only 'application/json' request content is supported.");
        }
        this.engine.raiseEvent(id, extra, parseJsonBody(request.body));
        return { status: 202 };
      }
      case 'terminate':
        this.engine.terminate(id, reason);
        return { status: 202 };
      case 'suspend':
        this.engine.suspend(id, reason);
        return { status: 202 };
      case 'resume':
        this.engine.resume(id, reason);
        return { status: 202 };
      case 'rewind': {
        const state = this.engine.get(id);
        if (!state) return { status: 404 };
        if (state.runtimeStatus === 'Failed') return errorResponse(501, 'Rewind is not supported by the local host.');
        if (terminalStatuses.has(state.runtimeStatus)) return errorResponse(410, `The orchestration instance ${id} has already completed.`);
        return errorResponse(412, `The orchestration instance ${id} is not in a failed state.`);
      }
      case 'restart': {
        const restarted = this.engine.restart(id, flag(request.query, 'restartWithNewInstanceId', true));
        return this.checkStatusResponse(request, restarted.instanceId);
      }
      default:
        return { status: 404 };
    }
  }

  private status(request: ApiRequest, id: string): ApiResponse {
    const state = this.engine.get(id);
    if (!state) return { status: 404 };
    const body = statusPayload(state, {
      showInput: flag(request.query, 'showInput', true),
      showHistory: flag(request.query, 'showHistory', false),
      showHistoryOutput: flag(request.query, 'showHistoryOutput', false),
    });
    if (terminalStatuses.has(state.runtimeStatus)) return { status: 200, body };
    return { status: 202, headers: { location: request.url, 'retry-after': '5' }, body };
  }

  private list(request: ApiRequest): ApiResponse {
    const topText = request.query.get('top');
    const top = topText === null || topText === '' ? defaultPageSize : Number(topText);
    if (!Number.isInteger(top) || top < 1) throw new DurableError(400, `The query parameter 'top' must be a positive whole number.`);
    const token = request.headers['x-ms-continuation-token'];
    let offset = 0;
    if (token && token !== 'null') {
      try {
        offset = (JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset: number }).offset;
      } catch {
        throw new DurableError(400, 'The continuation token is not valid.');
      }
      if (!Number.isInteger(offset) || offset < 0) throw new DurableError(400, 'The continuation token is not valid.');
    }
    const showInput = flag(request.query, 'showInput', false);
    const matching = this.engine.list(listFilter(request.query));
    const page = matching.slice(offset, offset + top);
    const headers: Record<string, string> = {};
    // The JS client keeps asking while this header is present, so send it only when a next page exists.
    if (offset + top < matching.length)
      headers['x-ms-continuation-token'] = Buffer.from(JSON.stringify({ offset: offset + top })).toString('base64');
    return {
      status: 200,
      headers,
      body: page.map((state) => statusPayload(state, { showInput, showHistory: false, showHistoryOutput: false })),
    };
  }

  private purgeMany(request: ApiRequest): ApiResponse {
    const filter = listFilter(request.query);
    if (!filter.createdTimeFrom) throw new DurableError(400, "The query parameter 'createdTimeFrom' is required to purge instances.");
    filter.createdTimeTo ??= new Date();
    const deleted = this.engine.purgeMany(filter);
    return deleted === 0 ? { status: 404 } : { status: 200, body: { instancesDeleted: deleted } };
  }
}
