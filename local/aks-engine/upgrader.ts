// Upgrader.RunUpgrade (pkg/operations/kubernetesupgrade/upgrader.go at v0.32.3): masters one by one (delete,
// recreate at the same index, wait for Ready), then scale sets (surge one instance, drain and delete each old
// one), then availability-set pools: one extra node first, then each old VM drained, deleted and recreated at its
// index, except the last, whose place the extra node takes. VMs already at the version are left alone.
import { applyUpdateDefaults, templateMaps } from './cluster-template';
import { safelyDrainNode } from './drain';
import type { KubeClient } from './kube-client';
import { simulatedInterval } from './sim-delay';
import {
  normalizeForVmssScaling,
  normalizeResourcesForK8sAgentUpgrade,
  normalizeResourcesForK8sMasterUpgrade,
} from './template-transforms';
import type { AgentPoolTopology, ClusterTopology } from './upgrade-topology';
import {
  createAgentNode,
  createMasterNode,
  deleteAgentNode,
  deleteMasterNode,
  deploymentName,
  masterFqdn,
  validateAgentNode,
  validateMasterNode,
  type NodeTemplate,
  type UpgradeContext,
} from './upgrade-nodes';
import { deployTemplate } from './arm-deployment';
import { k8sAgentVmName, k8sLinuxVmNameParts, vmssNameParts } from './vm-names';
import { clusterId } from './defaults/properties';

type VmStatus = 'upgraded' | 'notUpgraded' | 'ignored';

export async function runUpgrade(c: UpgradeContext, t: ClusterTopology): Promise<void> {
  await upgradeMasterNodes(c, t);
  await upgradeAgentScaleSets(c, t);
  await upgradeAgentPools(c, t);
}

/** generateUpgradeTemplate: SetPropertiesDefaults(isUpgrade) on the model, then the template and parameters. */
async function upgradeTemplate(c: UpgradeContext): Promise<NodeTemplate> {
  try {
    await applyUpdateDefaults(c.model, c.settings.pkiKeyBits);
  } catch (error) {
    throw new Error(`error in SetPropertiesDefaults: ${(error as Error).message}`, { cause: error });
  }
  try {
    return templateMaps(c.model);
  } catch (error) {
    throw new Error(`error generating upgrade template: ${(error as Error).message}`, { cause: error });
  }
}

const vmIndex = (name: string) => {
  try {
    return k8sLinuxVmNameParts(name).index;
  } catch {
    return 0;
  }
};

async function upgradeMasterNodes(c: UpgradeContext, t: ClusterTopology): Promise<void> {
  const m = c.model.properties!.masterProfile;
  if (!m) return;
  c.logger.info(`Master nodes StorageProfile: ${m.storageProfile ?? ''}`);
  let node: NodeTemplate;
  try {
    node = await upgradeTemplate(c);
  } catch (error) {
    throw new Error(`error generating upgrade template: ${(error as Error).message}`, { cause: error });
  }
  c.logger.info('Prepping master nodes for upgrade...');
  normalizeResourcesForK8sMasterUpgrade(c.logger, node.template, m.storageProfile === 'ManagedDisks', undefined);

  const expected = m.count ?? 1;
  const upgradedCount = t.upgradedMasterVms.length;
  c.logger.info(`Total expected master count: ${expected}`);
  c.logger.info(`Master nodes that need to be upgraded: ${expected - upgradedCount}`);
  c.logger.info(`Master nodes that have been upgraded: ${upgradedCount}`);
  c.logger.info('Starting upgrade of master nodes...');
  const inCluster = t.masterVms.length + upgradedCount;
  c.logger.info(`masterNodesInCluster: ${inCluster}`);
  if (inCluster > expected) throw new Error(`Total count of master VMs: ${inCluster} exceeded expected count: ${expected}`);

  const upgradedIndexes = new Set<number>();
  for (const vm of t.upgradedMasterVms) {
    c.logger.info(`Master VM: ${vm.name} is upgraded to expected orchestrator version`);
    upgradedIndexes.add(vmIndex(vm.name));
  }
  for (const vm of t.masterVms) {
    c.logger.info(`Upgrading Master VM: ${vm.name}`);
    const index = vmIndex(vm.name);
    try {
      await deleteMasterNode(c, vm.name);
    } catch (error) {
      c.logger.info(`Error deleting master VM: ${vm.name}, err: ${(error as Error).message}`);
      throw error;
    }
    try {
      await createMasterNode(c, node, index);
    } catch (error) {
      c.logger.info(`Error creating upgraded master VM: ${vm.name}`);
      throw error;
    }
    try {
      await validateMasterNode(c, vm.name);
    } catch (error) {
      c.logger.info(`Error validating upgraded master VM: ${vm.name}`);
      throw error;
    }
    upgradedIndexes.add(index);
  }
  // A previous run may have deleted a master and stopped before creating it again.
  if (inCluster < expected) {
    c.logger.info('Found missing master VMs in the cluster. Reconstructing names of missing master VMs for recreation during upgrade...');
  }
  const toCreate = expected - inCluster;
  c.logger.info(`Expected master count: ${expected}, Creating ${toCreate} more master VMs`);
  for (let i = 0; i < toCreate; i++) {
    let index = 0;
    while (upgradedIndexes.has(index)) index++;
    c.logger.info(`Creating upgraded master VM with index: ${index}`);
    try {
      await createMasterNode(c, node, index);
    } catch (error) {
      c.logger.info(`Error creating upgraded master VM with index: ${index}`);
      throw error;
    }
    try {
      // aks-engine passes an empty name here, so this validation is skipped.
      await validateMasterNode(c, '');
    } catch (error) {
      c.logger.info(`Error validating upgraded master VM with index: ${index}`);
      throw error;
    }
    upgradedIndexes.add(index);
  }
}

