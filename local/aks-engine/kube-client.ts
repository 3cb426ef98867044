// armhelpers.KubernetesClientSetClient: the few Kubernetes API calls scale and upgrade make (nodes, pods, the
// eviction subresource, discovery), over HTTPS with the admin kubeconfig's CA and client certificate, against the
// kubeconfig's server or the master URL given. Errors read like client-go's.
import { request as httpsRequest } from 'node:https';

type Json = Record<string, unknown>;

export interface KubeNode {
  metadata: { name: string; resourceVersion?: string; uid?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { unschedulable?: boolean; taints?: Array<{ key: string; value?: string; effect: string }> };
  status?: { conditions?: Array<{ type: string; status: string }>; nodeInfo?: { kubeletVersion?: string } };
}

export interface KubePod {
  metadata: {
    name: string;
    namespace: string;
    uid?: string;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string; controller?: boolean }>;
  };
}

/** A Status answer (apierrors.StatusError): its message is what client-go prints. */
export class KubeStatusError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly reason: string,
  ) {
    super(message);
  }
}

interface Kubeconfig {
  'current-context'?: string;
  contexts?: Array<{ name?: string; context?: { cluster?: string; user?: string } }>;
  clusters?: Array<{ name?: string; cluster?: Json }>;
  users?: Array<{ name?: string; user?: Json }>;
}

interface KubeconfigAccess {
  server: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** The cluster and user of the kubeconfig's current context (aks-engine's admin kubeconfig has one of each). */
export function kubeconfigAccess(kubeconfig: string): KubeconfigAccess {
  const config = JSON.parse(kubeconfig) as Kubeconfig;
  const context = (config.contexts ?? []).find((c) => c.name === config['current-context'])?.context ?? {};
  const cluster = ((config.clusters ?? []).find((c) => c.name === context.cluster) ?? config.clusters?.[0])?.cluster ?? {};
  const user = ((config.users ?? []).find((u) => u.name === context.user) ?? config.users?.[0])?.user ?? {};
  const data = (value: unknown) => (typeof value === 'string' && value ? Buffer.from(value, 'base64') : undefined);
  return {
    server: String(cluster.server ?? ''),
    ca: data(cluster['certificate-authority-data']),
    cert: data(user['client-certificate-data']),
    key: data(user['client-key-data']),
  };
}

export function isNodeReady(node: KubeNode): boolean {
  return node.status?.conditions?.find((condition) => condition.type === 'Ready')?.status === 'True';
}

export class KubeClient {
  private readonly access: KubeconfigAccess;

  /** clientcmd.BuildConfigFromKubeconfigGetter(masterURL, ...): a non-empty masterURL replaces the kubeconfig's server. */
  constructor(kubeconfig: string, masterUrl = '') {
    this.access = kubeconfigAccess(kubeconfig);
    if (masterUrl) this.access.server = masterUrl;
  }

  get server(): string {
    return this.access.server;
  }

  private call<T = Json>(method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(path, this.access.server.replace(/\/?$/, '/'));
    const text = body === undefined ? undefined : JSON.stringify(body);
    const verb = method.charAt(0) + method.slice(1).toLowerCase();
    return new Promise((resolve, reject) => {
      const request = httpsRequest(
        url,
        {
          method,
          ca: this.access.ca,
          cert: this.access.cert,
          key: this.access.key,
          headers: {
            accept: 'application/json',
            'user-agent': 'aks-engine/v0.32.3',
            ...(text !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            let parsed: Json | undefined;
            try {
              parsed = raw ? (JSON.parse(raw) as Json) : {};
            } catch {
              parsed = undefined;
            }
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) return resolve((parsed ?? {}) as T);
            if (parsed?.kind === 'Status') {
              return reject(new KubeStatusError(String(parsed.message ?? ''), Number(parsed.code ?? status), String(parsed.reason ?? '')));
            }
            reject(
              new KubeStatusError(`an error on the server (${JSON.stringify(raw)}) has prevented the request from succeeding`, status, ''),
            );
          });
          response.on('error', reject);
        },
      );
      // net/http's error for a request that never got an answer, e.g. "Get https://...: dial tcp ...: connect: connection refused".
      request.on('error', (error: NodeJS.ErrnoException) => {
        const reason =
          error.code === 'ECONNREFUSED'
            ? `dial tcp ${url.host}: connect: connection refused`
            : error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN'
              ? `dial tcp: lookup ${url.hostname}: no such host`
              : error.message;
        reject(new Error(`${verb} ${url.href}: ${reason}`));
      });
      request.end(text);
    });
  }

  getNode(name: string): Promise<KubeNode> {
    return this.call<KubeNode>('GET', `api/v1/nodes/${encodeURIComponent(name)}`);
  }

  updateNode(node: KubeNode): Promise<KubeNode> {
    return this.call<KubeNode>('PUT', `api/v1/nodes/${encodeURIComponent(node.metadata.name)}`, node);
  }

  async deleteNode(name: string): Promise<void> {
    await this.call('DELETE', `api/v1/nodes/${encodeURIComponent(name)}`, { kind: 'DeleteOptions', apiVersion: 'v1' });
  }

  /** Pods of every namespace on the node (fieldSelector spec.nodeName=...). */
  async listPods(nodeName: string): Promise<KubePod[]> {
    const list = await this.call<{ items?: KubePod[] }>(
      'GET',
      `api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${nodeName}`)}`,
    );
    return list.items ?? [];
  }

  getPod(namespace: string, name: string): Promise<KubePod> {
    return this.call<KubePod>('GET', `api/v1/namespaces/${namespace}/pods/${encodeURIComponent(name)}`);
  }

  async deletePod(pod: KubePod): Promise<void> {
    await this.call('DELETE', `api/v1/namespaces/${pod.metadata.namespace}/pods/${encodeURIComponent(pod.metadata.name)}`, {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
    });
  }

  /** SupportEviction: the policy group's preferred version when the core group serves pods/eviction, else "". */
  async supportEviction(): Promise<string> {
    const groups = await this.call<{ groups?: Array<{ name: string; preferredVersion?: { groupVersion?: string } }> }>('GET', 'apis');
    const policy = (groups.groups ?? []).find((group) => group.name === 'policy');
    if (!policy) return '';
    const core = await this.call<{ resources?: Array<{ name: string; kind: string }> }>('GET', 'api/v1');
    const served = (core.resources ?? []).some((resource) => resource.name === 'pods/eviction' && resource.kind === 'Eviction');
    return served ? String(policy.preferredVersion?.groupVersion ?? '') : '';
  }

  async evictPod(pod: KubePod, policyGroupVersion: string): Promise<void> {
    const { name, namespace } = pod.metadata;
    await this.call('POST', `api/v1/namespaces/${namespace}/pods/${encodeURIComponent(name)}/eviction`, {
      apiVersion: policyGroupVersion,
      kind: 'Eviction',
      metadata: { name, namespace },
    });
  }
}

export const isNotFound = (error: unknown) => error instanceof KubeStatusError && (error.code === 404 || error.reason === 'NotFound');
export const isTooManyRequests = (error: unknown) =>
  error instanceof KubeStatusError && (error.code === 429 || error.reason === 'TooManyRequests');
