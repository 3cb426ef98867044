// The checks a create runs before anything exists, asking Azure through the same SDK pipeline and settings as the
// steps: is the Cosmos DB account name free worldwide, is the master DNS label free in the location, is there
// regional vCPU quota for each VM family, is each VM size offered here and not restricted for the subscription,
// are the resource providers registered (or may the app register them), and may the app do what the steps do.
import type { Settings } from '../config/settings';
import { armRequest } from '../azure/arm-requests';
import { armClients } from '../azure/arm-clients';
import { classifyError } from '../azure/failures';
import { cosmosAccountName } from '../clusters/record';
import type { ClusterSpec } from '../domain/cluster-spec';
import { vmSizes } from '../domain/vm-sizes';
import { requiredProviders } from '../provisioning/steps/register-providers';
import type { Finding } from './findings';
import { allows, type Permission } from './permissions';

const apiVersions = {
  cosmosNames: '2024-11-15',
  dnsNames: '2024-05-01',
  usages: '2024-07-01',
  skus: '2021-07-01',
  permissions: '2022-04-01',
} as const;

/** What the steps do at subscription scope (in the group they act as its Contributor, which they grant). */
const requiredActions = ['Microsoft.Resources/subscriptions/resourceGroups/write', 'Microsoft.Authorization/roleAssignments/write'];

const error = (code: string, message: string, target?: string): Finding => ({ severity: 'error', code, message, target });
const warning = (code: string, message: string, target?: string): Finding => ({ severity: 'warning', code, message, target });

async function cosmosAccountNameFree(settings: Settings, spec: ClusterSpec): Promise<Finding[]> {
  const account = cosmosAccountName(spec.name);
  const answer = await armRequest(
    settings,
    'HEAD',
    `/providers/Microsoft.DocumentDB/databaseAccountNames/${account}`,
    apiVersions.cosmosNames,
    {
      accept: [404],
    },
  );
  if (answer.status === 404) return [];
  return [
    error(
      'CosmosAccountNameTaken',
      `The Cosmos DB account name '${account}' is already taken (names are global); choose another cluster name.`,
      'name',
    ),
  ];
}

async function dnsLabelFree(settings: Settings, spec: ClusterSpec): Promise<Finding[]> {
  const path = `/subscriptions/${settings.subscriptionId}/providers/Microsoft.Network/locations/${spec.location}/CheckDnsNameAvailability`;
  const answer = await armRequest(settings, 'GET', path, apiVersions.dnsNames, { query: { domainNameLabel: spec.name } });
  if ((answer.body as { available?: boolean }).available !== false) return [];
  return [
    error(
      'DnsNameNotAvailable',
      `The DNS label '${spec.name}' is already used in ${spec.location} (${spec.name}.${spec.location}.cloudapp.azure.com); ` +
        'choose another cluster name.',
      'name',
    ),
  ];
}

/** vCPUs the spec needs per quota family, and in all. */
function vcpusNeeded(spec: ClusterSpec): Map<string, number> {
  const needed = new Map<string, number>();
  const add = (size: string, count: number) => {
    const known = vmSizes[size];
    if (!known) return;
    needed.set(known.family, (needed.get(known.family) ?? 0) + known.vcpus * count);
    needed.set('cores', (needed.get('cores') ?? 0) + known.vcpus * count);
  };
  add(spec.masterProfile.vmSize, spec.masterProfile.count);
  for (const pool of spec.agentPoolProfiles) add(pool.vmSize, pool.count);
  return needed;
}

interface Usage {
  name?: { value?: string; localizedValue?: string };
  currentValue?: number;
  limit?: number;
}

async function quotaLeft(settings: Settings, spec: ClusterSpec): Promise<Finding[]> {
  const path = `/subscriptions/${settings.subscriptionId}/providers/Microsoft.Compute/locations/${spec.location}/usages`;
  const usages = ((await armRequest(settings, 'GET', path, apiVersions.usages)).body as { value?: Usage[] }).value ?? [];
  const findings: Finding[] = [];
  for (const [family, vcpus] of vcpusNeeded(spec)) {
    const usage = usages.find((entry) => entry.name?.value?.toLowerCase() === family.toLowerCase());
    if (!usage || usage.limit === undefined) {
      findings.push(warning('QuotaUnknown', `The regional quota of ${family} in ${spec.location} is not listed; it could not be checked.`));
      continue;
    }
    const used = usage.currentValue ?? 0;
    if (used + vcpus > usage.limit) {
      const what = family === 'cores' ? 'Total Regional vCPUs' : (usage.name?.localizedValue ?? family);
      findings.push(
        error(
          'InsufficientVcpuQuota',
          `The cluster needs ${vcpus} vCPUs of ${what} in ${spec.location}; ${used} of ${usage.limit} are in use. ` +
            'Ask Azure for more quota or ask for fewer or smaller VMs.',
          family === 'cores' ? 'agentPoolProfiles' : `quota.${family}`,
        ),
      );
    }
  }
  return findings;
}

