// Regional Compute usages (GET /subscriptions/{id}/providers/Microsoft.Compute/locations/{location}/usages,
// Usage_List): Total Regional vCPUs ("cores"), each VM family's vCPUs, VMs, scale sets and availability sets.
// currentValue counts what the emulator holds in the subscription and location plus an admin-set baseline;
// limits are generous by default and admin-settable.
import type { EmulatorCore } from '../core/emulator-core';
import { badRequest } from '../http/errors';
import type { Router } from '../http/router';
import { normalizeLocation } from '../arm/locations';
import { subscriptionOfKey, virtualMachineEntries, VMSS_TYPE } from './inventory';
import { familyDisplayName, quotaFamilies, vmSize } from './vm-size-catalog';

/** Default limits: a pay-as-you-go subscription's regional vCPUs, generous per-family quotas. */
const DEFAULT_LIMITS: Record<string, number> = {
  availabilitysets: 2500,
  cores: 350,
  virtualmachines: 25000,
  virtualmachinescalesets: 2500,
};
export const DEFAULT_FAMILY_LIMIT = 100;

const DISPLAY: Record<string, [string, string]> = {
  availabilitysets: ['availabilitySets', 'Availability Sets'],
  cores: ['cores', 'Total Regional vCPUs'],
  virtualmachines: ['virtualMachines', 'Virtual Machines'],
  virtualmachinescalesets: ['virtualMachineScaleSets', 'Virtual Machine Scale Sets'],
};

export interface Usage {
  name: string;
  localizedName: string;
  currentValue: number;
  limit: number;
}

/** The usage of one quota name ("cores", "standardDv3Family", "virtualMachines", ...) in a location. */
export function usageOf(core: EmulatorCore, subscriptionId: string, location: string, name: string): Usage {
  return usages(core, subscriptionId, location).find((usage) => usage.name.toLowerCase() === name.toLowerCase())!;
}

export function usages(core: EmulatorCore, subscriptionId: string, location: string): Usage[] {
  const region = normalizeLocation(location) ?? location.toLowerCase();
  const inRegion = (entryLocation: string, entrySubscription: string) =>
    (normalizeLocation(entryLocation) ?? entryLocation.toLowerCase()) === region &&
    entrySubscription.toLowerCase() === subscriptionId.toLowerCase();
  const vms = virtualMachineEntries(core).filter((vm) => inRegion(vm.location, vm.subscriptionId));
  const counted: Record<string, number> = { cores: 0, virtualmachines: vms.length, availabilitysets: 0, virtualmachinescalesets: 0 };
  for (const vm of vms) {
    const spec = vmSize(vm.vmSize);
    if (!spec) continue;
    counted.cores! += spec.vCPUs;
    counted[spec.family.toLowerCase()] = (counted[spec.family.toLowerCase()] ?? 0) + spec.vCPUs;
  }
  for (const [key, record] of Object.entries(core.state.resources)) {
    if (!inRegion(record.resource.location ?? '', subscriptionOfKey(key))) continue;
    const type = record.resource.type.toLowerCase();
    if (type === VMSS_TYPE) counted.virtualmachinescalesets!++;
    if (type === 'microsoft.compute/availabilitysets') counted.availabilitysets!++;
  }
  const settings = core.state.capacity.computeQuotas[region] ?? {};
  const usage = (key: string, display: [string, string], defaultLimit: number): Usage => ({
    name: display[0],
    localizedName: display[1],
    currentValue: (counted[key] ?? 0) + (settings[key]?.used ?? 0),
    limit: settings[key]?.limit ?? defaultLimit,
  });
  return [
    ...Object.entries(DISPLAY).map(([key, display]) => usage(key, display, DEFAULT_LIMITS[key]!)),
    ...quotaFamilies().map((family) => usage(family.toLowerCase(), [family, familyDisplayName(family)], DEFAULT_FAMILY_LIMIT)),
  ];
}

/** The admin's quota settings: a limit and/or a baseline of used vCPUs for a family (or "cores") in a location. */
export function setComputeQuota(core: EmulatorCore, location: string, family: string, input: { limit?: number; used?: number }): void {
  const region = normalizeLocation(location);
  if (!region) throw new Error(`unknown location '${location}'`);
  const known = [...Object.values(DISPLAY).map(([name]) => name), ...quotaFamilies()];
  const name = known.find((candidate) => candidate.toLowerCase() === String(family).toLowerCase());
  if (!name) throw new Error(`unknown quota name '${family}': use cores, virtualMachines or a VM family such as standardDv3Family`);
  for (const [field, value] of Object.entries(input))
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) throw new Error(`${field} must be a non-negative integer`);
  const settings = (core.state.capacity.computeQuotas[region] ??= {});
  const current = settings[name.toLowerCase()] ?? {};
  settings[name.toLowerCase()] = {
    ...current,
    ...(input.limit !== undefined ? { limit: input.limit } : {}),
    ...(input.used !== undefined ? { used: input.used } : {}),
  };
}

export function registerUsageRoutes(router: Router, core: EmulatorCore): void {
  router.add(
    'GET',
    '/subscriptions/([^/]+)/providers/Microsoft\\.Compute/locations/([^/]+)/usages',
    'LIST usages',
    (_request, [subscriptionId, location]) => {
      if (!normalizeLocation(location!))
        throw badRequest(
          'LocationNotAvailableForResourceType',
          `The provided location '${location}' is not available for resource type 'Microsoft.Compute/locations/usages'.`,
        );
      return {
        status: 200,
        body: {
          value: usages(core, subscriptionId!, location!).map((usage) => ({
            unit: 'Count',
            currentValue: usage.currentValue,
            limit: usage.limit,
            name: { value: usage.name, localizedValue: usage.localizedName },
          })),
        },
      };
    },
  );
}
