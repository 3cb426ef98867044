// An agent pool's resources in aks-engine v0.32.3's template: NICs, availability set (and storage accounts) and
// VMs with their extensions for a pool in an availability set (kubernetesagentresourcesvmas.t and the Windows
// variant), or one scale set (kubernetesagentresourcesvmss.t and the Windows variant).
import type { AgentPoolProfile, ContainerService } from '../apimodel/types';
import { hasZones, isAzureCni, isWindows, pools } from '../defaults/properties';
import {
  agentProvisionSettings,
  api,
  billingExtension,
  customScriptExtension,
  dataDisks,
  identity,
  linuxOsProfile,
  linuxProvisionCommand,
  usesAksBillingExtension,
  vmTags,
  WINDOWS_PROVISION_COMMAND,
  windowsCustomData,
  type Resource,
} from './resources-common';

export function agentPoolResources(cs: ContainerService, pool: AgentPoolProfile): Resource[] {
  return pool.availabilityProfile === 'VirtualMachineScaleSets' ? scaleSet(cs, pool) : availabilitySet(cs, pool);
}

const storageAccountName = (n: string, account: 'AccountName' | 'DataAccountName', index: string) =>
  `variables('storageAccountPrefixes')[mod(${index},variables('storageAccountPrefixesCount'))],` +
  `variables('storageAccountPrefixes')[div(${index},variables('storageAccountPrefixesCount'))],variables('${n}${account}')`;

const dataAccountIndex = (n: string) => `add(copyIndex(variables('dataStorageAccountPrefixSeed')),variables('${n}StorageAccountOffset'))`;

function ipConfigurations(pool: AgentPoolProfile, dynamic: boolean): Resource[] {
  return Array.from({ length: pool.ipAddressCount ?? 1 }, (_, i) => ({
    name: `ipconfig${i + 1}`,
    properties: {
      ...(i === 0 ? { primary: true } : {}),
      ...(dynamic ? { privateIPAllocationMethod: 'Dynamic' } : {}),
      subnet: { id: `[variables('${pool.name}VnetSubnetID')]` },
    },
  }));
}

