// UpgradeCluster.getClusterNodeStatus (pkg/operations/kubernetesupgrade/upgradecluster.go): which masters, agent
// VMs and scale set instances of the cluster run another version than the goal (from each VM's `orchestrator`
// tag, or its node's kubelet version) and which already run it, so that a second run upgrades no node twice.
import type { ContainerService } from './apimodel/types';
import type { ComputeClient, ScaleSet, VirtualMachine } from './compute-client';
import type { EntryLogger } from './entry-log';
import type { KubeClient } from './kube-client';
import { kubernetesUpgradeVersions, supportedKubernetesVersions } from './kubernetes-versions';
import { hasWindows } from './apimodel/validate';
import { k8sLinuxVmNameParts } from './vm-names';

export const MASTER_VM_NAME_PREFIX = 'k8s-master-';
export const MASTER_POOL_NAME = 'master';

export interface AgentPoolTopology {
  identifier: string;
  name: string;
  agentVms: VirtualMachine[];
  upgradedAgentVms: VirtualMachine[];
}

export interface ScaleSetToUpgrade {
  name: string;
  sku: ScaleSet['sku'];
  location: string;
  vmsToUpgrade: Array<{ name: string; instanceId: string }>;
}

export interface ClusterTopology {
  model: ContainerService;
  subscriptionId: string;
  resourceGroup: string;
  nameSuffix: string;
  agentPoolsToUpgrade: Record<string, boolean>;
  agentPools: Map<string, AgentPoolTopology>;
  scaleSetsToUpgrade: ScaleSetToUpgrade[];
  masterVms: VirtualMachine[];
  upgradedMasterVms: VirtualMachine[];
}

/** api.GetOrchestratorVersionProfile for Kubernetes: the version's upgrades, or the error aks-engine returns. */
export function kubernetesUpgradesOf(version: string, windows: boolean): string[] {
  if (!version) throw new Error('Missing Orchestrator Version');
  if (!supportedKubernetesVersions(true, false).includes(version)) throw new Error(`Kubernetes version ${version} is not supported`);
  return kubernetesUpgradeVersions(version, windows);
}

export async function clusterNodeStatus(
  t: ClusterTopology,
  compute: ComputeClient,
  kube: KubeClient | undefined,
  logger: EntryLogger,
  force: boolean,
): Promise<void> {
  const goal = t.model.properties!.orchestratorProfile!.orchestratorVersion!;
  for (const scaleSet of await compute.listVirtualMachineScaleSets(t.resourceGroup)) {
    const toUpgrade: ScaleSetToUpgrade = { name: scaleSet.name, sku: { ...scaleSet.sku }, location: scaleSet.location, vmsToUpgrade: [] };
    for (const vm of await compute.listVirtualMachineScaleSetVms(t.resourceGroup, scaleSet.name)) {
      let current = await nodeVersion(kube, logger, vm.name, vm.tags);
      if (force && !current) current = 'Unknown';
      if (!current) {
        logger.info(`Skipping VM: ${vm.name} for upgrade as the orchestrator version could not be determined.`);
        continue;
      }
      if (force || current !== goal) {
        logger.info(
          `VM ${vm.name} in VMSS ${scaleSet.name} has a current version of ${current} ` +
            `and a desired version of ${goal}. Upgrading this node.`,
        );
        toUpgrade.vmsToUpgrade.push({ name: vm.properties?.osProfile?.computerName ?? vm.name, instanceId: vm.instanceId });
      }
    }
    t.scaleSetsToUpgrade.push(toUpgrade);
  }

  for (const vm of await compute.listVirtualMachines(t.resourceGroup)) {
    // Windows VMs carry only part of the name suffix.
    if (!vm.name.includes(t.nameSuffix) && !vm.name.includes(`${t.nameSuffix.slice(0, 4)}k8s`)) {
      logger.info(`Skipping VM: ${vm.name} for upgrade as it does not belong to cluster with expected name suffix: ${t.nameSuffix}`);
      continue;
    }
    let current = await nodeVersion(kube, logger, vm.name, vm.tags);
    if (force) {
      if (!current) current = 'Unknown';
      addToUpgradeSets(t, logger, vm, current);
      continue;
    }
    if (!current) {
      logger.info(`Skipping VM: ${vm.name} for upgrade as the orchestrator version could not be determined.`);
      continue;
    }
    if (current !== goal) {
      if (!kubernetesUpgradesOf(current, hasWindows(t.model.properties!)).includes(goal)) {
        throw new Error(`${current} cannot be upgraded to ${goal}`);
      }
      addToUpgradeSets(t, logger, vm, current);
    } else {
      addToFinishedSets(t, logger, vm, current);
    }
  }
}

