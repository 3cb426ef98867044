// Microsoft.Compute resource SKUs (GET /subscriptions/{id}/providers/Microsoft.Compute/skus, ResourceSkus_List):
// every catalog VM size in the regions below, one entry per location, with its capabilities and the restrictions
// the admin API set (type Location, reason NotAvailableForSubscription or QuotaId). A size removed from a
// location is not listed there at all. The same answers decide whether a deployment's VM sizes are available.
import type { EmulatorCore } from '../core/emulator-core';
import type { SkuRestriction } from '../core/state';
import { queryParam } from '../http/request';
import type { Router } from '../http/router';
import { normalizeLocation } from '../arm/locations';
import { allVmSizes, vmSize, type VmSizeSpec } from './vm-size-catalog';

/** Regions where the catalog is offered, and whether they have availability zones. */
const OFFERED: Record<string, boolean> = {
  centralus: true,
  eastus: true,
  eastus2: true,
  westus2: true,
  southcentralus: true,
  westus: false,
  northcentralus: false,
  westeurope: true,
  northeurope: true,
  uksouth: true,
  southeastasia: true,
  australiaeast: true,
};

export function offeredLocations(): string[] {
  return Object.keys(OFFERED);
}

export interface SkuAvailability {
  /** The size exists in the catalog and is offered in the location. */
  offered: boolean;
  restriction?: SkuRestriction;
  spec?: VmSizeSpec;
}

/** Whether a VM size may be used in a location by this subscription. */
export function skuAvailability(core: EmulatorCore, location: string, size: string): SkuAvailability {
  const region = normalizeLocation(location) ?? location.toLowerCase();
  const spec = vmSize(size);
  const removed = (core.state.capacity.removedSkus[region] ?? []).includes(size.toLowerCase());
  const offered = spec !== undefined && OFFERED[region] !== undefined && !removed;
  const restriction = core.state.capacity.skuRestrictions[region]?.[size.toLowerCase()];
  return { offered, restriction, spec };
}

const flag = (value: boolean) => (value ? 'True' : 'False');

/**
 * Capabilities as ResourceSkus_List names them. vCPUs, vCPUsAvailable, MemoryGB, PremiumIO and vCPUsPerCore are
 * Azure's figures for the size; the disk, NIC and feature counts follow Azure's usual rules for the size's vCPUs.
 */
function capabilities(spec: VmSizeSpec): Array<{ name: string; value: string }> {
  const hyperV = spec.premiumIO ? 'V1,V2' : 'V1';
  const capability = (name: string, value: string | number) => ({ name, value: String(value) });
  return [
    capability('MaxResourceVolumeMB', Math.max(1, spec.vCPUs) * (spec.premiumIO ? 8192 : 10240)),
    capability('OSVhdSizeMB', 1047552),
    capability('vCPUs', spec.vCPUs),
    capability('HyperVGenerations', hyperV),
    capability('MemoryGB', spec.memoryGB),
    capability('MaxDataDiskCount', Math.min(64, Math.max(2, spec.vCPUs * 2))),
    capability('LowPriorityCapable', flag(!/_Promo$|^Standard_B|^Standard_A0$/.test(spec.name))),
    capability('PremiumIO', flag(spec.premiumIO)),
    capability('VMDeploymentTypes', 'IaaS'),
    capability('vCPUsAvailable', spec.vCPUsAvailable),
    capability('vCPUsPerCore', spec.vCPUsPerCore),
    capability('EphemeralOSDiskSupported', flag(spec.premiumIO && spec.vCPUs >= 2)),
    capability('AcceleratedNetworkingEnabled', flag(spec.vCPUs >= 4 && !/^Standard_(A|B|G|D\d+$|DS\d+$)/.test(spec.name))),
    capability('RdmaEnabled', flag(/r(s)?(_v\d)?$|^Standard_A(8|9)$/.test(spec.name.replace(/_Promo$/, '')))),
    capability('MaxNetworkInterfaces', Math.min(8, Math.max(2, spec.vCPUs))),
  ];
}

function locationInfo(location: string): Array<Record<string, unknown>> {
  return [{ location, zones: OFFERED[location] ? ['1', '2', '3'] : [], zoneDetails: [] }];
}

function restrictionsOf(core: EmulatorCore, location: string, size: string): Array<Record<string, unknown>> {
  const restriction = core.state.capacity.skuRestrictions[location]?.[size.toLowerCase()];
  if (!restriction) return [];
  return [
    { type: 'Location', values: [location], restrictionInfo: { locations: [location], zones: [] }, reasonCode: restriction.reasonCode },
  ];
}

function skusIn(core: EmulatorCore, location: string): Array<Record<string, unknown>> {
  const removed = new Set(core.state.capacity.removedSkus[location] ?? []);
  const virtualMachines = allVmSizes()
    .filter((spec) => !removed.has(spec.name.toLowerCase()))
    .map((spec) => ({
      resourceType: 'virtualMachines',
      name: spec.name,
      tier: 'Standard',
      size: spec.name.replace(/^Standard_/, ''),
      family: spec.family,
      locations: [location],
      locationInfo: locationInfo(location),
      capabilities: capabilities(spec),
      restrictions: restrictionsOf(core, location, spec.name),
    }));
  const availabilitySets = ['Classic', 'Aligned'].map((name) => ({
    resourceType: 'availabilitySets',
    name,
    locations: [location],
    locationInfo: [{ location, zones: [], zoneDetails: [] }],
    capabilities: [{ name: 'MaximumPlatformFaultDomainCount', value: '3' }],
    restrictions: [],
  }));
  const disks = [
    ['Standard_LRS', 'Standard'],
    ['StandardSSD_LRS', 'Standard'],
    ['Premium_LRS', 'Premium'],
  ].map(([name, tier]) => ({
    resourceType: 'disks',
    name,
    tier,
    locations: [location],
    locationInfo: locationInfo(location),
    capabilities: [],
    restrictions: [],
  }));
  return [...availabilitySets, ...disks, ...virtualMachines];
}

export function registerResourceSkuRoutes(router: Router, core: EmulatorCore): void {
  router.add('GET', '/subscriptions/([^/]+)/providers/Microsoft\\.Compute/skus', 'LIST skus', (request) => {
    // Only "location eq '...'" is supported, as the specification says; Azure answers every SKU in one page.
    const filter = queryParam(request.query, '$filter');
    const wanted = filter ? /location\s+eq\s+'([^']*)'/i.exec(filter)?.[1] : undefined;
    const locations = wanted === undefined ? offeredLocations() : offeredLocations().filter((name) => name === normalizeLocation(wanted));
    return { status: 200, body: { value: locations.flatMap((location) => skusIn(core, location)) } };
  });
}