async function upgradeAgentScaleSets(c: UpgradeContext, t: ClusterTopology): Promise<void> {
  const pools = new Map((c.model.properties!.agentPoolProfiles ?? []).flatMap((pool) => (pool ? [[pool.name!, pool] as const] : [])));
  if (t.scaleSetsToUpgrade.length > 0) {
    // The scale sets get the new version first, so that the instances they add run it.
    let node: NodeTemplate;
    try {
      node = await upgradeTemplate(c);
    } catch (error) {
      c.logger.error(`error generating upgrade template in upgradeAgentScaleSets: ${(error as Error).message}`);
      throw error;
    }
    normalizeForVmssScaling(c.logger, node.template);
    c.logger.info('Deploying the agent scale sets ARM template...');
    try {
      await deployTemplate(
        c.clients,
        c.settings,
        c.resourceGroup,
        deploymentName('agentscaleset'),
        node.template,
        node.parameters,
        c.armDeadline,
      );
    } catch (error) {
      c.logger.error(`error applying upgrade template in upgradeAgentScaleSets: ${(error as Error).message}`);
      throw error;
    }
  }
  for (const scaleSet of t.scaleSetsToUpgrade) {
    c.logger.info(`Upgrading VMSS ${scaleSet.name}`);
    if (scaleSet.vmsToUpgrade.length === 0) {
      c.logger.info(`No VMs to upgrade for VMSS ${scaleSet.name}, skipping`);
      continue;
    }
    const newCapacity = scaleSet.sku.capacity + 1;
    c.logger.info(
      `VMSS ${scaleSet.name} current capacity is ${scaleSet.sku.capacity} ` +
        `and new capacity will be ${newCapacity} while each node is swapped`,
    );
    scaleSet.sku.capacity = newCapacity;
    for (const vm of scaleSet.vmsToUpgrade) {
      try {
        await c.compute.setVirtualMachineScaleSetCapacity(c.resourceGroup, scaleSet.name, scaleSet.sku, scaleSet.location);
      } catch (error) {
        c.logger.error(`Failure to set capacity for VMSS ${scaleSet.name}`);
        throw error;
      }
      c.logger.info(`Successfully set capacity for VMSS ${scaleSet.name}`);
      const client = await c.kubeClient(masterFqdn(c.model));
      c.logger.info(`Draining node ${vm.name}`);
      try {
        await safelyDrainNode(client, c.logger, vm.name, {
          intervalMs: simulatedInterval(c.settings, 1000),
          waitTimeoutMs: 10_000,
          drainTimeoutMs: 60_000,
          tooManyRequestsRetryMs: simulatedInterval(c.settings, 5000),
        });
      } catch (error) {
        c.logger.error(`Error draining VM in VMSS: ${(error as Error).message}`);
        throw error;
      }
      c.logger.info(`Deleting VM ${vm.name} in VMSS ${scaleSet.name}`);
      const pool = pools.get(vmssNameParts(scaleSet.name)?.poolIdentifier ?? '');
      if (pool?.preserveNodesProperties ?? true) {
        const instances = await c.compute.listVirtualMachineScaleSetVms(c.resourceGroup, scaleSet.name);
        const newNodeName = instances.at(-1)?.properties?.osProfile?.computerName ?? '';
        if (!newNodeName) throw new Error(`failed to get the last VM name in Scale Set ${scaleSet.name}`);
        c.logger.info(`Copying custom annotations, labels, taints from old node ${vm.name} to new node ${newNodeName}...`);
        await copyCustomProperties(c, client, vm.name, newNodeName);
      }
      try {
        await c.compute.deleteVirtualMachineScaleSetVm(c.resourceGroup, scaleSet.name, vm.instanceId);
      } catch (error) {
        c.logger.error(`Failed to delete VM ${vm.name} in VMSS ${scaleSet.name}`);
        throw error;
      }
      c.logger.info(`Successfully deleted VM ${vm.name} in VMSS ${scaleSet.name}`);
    }
    c.logger.info(`Completed upgrading VMSS ${scaleSet.name}`);
  }
  c.logger.info('Completed upgrading all VMSS');
}

