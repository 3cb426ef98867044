// A single-member etcd on loopback, serving TLS with the cluster's etcd server certificate and accepting only
// client certificates signed by the cluster CA: what the Cosmos DB etcd endpoint is to the cluster.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ClusterCertificates } from './certificates';
import { EtcdGatewayClient } from './etcd-gateway';
import { freeLoopbackPort } from '../support/free-port';

/** One exit handler for every etcd this process started, however many clusters run. */
const runningEtcds = new Set<() => void>();
process.once('exit', () => {
  for (const kill of runningEtcds) kill();
});

export interface EtcdOptions {
  binary: string;
  dataDir: string;
  certificates: ClusterCertificates;
  readyTimeoutMs?: number;
}

export interface RunningEtcd {
  endpoint: string;
  pid: number;
  /** A gateway client authenticated with the cluster's etcd client certificate. */
  client: EtcdGatewayClient;
  /** What etcd logged, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Another process can take a port between our probe and etcd's bind; a fresh pair of ports usually fixes it. */
const startAttempts = 3;

export async function startEtcd(options: EtcdOptions): Promise<RunningEtcd> {
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= startAttempts; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      lastError = error as Error;
      if (!/address already in use/i.test(lastError.message)) throw lastError;
    }
  }
  throw lastError!;
}

async function startOnce(options: EtcdOptions): Promise<RunningEtcd> {
  const [clientPort, peerPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
  const endpoint = `https://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const { certificates } = options;
  const child = spawn(
    options.binary,
    [
      '--name',
      'stand-in',
      '--data-dir',
      options.dataDir,
      '--listen-client-urls',
      endpoint,
      '--advertise-client-urls',
      endpoint,
      '--cert-file',
      certificates.etcdServer.certificatePath,
      '--key-file',
      certificates.etcdServer.keyPath,
      '--client-cert-auth',
      '--trusted-ca-file',
      certificates.caCertificatePath,
      // One member never talks to peers; plain HTTP on loopback only keeps etcd off its default port 2380.
      '--listen-peer-urls',
      peerUrl,
      '--initial-advertise-peer-urls',
      peerUrl,
      '--initial-cluster',
      `stand-in=${peerUrl}`,
      '--initial-cluster-state',
      'new',
      // A short election lets the single member lead within a fraction of a second.
      '--heartbeat-interval',
      '50',
      '--election-timeout',
      '500',
      '--logger',
      'zap',
      '--log-level',
      'warn',
    ],
    // etcd also reads ETCD_* variables as flags; ones meant for another etcd must not leak in.
    { env: withoutEtcdVariables(process.env), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', (error) => {
      output += `\n${error.message}`;
      exited = true;
      resolve();
    });
  });
  // If this process ends without stopping the cluster, etcd must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  runningEtcds.add(killOnExit);

  const client = new EtcdGatewayClient(endpoint, {
    caCertificatePem: readFileSync(certificates.caCertificatePath, 'utf8'),
    certificatePem: readFileSync(certificates.etcdClient.certificatePath, 'utf8'),
    privateKeyPem: readFileSync(certificates.etcdClient.keyPath, 'utf8'),
  });
  const stop = async () => {
    client.close();
    await terminate(child, exit, () => exited);
    runningEtcds.delete(killOnExit);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`etcd exited before becoming healthy:\n${output.trim()}`);
    }
    if (await client.healthy().catch(() => false)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`etcd did not become healthy at ${endpoint} within ${options.readyTimeoutMs ?? 20_000} ms:\n${output.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { endpoint, pid: child.pid!, client, output: () => output, stop };
}

async function terminate(child: ChildProcess, exit: Promise<void>, hasExited: () => boolean): Promise<void> {
  if (hasExited()) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exit;
  clearTimeout(timer);
}

function withoutEtcdVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('ETCD_') && !name.startsWith('ETCDCTL_')));
}