function availabilitySet(cs: ContainerService, pool: AgentPoolProfile): Resource[] {
  const p = cs.properties!;
  const n = pool.name!;
  const windows = isWindows(pool);
  const storageAccount = pool.storageProfile === 'StorageAccount';
  const disks = (pool.diskSizesGB ?? []).length > 0;
  const count = `[sub(variables('${n}Count'), variables('${n}Offset'))]`;
  const index = `copyIndex(variables('${n}Offset'))`;
  const k = p.orchestratorProfile!.kubernetesConfig!;
  const privateCluster = k.privateCluster?.enabled === true;
  const customWindowsImage = windows && Boolean(p.windowsProfile?.WindowsImageSourceUrl);
  const resources: Resource[] = [];
  if (customWindowsImage) resources.push(windowsImage(n));
  const nic: Resource = {
    enableAcceleratedNetworking: windows
      ? String(pool.acceleratedNetworkingEnabledWindows === true)
      : pool.acceleratedNetworkingEnabled === true,
    ...(pool.vnetSubnetID ? { networkSecurityGroup: { id: "[variables('nsgID')]" } } : {}),
    ipConfigurations: ipConfigurations(pool, true),
    ...(isAzureCni(p) ? {} : { enableIPForwarding: true }),
  };
  resources.push({
    apiVersion: api('Network'),
    copy: { count, name: 'loop' },
    dependsOn: [pool.vnetSubnetID ? "[variables('nsgID')]" : "[variables('vnetID')]"],
    location: "[variables('location')]",
    name: `[concat(variables('${n}VMNamePrefix'), 'nic-', ${index})]`,
    properties: nic,
    type: 'Microsoft.Network/networkInterfaces',
  });
  const publicIpDependency = privateCluster
    ? {}
    : { dependsOn: ["[concat('Microsoft.Network/publicIPAddresses/', variables('masterPublicIPAddressName'))]"] };
  if (pool.storageProfile === 'ManagedDisks') {
    resources.push({
      location: "[variables('location')]",
      name: `[variables('${n}AvailabilitySet')]`,
      apiVersion: api('Compute'),
      properties: { platformFaultDomainCount: 2, platformUpdateDomainCount: 3 },
      sku: { name: 'Aligned' },
      type: 'Microsoft.Compute/availabilitySets',
    });
  } else if (storageAccount) {
    resources.push({
      apiVersion: api('Storage'),
      copy: { count: `[variables('${n}StorageAccountsCount')]`, name: 'loop' },
      ...publicIpDependency,
      location: "[variables('location')]",
      name: `[concat(${storageAccountName(n, 'AccountName', `add(copyIndex(),variables('${n}StorageAccountOffset'))`)})]`,
      sku: { name: `[variables('vmSizesMap')[variables('${n}VMSize')].storageAccountType]` },
      type: 'Microsoft.Storage/storageAccounts',
    });
    if (disks) {
      resources.push({
        apiVersion: api('Storage'),
        copy: { count: `[variables('${n}StorageAccountsCount')]`, name: 'datadiskLoop' },
        ...publicIpDependency,
        location: "[variables('location')]",
        name: `[concat(${storageAccountName(n, 'DataAccountName', dataAccountIndex(n))})]`,
        sku: { name: `[variables('vmSizesMap')[variables('${n}VMSize')].storageAccountType]` },
        type: 'Microsoft.Storage/storageAccounts',
      });
    }
    resources.push({
      location: "[variables('location')]",
      name: `[variables('${n}AvailabilitySet')]`,
      apiVersion: api('Compute'),
      properties: {},
      type: 'Microsoft.Compute/availabilitySets',
    });
  }

  const accountIndex = `add(div(${index},variables('maxVMsPerStorageAccount')),variables('${n}StorageAccountOffset'))`;
  const dependsOn: string[] = [];
  if (storageAccount) {
    dependsOn.push(`[concat('Microsoft.Storage/storageAccounts/',${storageAccountName(n, 'AccountName', accountIndex)})]`);
    if (disks) {
      dependsOn.push(
        `[concat('Microsoft.Storage/storageAccounts/',` +
          `${storageAccountName(n, 'DataAccountName', `add(${accountIndex},variables('dataStorageAccountPrefixSeed'))`)})]`,
      );
    }
  }
  dependsOn.push(
    `[concat('Microsoft.Network/networkInterfaces/', variables('${n}VMNamePrefix'), 'nic-', ${index})]`,
    `[concat('Microsoft.Compute/availabilitySets/', variables('${n}AvailabilitySet'))]`,
  );
  const customImage = !windows && Boolean(pool.imageReference?.name && pool.imageReference.resourceGroup);
  const osDisk: Resource = { createOption: 'FromImage', caching: 'ReadWrite' };
  if (storageAccount) {
    osDisk.name = `[concat(variables('${n}VMNamePrefix'), ${index},'-osdisk')]`;
    osDisk.vhd = {
      uri:
        `[concat(reference(concat('Microsoft.Storage/storageAccounts/',${storageAccountName(n, 'AccountName', accountIndex)}),` +
        `variables('apiVersionStorage')).primaryEndpoints.blob,'osdisk/', variables('${n}VMNamePrefix'), ${index}, '-osdisk.vhd')]`,
    };
  }
  if (pool.osDiskSizeGB) osDisk.diskSizeGB = pool.osDiskSizeGB;
  const vmName = `[concat(variables('${n}VMNamePrefix'), ${index})]`;
  resources.push({
    apiVersion: api('Compute'),
    copy: { count, name: 'vmLoopNode' },
    dependsOn,
    tags: vmTags(n, `variables('${n}VMNamePrefix'), ${index}`, windows ? "[variables('winResourceNamePrefix')]" : undefined),
    location: "[variables('location')]",
    name: vmName,
    ...identity(cs),
    properties: {
      availabilitySet: { id: `[resourceId('Microsoft.Compute/availabilitySets',variables('${n}AvailabilitySet'))]` },
      hardwareProfile: { vmSize: `[variables('${n}VMSize')]` },
      networkProfile: {
        networkInterfaces: [
          { id: `[resourceId('Microsoft.Network/networkInterfaces',concat(variables('${n}VMNamePrefix'), 'nic-', ${index}))]` },
        ],
      },
      osProfile: windows ? windowsOsProfile(cs, { computerName: vmName }) : linuxOsProfile(cs, 'agent', { computerName: vmName }),
      storageProfile: {
        ...(customImage ? {} : dataDisks(pool)),
        imageReference: imageReference(n, windows, customImage, customWindowsImage),
        osDisk,
      },
    },
    type: 'Microsoft.Compute/virtualMachines',
  });
  if (k.useManagedIdentity && !k.userAssignedID) {
    resources.push({
      apiVersion: api('AuthorizationSystem'),
      copy: { count, name: 'vmLoopNode' },
      name: `[guid(concat('Microsoft.Compute/virtualMachines/', variables('${n}VMNamePrefix'), ${index}, 'vmidentity'))]`,
      type: 'Microsoft.Authorization/roleAssignments',
      properties: {
        roleDefinitionId: "[variables('readerRoleDefinitionId')]",
        principalId:
          `[reference(concat('Microsoft.Compute/virtualMachines/', variables(` +
          `'${n}VMNamePrefix'), ${index}), '2017-03-30', 'Full').identity.principalId]`,
      },
      dependsOn: [`[concat('Microsoft.Compute/virtualMachines/', variables('${n}VMNamePrefix'), ${index})]`],
    });
  }
  resources.push({
    apiVersion: api('Compute'),
    copy: { count, name: 'vmLoopNode' },
    dependsOn: [`[concat('Microsoft.Compute/virtualMachines/', variables('${n}VMNamePrefix'), ${index})]`],
    location: "[variables('location')]",
    type: 'Microsoft.Compute/virtualMachines/extensions',
    name: `[concat(variables('${n}VMNamePrefix'), ${index},'/cse', '-agent-', ${index})]`,
    properties: windows
      ? customScriptExtension(WINDOWS_PROVISION_COMMAND, true)
      : customScriptExtension(linuxProvisionCommand(cs, agentProvisionSettings(pool), p.featureFlags?.enableCSERunInBackground === true)),
  });
  if (usesAksBillingExtension(cs)) {
    resources.push({
      type: 'Microsoft.Compute/virtualMachines/extensions',
      name: `[concat(variables('${n}VMNamePrefix'), ${index}, '/computeAks${windows ? 'Windows' : 'Linux'}Billing')]`,
      apiVersion: api('Compute'),
      copy: { count, name: 'vmLoopNode' },
      location: "[variables('location')]",
      dependsOn: [`[concat('Microsoft.Compute/virtualMachines/', variables('${n}VMNamePrefix'), ${index})]`],
      properties: billingExtension(windows ? 'Windows' : 'Linux'),
    });
  }
  return resources;
}

