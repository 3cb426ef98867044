// `aks-engine scale` (cmd/scale.go at v0.32.3): validate the flags, sign in, load <deployment-dir>/apimodel.json,
// find the pool's VMs. Scale up deploys the template of that pool alone with the count and the offset after the
// highest index in use (so existing VMs are left alone and a re-run deploys only what is missing); scale down
// drains the highest-numbered nodes through the API server and deletes their VMs, NICs and disks. Either way
// apimodel.json gets the new count; a pool already at the count is left as it is.
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AgentPoolProfile, ContainerService } from './apimodel/types';
import { resolveApiServerUrl } from './api-server-address';
import { deployTemplate, DeployTemplateError } from './arm-deployment';
import { ensureResourceGroup, getClient, validateAuthArgs, type AuthOptions } from './auth-args';
import { normalizeAzureRegion } from './azure-locations';
import type { AzureClients } from './azure-clients';
import { applyUpdateDefaults, loadDeployedModel, saveApiModel, templateMaps } from './cluster-template';
import { CommandError } from './command-error';
import { ComputeClient, type VirtualMachine } from './compute-client';
import { isVmss } from './defaults/properties';
import { cleanDeleteVirtualMachine } from './delete-vm';
import { safelyDrainNode } from './drain';
import { newEntryLogger, type EntryLogger } from './entry-log';
import { goErrorText } from './go-errors';
import { KubeClient } from './kube-client';
import { generateKubeConfig } from './kubeconfig';
import { fatal, goPanic, log } from './log';
import { isKnownAzureEnvironment, readSettings, type SimulatorSettings } from './settings';
import { simulatedDelay, simulatedInterval } from './sim-delay';
import { normalizeForK8sVmasScalingUp } from './template-transforms';
import { loadTranslations } from './translations';
import { k8sLinuxVmNameParts } from './vm-names';

export interface ScaleOptions extends AuthOptions {
  resourceGroup: string;
  location: string;
  deploymentDirectory: string;
  newNodeCount: number;
  nodePool: string;
  masterFqdn: string;
  printUsage: () => void;
}

/** What load() finds: the clients, the model, the pool and the cluster's name suffix. */
interface Loaded {
  clients: AzureClients;
  compute: ComputeClient;
  subscriptionId: string;
  location: string;
  apiModelPath: string;
  model: ContainerService;
  pool: AgentPoolProfile;
  poolIndex: number;
  nameSuffix: string;
}

const DRAIN_TIMEOUT_MS = 60 * 60_000;

export async function runScale(o: ScaleOptions): Promise<void> {
  const settings = readSettings(isKnownAzureEnvironment(o.azureEnv) ? o.azureEnv : undefined);
  const started = Date.now();
  const logger = newEntryLogger({ source: 'scaling command line' });
  const location = validate(o);
  let loaded: Loaded;
  try {
    loaded = await load(o, location, settings);
  } catch (error) {
    if (error instanceof CommandError) throw new CommandError(`failed to load existing container service: ${error.message}`);
    throw error;
  }
  await run(o, loaded, settings, logger, started + settings.armTimeoutMs);
}

/** scaleCmd.validate: the required flags, each missing one after the usage. */
function validate(o: ScaleOptions): string {
  log.info('validating...');
  const failed = (message: string, usage = true): never => {
    if (usage) o.printUsage();
    throw new CommandError(`failed to validate scale command: ${message}`);
  };
  try {
    loadTranslations();
  } catch (error) {
    failed(`error loading translation files: ${goErrorText(error)}`, false);
  }
  if (!o.resourceGroup) failed('--resource-group must be specified');
  if (!o.location) failed('--location must be specified');
  const location = normalizeAzureRegion(o.location);
  if (o.newNodeCount === 0) failed('--new-node-count must be specified');
  if (!o.deploymentDirectory) failed('--deployment-dir must be specified');
  return location;
}

