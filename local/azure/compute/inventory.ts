// The virtual machines the emulator holds: standalone VMs (availability sets) and scale set instances, with
// where they run and what they count against quota. Usages, quota checks and the VM change hook read them here.
import type { EmulatorCore } from '../core/emulator-core';
import type { ArmResource } from '../core/state';

export const VM_TYPE = 'microsoft.compute/virtualmachines';
export const VMSS_TYPE = 'microsoft.compute/virtualmachinescalesets';

export interface VirtualMachineEntry {
  /** A VM's name, or "<scale set>_<instance id>" for an instance. */
  name: string;
  subscriptionId: string;
  /** State key of the resource group. */
  groupKey: string;
  location: string;
  vmSize: string;
  tags: Record<string, string>;
  /** The scale set's name, for an instance. */
  scaleSet?: string;
}

export function subscriptionOfKey(key: string): string {
  return /^\/subscriptions\/([^/]+)/i.exec(key)?.[1] ?? '';
}

export function stringTags(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

export function vmSizeOf(resource: ArmResource): string {
  const hardware = (resource.properties as { hardwareProfile?: { vmSize?: unknown } }).hardwareProfile;
  return typeof hardware?.vmSize === 'string' ? hardware.vmSize : '';
}

export function scaleSetSku(resource: ArmResource): { name: string; tier?: string; capacity: number } {
  const sku = (resource.sku ?? {}) as { name?: unknown; tier?: unknown; capacity?: unknown };
  const capacity = typeof sku.capacity === 'number' ? sku.capacity : Number(sku.capacity ?? 0) || 0;
  return { name: typeof sku.name === 'string' ? sku.name : '', tier: typeof sku.tier === 'string' ? sku.tier : undefined, capacity };
}

/** Every VM and scale set instance, optionally of one resource group only. */
export function virtualMachineEntries(core: EmulatorCore, groupKey?: string): VirtualMachineEntry[] {
  const entries: VirtualMachineEntry[] = [];
  for (const [key, record] of Object.entries(core.state.resources)) {
    if (groupKey !== undefined && record.resourceGroupKey !== groupKey) continue;
    const type = record.resource.type.toLowerCase();
    const base = { subscriptionId: subscriptionOfKey(key), groupKey: record.resourceGroupKey, location: record.resource.location ?? '' };
    if (type === VM_TYPE) {
      entries.push({ ...base, name: record.resource.name, vmSize: vmSizeOf(record.resource), tags: stringTags(record.resource.tags) });
    } else if (type === VMSS_TYPE) {
      for (const instance of core.state.scaleSets[key]?.instances ?? []) {
        entries.push({
          ...base,
          name: `${record.resource.name}_${instance.instanceId}`,
          vmSize: instance.vmSize,
          tags: instance.tags,
          scaleSet: record.resource.name,
        });
      }
    }
  }
  return entries;
}