function scaleSet(cs: ContainerService, pool: AgentPoolProfile): Resource[] {
  const p = cs.properties!;
  const n = pool.name!;
  const windows = isWindows(pool);
  const k = p.orchestratorProfile!.kubernetesConfig!;
  const resources: Resource[] = [];
  if (k.useManagedIdentity && !k.userAssignedID) {
    resources.push({
      apiVersion: api('AuthorizationSystem'),
      name: `[guid(concat('Microsoft.Compute/virtualMachineScaleSets/', variables('${n}VMNamePrefix'), 'vmidentity'))]`,
      type: 'Microsoft.Authorization/roleAssignments',
      properties: {
        roleDefinitionId: "[variables('readerRoleDefinitionId')]",
        principalId:
          `[reference(concat('Microsoft.Compute/virtualMachineScaleSets/', variables(` +
          `'${n}VMNamePrefix')), '2017-03-30', 'Full').identity.principalId]`,
      },
      dependsOn: [`[concat('Microsoft.Compute/virtualMachineScaleSets/', variables('${n}VMNamePrefix'))]`],
    });
  }
  const overprovision = pools(p).some((candidate) => candidate.vmssOverProvisioningEnabled === true);
  const nic: Resource = {
    primary: true,
    enableAcceleratedNetworking: windows
      ? String(pool.acceleratedNetworkingEnabledWindows === true)
      : pool.acceleratedNetworkingEnabled === true,
    ...(pool.vnetSubnetID ? { networkSecurityGroup: { id: "[variables('nsgID')]" } } : {}),
    ipConfigurations: ipConfigurations(pool, false),
    ...(!windows && p.linuxProfile?.customNodesDNS?.dnsServer ? { dnsSettings: { dnsServers: ["[parameters('dnsServer')]"] } } : {}),
    ...(isAzureCni(p) ? {} : { enableIPForwarding: true }),
  };
  const customImage = !windows && Boolean(pool.imageReference?.name && pool.imageReference.resourceGroup);
  const extensions: Resource[] = [
    {
      name: 'vmssCSE',
      properties: windows
        ? customScriptExtension(WINDOWS_PROVISION_COMMAND, true)
        : customScriptExtension(linuxProvisionCommand(cs, agentProvisionSettings(pool), p.featureFlags?.enableCSERunInBackground === true)),
    },
  ];
  if (usesAksBillingExtension(cs)) {
    const os = windows ? 'Windows' : 'Linux';
    extensions.push({ name: `[concat(variables('${n}VMNamePrefix'), '-computeAks${os}Billing')]`, properties: billingExtension(os) });
  }
  resources.push({
    apiVersion: api('Compute'),
    dependsOn: [pool.vnetSubnetID ? "[variables('nsgID')]" : "[variables('vnetID')]"],
    tags: vmTags(n, `variables('${n}VMNamePrefix')`, windows ? "[variables('winResourceNamePrefix')]" : undefined),
    location: "[variables('location')]",
    ...(hasZones(pool.availabilityZones) ? { zones: `[parameters('${n}AvailabilityZones')]` } : {}),
    name: `[variables('${n}VMNamePrefix')]`,
    ...identity(cs),
    sku: { tier: 'Standard', capacity: `[variables('${n}Count')]`, name: `[variables('${n}VMSize')]` },
    properties: {
      singlePlacementGroup: pool.singlePlacementGroup === true,
      overprovision,
      ...(overprovision ? { doNotRunExtensionsOnOverprovisionedVMs: true } : {}),
      upgradePolicy: { mode: 'Manual' },
      virtualMachineProfile: {
        ...(pool.scaleSetPriority === 'Low'
          ? { priority: `[variables('${n}ScaleSetPriority')]`, evictionPolicy: `[variables('${n}ScaleSetEvictionPolicy')]` }
          : {}),
        networkProfile: { networkInterfaceConfigurations: [{ name: `[variables('${n}VMNamePrefix')]`, properties: nic }] },
        osProfile: windows
          ? windowsOsProfile(cs, { computerNamePrefix: `[variables('${n}VMNamePrefix')]` })
          : linuxOsProfile(cs, 'agent', { computerNamePrefix: `[variables('${n}VMNamePrefix')]` }),
        storageProfile: {
          ...(customImage ? {} : dataDisks(pool)),
          imageReference: imageReference(n, windows, customImage, false),
          osDisk: { createOption: 'FromImage', caching: 'ReadWrite', ...(pool.osDiskSizeGB ? { diskSizeGB: pool.osDiskSizeGB } : {}) },
        },
        extensionProfile: { extensions },
      },
    },
    type: 'Microsoft.Compute/virtualMachineScaleSets',
  });
  return resources;
}