/** scaleCmd.load; every error is wrapped as "failed to load existing container service: ...". */
async function load(o: ScaleOptions, location: string, settings: SimulatorSettings): Promise<Loaded> {
  const fail = (message: string): never => {
    throw new CommandError(message);
  };
  let auth: { subscriptionId: string } = { subscriptionId: '' };
  try {
    auth = validateAuthArgs(o);
  } catch (error) {
    fail((error as Error).message);
  }
  await simulatedDelay(settings, 2000);
  let clients: AzureClients | undefined;
  try {
    clients = await getClient(o, auth.subscriptionId, settings);
  } catch (error) {
    fail(`failed to get client: ${goErrorText(error)}`);
  }
  try {
    await ensureResourceGroup(clients!, o.resourceGroup, location);
  } catch (error) {
    fail((error as Error).message);
  }
  const apiModelPath = path.join(o.deploymentDirectory, 'apimodel.json');
  if (!existsSync(apiModelPath)) fail(`specified api model does not exist (${apiModelPath})`);
  let model: ContainerService | undefined;
  try {
    model = loadDeployedModel(apiModelPath, true);
  } catch (error) {
    fail(`error parsing the api model: ${goErrorText(error)}`);
  }
  if (!model!.location) model!.location = location;
  else if (model!.location !== location) fail('--location does not match api model location');

  const pools = model!.properties!.agentPoolProfiles ?? [];
  let poolIndex: number;
  if (!o.nodePool) {
    if (pools.length > 1) fail('--node-pool is required if more than one agent pool is defined in the container service');
    if (pools.length === 0) fail('No node pools found to scale');
    poolIndex = 0;
  } else {
    poolIndex = pools.findIndex((pool) => pool?.name === o.nodePool);
    if (poolIndex === -1) fail(`node pool ${o.nodePool} was not found in the deployed api model`);
  }

  // Read without error checks in aks-engine: a missing or odd template ends in a type assertion panic.
  const templatePath = path.join(o.deploymentDirectory, 'azuredeploy.json');
  let nameSuffix: unknown;
  try {
    nameSuffix = (JSON.parse(readFileSync(templatePath, 'utf8')) as { parameters?: { nameSuffix?: { defaultValue?: unknown } } }).parameters
      ?.nameSuffix?.defaultValue;
  } catch {
    nameSuffix = undefined;
  }
  if (typeof nameSuffix !== 'string') {
    goPanic('github.com/Azure/aks-engine/cmd.(*scaleCmd).load', 'interface conversion: interface {} is nil, not map[string]interface {}');
  }
  log.info(`Name suffix: ${nameSuffix}`);
  return {
    clients: clients!,
    compute: new ComputeClient(clients!.resources, settings, auth.subscriptionId),
    subscriptionId: auth.subscriptionId,
    location,
    apiModelPath,
    model: model!,
    pool: pools[poolIndex]!,
    poolIndex,
    nameSuffix,
  };
}

/** scaleCmd.vmInAgentPool: by the poolName and resourceNameSuffix tags, else by the name. */
function vmInAgentPool(name: string, tags: Record<string, string> | undefined, pool: string, nameSuffix: string): boolean {
  if (tags && tags.poolName !== undefined && tags.resourceNameSuffix !== undefined) {
    if (tags.poolName.toLowerCase() === pool.toLowerCase() && nameSuffix.includes(tags.resourceNameSuffix)) return true;
  }
  return name.includes(nameSuffix.slice(0, 5)) && name.includes(pool);
}

async function run(o: ScaleOptions, c: Loaded, settings: SimulatorSettings, logger: EntryLogger, deadline: number): Promise<void> {
  const desired = o.newNodeCount;
  let currentNodeCount = 0;
  let highestUsedIndex = 0;
  if (!isVmss(c.pool)) {
    let vms: VirtualMachine[];
    try {
      vms = await c.compute.listVirtualMachines(o.resourceGroup);
    } catch {
      // aks-engine's pager ignores an error on the first page and finds no VMs (then indexes[-1] below panics).
      vms = [];
    }
    const indexToVm = new Map<number, string>();
    const indexes: number[] = [];
    for (const vm of vms) {
      if (!vmInAgentPool(vm.name, vm.tags, c.pool.name!, c.nameSuffix)) continue;
      let index: number;
      try {
        index = k8sLinuxVmNameParts(vm.name).index;
      } catch (error) {
        throw new CommandError((error as Error).message);
      }
      indexToVm.set(index, vm.name);
      indexes.push(index);
    }
    indexes.sort((a, b) => a - b);
    currentNodeCount = indexes.length;
    if (currentNodeCount === desired) {
      log.info('Cluster is currently at the desired agent count.');
      return;
    }
    if (indexes.length === 0) goPanic('github.com/Azure/aks-engine/cmd.(*scaleCmd).run', 'runtime error: index out of range');
    highestUsedIndex = indexes.at(-1)!;

    if (currentNodeCount > desired) {
      if (!o.masterFqdn) {
        o.printUsage();
        throw new CommandError("master-FQDN is required to scale down a kubernetes cluster's agent pool");
      }
      const vmsToDelete: string[] = [];
      for (let i = currentNodeCount - 1; i >= desired; i--) vmsToDelete.push(indexToVm.get(indexes[i]!)!);
      const kubeconfig = generateKubeConfig(c.model.properties!, c.location);
      await drainNodes(o, c, settings, logger, kubeconfig, vmsToDelete);
      await scaleDownVms(c, logger, o.resourceGroup, vmsToDelete);
      return saveScaledModel(o, c);
    }
  } else {
    let scaleSets;
    try {
      scaleSets = await c.compute.listVirtualMachineScaleSets(o.resourceGroup);
    } catch (error) {
      throw new CommandError(`failed to get VMSS list in the resource group: ${(error as Error).message}`);
    }
    for (const scaleSet of scaleSets) {
      if (!vmInAgentPool(scaleSet.name, scaleSet.tags, c.pool.name!, c.nameSuffix)) continue;
      currentNodeCount = scaleSet.sku.capacity;
      highestUsedIndex = 0;
    }
  }

  // The template of the masters and this pool only, with the count (and, for availability sets, the offset) set.
  c.model.properties!.agentPoolProfiles = [c.pool];
  try {
    await applyUpdateDefaults(c.model, settings.pkiKeyBits);
  } catch (error) {
    fatal(`error in SetPropertiesDefaults template ${c.apiModelPath}: ${goErrorText(error)}`);
  }
  let maps;
  try {
    maps = templateMaps(c.model);
  } catch (error) {
    throw new CommandError(`error generating template ${c.apiModelPath}: ${goErrorText(error)}`);
  }
  // Holes in the index range are filled by the copy loop too, so the count covers them.
  let countForTemplate = desired;
  if (highestUsedIndex !== 0) countForTemplate += highestUsedIndex + 1 - currentNodeCount;
  maps.parameters[`${c.pool.name}Count`] = { value: countForTemplate };
  try {
    normalizeForK8sVmasScalingUp(logger, maps.template);
  } catch (error) {
    throw new CommandError(`error tranforming the template for scaling template ${c.apiModelPath}: ${(error as Error).message}`);
  }
  if (!isVmss(c.pool)) maps.parameters[`${c.pool.name}Offset`] = { value: highestUsedIndex + 1 };

  const deploymentName = `${o.resourceGroup}-${randomInt(2 ** 31 - 1)}`;
  try {
    await deployTemplate(c.clients, settings, o.resourceGroup, deploymentName, maps.template, maps.parameters, deadline);
  } catch (error) {
    if (error instanceof DeployTemplateError) throw new CommandError(error.message);
    throw error;
  }
  saveScaledModel(o, c);
}

