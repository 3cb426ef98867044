// Brings up a stand-in cluster on loopback for each ARM deployment of an aks-engine template, using the
// certificates the deployment carries in its parameters (as the real VMs receive them), and points the
// deployment's outputs at it. Stops the stand-in when its resource group is deleted.
import fs from 'node:fs';
import path from 'node:path';
import { startStandInCluster, type StandInCluster } from '../cluster';

type ParameterValues = Record<string, { value?: unknown } | undefined>;

export interface DeploymentStart {
  resourceGroup: string;
  deploymentName: string;
  parameters: ParameterValues;
}

const certificateFiles: Record<string, string> = {
  'ca.crt': 'caCertificate',
  'apiserver.crt': 'apiServerCertificate',
  'apiserver.key': 'apiServerPrivateKey',
  'etcdserver.crt': 'etcdServerCertificate',
  'etcdserver.key': 'etcdServerPrivateKey',
  'etcdclient.crt': 'etcdClientCertificate',
  'etcdclient.key': 'etcdClientPrivateKey',
};

function text(parameters: ParameterValues, name: string): string | undefined {
  const value = parameters[name]?.value;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function integer(parameters: ParameterValues, name: string): number | undefined {
  const value = parameters[name]?.value;
  return typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
}

export class StandInClusters {
  private readonly running = new Map<string, StandInCluster>();
  private readonly starting = new Map<string, Promise<Record<string, string> | undefined>>();

  constructor(
    private readonly dataDir: string,
    private readonly log: (message: string) => void,
  ) {}

  /** Called when ARM accepts a deployment; returns the outputs that point at the stand-in. */
  onDeployment(start: DeploymentStart): Promise<Record<string, string> | undefined> {
    const key = start.resourceGroup.toLowerCase();
    const pending = this.starting.get(key);
    if (pending) return pending;
    const promise = this.start(key, start).finally(() => this.starting.delete(key));
    this.starting.set(key, promise);
    return promise;
  }

  private async start(key: string, start: DeploymentStart): Promise<Record<string, string> | undefined> {
    const { parameters } = start;
    if (!text(parameters, 'etcdClientCertificate') || !text(parameters, 'apiServerCertificate')) return undefined; // not an aks-engine template
    const existing = this.running.get(key);
    if (existing) return this.outputs(existing);
    const folder = path.join(this.dataDir, key);
    const certificates = path.join(folder, 'certificates');
    fs.mkdirSync(certificates, { recursive: true, mode: 0o700 });
    for (const [file, parameter] of Object.entries(certificateFiles)) {
      const value = text(parameters, parameter);
      if (value) fs.writeFileSync(path.join(certificates, file), Buffer.from(value, 'base64'), { mode: 0o600 });
    }
    const pools = Object.keys(parameters)
      .map((name) => /^(.+)Count$/.exec(name)?.[1])
      .filter((pool): pool is string => !!pool && pool !== 'master' && /^[a-z][a-z0-9]{0,11}$/.test(pool))
      .map((pool) => ({ name: pool, count: integer(parameters, `${pool}Count`) ?? 1 }));
    const cluster = await startStandInCluster({
      outputDir: certificates,
      masters: integer(parameters, 'masterCount') ?? 1,
      agentPools: pools.length > 0 ? pools : [{ name: 'agent', count: 1 }],
      dataDir: path.join(folder, 'data'),
      // Node names carry the template's suffix, as the VM names do.
      nameSuffix: text(parameters, 'nameSuffix'),
    });
    this.running.set(key, cluster);
    this.log(
      `stand-in cluster for ${start.resourceGroup}: API server ${cluster.apiServerUrl}, etcd ${cluster.etcdEndpoint ?? `unavailable (${cluster.etcdUnavailable})`}`,
    );
    return this.outputs(cluster);
  }

  private outputs(cluster: StandInCluster): Record<string, string> {
    const outputs: Record<string, string> = { apiServerUrl: cluster.apiServerUrl, masterFQDN: new URL(cluster.apiServerUrl).host };
    if (cluster.etcdEndpoint) outputs.etcdEndpoint = cluster.etcdEndpoint;
    return outputs;
  }

  /** Called when a resource group is deleted. */
  async onResourceGroupDeleted(resourceGroup: string): Promise<void> {
    const key = resourceGroup.toLowerCase();
    const cluster = this.running.get(key);
    this.running.delete(key);
    await cluster?.stop();
    fs.rmSync(path.join(this.dataDir, key), { recursive: true, force: true });
  }

  get count(): number {
    return this.running.size;
  }

  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.running.values()].map((cluster) => cluster.stop()));
    this.running.clear();
  }
}