/** The lowest index no VM of the pool holds below the highest one, else the one after it. */
function availableIndex(vms: Map<number, unknown>): number {
  const max = Math.max(0, ...vms.keys());
  for (let index = 0; index < max; index++) if (!vms.has(index)) return index;
  return max + 1;
}

async function upgradeAgentPools(c: UpgradeContext, t: ClusterTopology): Promise<void> {
  for (const pool of t.agentPools.values()) {
    const done = await upgradeAgentPool(c, pool);
    // v0.32.3 returns from the whole step when a pool is empty or has nothing to upgrade.
    if (done === 'stop') return;
  }
}

async function upgradeAgentPool(c: UpgradeContext, pool: AgentPoolTopology): Promise<'next' | 'stop'> {
  let node: NodeTemplate;
  try {
    node = await upgradeTemplate(c);
  } catch (error) {
    c.logger.error(`Error generating upgrade template: ${(error as Error).message}`);
    throw new Error(`Error generating upgrade template: ${(error as Error).message}`, { cause: error });
  }
  c.logger.info(`Prepping agent pool '${pool.name}' for upgrade...`);
  const isMasterManagedDisk = c.model.properties!.masterProfile?.storageProfile === 'ManagedDisks';
  try {
    normalizeResourcesForK8sAgentUpgrade(c.logger, node.template, isMasterManagedDisk, { [pool.name]: true });
  } catch (error) {
    c.logger.error((error as Error).message);
    throw new Error(`Error generating upgrade template: ${(error as Error).message}`, { cause: error });
  }
  const profile = (c.model.properties!.agentPoolProfiles ?? []).find((p) => p?.name === pool.name) ?? undefined;
  let agentCount = profile?.count ?? 0;
  if (agentCount === 0) {
    c.logger.info(`Agent pool '${pool.name}' is empty`);
    return 'stop';
  }
  const vmName = (index: number) => k8sAgentVmName(pool.name, clusterId(c.model.properties!), index);

  const agentVms = new Map<number, { name: string; status: VmStatus }>();
  let upgradedCount = 0;
  for (const vm of pool.upgradedAgentVms) {
    c.logger.info(`Agent VM: ${vm.name}, pool name: ${pool.name} on expected orchestrator version`);
    const state = vm.properties?.provisioningState ?? '';
    const index = vmIndex(vm.name);
    if (['Creating', 'Updating', 'Succeeded'].includes(state)) {
      agentVms.set(index, { name: vm.name, status: 'upgraded' });
      upgradedCount++;
    } else if (state === 'Failed') {
      c.logger.info(`Deleting agent VM ${vm.name} in provisioning state ${state}`);
      try {
        await deleteAgentNode(c, vm.name, false);
      } catch (error) {
        c.logger.error(`Error deleting agent VM ${vm.name}: ${(error as Error).message}`);
        throw error;
      }
    } else {
      c.logger.info(`Ignoring agent VM ${vm.name} in provisioning state ${state}`);
      agentVms.set(index, { name: vm.name, status: 'ignored' });
    }
  }
  for (const vm of pool.agentVms) agentVms.set(vmIndex(vm.name), { name: vm.name, status: 'notUpgraded' });
  const toBeUpgraded = pool.agentVms.length;
  c.logger.info(
    `Starting upgrade of ${toBeUpgraded} agent nodes (out of ${agentCount}) in pool identifier: ${pool.identifier}, name: ${pool.name}...`,
  );

  // Missing nodes are made up (a previous run may have stopped half-way), plus one to take the load while swapping.
  if (toBeUpgraded > 0) agentCount++;
  const newCreated: string[] = [];
  const client = await c.kubeClient(masterFqdn(c.model));
  while (upgradedCount + toBeUpgraded < agentCount) {
    const index = availableIndex(agentVms);
    const name = vmName(index);
    c.logger.info(`Creating new agent node ${name} (index ${index})`);
    try {
      await createAgentNode(c, node, pool.name, index);
    } catch (error) {
      c.logger.error(`Error creating agent node ${name} (index ${index}): ${(error as Error).message}`);
      throw error;
    }
    try {
      await validateAgentNode(c, name);
    } catch (error) {
      c.logger.info(`Error validating agent node ${name} (index ${index}): ${(error as Error).message}`);
      throw error;
    }
    newCreated.push(name);
    agentVms.set(index, { name, status: 'upgraded' });
    upgradedCount++;
  }
  if (toBeUpgraded === 0) {
    c.logger.info('No nodes to upgrade');
    return 'stop';
  }

  upgradedCount = 0;
  // Go ranges over a map here (any order); the simulator goes by index.
  for (const [index, vm] of [...agentVms.entries()].sort(([a], [b]) => a - b)) {
    if (vm.status !== 'notUpgraded') continue;
    c.logger.info(`Upgrading Agent VM: ${vm.name}, pool name: ${pool.name}`);
    if (profile?.preserveNodesProperties ?? true) {
      const newNodeName = newCreated.shift();
      if (newNodeName) {
        c.logger.info(`Copying custom annotations, labels, taints from old node ${vm.name} to new node ${newNodeName}...`);
        await copyCustomProperties(c, client, vm.name, newNodeName);
      }
    }
    try {
      await deleteAgentNode(c, vm.name, true);
    } catch (error) {
      c.logger.error(`Error deleting agent VM ${vm.name}: ${(error as Error).message}`);
      throw error;
    }
    const name = vmName(index);
    if (upgradedCount === toBeUpgraded - 1) {
      // The extra node made first takes the last one's place.
      c.logger.info(`Skipping creation of VM ${name} (index ${index})`);
      agentVms.delete(index);
    } else {
      try {
        await createAgentNode(c, node, pool.name, index);
      } catch (error) {
        c.logger.error(`Error creating upgraded agent VM ${name}: ${(error as Error).message}`);
        throw error;
      }
      try {
        await validateAgentNode(c, name);
      } catch (error) {
        c.logger.error(`Error validating upgraded agent VM ${name}: ${(error as Error).message}`);
        throw error;
      }
      newCreated.push(name);
      vm.status = 'upgraded';
    }
    upgradedCount++;
  }
  return 'next';
}

/** copyCustomPropertiesToNewNode: the old node's extra annotations, labels and taints, renamed, onto the new node. */
async function copyCustomProperties(c: UpgradeContext, client: KubeClient, oldName: string, newName: string): Promise<void> {
  try {
    const oldNode = await client.getNode(oldName);
    const newNode = await client.getNode(newName);
    const rename = (value: string) => value.split(oldName).join(newName);
    for (const field of ['annotations', 'labels'] as const) {
      const source = oldNode.metadata[field];
      if (!source) continue;
      const target = (newNode.metadata[field] ??= {});
      for (const [key, value] of Object.entries(source)) if (!(key in target)) target[key] = rename(value);
    }
    if (oldNode.spec?.taints) {
      newNode.spec = {
        ...newNode.spec,
        taints: oldNode.spec.taints.map((taint) => (taint.value === undefined ? { ...taint } : { ...taint, value: rename(taint.value) })),
      };
    }
    await client.updateNode(newNode);
  } catch (error) {
    c.logger.warn(
      `Failed to copy custom annotations, labels, taints from old node ${oldName} to new node ${newName}: ${(error as Error).message}`,
    );
  }
}