function imageReference(n: string, windows: boolean, customImage: boolean, customWindowsImage: boolean): Resource {
  if (windows) {
    if (customWindowsImage) return { id: `[resourceId('Microsoft.Compute/images','${n}CustomWindowsImage')]` };
    return {
      offer: "[parameters('agentWindowsOffer')]",
      publisher: "[parameters('agentWindowsPublisher')]",
      sku: "[parameters('agentWindowsSku')]",
      version: "[parameters('agentWindowsVersion')]",
    };
  }
  if (customImage)
    return { id: `[resourceId(variables('${n}osImageResourceGroup'), 'Microsoft.Compute/images', variables('${n}osImageName'))]` };
  return {
    offer: `[variables('${n}osImageOffer')]`,
    publisher: `[variables('${n}osImagePublisher')]`,
    sku: `[variables('${n}osImageSKU')]`,
    version: `[variables('${n}osImageVersion')]`,
  };
}

function windowsOsProfile(cs: ContainerService, name: Record<string, string>): Resource {
  return {
    ...name,
    customData: windowsCustomData(),
    adminUsername: "[parameters('windowsAdminUsername')]",
    adminPassword: "[parameters('windowsAdminPassword')]",
    windowsConfiguration: { enableAutomaticUpdates: cs.properties!.windowsProfile?.enableAutomaticUpdates ?? true },
  };
}

function windowsImage(n: string): Resource {
  return {
    type: 'Microsoft.Compute/images',
    apiVersion: api('Compute'),
    name: `${n}CustomWindowsImage`,
    location: "[variables('location')]",
    properties: {
      storageProfile: {
        osDisk: {
          osType: 'Windows',
          osState: 'Generalized',
          blobUri: "[parameters('agentWindowsSourceUrl')]",
          storageAccountType: 'Standard_LRS',
        },
      },
    },
  };
}
