// The typed client of the provisioning API: one method per operation of openapi.yaml, the request and answer shapes
// taken from the generated types, errors raised as ApiError, and waitFor() polling at the pace Retry-After asks.
import createClient, { type Client } from 'openapi-fetch';
import type { SignIn } from './auth';
import { ApiError, UnreachableError, WaitTimeoutError } from './errors';
import { defaultPollIntervalMs, isInProgress, isTransient, retryAfterMs, sleep } from './polling';
import type {
  ArtifactList,
  BreakGlassKubeconfig,
  Cluster,
  ClusterPatchRequest,
  KubeconfigAccess,
  MintedKubeconfig,
  PreflightResult,
  UpgradeProfile,
  ClusterCreateRequest,
  ClusterPage,
  Link,
  ListClustersQuery,
  LogList,
  NamedLink,
  Operation,
  paths,
} from './types';

export interface ClientOptions {
  /** The API's base URL, the contract's server: `http://127.0.0.1:7071/api` for `npm start`. */
  baseUrl: string;
  /** Where bearer tokens come from (signInFromEnvironment()); without it no token is sent. */
  signIn?: Pick<SignIn, 'getToken'>;
  /** Headers for every API request (for example `x-functions-key`). */
  headers?: Record<string, string>;
  /** A request that gets no answer within this time fails as unreachable (default 30 s). */
  requestTimeoutMs?: number;
  /** Replaces the global fetch (tests, proxies). */
  fetch?: typeof fetch;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface LinkOptions extends CallOptions {
  /** Lifetime of the link; the service caps it. */
  expiresInMinutes?: number;
}

export interface WaitOptions extends CallOptions {
  /** Give up (WaitTimeoutError) after this long; by default wait as long as it takes. */
  timeoutMs?: number;
  /** Poll at this fixed interval instead of the Retry-After the service asks for. */
  pollIntervalMs?: number;
  /** Called with every answer, before the condition is checked (progress displays). */
  onUpdate?: (cluster: Cluster) => void;
  /** Consecutive transient failures (no answer, 429, 5xx) tolerated while waiting (default 5). */
  maxTransientErrors?: number;
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

export class AksCosmosClient {
  /** The contract's every operation, typed by path and method, for what has no method here yet. */
  readonly raw: Client<paths>;
  readonly baseUrl: string;
  private readonly origin: string;
  private readonly fetchImpl: typeof fetch;
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.origin = new URL(this.baseUrl).origin;
    this.fetchImpl = options.fetch ?? fetch;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.raw = createClient<paths>({ baseUrl: this.baseUrl, headers: options.headers, fetch: (request) => this.send(request) });
  }

  /** POST /clusters: starts provisioning (202), or returns the cluster of an identical earlier request. */
  async createCluster(body: ClusterCreateRequest, options: CallOptions & { idempotencyKey?: string } = {}): Promise<Cluster> {
    const header = options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {};
    return (await this.data('POST', this.raw.POST('/clusters', { body, params: { header }, signal: options.signal }))) as Cluster;
  }

  /** POST /clusters?validateOnly=true: every check a create runs, and the findings; nothing is created. */
  async validateCluster(body: ClusterCreateRequest, options: CallOptions = {}): Promise<PreflightResult> {
    const params = { query: { validateOnly: true } };
    return (await this.data('POST', this.raw.POST('/clusters', { body, params, signal: options.signal }))) as PreflightResult;
  }

  /** PATCH /clusters/{name}: scale agent pools or upgrade Kubernetes (202), or the cluster when nothing changes (200). */
  async updateCluster(name: string, patch: ClusterPatchRequest, options: CallOptions & { idempotencyKey?: string } = {}): Promise<Cluster> {
    const header = options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {};
    const params = { path: { name }, header };
    return this.data(
      'PATCH',
      this.raw.PATCH('/clusters/{name}', {
        params,
        body: patch,
        signal: options.signal,
        headers: { 'content-type': 'application/merge-patch+json' },
      }),
    );
  }

  /** The cluster's Kubernetes version and those it can be upgraded to. */
  async listUpgrades(name: string, options: CallOptions = {}): Promise<UpgradeProfile> {
    return this.data('GET', this.raw.GET('/clusters/{name}/upgrades', { params: { path: { name } }, signal: options.signal }));
  }

