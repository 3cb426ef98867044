// The api-versions ARM accepts per resource type: ARM's own types (resource groups, deployments, providers,
// subscriptions) and the providers' types that aks-engine v0.32.3 templates and the SDKs used here name. An
// unsupported version gets ARM's 400: InvalidApiVersionParameter for ARM's own types, NoRegisteredProviderFound
// for a provider's. Types not listed here accept any version.
import { badRequest, type ApiError } from '../http/errors';
import { allLocationNames } from './locations';

/** ARM's own api-versions, newest first as ARM lists them (the SDKs send 2025-04-01 and 2026-06-01; aks-engine 2018-05-01). */
const ARM_VERSIONS = [
  '2026-06-01',
  '2025-04-01',
  '2025-03-01',
  '2025-01-01',
  '2024-11-01',
  '2024-08-01',
  '2024-07-01',
  '2024-06-01-preview',
  '2024-03-01',
  '2023-07-01',
  '2023-07-01-preview',
  '2023-03-01-preview',
  '2022-12-01',
  '2022-11-01-preview',
  '2022-09-01',
  '2022-06-01',
  '2022-05-01',
  '2022-03-01-preview',
  '2022-01-01',
  '2021-04-01',
  '2021-01-01',
  '2020-10-01',
  '2020-09-01',
  '2020-08-01',
  '2020-07-01',
  '2020-06-01',
  '2020-05-01',
  '2020-01-01',
  '2019-11-01',
  '2019-10-01',
  '2019-09-01',
  '2019-08-01',
  '2019-07-01',
  '2019-06-01',
  '2019-05-10',
  '2019-05-01',
  '2019-03-01',
  '2018-11-01',
  '2018-09-01',
  '2018-08-01',
  '2018-07-01',
  '2018-06-01',
  '2018-05-01',
  '2018-02-01',
  '2018-01-01',
  '2017-12-01',
  '2017-08-01',
  '2017-06-01',
  '2017-05-10',
  '2017-05-01',
  '2017-03-01',
  '2016-09-01',
  '2016-07-01',
  '2016-06-01',
  '2016-02-01',
  '2015-11-01',
  '2015-01-01',
  '2014-04-01-preview',
  '2014-04-01',
  '2014-01-01',
  '2013-03-01',
  '2014-02-26',
  '2014-04',
];

const COMPUTE = [
  '2025-04-01',
  '2024-11-01',
  '2024-07-01',
  '2024-03-01',
  '2023-09-01',
  '2023-07-01',
  '2023-03-01',
  '2022-11-01',
  '2022-08-01',
  '2022-03-01',
  '2021-11-01',
  '2021-07-01',
  '2021-04-01',
  '2021-03-01',
  '2020-12-01',
  '2020-06-01',
  '2019-12-01',
  '2019-07-01',
  '2019-03-01',
  '2018-10-01',
  '2018-06-01',
  '2018-04-01',
  '2017-12-01',
  '2017-03-30',
  '2016-08-30',
  '2016-04-30-preview',
  '2016-03-30',
  '2015-06-15',
  '2015-05-01-preview',
];

const NETWORK = [
  '2024-05-01',
  '2024-03-01',
  '2024-01-01',
  '2023-11-01',
  '2023-09-01',
  '2023-06-01',
  '2023-05-01',
  '2023-04-01',
  '2023-02-01',
  '2022-11-01',
  '2022-09-01',
  '2022-07-01',
  '2022-05-01',
  '2022-01-01',
  '2021-08-01',
  '2021-05-01',
  '2021-03-01',
  '2021-02-01',
  '2020-11-01',
  '2020-08-01',
  '2020-07-01',
  '2020-06-01',
  '2020-05-01',
  '2020-04-01',
  '2020-03-01',
  '2019-12-01',
  '2019-11-01',
  '2019-09-01',
  '2019-08-01',
  '2019-07-01',
  '2019-06-01',
  '2019-04-01',
  '2019-02-01',
  '2018-12-01',
  '2018-11-01',
  '2018-10-01',
  '2018-08-01',
  '2018-07-01',
  '2018-06-01',
  '2018-04-01',
  '2018-03-01',
  '2018-02-01',
  '2018-01-01',
  '2017-11-01',
  '2017-10-01',
  '2017-09-01',
  '2017-08-01',
  '2017-06-01',
  '2017-04-01',
  '2017-03-01',
  '2016-12-01',
  '2016-11-01',
  '2016-10-01',
  '2016-09-01',
  '2016-08-01',
  '2016-07-01',
  '2016-06-01',
  '2016-03-30',
  '2015-06-15',
  '2015-05-01-preview',
  '2014-12-01-preview',
];

