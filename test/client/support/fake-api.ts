// A scripted stand-in for the API (and for a blob host) on a free loopback port, for client behaviour the real
// service does not show on demand: Retry-After pacing, paging, 401 challenges, bodies that are not JSON.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertMatchesContract } from '../../support/contract';

export interface SeenRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
}

export interface FakeServer {
  url: string;
  requests: SeenRequest[];
  /** Replaces the handler. */
  handle(handler: (request: SeenRequest) => Reply | Promise<Reply>): void;
  close(): Promise<void>;
}

export async function startFakeServer(): Promise<FakeServer> {
  const requests: SeenRequest[] = [];
  let handler: (request: SeenRequest) => Reply | Promise<Reply> = () => ({
    status: 404,
    body: { error: { code: 'NotFound', message: 'no' } },
  });
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', async () => {
      const seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, at: Date.now() };
      requests.push(seen);
      // A handler that throws answers 500 with the reason, so that a broken fixture shows in the test's failure.
      const reply = await Promise.resolve()
        .then(() => handler(seen))
        .catch((error: Error): Reply => ({ status: 500, body: { error: { code: 'FakeServerFailed', message: error.message } } }));
      const json = typeof reply.body !== 'string' && reply.body !== undefined;
      res.writeHead(reply.status ?? 200, { ...(json ? { 'content-type': 'application/json' } : {}), ...reply.headers });
      res.end(json ? JSON.stringify(reply.body) : (reply.body as string | undefined));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    handle: (next) => (handler = next),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A cluster as the API answers it, checked against the contract so that the stand-in cannot drift from it. */
export function clusterAnswer(base: string, name: string, state: string, percent: number): any {
  const running = ['Accepted', 'Provisioning', 'Deleting', 'Canceling'].includes(state);
  const self = `${base}/api/clusters/${name}`;
  const cluster = {
    id: `/clusters/${name}`,
    name,
    type: 'AksEngineCosmosEtcdCluster',
    location: 'centralus',
    tags: {},
    properties: {
      provisioningState: state,
      percentComplete: percent,
      masterProfile: { count: 1, vmSize: 'Standard_D2_v3' },
      agentPoolProfiles: [{ name: 'agent', count: 1, vmSize: 'Standard_D2_v3', availabilityProfile: 'AvailabilitySet' }],
      linuxProfile: { adminUsername: 'azureuser', sshPublicKey: 'ssh-rsa AAAA' },
      resourceGroup: `aks-cosmos-${name}`,
      endpoints: { apiServer: null, etcd: `https://${name}k8s.etcd.cosmosdb.azure.com:2379` },
      steps: [{ name: 'deploy', state: running ? 'Running' : state === 'Failed' ? 'Failed' : 'Succeeded', attempts: 1, percent }],
      error: state === 'Failed' ? { code: 'DeploymentFailed', message: 'it broke', retryable: false } : null,
      operation: {
        id: `${name}-op`,
        kind: 'create',
        status: running ? 'Running' : state === 'Failed' ? 'Failed' : 'Succeeded',
        startedAt: new Date(Date.now() - 1000).toISOString(),
        finishedAt: running ? null : new Date().toISOString(),
      },
    },
    links: {
      self,
      kubeconfig: `${self}/kubeconfig`,
      artifacts: `${self}/artifacts`,
      logs: `${self}/logs`,
      operations: `${self}/operations`,
    },
  };
  assertMatchesContract('/clusters/{name}', 'get', 200, cluster);
  return cluster;
}
