// What a deployed resource looks like on GET: the template's declaration plus what the resource provider
// adds (public IP addresses and FQDNs, Cosmos DB endpoints, VM ids, provisioningState). Write-only secrets
// (customData, adminPassword, protectedSettings) are dropped, as ARM never returns them.
import { createHash, randomUUID } from 'node:crypto';
import type { EmulatorCore } from '../core/emulator-core';
import type { ArmResource } from '../core/state';
import type { ResourceBody } from '../template-evaluation/template-evaluator';
import { normalizeLocation } from './locations';

const writeOnlyProperties = new Set(['customdata', 'adminpassword', 'protectedsettings']);

function withoutWriteOnly(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutWriteOnly);
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (!writeOnlyProperties.has(key.toLowerCase())) result[key] = withoutWriteOnly(item);
    return result;
  }
  return value;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Addresses from TEST-NET-3 (203.0.113.0/24): realistic-looking, never routable. */
function nextPublicIp(core: EmulatorCore): string {
  const n = core.state.nextPublicIp++;
  return `203.0.113.${10 + (n % 240)}`;
}

/** Stable fake key material for list*() answers; not a secret, nothing accepts it. */
function fakeKey(id: string, label: string): string {
  return createHash('sha512').update(`${id}|${label}`).digest('base64');
}

export function buildResource(
  core: EmulatorCore,
  declared: { id: string; type: string; name: string },
  body: ResourceBody,
  existing: ArmResource | undefined,
): ArmResource {
  const type = declared.type;
  const location = typeof body.location === 'string' ? (normalizeLocation(body.location) ?? body.location) : undefined;
  const properties = record(withoutWriteOnly(body.properties));
  const previous = record(existing?.properties);
  const resource: ArmResource = { id: declared.id, name: declared.name.split('/').pop()!, type, properties };
  if (location !== undefined) resource.location = location;
  for (const field of ['tags', 'kind', 'sku', 'zones', 'plan'] as const)
    if (body[field] !== undefined) (resource as Record<string, unknown>)[field] = body[field];
  if (body.identity !== undefined) {
    const identity = { ...record(body.identity) };
    if (
      String(identity.type ?? '')
        .toLowerCase()
        .includes('systemassigned')
    ) {
      identity.principalId = record(existing?.identity).principalId ?? randomUUID();
      identity.tenantId = core.settings.tenantId;
    }
    resource.identity = identity;
  }

  switch (type.toLowerCase()) {
    case 'microsoft.network/publicipaddresses': {
      properties.ipAddress = previous.ipAddress ?? nextPublicIp(core);
      properties.publicIPAddressVersion ??= 'IPv4';
      properties.publicIPAllocationMethod ??= 'Dynamic';
      const dns = record(properties.dnsSettings);
      if (typeof dns.domainNameLabel === 'string') {
        properties.dnsSettings = { ...dns, fqdn: `${dns.domainNameLabel.toLowerCase()}.${location ?? 'centralus'}.cloudapp.azure.com` };
      }
      properties.resourceGuid = previous.resourceGuid ?? randomUUID();
      break;
    }
    case 'microsoft.documentdb/databaseaccounts': {
      const name = resource.name;
      properties.documentEndpoint = `https://${name}.documents.azure.com:443/`;
      properties.databaseAccountOfferType ??= 'Standard';
      const locations = Array.isArray(properties.locations) ? properties.locations.map(record) : [];
      const regions = locations.map((entry) => ({
        id: `${name}-${String(entry.locationName ?? location ?? '')
          .replace(/\s+/g, '')
          .toLowerCase()}`,
        locationName: entry.locationName ?? location,
        documentEndpoint: `https://${name}-${String(entry.locationName ?? location ?? '')
          .replace(/\s+/g, '')
          .toLowerCase()}.documents.azure.com:443/`,
        provisioningState: 'Succeeded',
        failoverPriority: entry.failoverPriority ?? 0,
      }));
      properties.writeLocations = regions.filter((region) => region.failoverPriority === 0);
      properties.readLocations = regions;
      properties.instanceId = previous.instanceId ?? randomUUID();
      break;
    }
    case 'microsoft.compute/virtualmachines':
      properties.vmId = previous.vmId ?? randomUUID();
      completeVirtualMachine(resource, properties, previous);
      break;
    case 'microsoft.compute/virtualmachinescalesets':
      properties.uniqueId = previous.uniqueId ?? randomUUID();
      break;
    case 'microsoft.storage/storageaccounts': {
      const name = resource.name;
      properties.primaryEndpoints = {
        blob: `https://${name}.blob.core.windows.net/`,
        queue: `https://${name}.queue.core.windows.net/`,
        table: `https://${name}.table.core.windows.net/`,
        file: `https://${name}.file.core.windows.net/`,
      };
      properties.primaryLocation = location;
      properties.statusOfPrimary = 'available';
      break;
    }
    default:
      break;
  }
  properties.provisioningState = 'Succeeded';
  return resource;
}

/**
 * What Compute adds to a VM's declaration: computerName as named in the API, and the OS disk's type, name and
 * managed disk id (Azure names an implicit OS disk <vm>_OsDisk_1_<32 hex digits> and creates it as a disk resource).
 */
function completeVirtualMachine(resource: ArmResource, properties: Record<string, unknown>, previous: Record<string, unknown>): void {
  const osProfile = record(properties.osProfile);
  if (Object.keys(osProfile).length > 0) {
    const { computername, ...rest } = osProfile;
    properties.osProfile = { computerName: rest.computerName ?? computername ?? resource.name, ...rest, secrets: rest.secrets ?? [] };
  }
  const storage = record(properties.storageProfile);
  if (Object.keys(storage).length === 0) return;
  const osDisk = { ...record(storage.osDisk) };
  const previousDisk = record(record(previous.storageProfile).osDisk);
  const publisher = String(record(storage.imageReference).publisher ?? '');
  osDisk.osType ??= /windows/i.test(publisher) ? 'Windows' : 'Linux';
  osDisk.name ??= previousDisk.name ?? `${resource.name}_OsDisk_1_${randomUUID().replace(/-/g, '')}`;
  osDisk.createOption ??= 'FromImage';
  osDisk.diskSizeGB ??= 30;
  if (osDisk.vhd === undefined) {
    const groupId = resource.id.slice(0, resource.id.toLowerCase().indexOf('/providers/'));
    const managed = record(osDisk.managedDisk);
    osDisk.managedDisk = {
      ...managed,
      storageAccountType: managed.storageAccountType ?? 'Standard_LRS',
      id: `${groupId}/providers/Microsoft.Compute/disks/${String(osDisk.name)}`,
    };
  }
  properties.storageProfile = { ...storage, osDisk, dataDisks: storage.dataDisks ?? [] };
}

/** The answer of a list* action (listKeys and friends) for a resource id. */
export function listActionResult(action: string, resourceId: string): unknown {
  if (action.toLowerCase() !== 'listkeys') return { value: [] };
  if (/\/microsoft\.documentdb\/databaseaccounts\//i.test(resourceId)) {
    return {
      primaryMasterKey: fakeKey(resourceId, 'primary'),
      secondaryMasterKey: fakeKey(resourceId, 'secondary'),
      primaryReadonlyMasterKey: fakeKey(resourceId, 'primary-ro'),
      secondaryReadonlyMasterKey: fakeKey(resourceId, 'secondary-ro'),
    };
  }
  return {
    keys: [
      { keyName: 'key1', value: fakeKey(resourceId, 'key1'), permissions: 'FULL' },
      { keyName: 'key2', value: fakeKey(resourceId, 'key2'), permissions: 'FULL' },
    ],
  };
}