const COSMOS_DB = [
  '2025-04-15',
  '2024-11-15',
  '2024-08-15',
  '2024-05-15',
  '2023-11-15',
  '2023-09-15',
  '2023-04-15',
  '2022-11-15',
  '2022-08-15',
  '2022-05-15',
  '2021-10-15',
  '2021-06-15',
  '2021-05-15',
  '2021-04-15',
  '2021-03-15',
  '2021-01-15',
  '2020-09-01',
  '2020-04-01',
  '2020-03-01',
  '2019-12-12',
  '2019-08-01',
  '2016-03-31',
  '2016-03-19',
  '2015-11-06',
  '2015-04-08',
  '2015-04-01',
  '2014-04-01',
];

/** Managed disks have their own versions (Compute's DiskRP); aks-engine v0.32.3's SDK deletes disks with 2018-06-01. */
const DISKS = [
  '2024-03-02',
  '2023-10-02',
  '2023-04-02',
  '2023-01-02',
  '2022-07-02',
  '2022-03-02',
  '2021-12-01',
  '2021-08-01',
  '2021-04-01',
  '2020-12-01',
  '2020-09-30',
  '2020-06-30',
  '2020-05-01',
  '2019-11-01',
  '2019-07-01',
  '2019-03-01',
  '2018-09-30',
  '2018-06-01',
  '2018-04-01',
  '2017-03-30',
  '2016-04-30-preview',
];

/** Resource SKUs (ResourceSkus_List). */
const RESOURCE_SKUS = ['2021-07-01', '2019-04-01', '2017-09-01', '2017-03-30'];

const STORAGE = [
  '2025-01-01',
  '2024-01-01',
  '2023-05-01',
  '2023-04-01',
  '2023-01-01',
  '2022-09-01',
  '2022-05-01',
  '2021-09-01',
  '2021-08-01',
  '2021-06-01',
  '2021-04-01',
  '2021-02-01',
  '2021-01-01',
  '2019-06-01',
  '2019-04-01',
  '2018-11-01',
  '2018-07-01',
  '2018-03-01-preview',
  '2018-02-01',
  '2017-10-01',
  '2017-06-01',
  '2016-12-01',
  '2016-05-01',
  '2016-01-01',
  '2015-06-15',
  '2015-05-01-preview',
];

const KEY_VAULT = [
  '2024-11-01',
  '2023-07-01',
  '2023-02-01',
  '2022-07-01',
  '2021-10-01',
  '2019-09-01',
  '2018-02-14',
  '2016-10-01',
  '2015-06-01',
];

const MANAGED_IDENTITY = [
  '2024-11-30',
  '2023-07-31-preview',
  '2023-01-31',
  '2022-01-31-preview',
  '2021-09-30-preview',
  '2018-11-30',
  '2015-08-31-preview',
];

const ROLE_ASSIGNMENTS = [
  '2022-04-01',
  '2022-01-01-preview',
  '2021-04-01-preview',
  '2020-10-01-preview',
  '2020-08-01-preview',
  '2020-04-01-preview',
  '2020-03-01-preview',
  '2019-04-01-preview',
  '2018-12-01-preview',
  '2018-09-01-preview',
  '2018-07-01',
  '2018-01-01-preview',
  '2017-10-01-preview',
  '2017-09-01',
  '2017-05-01',
  '2016-07-01',
  '2015-07-01',
  '2015-06-01',
  '2015-05-01-preview',
  '2014-10-01-preview',
  '2014-07-01-preview',
  '2014-04-01-preview',
];

const ROLE_DEFINITIONS = [
  '2022-05-01-preview',
  '2022-04-01',
  '2022-01-01-preview',
  '2021-07-01-preview',
  '2018-07-01',
  '2018-01-01-preview',
  '2017-09-01',
  '2017-05-01',
  '2016-07-01',
  '2015-07-01',
  '2015-06-01',
  '2015-05-01-preview',
  '2014-10-01-preview',
  '2014-07-01-preview',
  '2014-04-01-preview',
];

