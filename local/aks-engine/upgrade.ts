// `aks-engine upgrade` (cmd/upgrade.go at v0.32.3): validate the flags, sign in, load <deployment-dir>/apimodel.json
// and the name suffix of azuredeploy.json, refuse a version get-versions does not list as an upgrade of the current
// one (unless --force), find which VMs run another version, upgrade them (masters first), then write apimodel.json
// with the new orchestratorVersion. Every failure is one FATA line (log.Fatalf), exit code 1.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ContainerService } from './apimodel/types';
import { hasWindows } from './apimodel/validate';
import { resolveApiServerUrl } from './api-server-address';
import { ensureResourceGroup, getClient, validateAuthArgs, type AuthOptions } from './auth-args';
import { normalizeAzureRegion } from './azure-locations';
import type { AzureClients } from './azure-clients';
import { loadDeployedModel, saveApiModel } from './cluster-template';
import { CommandError } from './command-error';
import { ComputeClient } from './compute-client';
import { newEntryLogger } from './entry-log';
import { goErrorText } from './go-errors';
import { KubeClient } from './kube-client';
import { generateKubeConfig } from './kubeconfig';
import { fatal, log } from './log';
import { isKnownAzureEnvironment, readSettings, type SimulatorSettings } from './settings';
import { simulatedDelay } from './sim-delay';
import { loadTranslations } from './translations';
import { runUpgrade as runUpgrader } from './upgrader';
import type { UpgradeContext } from './upgrade-nodes';
import { clusterNodeStatus, kubernetesUpgradesOf, MASTER_POOL_NAME, type ClusterTopology } from './upgrade-topology';

export interface UpgradeOptions extends AuthOptions {
  resourceGroup: string;
  location: string;
  deploymentDirectory: string;
  upgradeVersion: string;
  vmTimeoutMinutes: number;
  force: boolean;
  printUsage: () => void;
}

/** defaultTimeout of the upgrader: how long each node may take to come back Ready. */
const DEFAULT_STEP_TIMEOUT_MS = 20 * 60_000;

interface Loaded {
  clients: AzureClients;
  subscriptionId: string;
  model: ContainerService;
  nameSuffix: string;
  agentPoolsToUpgrade: Record<string, boolean>;
}

export async function runUpgrade(o: UpgradeOptions): Promise<void> {
  const settings = readSettings(isKnownAzureEnvironment(o.azureEnv) ? o.azureEnv : undefined);
  const started = Date.now();
  const { location, stepTimeoutMs } = validate(o);
  let loaded: Loaded;
  try {
    loaded = await loadCluster(o, location, settings);
  } catch (error) {
    if (error instanceof CommandError) fatal(`Error loading existing cluster: ${error.message}`);
    throw error;
  }
  const { clients, subscriptionId, model } = loaded;
  const logger = newEntryLogger();
  let kubeconfig: string;
  try {
    kubeconfig = generateKubeConfig(model.properties!, location);
  } catch (error) {
    fatal(`Failed to generate kubeconfig: ${goErrorText(error)}`);
  }
  const addresses = new Map<string, Promise<string>>();
  const context: UpgradeContext = {
    clients,
    compute: new ComputeClient(clients.resources, settings, subscriptionId),
    settings,
    logger,
    subscriptionId,
    resourceGroup: o.resourceGroup,
    model,
    kubeconfig,
    stepTimeoutMs,
    armDeadline: started + settings.armTimeoutMs,
    kubeClient: async (masterUrl) => {
      const given = masterUrl && !/^https?:\/\//.test(masterUrl) ? `https://${masterUrl}` : masterUrl;
      const url = given || new KubeClient(kubeconfig).server;
      if (!addresses.has(url)) addresses.set(url, resolveApiServerUrl(url, clients, o.resourceGroup));
      return new KubeClient(kubeconfig, await addresses.get(url)!);
    },
  };
  const topology: ClusterTopology = {
    model,
    subscriptionId,
    resourceGroup: o.resourceGroup,
    nameSuffix: loaded.nameSuffix,
    agentPoolsToUpgrade: loaded.agentPoolsToUpgrade,
    agentPools: new Map(),
    scaleSetsToUpgrade: [],
    masterVms: [],
    upgradedMasterVms: [],
  };
  const goal = model.properties!.orchestratorProfile!.orchestratorVersion!;
  try {
    try {
      await clusterNodeStatus(topology, context.compute, await context.kubeClient(''), logger, o.force);
    } catch (error) {
      throw new Error(`Error while querying ARM for resources: ${(error as Error).message}`, { cause: error });
    }
    logger.info(`Upgrading to Kubernetes version ${goal}`);
    await runUpgrader(context, topology);
    logger.info(`Cluster upgraded successfully to Kubernetes version ${goal}`);
  } catch (error) {
    fatal(`Error upgrading cluster: ${goErrorText(error)}\n`);
  }
  // The model, defaulted for the new version, becomes the cluster's apimodel.json.
  try {
    saveApiModel(o.deploymentDirectory, model);
  } catch (error) {
    throw new CommandError(goErrorText(error));
  }
}

