// Keeps what Compute derives from VMs in step with them, after every change: scale set instances follow the scale
// set's capacity, a VM's managed OS disk exists as a disk resource, disks and NICs know the VM they belong to. Then
// it tells the virtualMachinesChanged hook about every group whose VMs (or their tags) changed, one call at a time per group.
import { randomUUID } from 'node:crypto';
import type { EmulatorCore, VirtualMachineEvent } from '../core/emulator-core';
import { keyOf } from '../core/ids';
import type { ArmResource, ResourceRecord } from '../core/state';
import { scaleSetSku, stringTags, virtualMachineEntries, VM_TYPE, VMSS_TYPE } from './inventory';

const lastReported = new WeakMap<EmulatorCore, Map<string, string>>();
const hookChains = new WeakMap<EmulatorCore, Map<string, Promise<void>>>();

/** The pendingHooks key under which a group's virtualMachinesChanged call runs. */
export function vmHookKey(groupKey: string): string {
  return `vms:${groupKey}`;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Adds or removes scale set instances so that each scale set has sku.capacity of them (scale-in removes the highest ids). */
function reconcileScaleSets(core: EmulatorCore): void {
  for (const key of Object.keys(core.state.scaleSets))
    if (core.state.resources[key]?.resource.type.toLowerCase() !== VMSS_TYPE) delete core.state.scaleSets[key];
  for (const [key, entry] of Object.entries(core.state.resources)) {
    if (entry.resource.type.toLowerCase() !== VMSS_TYPE) continue;
    const sku = scaleSetSku(entry.resource);
    const set = (core.state.scaleSets[key] ??= { nextInstanceId: 0, instances: [] });
    while (set.instances.length < sku.capacity) {
      const instanceId = String(set.nextInstanceId++);
      set.instances.push({
        instanceId,
        vmId: randomUUID(),
        tags: stringTags(entry.resource.tags),
        vmSize: sku.name,
        osDiskName: `${entry.resource.name}_${instanceId}_OsDisk_1_${randomUUID().replace(/-/g, '')}`,
        createdAt: core.now(),
      });
    }
    if (set.instances.length > sku.capacity) {
      const byId = [...set.instances].sort((a, b) => Number(a.instanceId) - Number(b.instanceId));
      const kept = new Set(byId.slice(0, sku.capacity));
      set.instances = set.instances.filter((instance) => kept.has(instance));
    }
  }
}

/** The disk resource Azure creates for a VM's managed OS disk. */
function implicitDisk(vm: ResourceRecord, osDisk: Record<string, unknown>, diskId: string): ResourceRecord {
  const managed = record(osDisk.managedDisk);
  const storageType = typeof managed.storageAccountType === 'string' ? managed.storageAccountType : 'Standard_LRS';
  const resource: ArmResource = {
    id: diskId,
    name: diskId.split('/').pop()!,
    type: 'Microsoft.Compute/disks',
    location: vm.resource.location,
    managedBy: vm.resource.id,
    sku: { name: storageType, tier: storageType.startsWith('Premium') ? 'Premium' : 'Standard' },
    properties: {
      osType: osDisk.osType,
      hyperVGeneration: 'V1',
      creationData: { createOption: 'FromImage', imageReference: record(record(vm.resource.properties).storageProfile).imageReference },
      diskSizeGB: osDisk.diskSizeGB ?? 30,
      diskState: 'Attached',
      uniqueId: randomUUID(),
      timeCreated: new Date(vm.createdAt).toISOString(),
      provisioningState: 'Succeeded',
    },
  };
  return { resource, resourceGroupKey: vm.resourceGroupKey, deploymentId: vm.deploymentId, createdAt: vm.createdAt };
}

/** VMs' OS disks exist as disks; disks and NICs name the VM they are attached to (or nothing once it is gone). */
function reconcileAttachments(core: EmulatorCore): void {
  const owners = new Map<string, string>();
  for (const entry of Object.values(core.state.resources)) {
    if (entry.resource.type.toLowerCase() !== VM_TYPE) continue;
    const properties = record(entry.resource.properties);
    const osDisk = record(record(properties.storageProfile).osDisk);
    const diskId = record(osDisk.managedDisk).id;
    if (typeof diskId === 'string') {
      owners.set(keyOf(diskId), entry.resource.id);
      if (!core.state.resources[keyOf(diskId)]) core.state.resources[keyOf(diskId)] = implicitDisk(entry, osDisk, diskId);
    }
    const nics = record(properties.networkProfile).networkInterfaces;
    for (const nic of Array.isArray(nics) ? nics : [])
      if (typeof record(nic).id === 'string') owners.set(keyOf(String(record(nic).id)), entry.resource.id);
  }
  for (const [key, entry] of Object.entries(core.state.resources)) {
    const type = entry.resource.type.toLowerCase();
    const owner = owners.get(key);
    if (type === 'microsoft.compute/disks') {
      const properties = record(entry.resource.properties);
      if (owner) {
        entry.resource.managedBy = owner;
        properties.diskState = 'Attached';
      } else if (entry.resource.managedBy !== undefined) {
        delete entry.resource.managedBy;
        properties.diskState = 'Unattached';
      }
    } else if (type === 'microsoft.network/networkinterfaces') {
      const properties = record(entry.resource.properties);
      if (owner) properties.virtualMachine = { id: owner };
      else delete properties.virtualMachine;
    }
  }
}

/** What the hook is told about a group: its VMs and instances, in a stable order. */
function eventsOf(core: EmulatorCore, groupKey: string): VirtualMachineEvent[] {
  return virtualMachineEntries(core, groupKey)
    .map((vm) => {
      const poolName = Object.entries(vm.tags).find(([name]) => name.toLowerCase() === 'poolname')?.[1];
      return poolName === undefined ? { name: vm.name, tags: vm.tags } : { name: vm.name, tags: vm.tags, poolName };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Brings derived state up to date and calls virtualMachinesChanged for every group whose VMs changed. */
export function syncVirtualMachines(core: EmulatorCore): void {
  reconcileScaleSets(core);
  reconcileAttachments(core);
  const reported = lastReported.get(core) ?? new Map<string, string>();
  lastReported.set(core, reported);
  const groups = new Set([...reported.keys(), ...virtualMachineEntries(core).map((vm) => vm.groupKey)]);
  for (const groupKey of groups) {
    const group = core.state.resourceGroups[groupKey];
    if (!group) {
      reported.delete(groupKey);
      continue;
    }
    const events = eventsOf(core, groupKey);
    const signature = JSON.stringify(events);
    if (reported.get(groupKey) === signature || (!reported.has(groupKey) && events.length === 0)) continue;
    reported.set(groupKey, signature);
    notify(core, groupKey, group.name, group.subscriptionId);
  }
}

/** Calls the hook for a group after its previous call, with the group's VMs as they are when the call starts. */
function notify(core: EmulatorCore, groupKey: string, groupName: string, subscriptionId: string): void {
  const hook = core.hooks.virtualMachinesChanged;
  if (!hook) return;
  const chains = hookChains.get(core) ?? new Map<string, Promise<void>>();
  hookChains.set(core, chains);
  const key = vmHookKey(groupKey);
  const previous = chains.get(key) ?? Promise.resolve();
  const call = previous
    .then(() => hook(groupName, eventsOf(core, groupKey), subscriptionId))
    .catch((error: unknown) => core.log(`azure emulator: virtualMachinesChanged hook failed for ${groupName}: ${String(error)}`))
    .finally(() => {
      if (chains.get(key) !== call) return;
      chains.delete(key);
      core.pendingHooks.delete(key);
      core.changed();
    });
  chains.set(key, call);
  core.pendingHooks.set(key, call);
}