/** scaleCmd.drainNodes: every node at once; the first failure fails the scale. */
async function drainNodes(
  o: ScaleOptions,
  c: Loaded,
  settings: SimulatorSettings,
  logger: EntryLogger,
  kubeconfig: string,
  names: string[],
) {
  const masterUrl = await resolveApiServerUrl(
    o.masterFqdn.startsWith('https://') ? o.masterFqdn : `https://${o.masterFqdn}`,
    c.clients,
    o.resourceGroup,
  );
  const client = new KubeClient(kubeconfig, masterUrl);
  const timing = {
    intervalMs: simulatedInterval(settings, 1000),
    waitTimeoutMs: DRAIN_TIMEOUT_MS,
    drainTimeoutMs: DRAIN_TIMEOUT_MS,
    tooManyRequestsRetryMs: simulatedInterval(settings, 5000),
  };
  const failures: Array<{ name: string; error: Error }> = [];
  await Promise.all(
    names.map(async (name) => {
      try {
        await safelyDrainNode(client, logger, name, timing);
      } catch (error) {
        log.error(`Failed to drain node ${name}, got error ${(error as Error).message}`);
        failures.push({ name, error: error as Error });
      }
    }),
  );
  const first = failures[0];
  if (first) {
    throw new CommandError(
      'Got error while draining the nodes to be deleted: ' +
        `Node ${JSON.stringify(first.name)} failed to drain with error: ${first.error.message}`,
    );
  }
}

/** operations.ScaleDownVMs: every VM at once; the failures chained into one error. */
async function scaleDownVms(c: Loaded, logger: EntryLogger, resourceGroup: string, names: string[]): Promise<void> {
  const failures: Array<{ name: string; error: Error }> = [];
  await Promise.all(
    names.map(async (name) => {
      try {
        await cleanDeleteVirtualMachine(c.compute, c.clients, logger, c.subscriptionId, resourceGroup, name);
      } catch (error) {
        failures.push({ name, error: error as Error });
        logger.error(`Vm '${name}' failed to delete with error: '${(error as Error).message}'`);
      }
    }),
  );
  if (failures.length === 0) return;
  // errors.Wrapf puts each further failure in front of the ones before it.
  const message = failures.reduce(
    (text, { name, error }) => `Node '${name}' failed to delete with error: '${error.message}'${text ? `: ${text}` : ''}`,
    '',
  );
  throw new CommandError(message);
}

/** scaleCmd.saveAPIModel: the file as it was (not the defaulted model), with the pool's new count. */
function saveScaledModel(o: ScaleOptions, c: Loaded): void {
  let model: ContainerService;
  try {
    model = loadDeployedModel(c.apiModelPath, false);
  } catch (error) {
    throw new CommandError(goErrorText(error));
  }
  model.properties!.agentPoolProfiles![c.poolIndex]!.count = o.newNodeCount;
  try {
    saveApiModel(o.deploymentDirectory, model);
  } catch (error) {
    throw new CommandError(goErrorText(error));
  }
}
