// The local stand-in for a provisioned cluster: a real etcd in place of the Cosmos DB etcd endpoint (started on
// the first connection to it) and a Kubernetes API server (authentication, RBAC, the reads and writes kubectl and
// aks-engine make), both on loopback and both using the certificates `aks-engine generate` wrote. Nodes come and
// go while it runs.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApiServer, type RunningApiServer } from './api-server';
import { loadClusterCertificates } from './certificates';
import {
  defaultKubernetesVersion,
  defaultLocation,
  fallbackClusterId,
  locationFromKubeconfigNames,
  readGeneratedModelFacts,
  type AgentPoolShape,
  type ClusterShape,
} from './cluster-shape';
import { ClusterRuntime, type NodeSpec, type NodeSummary } from './cluster-runtime';
import { listenForEtcd, type EtcdOnDemand } from './etcd-on-demand';
import { startEtcd, type RunningEtcd } from './etcd-process';
import { findExecutable } from './executable';
import { freshClusterObjects } from './fresh-cluster';
import { formatKubeconfig, generatedKubeconfigNames, generatedKubeconfigPath, pointKubeconfigAt } from './kubeconfig';
import { ObjectStore } from './object-store';
import { RegistryMirror } from './registry-mirror';
import { seedRegistry } from './registry-seed';
import { signServiceAccountToken, tokenSecret } from './service-account-tokens';

export { pointKubeconfigAt, formatKubeconfig } from './kubeconfig';
export type { AgentPoolShape, ClusterShape } from './cluster-shape';
export type { NodeSpec, NodeSummary } from './cluster-runtime';
export type { NodeRole } from './node-object';

export interface StandInClusterOptions {
  /** aks-engine's output folder for the cluster, _output/<dnsPrefix>. */
  outputDir: string;
  masters: number;
  agentPools: AgentPoolShape[];
  /**
   * Where etcd keeps its data and the loopback kubeconfig and audit log are written; kept on stop.
   * Default: a temporary folder, removed on stop.
   */
  dataDir?: string;
  /** Name on PATH or path of the etcd binary. Default: etcd. */
  etcdBinary?: string;
  /** Which kubeconfig.<location>.json to rewrite. Default: the apimodel's location, else the only one written, else centralus. */
  location?: string;
  /** Default: the apimodel's orchestratorVersion, else aks-engine v0.32.3's default. */
  kubernetesVersion?: string;
  /** The template's nameSuffix parameter, part of every node name. Default: azuredeploy.parameters.json's, else derived from dnsPrefix. */
  nameSuffix?: string;
  /** Default: the apimodel's masterProfile.dnsPrefix, else the output folder's name. */
  dnsPrefix?: string;
  /** How long a node that joins (or restarts with a new kubelet version) reports NotReady. Default 1000 ms; 0: Ready at once. */
  nodeReadyDelayMs?: number;
  /** Where the cluster reports what went wrong out of band (an etcd that failed to start). Default: stderr. */
  log?: (line: string) => void;
}

export interface StandInCluster {
  apiServerUrl: string;
  /** Undefined when etcd could not be found; etcdUnavailable then says why and how to install it. */
  etcdEndpoint: string | undefined;
  etcdUnavailable: string | undefined;
  /** aks-engine's kubeconfig pointed at apiServerUrl; undefined when aks-engine wrote none for the location. */
  kubeconfigPath: string | undefined;
  /** The files a client of the etcd endpoint needs (etcdctl --cacert/--cert/--key). */
  etcdClient: { caCertificatePath: string; certificatePath: string; keyPath: string };
  /** The nodes when the cluster came up; nodes() tells the current ones. */
  nodeNames: string[];
  dataDir: string;
  /** The API server's audit log: one audit.k8s.io/v1 Event per request (JSON lines), naming the user. */
  auditLogPath: string;
  /** Adds a node (a kubelet registering) or changes one (role, pool, kubelet version, readiness). */
  upsertNode(node: NodeSpec): void;
  /** Deletes a node and its pods; false if there was no such node. */
  removeNode(name: string): boolean;
  /** What /version and `kubectl version` report from now on (x.y.z, with or without "v"). */
  setServerVersion(version: string): void;
  serverVersion(): string;
  /** The current nodes, sorted by name. */
  nodes(): NodeSummary[];
  stop(): Promise<void>;
}

export const etcdInstallHint = 'apt-get install -y etcd-server etcd-client';