/** getNodeVersion: the `orchestrator: Kubernetes:x.y.z` tag, else the node's kubelet version. */
async function nodeVersion(kube: KubeClient | undefined, logger: EntryLogger, name: string, tags: Record<string, string> | undefined) {
  const parts = tags?.orchestrator?.split(':');
  if (parts?.length === 2) return parts[1]!;
  logger.warn(`Expected tag "orchestrator" not found for VM: ${name}. Using Kubernetes API to retrieve Kubernetes version.`);
  if (!kube) return '';
  try {
    return ((await kube.getNode(name)).status?.nodeInfo?.kubeletVersion ?? '').replace(/^v/, '');
  } catch (error) {
    logger.warn(`Failed to get node ${name}: ${(error as Error).message}`);
  }
  const [scaleSet, instance] = name.split('_');
  if (name.includes('vmss_') && scaleSet !== undefined && instance !== undefined && name.split('_').length === 2) {
    // The likely node name of a scale set instance, kept at 34 characters at most.
    const nodeName = `${scaleSet.slice(0, 28)}${instance.padStart(6, '0')}`;
    try {
      const node = await kube.getNode(nodeName);
      logger.info(`Found VMSS node ${name} under the name ${nodeName}`);
      return (node.status?.nodeInfo?.kubeletVersion ?? '').replace(/^v/, '');
    } catch (error) {
      logger.warn(`Failed to get node ${nodeName}: ${(error as Error).message}`);
    }
  }
  return '';
}

function addToUpgradeSets(t: ClusterTopology, logger: EntryLogger, vm: VirtualMachine, current: string): void {
  if (vm.name.includes(MASTER_VM_NAME_PREFIX)) {
    logger.info(`Master VM name: ${vm.name}, orchestrator: ${current} (MasterVMs)`);
    t.masterVms.push(vm);
  } else addToAgentPool(t, logger, vm, true);
}

function addToFinishedSets(t: ClusterTopology, logger: EntryLogger, vm: VirtualMachine, current: string): void {
  if (vm.name.includes(MASTER_VM_NAME_PREFIX)) {
    logger.info(`Master VM name: ${vm.name}, orchestrator: ${current} (UpgradedMasterVMs)`);
    t.upgradedMasterVms.push(vm);
  } else addToAgentPool(t, logger, vm, false);
}

/** addVMToAgentPool: by the poolName tag (or the only pool), Linux names only. */
function addToAgentPool(t: ClusterTopology, logger: EntryLogger, vm: VirtualMachine, upgradable: boolean): void {
  let poolName = vm.tags?.poolName ?? '';
  if (vm.tags?.poolName === undefined) {
    logger.info(`poolName tag not found for VM: ${vm.name}.`);
    const agentPools = Object.keys(t.agentPoolsToUpgrade).filter((name) => !name.startsWith('master'));
    if (agentPools.length === 1) poolName = agentPools[0]!;
  }
  if (!poolName) {
    logger.warn(`Couldn't determine agent pool membership for VM: ${vm.name}.`);
    return;
  }
  logger.info(`Evaluating VM: ${vm.name} in pool: ${poolName}...`);
  if (!t.agentPoolsToUpgrade[poolName]) {
    logger.info(`Skipping upgrade of VM: ${vm.name} in pool: ${poolName}.`);
    return;
  }
  let parts;
  try {
    parts = k8sLinuxVmNameParts(vm.name);
  } catch (error) {
    logger.error((error as Error).message);
    return;
  }
  if (t.nameSuffix.toLowerCase() !== parts.nameSuffix.toLowerCase()) {
    logger.info(`Skipping VM: ${vm.name} for upgrade as it does not belong to cluster with expected name suffix: ${t.nameSuffix}`);
    return;
  }
  const identifier = parts.poolIdentifier;
  let pool = t.agentPools.get(identifier);
  if (!pool) t.agentPools.set(identifier, (pool = { identifier, name: poolName, agentVms: [], upgradedAgentVms: [] }));
  const orchestrator = vm.tags?.orchestrator ?? 'unknown';
  if (upgradable) {
    logger.info(`Adding Agent VM: ${vm.name}, orchestrator: ${orchestrator} to pool: ${identifier} (AgentVMs)`);
    pool.agentVms.push(vm);
  } else {
    logger.info(`Adding Agent VM: ${vm.name}, orchestrator: ${orchestrator} to pool: ${identifier} (UpgradedAgentVMs)`);
    pool.upgradedAgentVms.push(vm);
  }
}
