// A local Azure for the simulator's day-2 commands: the Azure emulator with its hooks wired to stand-in clusters
// as the local stack wires them (a deployment of aks-engine's template brings the cluster up, its nodes follow the
// group's VMs), a cluster deployed with `aks-engine deploy`, and ways to read both sides.
import { request as httpsRequest } from 'node:https';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startAzureEmulator, type AzureEmulator } from '../../../local/azure';
import { StandInClusters } from '../../../local/stack/stand-in-clusters';
import { runAksEngine, scratchDir, writeJson, type AksEngineRun } from '../../support/aks-engine';
import { deploymentsClient } from '../../support/azure-emulator';
import { eventually } from '../../support/process';
import { cosmosModel, variant, type Model } from './models';

export const SUBSCRIPTION = '22222222-2222-2222-2222-222222222222';
export const CLIENT_ID = '11111111-1111-1111-1111-111111111111';
const SECRET = 'day2-client-secret';
export const authFlags = ['--subscription-id', SUBSCRIPTION, '--client-id', CLIENT_ID, '--client-secret', SECRET];

type State = Record<string, any>;

export interface DayTwoEnv {
  emulator: AzureEmulator;
  clusters: StandInClusters;
  /** The working folder the simulator runs in (deployment folders are relative to it). */
  workDir: string;
  /** Runs the simulator in the work folder against the emulator. */
  aks(args: string[]): Promise<AksEngineRun>;
  /** `aks-engine deploy` of a 1.11.8 cosmosEtcd cluster with one pool (AvailabilitySet unless said), into resource group `name`. */
  deployCluster(
    name: string,
    agents: number,
    availabilityProfile?: 'AvailabilitySet' | 'VirtualMachineScaleSets',
  ): Promise<DeployedCluster>;
  state(): State;
  close(): Promise<void>;
}

