// What Compute's preflight refuses before anything is created: a VM size not offered in the location or restricted
// for the subscription (SkuNotAvailable), and vCPUs beyond the regional or family quota (QuotaExceeded). Deployment
// validation and PUT report these as InvalidTemplateDeployment details; a scale set update as its own 409.
import type { EmulatorCore } from '../core/emulator-core';
import { keyOf } from '../core/ids';
import type { ArmResource } from '../core/state';
import type { ErrorDetail } from '../http/errors';
import { normalizeLocation } from '../arm/locations';
import { scaleSetSku, vmSizeOf, VM_TYPE, VMSS_TYPE } from './inventory';
import { skuAvailability } from './resource-skus';
import { usageOf } from './usages';
import { vmSize } from './vm-size-catalog';

/** VMs a request would add: `count` of `vmSize`, replacing `released` (a resize or a new capacity). */
export interface VmDemand {
  resourceId: string;
  location: string;
  vmSize: string;
  count: number;
  released?: { vmSize: string; count: number };
}

/** The demand of a resource about to be written over `existing` (undefined when it adds no VMs). */
export function demandOf(resource: ArmResource, existing: ArmResource | undefined, fallbackLocation: string): VmDemand | undefined {
  const type = resource.type.toLowerCase();
  const location = normalizeLocation(resource.location ?? fallbackLocation) ?? fallbackLocation;
  if (type === VM_TYPE) {
    const size = vmSizeOf(resource);
    if (existing && vmSizeOf(existing).toLowerCase() === size.toLowerCase()) return undefined;
    return {
      resourceId: resource.id,
      location,
      vmSize: size,
      count: 1,
      released: existing ? { vmSize: vmSizeOf(existing), count: 1 } : undefined,
    };
  }
  if (type === VMSS_TYPE) {
    const sku = scaleSetSku(resource);
    const before = existing ? scaleSetSku(existing) : undefined;
    if (before && before.name.toLowerCase() === sku.name.toLowerCase() && before.capacity >= sku.capacity) return undefined;
    return {
      resourceId: resource.id,
      location,
      vmSize: sku.name,
      count: sku.capacity,
      released: before && { vmSize: before.name, count: before.capacity },
    };
  }
  return undefined;
}

/** SkuNotAvailable for each demand whose size is not offered in its location or is restricted there. */
export function skuProblems(core: EmulatorCore, subscriptionId: string, demands: VmDemand[]): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const demand of demands) {
    const availability = skuAvailability(core, demand.location, demand.vmSize);
    if (availability.offered && !availability.restriction) continue;
    problems.push({
      code: 'SkuNotAvailable',
      message:
        `The requested size for resource '${demand.resourceId}' is currently not available in location '${demand.location}' ` +
        `zones '' for subscription '${subscriptionId}'. Please try another size or deploy to a different location or zones. ` +
        'See https://aka.ms/azureskunotavailable for details.',
    });
  }
  return problems;
}

function quotaMessage(quota: string, location: string, limit: number, used: number, required: number): string {
  return (
    `Operation could not be completed as it results in exceeding approved ${quota} quota. Additional details - ` +
    `Deployment Model: Resource Manager, Location: ${location}, Current Limit: ${limit}, Current Usage: ${used}, ` +
    `Additional Required: ${required}, (Minimum) New Limit Required: ${used + required}. Submit a request for Quota increase at ` +
    'https://aka.ms/ProdportalCRP/#blade/Microsoft_Azure_Capacity/UsageAndQuota.ReactView by specifying parameters listed in the ' +
    "'Details' section for deployment to succeed. Please read more about quota limits at " +
    'https://docs.microsoft.com/en-us/azure/azure-supportability/per-vm-quota-requests'
  );
}

/** QuotaExceeded for each family, and for the regional total, that the demands would take over its limit. */
export function quotaProblems(core: EmulatorCore, subscriptionId: string, demands: VmDemand[]): ErrorDetail[] {
  const additional = new Map<string, Map<string, number>>();
  const add = (location: string, name: string, vcpus: number) => {
    const perLocation = additional.get(location) ?? new Map<string, number>();
    additional.set(location, perLocation);
    perLocation.set(name, (perLocation.get(name) ?? 0) + vcpus);
  };
  for (const demand of demands) {
    const spec = vmSize(demand.vmSize);
    if (spec) {
      add(demand.location, spec.family, spec.vCPUs * demand.count);
      add(demand.location, 'cores', spec.vCPUs * demand.count);
    }
    const released = demand.released && vmSize(demand.released.vmSize);
    if (released) {
      add(demand.location, released.family, -released.vCPUs * demand.released!.count);
      add(demand.location, 'cores', -released.vCPUs * demand.released!.count);
    }
  }
  const problems: ErrorDetail[] = [];
  for (const [location, needs] of additional) {
    // Families first, then the regional total, as Azure reports them.
    const names = [...needs.keys()].sort((a, b) => (a === 'cores' ? 1 : 0) - (b === 'cores' ? 1 : 0));
    for (const name of names) {
      const required = needs.get(name)!;
      if (required <= 0) continue;
      const usage = usageOf(core, subscriptionId, location, name);
      if (usage.currentValue + required <= usage.limit) continue;
      const quota = name === 'cores' ? 'Total Regional Cores' : `${name} Cores`;
      problems.push({ code: 'QuotaExceeded', message: quotaMessage(quota, location, usage.limit, usage.currentValue, required) });
    }
  }
  return problems;
}

/** Everything Compute would refuse about these resources, each written over what the emulator holds now. */
export function capacityProblems(
  core: EmulatorCore,
  subscriptionId: string,
  resources: ArmResource[],
  fallbackLocation: string,
): ErrorDetail[] {
  // A VM without a size is Compute's own validation error, not a capacity one; a capacity of 0 adds nothing.
  const demands = resources
    .map((resource) => demandOf(resource, core.state.resources[keyOf(resource.id)]?.resource, fallbackLocation))
    .filter((demand): demand is VmDemand => demand !== undefined && demand.vmSize !== '' && demand.count > 0);
  const skus = skuProblems(core, subscriptionId, demands);
  return skus.length > 0 ? skus : quotaProblems(core, subscriptionId, demands);
}