  async getCluster(name: string, options: CallOptions = {}): Promise<Cluster> {
    return (await this.readCluster(name, options.signal)).cluster;
  }

  /** One page of clusters; nextLink leads to the next. */
  async listClusterPage(query: ListClustersQuery = {}, options: CallOptions = {}): Promise<ClusterPage> {
    return this.data('GET', this.raw.GET('/clusters', { params: { query }, signal: options.signal }));
  }

  /** Every cluster (optionally in some states), following nextLink page after page. */
  async *listClusters(query: Omit<ListClustersQuery, 'skipToken'> = {}, options: CallOptions = {}): AsyncGenerator<Cluster> {
    let page = await this.listClusterPage(query, options);
    for (;;) {
      yield* page.value;
      if (!page.nextLink) return;
      page = await this.getJson<ClusterPage>(page.nextLink, options.signal);
    }
  }

  /** DELETE /clusters/{name}: the cluster being torn down, or undefined when it was already deleted (204). */
  async deleteCluster(name: string, options: CallOptions = {}): Promise<Cluster | undefined> {
    return this.data('DELETE', this.raw.DELETE('/clusters/{name}', { params: { path: { name } }, signal: options.signal }));
  }

  /** Stops a running create; 409 (ApiError) when nothing is running. */
  async cancelOperation(name: string, options: CallOptions = {}): Promise<Cluster> {
    return this.data('POST', this.raw.POST('/clusters/{name}/cancel', { params: { path: { name } }, signal: options.signal }));
  }

  /** Runs a Failed or Canceled operation again as a new operation. */
  async retryOperation(name: string, options: CallOptions = {}): Promise<Cluster> {
    return this.data('POST', this.raw.POST('/clusters/{name}/retry', { params: { path: { name } }, signal: options.signal }));
  }

  /** The cluster's operations, newest first. */
  async listOperations(name: string, options: CallOptions = {}): Promise<Operation[]> {
    const answer = this.raw.GET('/clusters/{name}/operations', { params: { path: { name } }, signal: options.signal });
    return (await this.data('GET', answer)).value;
  }

  async listLogs(name: string, options: CallOptions = {}): Promise<LogList['value']> {
    return (await this.data('GET', this.raw.GET('/clusters/{name}/logs', { params: { path: { name } }, signal: options.signal }))).value;
  }

  async getLogLink(name: string, file: string, options: LinkOptions = {}): Promise<NamedLink> {
    const query = linkQuery(options);
    const params = { path: { name, file }, query };
    return this.data('GET', this.raw.GET('/clusters/{name}/logs/{file}', { params, signal: options.signal }));
  }

  /**
   * A kubeconfig minted for the caller (view by default, or admin; break-glass for Clusters.Admin), as a short-lived
   * read-only link (409 until the cluster has Succeeded). expiresInMinutes is the certificate's lifetime.
   */
  async getKubeconfigLink(
    name: string,
    options: LinkOptions & { access?: KubeconfigAccess } = {},
  ): Promise<MintedKubeconfig | BreakGlassKubeconfig> {
    const query = { ...linkQuery(options), ...(options.access ? { access: options.access } : {}) };
    return this.data('GET', this.raw.GET('/clusters/{name}/kubeconfig', { params: { path: { name }, query }, signal: options.signal }));
  }

  /** aks-engine's files by name and kind, and the etcdctl command with the files it needs. */
  async listArtifacts(name: string, options: CallOptions = {}): Promise<ArtifactList> {
    return this.data('GET', this.raw.GET('/clusters/{name}/artifacts', { params: { path: { name } }, signal: options.signal }));
  }

  async getArtifactLink(name: string, file: string, options: LinkOptions = {}): Promise<NamedLink> {
    const params = { path: { name, file }, query: linkQuery(options) };
    return this.data('GET', this.raw.GET('/clusters/{name}/artifacts/{file}', { params, signal: options.signal }));
  }

  async downloadKubeconfig(name: string, options: CallOptions & { access?: KubeconfigAccess } = {}): Promise<Buffer> {
    return this.download(await this.getKubeconfigLink(name, options), options);
  }

