// Azure public-cloud regions: ARM accepts the name ("centralus") or the display name ("Central US").

const regions: Array<[name: string, displayName: string]> = [
  ['eastus', 'East US'],
  ['eastus2', 'East US 2'],
  ['southcentralus', 'South Central US'],
  ['westus2', 'West US 2'],
  ['westus3', 'West US 3'],
  ['australiaeast', 'Australia East'],
  ['southeastasia', 'Southeast Asia'],
  ['northeurope', 'North Europe'],
  ['swedencentral', 'Sweden Central'],
  ['uksouth', 'UK South'],
  ['westeurope', 'West Europe'],
  ['centralus', 'Central US'],
  ['southafricanorth', 'South Africa North'],
  ['centralindia', 'Central India'],
  ['eastasia', 'East Asia'],
  ['japaneast', 'Japan East'],
  ['koreacentral', 'Korea Central'],
  ['canadacentral', 'Canada Central'],
  ['francecentral', 'France Central'],
  ['germanywestcentral', 'Germany West Central'],
  ['norwayeast', 'Norway East'],
  ['switzerlandnorth', 'Switzerland North'],
  ['uaenorth', 'UAE North'],
  ['brazilsouth', 'Brazil South'],
  ['northcentralus', 'North Central US'],
  ['westus', 'West US'],
  ['westcentralus', 'West Central US'],
  ['australiasoutheast', 'Australia Southeast'],
  ['japanwest', 'Japan West'],
  ['koreasouth', 'Korea South'],
  ['southindia', 'South India'],
  ['westindia', 'West India'],
  ['canadaeast', 'Canada East'],
  ['ukwest', 'UK West'],
  ['polandcentral', 'Poland Central'],
  ['italynorth', 'Italy North'],
];

/** The region name for a location as given ("Central US" → "centralus"), or undefined when unknown. */
export function normalizeLocation(location: string): string | undefined {
  const compact = location.replace(/\s+/g, '').toLowerCase();
  return regions.find(([name]) => name === compact)?.[0];
}

export function allLocationNames(): string[] {
  return regions.map(([name]) => name);
}

export function displayNames(): string[] {
  return regions.map(([, displayName]) => displayName);
}