export interface DeployedCluster {
  resourceGroup: string;
  /** _output/<dnsPrefix>, relative to the work folder. */
  deploymentDir: string;
  nameSuffix: string;
  /** host:port of the stand-in API server, as the deployment's masterFQDN output says. */
  masterFqdn: string;
  apiModel(): Model;
  /** Virtual machines of the group: name -> tags and vmId (a VM made again gets a new vmId). */
  vms(): Map<string, { tags: Record<string, string>; vmId: string }>;
  /** How many times each VM of the group was deleted (the emulator's Compute operations). */
  vmDeletions(): Map<string, number>;
  /** The group's resources of a type (short name: virtualMachines, networkInterfaces, disks). */
  names(type: string): string[];
  nodes(): Array<{ name: string; kubeletVersion: string; ready: boolean; unschedulable: boolean; role: string }>;
  serverVersion(): string;
  deployments(): State[];
  /** The newest deployment of the group as ARM returns it (parameters included). */
  lastDeployment(): Promise<{ name: string; parameters: Record<string, { value: unknown }> }>;
  /** An admin-certificate request to the stand-in API server. */
  kube(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

export async function startDayTwoEnv(): Promise<DayTwoEnv> {
  const work = scratchDir('aks-engine-day2-');
  const clusters = new StandInClusters(path.join(work.dir, 'clusters'), () => undefined, { nodeReadyDelayMs: 40 });
  const emulator = await startAzureEmulator({
    registeredProviders: ['Microsoft.Compute', 'Microsoft.Network', 'Microsoft.Storage', 'Microsoft.DocumentDB'],
    log: () => undefined,
    hooks: {
      deploymentStarted: (deployment) => clusters.onDeployment(deployment),
      resourceGroupDeleted: (resourceGroup) => clusters.onResourceGroupDeleted(resourceGroup),
      virtualMachinesChanged: (resourceGroup, vms) => clusters.onVirtualMachinesChanged(resourceGroup, vms),
    },
  });
  const env: NodeJS.ProcessEnv = {
    AKS_ENGINE_ARM_ENDPOINT: emulator.armEndpoint,
    AKS_ENGINE_GRAPH_ENDPOINT: emulator.graphEndpoint,
    AKS_ENGINE_CA_FILE: emulator.caFile,
    AKS_ENGINE_ARM_POLL_INTERVAL_MS: '10',
    HOME: work.dir,
  };
  const aks = async (args: string[]) => {
    const run = await runAksEngine(args, { cwd: work.dir, env, timeoutMs: 60_000 });
    // The service principal's password is given on the command line and must never be printed.
    if (`${run.stdout}${run.stderr}`.includes(SECRET)) throw new Error(`aks-engine ${args[0]} printed the client secret`);
    return run;
  };
  const state = (): State => emulator.admin.state();
  const deployments = deploymentsClient(emulator, SUBSCRIPTION);

  async function deployCluster(name: string, agents: number, availabilityProfile = 'AvailabilitySet'): Promise<DeployedCluster> {
    mkdirSync(path.join(work.dir, 'models'), { recursive: true });
    const model = variant((m) => {
      m.properties.orchestratorProfile.orchestratorVersion = '1.11.8';
      m.properties.agentPoolProfiles[0].count = agents;
      m.properties.agentPoolProfiles[0].availabilityProfile = availabilityProfile;
    }, cosmosModel(name));
    const modelFile = writeJson(path.join(work.dir, 'models', `${name}.json`), model);
    const run = await aks(['deploy', '--api-model', modelFile, '--location', 'centralus', '-g', name, ...authFlags]);
    if (run.code !== 0) throw new Error(`deploy failed:\n${run.stdout}\n${run.stderr}`);
    const deploymentDir = path.join('_output', name);
    const template = JSON.parse(readFileSync(path.join(work.dir, deploymentDir, 'azuredeploy.json'), 'utf8'));
    const group = (entry: State) =>
      String(entry.id ?? '')
        .toLowerCase()
        .includes(`/resourcegroups/${name}/`);
    const cluster = () => clusters.get(name)!;
    const masterFqdn = state().deployments.find((d: State) => d.resourceGroup === name).outputs.masterFQDN.value as string;
    const deployed: DeployedCluster = {
      resourceGroup: name,
      deploymentDir,
      nameSuffix: template.parameters.nameSuffix.defaultValue,
      masterFqdn,
      apiModel: () => JSON.parse(readFileSync(path.join(work.dir, deploymentDir, 'apimodel.json'), 'utf8')),
      vms: () =>
        new Map(
          state()
            .resources.filter((r: State) => group(r) && r.type === 'Microsoft.Compute/virtualMachines')
            .map((r: State) => [r.name, { tags: r.tags ?? {}, vmId: r.properties?.vmId }]),
        ),
      vmDeletions: () => {
        const counts = new Map<string, number>();
        for (const operation of Object.values(state().resourceOperations) as State[]) {
          const vm = new RegExp(`/resourcegroups/${name}/providers/microsoft\\.compute/virtualmachines/([^/]+)$`).exec(operation.targetKey);
          if (operation.kind === 'delete' && vm) counts.set(vm[1]!, (counts.get(vm[1]!) ?? 0) + 1);
        }
        return counts;
      },
      names: (type) =>
        state()
          .resources.filter((r: State) => group(r) && r.type.endsWith(`/${type}`))
          .map((r: State) => r.name as string)
          .sort(),
      nodes: () => cluster().nodes() as ReturnType<DeployedCluster['nodes']>,
      serverVersion: () => cluster().serverVersion(),
      deployments: () => state().deployments.filter((d: State) => d.resourceGroup === name),
      lastDeployment: async () => {
        const all = [];
        for await (const deployment of deployments.deployments.listByResourceGroup(name)) all.push(deployment);
        const newest = all.sort((a, b) => (a.properties?.timestamp?.getTime() ?? 0) - (b.properties?.timestamp?.getTime() ?? 0)).at(-1)!;
        return { name: newest.name!, parameters: newest.properties?.parameters as Record<string, { value: unknown }> };
      },
      kube: (method, relative, body) => kubeRequest(path.join(work.dir, deploymentDir), masterFqdn, method, relative, body),
    };
    await eventually(async () => (deployed.nodes().length === 1 + agents && deployed.nodes().every((n) => n.ready) ? true : undefined));
    return deployed;
  }

  return {
    emulator,
    clusters,
    workDir: work.dir,
    aks,
    deployCluster,
    state,
    close: async () => {
      await emulator.close();
      await clusters.stopAll();
      work.remove();
    },
  };
}

/** A request with the cluster admin's client certificate (kubectlClient.crt), trusting the cluster CA. */
function kubeRequest(outputDir: string, hostPort: string, method: string, relative: string, body?: unknown) {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const request = httpsRequest(
      `https://${hostPort}${relative}`,
      {
        method,
        ca: readFileSync(path.join(outputDir, 'ca.crt')),
        cert: readFileSync(path.join(outputDir, 'kubectlClient.crt')),
        key: readFileSync(path.join(outputDir, 'kubectlClient.key')),
        headers: { accept: 'application/json', ...(text ? { 'content-type': 'application/json' } : {}) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, body: raw ? JSON.parse(raw) : undefined });
        });
      },
    );
    request.on('error', reject);
    request.end(text);
  });
}

/** The entry logger's lines (stderr) with the time stamp and the scale command's source field left out. */
export function entryMessages(run: AksEngineRun): string[] {
  return run.stderr
    .split('\n')
    .map((line) => /^time="[^"]+" level=(\w+) msg=(".*?(?<!\\)"|\S+)/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => `${match[1]}: ${match[2]!.startsWith('"') ? (JSON.parse(match[2]!) as string) : match[2]}`);
}