  async downloadArtifact(name: string, file: string, options: CallOptions = {}): Promise<Buffer> {
    return this.download(await this.getArtifactLink(name, file, options), options);
  }

  async downloadLog(name: string, file: string, options: CallOptions = {}): Promise<Buffer> {
    return this.download(await this.getLogLink(name, file, options), options);
  }

  /** The bytes behind a link. The link is the credential: no token goes with it, nor to any host but the API. */
  async download(link: Link | string, options: CallOptions = {}): Promise<Buffer> {
    const url = typeof link === 'string' ? link : link.url;
    const response = await this.send(new Request(url, { signal: options.signal }), false);
    if (!response.ok) throw ApiError.fromAnswer(response, await response.text(), 'GET');
    return Buffer.from(await response.arrayBuffer());
  }

  /**
   * Polls the cluster until the condition holds and returns that answer. The pace is the service's Retry-After
   * (or pollIntervalMs); transient failures are polled through; a 404 or other error ends the wait with it.
   */
  async waitFor(name: string, condition: (cluster: Cluster) => boolean, options: WaitOptions = {}): Promise<Cluster> {
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    const maxErrors = options.maxTransientErrors ?? 5;
    let last: Cluster | undefined;
    let failures = 0;
    for (;;) {
      let delay: number;
      try {
        const { cluster, headers } = await this.readCluster(name, options.signal);
        failures = 0;
        last = cluster;
        options.onUpdate?.(cluster);
        if (condition(cluster)) return cluster;
        delay = options.pollIntervalMs ?? retryAfterMs(headers) ?? defaultPollIntervalMs;
      } catch (error) {
        if (!isTransient(error) || ++failures > maxErrors) throw error;
        const asked = error instanceof ApiError ? retryAfterMs(error.headers) : undefined;
        delay = options.pollIntervalMs ?? asked ?? Math.min(1000 * 2 ** failures, 30_000);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new WaitTimeoutError(name, last, options.timeoutMs!);
      await sleep(Math.min(delay, left), options.signal);
    }
  }

  /** Waits until the cluster's current operation has ended (any state but Accepted, Provisioning, Canceling, Deleting). */
  waitForOperation(name: string, options: WaitOptions = {}): Promise<Cluster> {
    return this.waitFor(name, (cluster) => !isInProgress(cluster), options);
  }

  private async readCluster(name: string, signal?: AbortSignal): Promise<{ cluster: Cluster; headers: Headers }> {
    const answer = await this.checked('GET', this.raw.GET('/clusters/{name}', { params: { path: { name } }, signal }));
    return { cluster: answer.data as Cluster, headers: answer.response.headers };
  }

  private async getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
    const response = await this.send(new Request(url, { signal, headers: this.options.headers }));
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text for the error
    }
    if (!response.ok) throw ApiError.fromAnswer(response, body, 'GET');
    return body as T;
  }

  private async data<T>(method: string, call: Promise<Answer<T>>): Promise<T> {
    return (await this.checked(method, call)).data as T;
  }

  private async checked<T>(method: string, call: Promise<Answer<T>>): Promise<Answer<T>> {
    const answer = await call;
    if (!answer.response.ok) throw ApiError.fromAnswer(answer.response, answer.error, method);
    return answer;
  }

  /** Every request goes through here: the token (API origin only), a time limit, and no answer as UnreachableError. */
  private async send(request: Request, withToken = true): Promise<Response> {
    if (withToken && this.options.signIn && new URL(request.url).origin === this.origin) {
      const token = await this.options.signIn.getToken();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
    }
    const timeout = AbortSignal.timeout(this.requestTimeoutMs);
    try {
      return await this.fetchImpl(request, { signal: AbortSignal.any([request.signal, timeout]) });
    } catch (error) {
      if (request.signal.aborted) throw request.signal.reason;
      if (timeout.aborted) throw new UnreachableError(request.url, new Error(`no answer within ${this.requestTimeoutMs / 1000} s`));
      throw new UnreachableError(request.url, error);
    }
  }
}

function linkQuery(options: LinkOptions): { expiresInMinutes?: number } {
  return options.expiresInMinutes === undefined ? {} : { expiresInMinutes: options.expiresInMinutes };
}