/** Provider types by "Namespace/type[/child]", lower case. */
const PROVIDER_TYPES: Record<string, string[]> = {
  'microsoft.authorization/roleassignments': ROLE_ASSIGNMENTS,
  'microsoft.authorization/roledefinitions': ROLE_DEFINITIONS,
  // Permissions (Permissions_ListForResourceGroup and friends) share the role definitions' versions.
  'microsoft.authorization/permissions': ROLE_DEFINITIONS,
  'microsoft.compute/virtualmachines': COMPUTE,
  'microsoft.compute/virtualmachines/extensions': COMPUTE,
  'microsoft.compute/virtualmachinescalesets': COMPUTE,
  'microsoft.compute/virtualmachinescalesets/extensions': COMPUTE,
  'microsoft.compute/availabilitysets': COMPUTE,
  'microsoft.compute/virtualmachines/instanceview': COMPUTE,
  'microsoft.compute/virtualmachinescalesets/virtualmachines': COMPUTE,
  'microsoft.compute/virtualmachinescalesets/virtualmachines/instanceview': COMPUTE,
  'microsoft.compute/locations/usages': COMPUTE,
  'microsoft.compute/skus': RESOURCE_SKUS,
  'microsoft.compute/disks': DISKS,
  'microsoft.network/locations/checkdnsnameavailability': NETWORK,
  'microsoft.network/virtualnetworks': NETWORK,
  'microsoft.network/virtualnetworks/subnets': NETWORK,
  'microsoft.network/publicipaddresses': NETWORK,
  'microsoft.network/networkinterfaces': NETWORK,
  'microsoft.network/networksecuritygroups': NETWORK,
  'microsoft.network/loadbalancers': NETWORK,
  'microsoft.network/loadbalancers/inboundnatrules': NETWORK,
  'microsoft.network/routetables': NETWORK,
  'microsoft.documentdb/databaseaccounts': COSMOS_DB,
  'microsoft.documentdb/databaseaccountnames': COSMOS_DB,
  'microsoft.storage/storageaccounts': STORAGE,
  'microsoft.keyvault/vaults': KEY_VAULT,
  'microsoft.keyvault/vaults/secrets': KEY_VAULT,
  'microsoft.managedidentity/userassignedidentities': MANAGED_IDENTITY,
};

/** The api-versions of a resource type ("Microsoft.Network/publicIPAddresses"), if the emulator knows them. */
export function supportedApiVersions(fullType: string): string[] | undefined {
  const lower = fullType.toLowerCase();
  if (lower.startsWith('microsoft.resources/')) return ARM_VERSIONS;
  return PROVIDER_TYPES[lower];
}

/** ARM compares api-versions without regard to case ("2015-08-31-PREVIEW"). */
export function isSupported(versions: string[], version: string): boolean {
  return versions.some((candidate) => candidate.toLowerCase() === version.toLowerCase());
}

/** What a request path addresses: one of ARM's own types, or a provider's resource type. */
type Target = { kind: 'arm' } | { kind: 'provider'; type: string; subscriptionId?: string; resourceGroup?: string };

export function targetOf(path: string): Target {
  const segments = path.split('/').filter(Boolean);
  const lower = segments.map((segment) => segment.toLowerCase());
  const last = lower.lastIndexOf('providers');
  // /subscriptions/{id}/providers[/{namespace}[/register|/unregister]] is ARM's own providers API.
  const providersApi =
    last === 2 &&
    lower[0] === 'subscriptions' &&
    (segments.length <= 4 || (segments.length === 5 && ['register', 'unregister'].includes(lower[4]!)));
  if (last < 0 || providersApi || lower[last + 1] === 'microsoft.resources') return { kind: 'arm' };
  const namespace = segments[last + 1] ?? '';
  const types = segments.slice(last + 2).filter((_, index) => index % 2 === 0);
  const group = lower[0] === 'subscriptions' && lower[2] === 'resourcegroups' ? segments[3] : undefined;
  return { kind: 'provider', type: [namespace, ...types].join('/'), subscriptionId: segments[1], resourceGroup: group };
}

export function invalidApiVersion(version: string): ApiError {
  return badRequest(
    'InvalidApiVersionParameter',
    `The api-version '${version}' is invalid. The supported versions are '${ARM_VERSIONS.join(',')}'.`,
  );
}

export function noRegisteredProvider(type: string, version: string, location: string, supported: string[]): ApiError {
  const shortType = type.split('/').slice(1).join('/');
  return badRequest(
    'NoRegisteredProviderFound',
    `No registered resource provider found for location '${location}' and API version '${version}' for type '${shortType}'. ` +
      `The supported api-versions are '${supported.join(', ')}'. The supported locations are '${allLocationNames().join(', ')}'.`,
  );
}

/** The 400 ARM answers for this path and api-version, or undefined when the version is supported. */
export function checkApiVersion(path: string, version: string, locationOf: (target: Target) => string): ApiError | undefined {
  const target = targetOf(path);
  if (target.kind === 'arm') return isSupported(ARM_VERSIONS, version) ? undefined : invalidApiVersion(version);
  const supported = supportedApiVersions(target.type);
  if (!supported || isSupported(supported, version)) return undefined;
  return noRegisteredProvider(target.type, version, locationOf(target), supported);
}

export type { Target as ApiVersionTarget };
