// Brings up a stand-in cluster on loopback for each ARM deployment of an aks-engine template, using the
// certificates the deployment carries in its parameters (as the real VMs receive them), and points the
// deployment's outputs at it. Its nodes follow the group's VMs (scale, upgrade); it stops when the group is deleted.
import fs from 'node:fs';
import path from 'node:path';
import { startStandInCluster, type NodeSpec, type StandInCluster } from '../cluster';

type ParameterValues = Record<string, { value?: unknown } | undefined>;

export interface DeploymentStart {
  resourceGroup: string;
  deploymentName: string;
  parameters: ParameterValues;
  /** The template as submitted: parameters the file leaves out (nameSuffix in aks-engine's) take its defaultValue. */
  template?: unknown;
}

/** The parameter values ARM evaluates with: those given, else the template's literal defaults. */
function effectiveParameters(start: DeploymentStart): ParameterValues {
  const declared = (start.template as { parameters?: Record<string, { defaultValue?: unknown }> } | undefined)?.parameters ?? {};
  const values: ParameterValues = {};
  for (const [name, declaration] of Object.entries(declared)) {
    const value = declaration?.defaultValue;
    // A default that is an expression ("[...]") needs the template's functions; none of those used here are.
    if (value !== undefined && !(typeof value === 'string' && value.startsWith('['))) values[name] = { value };
  }
  for (const [name, given] of Object.entries(start.parameters)) if (given?.value !== undefined) values[name] = given;
  return values;
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

/** A VM the emulator holds for a resource group: its name, its tags, and the pool it belongs to when known. */
export interface VirtualMachineInfo {
  name: string;
  tags: Record<string, string>;
  poolName?: string;
}

export interface StandInClustersOptions {
  /** How long a node that joins reports NotReady before Ready (see StandInClusterOptions). Default 1000 ms. */
  nodeReadyDelayMs?: number;
}

export class StandInClusters {
  private readonly running = new Map<string, StandInCluster>();
  private readonly starting = new Map<string, Promise<Record<string, string> | undefined>>();
  /** masterEndpointDNSNamePrefix -> resource group, for the clusters' public names. */
  private readonly dnsPrefixes = new Map<string, string>();

  constructor(
    private readonly dataDir: string,
    private readonly log: (message: string) => void,
    private readonly options: StandInClustersOptions = {},
  ) {}

  /** The API server address (host:port) of the cluster whose public name is <dnsPrefix>.<location>.cloudapp.azure.com. */
  apiServerFor(publicName: string): string | undefined {
    const prefix = /^([a-z0-9-]+)\.[a-z0-9]+\.cloudapp\.azure\.com$/.exec(publicName.toLowerCase())?.[1];
    const group = prefix === undefined ? undefined : this.dnsPrefixes.get(prefix);
    const cluster = group === undefined ? undefined : this.running.get(group);
    return cluster ? new URL(cluster.apiServerUrl).host : undefined;
  }

  /** The stand-in of a resource group, if one runs. */
  get(resourceGroup: string): StandInCluster | undefined {
    return this.running.get(resourceGroup.toLowerCase());
  }

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
    const parameters = effectiveParameters(start);
    // Not an aks-engine template.
    if (!text(parameters, 'etcdClientCertificate') || !text(parameters, 'apiServerCertificate')) return undefined;
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
      nodeReadyDelayMs: this.options.nodeReadyDelayMs,
      log: (line) => this.log(`stand-in cluster for ${start.resourceGroup}: ${line}`),
    });
    this.running.set(key, cluster);
    const dnsPrefix = text(parameters, 'masterEndpointDNSNamePrefix');
    if (dnsPrefix) this.dnsPrefixes.set(dnsPrefix.toLowerCase(), key);
    const etcd = cluster.etcdEndpoint ?? `unavailable (${cluster.etcdUnavailable})`;
    this.log(`stand-in cluster for ${start.resourceGroup}: API server ${cluster.apiServerUrl}, etcd ${etcd}`);
    return this.outputs(cluster);
  }

  private outputs(cluster: StandInCluster): Record<string, string> {
    const outputs: Record<string, string> = { apiServerUrl: cluster.apiServerUrl, masterFQDN: new URL(cluster.apiServerUrl).host };
    if (cluster.etcdEndpoint) outputs.etcdEndpoint = cluster.etcdEndpoint;
    return outputs;
  }

  /**
   * Called with the VMs a resource group holds whenever they change: nodes join for new VMs (NotReady, then
   * Ready), leave with their VMs, and report the kubelet version of their VM's orchestrator tag; the API
   * server reports the masters' version. A group without a running stand-in is ignored.
   */
  async onVirtualMachinesChanged(resourceGroup: string, vms: VirtualMachineInfo[]): Promise<void> {
    const key = resourceGroup.toLowerCase();
    await this.starting.get(key)?.catch(() => undefined);
    const cluster = this.running.get(key);
    if (!cluster) return;
    const wanted = nodesForVirtualMachines(vms, cluster.serverVersion());
    const names = new Set(wanted.nodes.map((node) => node.name));
    for (const node of cluster.nodes()) if (!names.has(node.name)) cluster.removeNode(node.name);
    for (const node of wanted.nodes) cluster.upsertNode(node);
    if (wanted.serverVersion) cluster.setServerVersion(wanted.serverVersion);
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

/**
 * The nodes the VMs of an aks-engine cluster register as: an availability-set VM's node has the VM's name; a
 * scale-set instance (<scale set>_<instance id>) the scale set's name plus the instance id in base 36, six
 * characters, lower case (Azure's computer name). The kubelet version comes from the VM's
 * `orchestrator: Kubernetes:x.y.z` tag; the server version is the newest master's. VMs that are not nodes
 * (neither tagged for Kubernetes nor named k8s-...) are left out.
 */
export function nodesForVirtualMachines(vms: VirtualMachineInfo[], fallbackVersion: string): { nodes: NodeSpec[]; serverVersion?: string } {
  const nodes: NodeSpec[] = [];
  for (const vm of vms) {
    const tags = Object.fromEntries(Object.entries(vm.tags ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
    const tagged = /^Kubernetes:(.+)$/i.exec(tags.orchestrator ?? '')?.[1]?.trim();
    if (!tagged && !/^k8s-/i.test(vm.name)) continue;
    const name = nodeName(vm.name);
    const pool = vm.poolName ?? tags.poolname ?? /^k8s-([a-z0-9]+)-/i.exec(name)?.[1];
    const role = pool?.toLowerCase() === 'master' || /^k8s-master-/i.test(name) ? 'master' : 'agent';
    nodes.push({
      name,
      role,
      ...(role === 'agent' && pool ? { pool } : {}),
      kubeletVersion: (tagged ?? fallbackVersion).replace(/^v/, ''),
    });
  }
  const masterVersions = nodes.filter((node) => node.role === 'master').map((node) => node.kubeletVersion);
  const serverVersion = masterVersions.sort(compareVersions).at(-1);
  return serverVersion ? { nodes, serverVersion } : { nodes };
}

function nodeName(vmName: string): string {
  const instance = /^(.+-vmss)_(\d+)$/i.exec(vmName);
  if (!instance) return vmName.toLowerCase();
  return `${instance[1]}${Number(instance[2]).toString(36).padStart(6, '0')}`.toLowerCase();
}

function compareVersions(a: string, b: string): number {
  const parts = (version: string) => version.split(/[.-]/).map((part) => Number(part) || 0);
  const [left, right] = [parts(a), parts(b)];
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
