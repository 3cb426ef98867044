// The resource providers the emulator knows, with the resource types that aks-engine templates and the
// provisioner use. Types are informative (providers.get lists them, with their api-versions); deployments
// check the namespace and, for the types api-versions.ts lists, the api-version.
import { supportedApiVersions } from './api-versions';
import { displayNames } from './locations';

const catalog: Record<string, string[]> = {
  'Microsoft.Resources': ['resourceGroups', 'deployments', 'deployments/operations', 'subscriptions', 'tags'],
  'Microsoft.Authorization': ['roleAssignments', 'roleDefinitions', 'permissions', 'locks', 'policyAssignments'],
  'Microsoft.Compute': [
    'virtualMachines',
    'virtualMachines/extensions',
    'virtualMachineScaleSets',
    'virtualMachineScaleSets/extensions',
    'virtualMachineScaleSets/virtualMachines',
    'availabilitySets',
    'disks',
    'images',
    'snapshots',
    'locations',
    'locations/usages',
    'locations/operations',
    'skus',
  ],
  'Microsoft.Network': [
    'virtualNetworks',
    'virtualNetworks/subnets',
    'publicIPAddresses',
    'networkInterfaces',
    'networkSecurityGroups',
    'loadBalancers',
    'loadBalancers/inboundNatRules',
    'routeTables',
    'applicationSecurityGroups',
    'privateDnsZones',
    'locations',
    'locations/operations',
    'locations/CheckDnsNameAvailability',
  ],
  'Microsoft.Storage': ['storageAccounts', 'storageAccounts/blobServices', 'storageAccounts/blobServices/containers'],
  'Microsoft.DocumentDB': ['databaseAccounts', 'databaseAccountNames', 'locations'],
  'Microsoft.ContainerService': ['managedClusters', 'containerServices'],
  'Microsoft.KeyVault': ['vaults', 'vaults/secrets'],
  'Microsoft.ManagedIdentity': ['userAssignedIdentities'],
  'Microsoft.OperationalInsights': ['workspaces'],
  'Microsoft.OperationsManagement': ['solutions'],
  'Microsoft.Insights': ['components', 'diagnosticSettings'],
};

/** Always registered in a subscription; they cannot be unregistered. */
export const builtInNamespaces = ['Microsoft.Resources', 'Microsoft.Authorization'];

export function knownNamespace(namespace: string): string | undefined {
  return Object.keys(catalog).find((name) => name.toLowerCase() === namespace.toLowerCase());
}

export function allNamespaces(): string[] {
  return Object.keys(catalog);
}

export function resourceTypesOf(namespace: string): Array<{ resourceType: string; locations: string[]; apiVersions: string[] }> {
  const name = knownNamespace(namespace);
  if (!name) return [];
  return catalog[name]!.map((resourceType) => ({
    resourceType,
    locations: displayNames(),
    apiVersions: supportedApiVersions(`${name}/${resourceType}`) ?? ['2025-04-01', '2024-03-01', '2023-09-01', '2022-04-01', '2021-04-01'],
  }));
}