export async function startStandInCluster(options: StandInClusterOptions): Promise<StandInCluster> {
  checkCounts(options);
  const certificates = loadClusterCertificates(options.outputDir);
  const shape = clusterShape(options);
  const store = new ObjectStore(
    freshClusterObjects({
      shape,
      caCertificatePem: certificates.caCertificatePem,
      serviceAccountKeyPem: certificates.apiServer.privateKeyPem,
    }),
  );
  const runtime = new ClusterRuntime(store, shape, options.nodeReadyDelayMs ?? 1000, {
    tokenSecret: (account, secretName) => {
      const token = signServiceAccountToken(certificates.apiServer.privateKeyPem, {
        namespace: account.metadata.namespace!,
        serviceAccountName: account.metadata.name,
        serviceAccountUid: account.metadata.uid,
        secretName,
      });
      return tokenSecret(account, secretName, certificates.caCertificatePem, token);
    },
  });

  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'stand-in-cluster-'));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  const auditLogPath = path.join(dataDir, 'audit.log');

  let apiServer: RunningApiServer | undefined;
  let etcdFront: EtcdOnDemand | undefined;
  let etcd: RunningEtcd | undefined;
  let mirror: RegistryMirror | undefined;
  const stop = async () => {
    await apiServer?.close();
    runtime.stop();
    await etcdFront?.close();
    await mirror?.stop();
    await etcd?.stop();
    apiServer = etcdFront = etcd = mirror = undefined;
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    apiServer = await startApiServer({
      caCertificatePem: certificates.caCertificatePem,
      certificatePem: certificates.apiServer.certificatePem,
      privateKeyPem: certificates.apiServer.privateKeyPem,
      store,
      serverVersion: () => runtime.serverVersion(),
      auditLogPath,
    });
    const apiServerUrl = apiServer.url;

    let kubeconfigPath: string | undefined;
    const generated = generatedKubeconfigPath(options.outputDir, shape.location);
    if (generated) {
      kubeconfigPath = path.join(dataDir, 'kubeconfig.json');
      // It embeds the admin client key, hence owner-only like aks-engine's own files.
      writeFileSync(kubeconfigPath, formatKubeconfig(pointKubeconfigAt(readFileSync(generated, 'utf8'), apiServerUrl)), { mode: 0o600 });
    }

    let etcdUnavailable: string | undefined;
    const etcdBinary = findExecutable(options.etcdBinary ?? 'etcd');
    if (etcdBinary) {
      const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
      etcdFront = await listenForEtcd(async () => {
        const etcdDataDir = path.join(dataDir, 'etcd');
        mkdirSync(etcdDataDir, { recursive: true, mode: 0o700 });
        const started = await startEtcd({ binary: etcdBinary, dataDir: etcdDataDir, certificates });
        // Changes made while etcd is seeded are kept and written once seeding is done.
        const startedMirror = new RegistryMirror(store, started.client);
        try {
          await seedRegistry(started.client, store.all());
        } catch (error) {
          await startedMirror.stop();
          await started.stop();
          throw error;
        }
        [etcd, mirror] = [started, startedMirror];
        mirror.start();
        return Number(new URL(started.endpoint).port);
      }, log);
    } else {
      etcdUnavailable =
        `etcd not found (looked for "${options.etcdBinary ?? 'etcd'}"), so the cluster runs without its etcd endpoint; ` +
        `install it with: ${etcdInstallHint}`;
    }

    return {
      apiServerUrl,
      etcdEndpoint: etcdFront?.endpoint,
      etcdUnavailable,
      kubeconfigPath,
      etcdClient: {
        caCertificatePath: certificates.caCertificatePath,
        certificatePath: certificates.etcdClient.certificatePath,
        keyPath: certificates.etcdClient.keyPath,
      },
      nodeNames: store
        .all()
        .filter((object) => object.kind === 'Node')
        .map((node) => node.metadata.name),
      dataDir,
      auditLogPath,
      upsertNode: (node) => runtime.upsertNode(node),
      removeNode: (name) => runtime.removeNode(name),
      setServerVersion: (version) => runtime.setServerVersion(version),
      serverVersion: () => runtime.serverVersion(),
      nodes: () => runtime.nodes(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The explicit spec wins; aks-engine's output fills in the rest. */
function clusterShape(options: StandInClusterOptions): ClusterShape {
  const facts = readGeneratedModelFacts(options.outputDir);
  const dnsPrefix = options.dnsPrefix ?? facts.dnsPrefix ?? path.basename(path.resolve(options.outputDir));
  return {
    dnsPrefix,
    location:
      options.location ?? facts.location ?? locationFromKubeconfigNames(generatedKubeconfigNames(options.outputDir)) ?? defaultLocation,
    kubernetesVersion: (options.kubernetesVersion ?? facts.kubernetesVersion ?? defaultKubernetesVersion).replace(/^v/, ''),
    clusterId: options.nameSuffix ?? facts.clusterId ?? fallbackClusterId(dnsPrefix),
    masters: { count: options.masters, vmSize: facts.masterVmSize },
    agentPools: options.agentPools.map((pool) => ({ ...facts.agentPools.get(pool.name), ...definedFields(pool) })),
  };
}

function checkCounts(options: StandInClusterOptions): void {
  if (!Number.isInteger(options.masters) || options.masters < 1)
    throw new Error(`masters must be a positive whole number, not ${options.masters}`);
  for (const pool of options.agentPools) {
    if (!pool.name) throw new Error('every agent pool needs a name');
    if (!Number.isInteger(pool.count) || pool.count < 1)
      throw new Error(`agent pool ${pool.name}: count must be a positive whole number, not ${pool.count}`);
  }
}

function definedFields<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