/** upgradeCmd.validate: a missing flag prints the usage, then "Error validating upgrade command: ...". */
function validate(o: UpgradeOptions): { location: string; stepTimeoutMs: number } {
  const failed = (message: string, usage = true): never => {
    if (usage) o.printUsage();
    fatal(`Error validating upgrade command: ${message}`);
  };
  try {
    loadTranslations();
  } catch (error) {
    failed(`error loading translation files: ${goErrorText(error)}`, false);
  }
  if (!o.resourceGroup) failed('--resource-group must be specified');
  if (!o.location) failed('--location must be specified');
  const location = normalizeAzureRegion(o.location);
  const stepTimeoutMs = o.vmTimeoutMinutes !== -1 ? o.vmTimeoutMinutes * 60_000 : DEFAULT_STEP_TIMEOUT_MS;
  if (!o.upgradeVersion) failed('--upgrade-version must be specified');
  if (!o.deploymentDirectory) failed('--deployment-dir must be specified');
  return { location, stepTimeoutMs };
}

/** upgradeCmd.loadCluster and initializeFromLocalState; errors as CommandError texts. */
async function loadCluster(o: UpgradeOptions, location: string, settings: SimulatorSettings): Promise<Loaded> {
  const fail = (message: string): never => {
    throw new CommandError(message);
  };
  let subscriptionId = '';
  try {
    subscriptionId = validateAuthArgs(o).subscriptionId;
  } catch (error) {
    fail((error as Error).message);
  }
  await simulatedDelay(settings, 2000);
  let clients: AzureClients | undefined;
  try {
    clients = await getClient(o, subscriptionId, settings);
  } catch (error) {
    fail(`failed to get client: ${goErrorText(error)}`);
  }
  try {
    await ensureResourceGroup(clients!, o.resourceGroup, location);
  } catch (error) {
    fail(`error ensuring resource group: ${(error as Error).message}`);
  }
  const apiModelPath = path.join(o.deploymentDirectory, 'apimodel.json');
  if (!existsSync(apiModelPath)) fail(`specified api model does not exist (${apiModelPath})`);
  let model: ContainerService | undefined;
  try {
    model = loadDeployedModel(apiModelPath, true);
  } catch (error) {
    fail(`error parsing the api model: ${goErrorText(error)}`);
  }
  const templatePath = path.join(o.deploymentDirectory, 'azuredeploy.json');
  let templateText = '';
  try {
    templateText = readFileSync(templatePath, 'utf8');
  } catch {
    fail(`error reading ARM file: open ${templatePath}: no such file or directory`);
  }

  // initializeFromLocalState
  const invalid = (message: string): never => fail(`error validating the api model: ${message}`);
  const m = model!;
  if (!m.location) m.location = location;
  else if (m.location !== location) invalid('--location does not match api model location');
  const orchestrator = m.properties!.orchestratorProfile!;
  const current = orchestrator.orchestratorVersion ?? '';
  if (!o.force) {
    let upgrades: string[] = [];
    try {
      upgrades = kubernetesUpgradesOf(current, hasWindows(m.properties!));
    } catch (error) {
      invalid(
        'Invalid upgrade target version. Consider using --force if you really want to proceed: ' +
          `error getting list of available upgrades: ${(error as Error).message}`,
      );
    }
    if (!upgrades.includes(o.upgradeVersion)) {
      invalid(
        'Invalid upgrade target version. Consider using --force if you really want to proceed: ' +
          `upgrading from Kubernetes version ${current} to version ${o.upgradeVersion} is not supported. ` +
          `To see a list of available upgrades, use 'aks-engine get-versions --version ${current}'`,
      );
    }
  }
  orchestrator.orchestratorVersion = o.upgradeVersion;
  const nameSuffix = readNameSuffix(templateText, templatePath, invalid);
  log.info(`Upgrading cluster with name suffix: ${nameSuffix}`);
  const agentPoolsToUpgrade: Record<string, boolean> = { [MASTER_POOL_NAME]: true };
  for (const pool of m.properties!.agentPoolProfiles ?? []) if (pool?.name) agentPoolsToUpgrade[pool.name] = true;
  return { clients: clients!, subscriptionId, model: m, nameSuffix, agentPoolsToUpgrade };
}

/** readNameSuffixFromARMTemplate: parameters.nameSuffix.defaultValue, each step checked. */
function readNameSuffix(text: string, templatePath: string, invalid: (message: string) => never): string {
  const failed = (message: string): never => invalid(`Failed to read nameSuffix from ${templatePath}: ${message}`);
  let template: unknown;
  try {
    template = JSON.parse(text);
  } catch (error) {
    failed(goErrorText(error));
  }
  const parameters = (template as { parameters?: unknown } | null)?.parameters;
  const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
  if (!isMap(parameters)) failed('error asserting data from key "parameters" in file "azuredeploy.json"');
  const nameSuffix = (parameters as Record<string, unknown>).nameSuffix;
  if (!isMap(nameSuffix)) failed('error asserting data from key "parameters.nameSuffix" in file "azuredeploy.json"');
  const value = (nameSuffix as Record<string, unknown>).defaultValue;
  if (typeof value !== 'string') failed('error asserting data from key "parameters.nameSuffix.defaultValue" in file "azuredeploy.json"');
  return value as string;
}
