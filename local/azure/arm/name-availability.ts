// Global and regional name checks: Cosmos DB account names (HEAD /providers/Microsoft.DocumentDB/
// databaseAccountNames/{name}, DatabaseAccounts_CheckNameExists: 200 taken, 404 free) and DNS labels of public IPs
// (GET /subscriptions/{id}/providers/Microsoft.Network/locations/{location}/CheckDnsNameAvailability
// ?domainNameLabel=..., answering {"available": bool}). Taken means held by the emulator or set by the admin API.
import type { EmulatorCore } from '../core/emulator-core';
import { badRequest } from '../http/errors';
import { queryParam } from '../http/request';
import type { Router } from '../http/router';
import { normalizeLocation } from './locations';

/** Whether a Cosmos DB account name is in use anywhere: an account the emulator holds, or one the admin marked. */
export function cosmosAccountNameTaken(core: EmulatorCore, name: string): boolean {
  const lower = name.toLowerCase();
  if (core.state.capacity.takenCosmosAccountNames.includes(lower)) return true;
  return Object.values(core.state.resources).some(
    (entry) => entry.resource.type.toLowerCase() === 'microsoft.documentdb/databaseaccounts' && entry.resource.name.toLowerCase() === lower,
  );
}

/** Whether a public IP DNS label is in use in a location (labels are unique per region, across subscriptions). */
export function dnsLabelTaken(core: EmulatorCore, location: string, label: string): boolean {
  const region = normalizeLocation(location) ?? location.toLowerCase();
  const lower = label.toLowerCase();
  if ((core.state.capacity.takenDnsLabels[region] ?? []).includes(lower)) return true;
  return Object.values(core.state.resources).some((entry) => {
    if (entry.resource.type.toLowerCase() !== 'microsoft.network/publicipaddresses') return false;
    if ((normalizeLocation(entry.resource.location ?? '') ?? '') !== region) return false;
    const dns = (entry.resource.properties as { dnsSettings?: { domainNameLabel?: unknown } }).dnsSettings;
    return typeof dns?.domainNameLabel === 'string' && dns.domainNameLabel.toLowerCase() === lower;
  });
}

export function takeCosmosAccountName(core: EmulatorCore, name: string): void {
  if (!name || typeof name !== 'string') throw new Error('name is required');
  const lower = name.toLowerCase();
  if (!core.state.capacity.takenCosmosAccountNames.includes(lower)) core.state.capacity.takenCosmosAccountNames.push(lower);
}

export function takeDnsLabel(core: EmulatorCore, location: string, label: string): void {
  const region = normalizeLocation(String(location ?? ''));
  if (!region) throw new Error(`unknown location '${location}'`);
  if (!label || typeof label !== 'string') throw new Error('label is required');
  const labels = (core.state.capacity.takenDnsLabels[region] ??= []);
  if (!labels.includes(label.toLowerCase())) labels.push(label.toLowerCase());
}

export function registerNameAvailabilityRoutes(router: Router, core: EmulatorCore): void {
  router.add('HEAD', '/providers/Microsoft\\.DocumentDB/databaseAccountNames/([^/]+)', 'HEAD databaseAccountNames', (_request, [name]) => ({
    status: cosmosAccountNameTaken(core, name!) ? 200 : 404,
  }));

  router.add(
    'GET',
    '/subscriptions/([^/]+)/providers/Microsoft\\.Network/locations/([^/]+)/CheckDnsNameAvailability',
    'GET checkDnsNameAvailability',
    (request, [, location]) => {
      const label = queryParam(request.query, 'domainNameLabel');
      if (!label) throw badRequest('MissingRequiredParameter', "The request is missing the required parameter 'domainNameLabel'.");
      if (!normalizeLocation(location!))
        throw badRequest(
          'LocationNotAvailableForResourceType',
          `The provided location '${location}' is not available for resource type 'Microsoft.Network/locations/CheckDnsNameAvailability'.`,
        );
      return { status: 200, body: { available: !dnsLabelTaken(core, location!, label) } };
    },
  );
}