interface Sku {
  resourceType?: string;
  name?: string;
  locations?: string[];
  restrictions?: Array<{ type?: string; values?: string[]; reasonCode?: string }>;
}

async function sizesOffered(settings: Settings, spec: ClusterSpec): Promise<Finding[]> {
  const path = `/subscriptions/${settings.subscriptionId}/providers/Microsoft.Compute/skus`;
  const answer = await armRequest(settings, 'GET', path, apiVersions.skus, { query: { $filter: `location eq '${spec.location}'` } });
  const skus = ((answer.body as { value?: Sku[] }).value ?? []).filter((sku) => sku.resourceType?.toLowerCase() === 'virtualmachines');
  const targets = new Map<string, string>([[spec.masterProfile.vmSize, 'masterProfile.vmSize']]);
  spec.agentPoolProfiles.forEach((pool, index) =>
    targets.set(pool.vmSize, targets.get(pool.vmSize) ?? `agentPoolProfiles[${index}].vmSize`),
  );
  const location = spec.location.toLowerCase();
  const findings: Finding[] = [];
  for (const [size, target] of targets) {
    const sku = skus.find(
      (candidate) =>
        candidate.name?.toLowerCase() === size.toLowerCase() && candidate.locations?.some((entry) => entry.toLowerCase() === location),
    );
    if (!sku) {
      findings.push(error('VmSizeNotAvailable', `VM size ${size} is not offered in ${spec.location}.`, target));
      continue;
    }
    const restriction = sku.restrictions?.find(
      (entry) => entry.type === 'Location' && (entry.values ?? []).some((value) => value.toLowerCase() === location),
    );
    if (restriction) {
      findings.push(
        error(
          'VmSizeRestricted',
          `VM size ${size} is restricted for this subscription in ${spec.location} (${restriction.reasonCode ?? 'restricted'}).`,
          target,
        ),
      );
    }
  }
  return findings;
}

async function permissionsAndProviders(settings: Settings): Promise<Finding[]> {
  const path = `/subscriptions/${settings.subscriptionId}/providers/Microsoft.Authorization/permissions`;
  const permissions = ((await armRequest(settings, 'GET', path, apiVersions.permissions)).body as { value?: Permission[] }).value ?? [];
  const findings: Finding[] = [];
  for (const action of requiredActions) {
    if (!allows(permissions, action)) {
      findings.push(
        error('MissingPermission', `The service's identity may not perform ${action} on the subscription; an operator must grant it.`),
      );
    }
  }
  for (const namespace of requiredProviders) {
    const provider = await armClients(settings).resources.providers.get(namespace);
    if (provider.registrationState === 'Registered') continue;
    if (allows(permissions, `${namespace}/register/action`)) {
      findings.push(
        warning(
          'ProviderWillBeRegistered',
          `Resource provider ${namespace} is ${provider.registrationState ?? 'not registered'}; the create registers it.`,
        ),
      );
    } else {
      findings.push(
        error(
          'ProviderNotRegistered',
          `Resource provider ${namespace} is not registered and the service's identity may not register it; an operator must register it.`,
        ),
      );
    }
  }
  return findings;
}

const checks: Array<[string, (settings: Settings, spec: ClusterSpec) => Promise<Finding[]>]> = [
  ['cosmosAccountName', cosmosAccountNameFree],
  ['dnsLabel', dnsLabelFree],
  ['vcpuQuota', quotaLeft],
  ['vmSizes', sizesOffered],
  ['permissions', (settings) => permissionsAndProviders(settings)],
];

/** Runs every check at once; a check that cannot ask Azure reports a warning rather than blocking the create. */
export async function preflight(settings: Settings, spec: ClusterSpec): Promise<Finding[]> {
  const results = await Promise.all(
    checks.map(async ([name, check]) => {
      try {
        return await check(settings, spec);
      } catch (failure) {
        const classified = classifyError(failure, name);
        return [warning('PreflightCheckFailed', `The ${name} check could not be run (${classified.code}: ${classified.message}).`)];
      }
    }),
  );
  return results.flat();
}
