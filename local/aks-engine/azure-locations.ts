// helpers.GetAzureLocations() at v0.32.3 (47 entries, 42 distinct: the sovereign clouds are listed again at the end)
// and the cloudapp DNS suffix of each cloud, used for the API server SANs and the kubeconfig server URL.

export const AZURE_LOCATIONS = [
  'australiacentral',
  'australiacentral2',
  'australiaeast',
  'australiasoutheast',
  'brazilsouth',
  'canadacentral',
  'canadaeast',
  'centralindia',
  'centralus',
  'centraluseuap',
  'chinaeast',
  'chinaeast2',
  'chinanorth',
  'chinanorth2',
  'eastasia',
  'eastus',
  'eastus2',
  'eastus2euap',
  'francecentral',
  'francesouth',
  'japaneast',
  'japanwest',
  'koreacentral',
  'koreasouth',
  'northcentralus',
  'northeurope',
  'southcentralus',
  'southeastasia',
  'southindia',
  'uksouth',
  'ukwest',
  'westcentralus',
  'westeurope',
  'westindia',
  'westus',
  'westus2',
  'chinaeast',
  'chinanorth',
  'chinanorth2',
  'chinaeast2',
  'germanycentral',
  'germanynortheast',
  'usgovvirginia',
  'usgoviowa',
  'usgovarizona',
  'usgovtexas',
  'francecentral',
];

/** FormatAzureProdFQDNByLocation's suffix: the cloud a location belongs to decides the cloudapp domain. */
export function cloudappSuffix(location: string): string {
  if (location.startsWith('china')) return 'cloudapp.chinacloudapi.cn';
  if (location === 'germanycentral' || location === 'germanynortheast') return 'cloudapp.microsoftazure.de';
  if (location.startsWith('usgov') || location.startsWith('usdod')) return 'cloudapp.usgovcloudapi.net';
  return 'cloudapp.azure.com';
}

/** The master FQDN: `<dnsPrefix>.<location>.cloudapp.azure.com`, dnsPrefix case kept. */
export function masterFqdn(dnsPrefix: string, location: string): string {
  return `${dnsPrefix}.${location}.${cloudappSuffix(location)}`;
}

/** helpers.NormalizeAzureRegion: lowercase, spaces removed. */
export function normalizeAzureRegion(location: string): string {
  return location.toLowerCase().replace(/ /g, '');
}
