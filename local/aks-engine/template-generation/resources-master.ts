// The masters' resources in aks-engine v0.32.3's template: for masters in an availability set (parts/k8s/
// kubernetesmasterresources.t) the network, load balancers, NICs, VMs and their extensions; for masters in a scale
// set (kubernetesmasterresourcesvmss.t) one scale set instead of the NICs and VMs.
import type { ContainerService } from '../apimodel/types';
import { hasZones, isAzureCni, isCosmosEtcd, requireRouteTable } from '../defaults/properties';
import {
  api,
  billingExtension,
  cosmosAccount,
  customScriptExtension,
  identity,
  KMS_KEY_PERMISSIONS,
  kmsResources,
  linuxOsProfile,
  linuxProvisionCommand,
  masterInternalLoadBalancer,
  masterNetworkSecurityGroup,
  masterPublicIp,
  routeTable,
  usesAksBillingExtension,
  vmTags,
  type Resource,
} from './resources-common';

const COPY_COUNT = "[sub(variables('masterCount'), variables('masterOffset'))]";
const INDEX = "copyIndex(variables('masterOffset'))";
const range = (count: number) => Array.from({ length: count }, (_, i) => i);

export function masterAvailabilitySetResources(cs: ContainerService): Resource[] {
  const p = cs.properties!;
  const m = p.masterProfile!;
  const k = p.orchestratorProfile!.kubernetesConfig!;
  const count = m.count ?? 1;
  const zones = hasZones(m.availabilityZones);
  const storageAccount = m.storageProfile === 'StorageAccount';
  const privateCluster = k.privateCluster?.enabled === true;
  const msi = k.useManagedIdentity === true;
  const userAssigned = msi && Boolean(k.userAssignedID);
  const resources: Resource[] = [];

  if (isCosmosEtcd(p)) resources.push(cosmosAccount());
  if (!zones) {
    resources.push(
      storageAccount
        ? {
            apiVersion: api('Compute'),
            location: "[variables('location')]",
            name: "[variables('masterAvailabilitySet')]",
            properties: {},
            type: 'Microsoft.Compute/availabilitySets',
          }
        : {
            apiVersion: api('Compute'),
            location: "[variables('location')]",
            name: "[variables('masterAvailabilitySet')]",
            properties: { platformFaultDomainCount: 2, platformUpdateDomainCount: 3 },
            sku: { name: 'Aligned' },
            type: 'Microsoft.Compute/availabilitySets',
          },
    );
  }
  if (storageAccount) {
    resources.push({
      apiVersion: api('Storage'),
      ...(privateCluster
        ? {}
        : { dependsOn: ["[concat('Microsoft.Network/publicIPAddresses/', variables('masterPublicIPAddressName'))]"] }),
      location: "[variables('location')]",
      name: "[variables('masterStorageAccountName')]",
      sku: { name: "[variables('vmSizesMap')[parameters('masterVMSize')].storageAccountType]" },
      type: 'Microsoft.Storage/storageAccounts',
    });
  }
  if (!m.vnetSubnetID) resources.push(virtualNetwork(cs));
  resources.push(masterNetworkSecurityGroup(cs));
  if (requireRouteTable(p)) resources.push(routeTable());
  if (!privateCluster) {
    resources.push(masterPublicIp(), masterLoadBalancer(count));
  }
  resources.push(masterNics(cs, privateCluster));
  if (privateCluster && k.privateCluster?.jumpboxProfile) resources.push(...jumpbox(cs));
  if (count > 1) resources.push(masterInternalLoadBalancer(cs, 'vnetSubnetID'));
  if (k.enableEncryptionWithExternalKms === true) {
    const vms = range(count).flatMap((i) => [
      `[concat('Microsoft.Compute/virtualMachines/', variables('masterVMNamePrefix'), '${i}')]`,
      `[concat('Microsoft.Authorization/roleAssignments/', guid(concat(` +
        `'Microsoft.Compute/virtualMachines/', variables('masterVMNamePrefix'), '${i}', 'vmidentity')))]`,
    ]);
    const policies = !msi
      ? [{ tenantId: "[variables('tenantID')]", objectId: "[parameters('servicePrincipalObjectId')]", permissions: KMS_KEY_PERMISSIONS }]
      : userAssigned
        ? [
            {
              tenantId: "[variables('tenantID')]",
              objectId: "[reference(variables('userAssignedIDReference'), variables('apiVersionManagedIdentity')).principalId]",
              permissions: KMS_KEY_PERMISSIONS,
            },
          ]
        : range(count).map((i) => ({
            objectId:
              `[reference(concat('Microsoft.Compute/virtualMachines/', variables(` +
              `'masterVMNamePrefix'), '${i}'), '2017-03-30', 'Full').identity.principalId]`,
            permissions: KMS_KEY_PERMISSIONS,
            tenantId: "[variables('tenantID')]",
          }));
    resources.push(...kmsResources(msi ? (userAssigned ? ["[variables('userAssignedIDReference')]"] : vms) : undefined, policies));
  }
  resources.push(masterVm(cs, zones, storageAccount));
  if (msi && !userAssigned) {
    resources.push({
      apiVersion: api('AuthorizationSystem'),
      copy: { count: "[variables('masterCount')]", name: 'vmLoopNode' },
      name: "[guid(concat('Microsoft.Compute/virtualMachines/', variables('masterVMNamePrefix'), copyIndex(),'vmidentity'))]",
      type: 'Microsoft.Authorization/roleAssignments',
      properties: {
        roleDefinitionId: "[variables('contributorRoleDefinitionId')]",
        principalId:
          "[reference(concat('Microsoft.Compute/virtualMachines/', variables(" +
          "'masterVMNamePrefix'), copyIndex()), '2017-03-30', 'Full').identity.principalId]",
      },
    });
  }
  resources.push({
    apiVersion: api('Compute'),
    copy: { count: COPY_COUNT, name: 'vmLoopNode' },
    dependsOn: [
      `[concat('Microsoft.Compute/virtualMachines/', variables('masterVMNamePrefix'), ${INDEX})]`,
      ...(k.enableEncryptionWithExternalKms === true ? ["[concat('Microsoft.KeyVault/vaults/', variables('clusterKeyVaultName'))]"] : []),
    ],
    location: "[variables('location')]",
    type: 'Microsoft.Compute/virtualMachines/extensions',
    name: `[concat(variables('masterVMNamePrefix'), ${INDEX},'/cse', '-master-', ${INDEX})]`,
    properties: customScriptExtension(
      linuxProvisionCommand(cs, "variables('provisionScriptParametersCommon'),' ',variables('provisionScriptParametersMaster'), '"),
    ),
  });
  if (usesAksBillingExtension(cs)) {
    resources.push({
      type: 'Microsoft.Compute/virtualMachines/extensions',
      name: `[concat(variables('masterVMNamePrefix'), ${INDEX}, '/computeAksLinuxBilling')]`,
      apiVersion: api('Compute'),
      copy: { count: COPY_COUNT, name: 'vmLoopNode' },
      location: "[variables('location')]",
      dependsOn: [`[concat('Microsoft.Compute/virtualMachines/', variables('masterVMNamePrefix'), ${INDEX})]`],
      properties: billingExtension('Linux'),
    });
  }
  return resources;
}

function virtualNetwork(cs: ContainerService): Resource {
  const routes = requireRouteTable(cs.properties!);
  return {
    apiVersion: api('Network'),
    dependsOn: [
      ...(routes ? ["[concat('Microsoft.Network/routeTables/', variables('routeTableName'))]"] : []),
      "[concat('Microsoft.Network/networkSecurityGroups/', variables('nsgName'))]",
    ],
    location: "[variables('location')]",
    name: "[variables('virtualNetworkName')]",
    properties: {
      addressSpace: { addressPrefixes: ["[parameters('vnetCidr')]"] },
      subnets: [
        {
          name: "[variables('subnetName')]",
          properties: {
            addressPrefix: "[parameters('masterSubnet')]",
            networkSecurityGroup: { id: "[variables('nsgID')]" },
            ...(routes ? { routeTable: { id: "[variables('routeTableID')]" } } : {}),
          },
        },
      ],
    },
    type: 'Microsoft.Network/virtualNetworks',
  };
}

function masterLoadBalancer(count: number): Resource {
  return {
    apiVersion: api('Network'),
    dependsOn: ["[concat('Microsoft.Network/publicIPAddresses/', variables('masterPublicIPAddressName'))]"],
    location: "[variables('location')]",
    name: "[variables('masterLbName')]",
    properties: {
      backendAddressPools: [{ name: "[variables('masterLbBackendPoolName')]" }],
      frontendIPConfigurations: [
        {
          name: "[variables('masterLbIPConfigName')]",
          properties: {
            publicIPAddress: { id: "[resourceId('Microsoft.Network/publicIPAddresses',variables('masterPublicIPAddressName'))]" },
          },
        },
      ],
      loadBalancingRules: [
        {
          name: 'LBRuleHTTPS',
          properties: {
            frontendIPConfiguration: { id: "[variables('masterLbIPConfigID')]" },
            backendAddressPool: { id: "[concat(variables('masterLbID'), '/backendAddressPools/', variables('masterLbBackendPoolName'))]" },
            protocol: 'Tcp',
            frontendPort: 443,
            backendPort: 443,
            enableFloatingIP: false,
            idleTimeoutInMinutes: 5,
            loadDistribution: 'Default',
            probe: { id: "[concat(variables('masterLbID'),'/probes/tcpHTTPSProbe')]" },
          },
        },
      ],
      inboundNatRules: range(count).map((i) => ({
        name: `[concat('SSH-', variables('masterVMNamePrefix'), ${i})]`,
        properties: {
          backendPort: 22,
          enableFloatingIP: false,
          frontendIPConfiguration: { id: "[variables('masterLbIPConfigID')]" },
          frontendPort: `[variables('sshNatPorts')[${i}]]`,
          protocol: 'Tcp',
        },
      })),
      probes: [{ name: 'tcpHTTPSProbe', properties: { protocol: 'Tcp', port: 443, intervalInSeconds: 5, numberOfProbes: 2 } }],
    },
    sku: { name: "[variables('loadBalancerSku')]" },
    type: 'Microsoft.Network/loadBalancers',
  };
}

function masterNics(cs: ContainerService, privateCluster: boolean): Resource {
  const p = cs.properties!;
  const m = p.masterProfile!;
  const count = m.count ?? 1;
  const custom = Boolean(m.vnetSubnetID);
  const dependsOn = [custom ? "[variables('nsgID')]" : "[variables('vnetID')]"];
  if (!privateCluster) dependsOn.push("[variables('masterLbName')]");
  if (count > 1) dependsOn.push("[variables('masterInternalLbName')]");
  if (!privateCluster && isCosmosEtcd(p))
    dependsOn.push("[resourceId('Microsoft.DocumentDB/databaseAccounts/', variables('cosmosAccountName'))]");
  const pools: Resource[] = [];
  if (!privateCluster)
    pools.push({ id: "[concat(variables('masterLbID'), '/backendAddressPools/', variables('masterLbBackendPoolName'))]" });
  if (count > 1)
    pools.push({ id: "[concat(variables('masterInternalLbID'), '/backendAddressPools/', variables('masterLbBackendPoolName'))]" });
  const ipConfigurations: Resource[] = [
    {
      name: 'ipconfig1',
      properties: {
        loadBalancerBackendAddressPools: pools,
        loadBalancerInboundNatRules: privateCluster
          ? []
          : [{ id: `[concat(variables('masterLbID'),'/inboundNatRules/SSH-',variables('masterVMNamePrefix'),${INDEX})]` }],
        privateIPAddress: `[variables('masterPrivateIpAddrs')[${INDEX}]]`,
        primary: true,
        privateIPAllocationMethod: 'Static',
        subnet: { id: "[variables('vnetSubnetID')]" },
      },
    },
  ];
  if (isAzureCni(p)) {
    for (let seq = 2; seq <= (m.ipAddressCount ?? 1); seq++) {
      ipConfigurations.push({
        name: `ipconfig${seq}`,
        properties: { primary: false, privateIPAllocationMethod: 'Dynamic', subnet: { id: "[variables('vnetSubnetID')]" } },
      });
    }
  }
  const properties: Resource = { ipConfigurations };
  if (!isAzureCni(p)) properties.enableIPForwarding = true;
  if (p.linuxProfile?.customNodesDNS?.dnsServer) properties.dnsSettings = { dnsServers: ["[parameters('dnsServer')]"] };
  if (custom) properties.networkSecurityGroup = { id: "[variables('nsgID')]" };
  return {
    apiVersion: api('Network'),
    copy: { count: COPY_COUNT, name: 'nicLoopNode' },
    dependsOn,
    location: "[variables('location')]",
    name: `[concat(variables('masterVMNamePrefix'), 'nic-', ${INDEX})]`,
    properties,
    type: 'Microsoft.Network/networkInterfaces',
  };
}

function jumpbox(cs: ContainerService): Resource[] {
  const p = cs.properties!;
  const jumpboxProfile = p.orchestratorProfile!.kubernetesConfig!.privateCluster!.jumpboxProfile!;
  const managed = jumpboxProfile.storageProfile === 'ManagedDisks';
  const resources: Resource[] = [
    {
      type: 'Microsoft.Compute/virtualMachines',
      name: "[parameters('jumpboxVMName')]",
      apiVersion: api('Compute'),
      location: "[variables('location')]",
      properties: {
        osProfile: {
          customData: "[base64(concat('#cloud-config\\n# aks-engine v0.32.3 jumpbox (simulated)\\n'))]",
          computerName: "[parameters('jumpboxVMName')]",
          adminUsername: "[parameters('jumpboxUsername')]",
          linuxConfiguration: {
            disablePasswordAuthentication: true,
            ssh: {
              publicKeys: [
                {
                  path: "[concat('/home/', parameters('jumpboxUsername'), '/.ssh/authorized_keys')]",
                  keyData: "[parameters('jumpboxPublicKey')]",
                },
              ],
            },
          },
        },
        hardwareProfile: { vmSize: "[parameters('jumpboxVMSize')]" },
        storageProfile: {
          imageReference: { publisher: 'Canonical', offer: 'UbuntuServer', sku: '16.04-LTS', version: 'latest' },
          osDisk: managed
            ? {
                createOption: 'FromImage',
                diskSizeGB: "[parameters('jumpboxOSDiskSizeGB')]",
                managedDisk: { storageAccountType: "[variables('vmSizesMap')[parameters('jumpboxVMSize')].storageAccountType]" },
              }
            : {
                createOption: 'fromImage',
                vhd: {
                  uri:
                    "[concat(reference(concat('Microsoft.Storage/storageAccounts/'," +
                    "variables('jumpboxStorageAccountName')),variables('apiVersionStorage'))." +
                    "primaryEndpoints.blob,'vhds/',parameters('jumpboxVMName'),'jumpboxdisk.vhd')]",
                },
                name: "[variables('jumpboxOSDiskName')]",
              },
          dataDisks: [],
        },
        networkProfile: {
          networkInterfaces: [{ id: "[resourceId('Microsoft.Network/networkInterfaces', variables('jumpboxNetworkInterfaceName'))]" }],
        },
      },
      dependsOn: ["[concat('Microsoft.Network/networkInterfaces/', variables('jumpboxNetworkInterfaceName'))]"],
    },
  ];
  if (!managed) {
    resources.push({
      type: 'Microsoft.Storage/storageAccounts',
      name: "[variables('jumpboxStorageAccountName')]",
      apiVersion: api('Storage'),
      location: "[variables('location')]",
      sku: { name: "[variables('vmSizesMap')[parameters('jumpboxVMSize')].storageAccountType]" },
    });
  }
  resources.push(
    {
      type: 'Microsoft.Network/networkSecurityGroups',
      name: "[variables('jumpboxNetworkSecurityGroupName')]",
      apiVersion: api('Network'),
      location: "[variables('location')]",
      properties: {
        securityRules: [
          {
            name: 'default-allow-ssh',
            properties: {
              priority: 1000,
              protocol: 'Tcp',
              access: 'Allow',
              direction: 'Inbound',
              sourceAddressPrefix: '*',
              sourcePortRange: '*',
              destinationAddressPrefix: '*',
              destinationPortRange: '22',
            },
          },
        ],
      },
    },
    {
      type: 'Microsoft.Network/publicIpAddresses',
      sku: { name: 'Basic' },
      name: "[variables('jumpboxPublicIpAddressName')]",
      apiVersion: api('Network'),
      location: "[variables('location')]",
      properties: { dnsSettings: { domainNameLabel: "[variables('masterFqdnPrefix')]" }, publicIpAllocationMethod: 'Dynamic' },
    },
    {
      type: 'Microsoft.Network/networkInterfaces',
      name: "[variables('jumpboxNetworkInterfaceName')]",
      apiVersion: api('Network'),
      location: "[variables('location')]",
      properties: {
        ipConfigurations: [
          {
            name: 'ipconfig1',
            properties: {
              subnet: { id: "[variables('vnetSubnetID')]" },
              primary: true,
              privateIPAllocationMethod: 'Dynamic',
              publicIpAddress: { id: "[resourceId('Microsoft.Network/publicIpAddresses', variables('jumpboxPublicIpAddressName'))]" },
            },
          },
        ],
        networkSecurityGroup: {
          id: "[resourceId('Microsoft.Network/networkSecurityGroups', variables('jumpboxNetworkSecurityGroupName'))]",
        },
      },
      dependsOn: [
        "[concat('Microsoft.Network/publicIpAddresses/', variables('jumpboxPublicIpAddressName'))]",
        "[concat('Microsoft.Network/networkSecurityGroups/', variables('jumpboxNetworkSecurityGroupName'))]",
        ...(p.masterProfile!.vnetSubnetID ? [] : ["[variables('vnetID')]"]),
      ],
    },
  );
  return resources;
}

function masterVm(cs: ContainerService, zones: boolean, storageAccount: boolean): Resource {
  const p = cs.properties!;
  const m = p.masterProfile!;
  const customImage = Boolean(m.imageReference?.name && m.imageReference.resourceGroup);
  const blob = (suffix: string) =>
    "[concat(reference(concat('Microsoft.Storage/storageAccounts/',variables(" +
    "'masterStorageAccountName')),variables('apiVersionStorage')).primaryEndpoints.blob," +
    `'vhds/', variables('masterVMNamePrefix'),${INDEX},'${suffix}')]`;
  const osDisk: Resource = { caching: 'ReadWrite', createOption: 'FromImage' };
  if (storageAccount) {
    osDisk.name = `[concat(variables('masterVMNamePrefix'), ${INDEX},'-osdisk')]`;
    osDisk.vhd = { uri: blob('-osdisk.vhd') };
  }
  if (m.osDiskSizeGB) osDisk.diskSizeGB = m.osDiskSizeGB;
  const storageProfile: Resource = {};
  if (!customImage) {
    // v0.32.3 attaches the etcd disk even with cosmosEtcd (removed later).
    const etcdDisk: Resource = {
      createOption: 'Empty',
      diskSizeGB: "[parameters('etcdDiskSizeGB')]",
      lun: 0,
      name: `[concat(variables('masterVMNamePrefix'), ${INDEX},'-etcddisk')]`,
    };
    if (storageAccount) etcdDisk.vhd = { uri: blob('-etcddisk.vhd') };
    storageProfile.dataDisks = [etcdDisk];
  }
  storageProfile.imageReference = customImage
    ? { id: "[resourceId(parameters('osImageResourceGroup'), 'Microsoft.Compute/images', parameters('osImageName'))]" }
    : {
        offer: "[parameters('osImageOffer')]",
        publisher: "[parameters('osImagePublisher')]",
        sku: "[parameters('osImageSku')]",
        version: "[parameters('osImageVersion')]",
      };
  storageProfile.osDisk = osDisk;
  const dependsOn = [`[concat('Microsoft.Network/networkInterfaces/', variables('masterVMNamePrefix'), 'nic-', ${INDEX})]`];
  if (!zones) dependsOn.push("[concat('Microsoft.Compute/availabilitySets/',variables('masterAvailabilitySet'))]");
  if (storageAccount) dependsOn.push("[variables('masterStorageAccountName')]");
  return {
    apiVersion: api('Compute'),
    copy: { count: COPY_COUNT, name: 'vmLoopNode' },
    dependsOn,
    tags: vmTags('master', `variables('masterVMNamePrefix'), ${INDEX}`),
    location: "[variables('location')]",
    name: `[concat(variables('masterVMNamePrefix'), ${INDEX})]`,
    ...(zones
      ? { zones: `[split(string(parameters('availabilityZones')[mod(${INDEX}, length(parameters('availabilityZones')))]), ',')]` }
      : {}),
    ...identity(cs),
    properties: {
      ...(zones
        ? {}
        : { availabilitySet: { id: "[resourceId('Microsoft.Compute/availabilitySets',variables('masterAvailabilitySet'))]" } }),
      hardwareProfile: { vmSize: "[parameters('masterVMSize')]" },
      networkProfile: {
        networkInterfaces: [
          { id: `[resourceId('Microsoft.Network/networkInterfaces',concat(variables('masterVMNamePrefix'),'nic-', ${INDEX}))]` },
        ],
      },
      osProfile: linuxOsProfile(cs, 'master', { computerName: `[concat(variables('masterVMNamePrefix'), ${INDEX})]` }),
      storageProfile,
    },
    type: 'Microsoft.Compute/virtualMachines',
  };
}

export function masterScaleSetResources(cs: ContainerService): Resource[] {
  const p = cs.properties!;
  const m = p.masterProfile!;
  const k = p.orchestratorProfile!.kubernetesConfig!;
  const count = m.count ?? 1;
  const custom = Boolean(m.vnetSubnetID);
  const routes = requireRouteTable(p);
  const msi = k.useManagedIdentity === true;
  const userAssigned = msi && Boolean(k.userAssignedID);
  const resources: Resource[] = [];
  if (isCosmosEtcd(p)) resources.push(cosmosAccount());
  if (k.enableEncryptionWithExternalKms === true) {
    const objectId = !msi
      ? { objectId: "[parameters('servicePrincipalObjectId')]" }
      : userAssigned
        ? { objectId: "[reference(variables('userAssignedIDReference'), variables('apiVersionManagedIdentity')).principalId]" }
        : {};
    resources.push(
      ...kmsResources(
        msi
          ? [
              "[concat('Microsoft.Compute/virtualMachineScaleSets/', variables('masterVMNamePrefix'), 'vmss')]",
              ...(userAssigned ? ["[variables('userAssignedIDReference')]"] : []),
            ]
          : undefined,
        [{ tenantId: "[variables('tenantID')]", ...objectId, permissions: KMS_KEY_PERMISSIONS }],
      ),
    );
  }
  resources.push(masterNetworkSecurityGroup(cs));
  if (routes) resources.push(routeTable());
  if (!custom) {
    const subnet = (name: string, prefix: string) => ({
      name,
      properties: {
        addressPrefix: `[parameters('${prefix}')]`,
        networkSecurityGroup: { id: "[variables('nsgID')]" },
        ...(routes ? { routeTable: { id: "[variables('routeTableID')]" } } : {}),
      },
    });
    resources.push({
      apiVersion: api('Network'),
      dependsOn: [
        ...(routes ? ["[concat('Microsoft.Network/routeTables/', variables('routeTableName'))]"] : []),
        "[concat('Microsoft.Network/networkSecurityGroups/', variables('nsgName'))]",
      ],
      location: "[variables('location')]",
      name: "[variables('virtualNetworkName')]",
      properties: {
        addressSpace: { addressPrefixes: ["[parameters('vnetCidr')]"] },
        subnets: [subnet('subnetmaster', 'masterSubnet'), subnet('subnetagent', 'agentSubnet')],
      },
      type: 'Microsoft.Network/virtualNetworks',
    });
  }
  resources.push(masterPublicIp(), {
    type: 'Microsoft.Network/loadBalancers',
    name: "[variables('masterLbName')]",
    location: "[variables('location')]",
    apiVersion: api('Network'),
    dependsOn: ["[concat('Microsoft.Network/publicIPAddresses/', variables('masterPublicIPAddressName'))]"],
    properties: {
      frontendIPConfigurations: [
        {
          name: "[variables('masterLbIPConfigName')]",
          properties: {
            publicIPAddress: { id: "[resourceId('Microsoft.Network/publicIpAddresses', variables('masterPublicIPAddressName'))]" },
          },
        },
      ],
      backendAddressPools: [{ name: "[variables('masterLbBackendPoolName')]" }],
      probes: [{ name: 'tcpHTTPSProbe', properties: { protocol: 'Tcp', port: 443, intervalInSeconds: 5, numberOfProbes: 2 } }],
      inboundNatPools: [
        {
          name: "[concat('SSH-', variables('masterVMNamePrefix'), 'natpools')]",
          properties: {
            frontendIPConfiguration: { id: "[variables('masterLbIPConfigID')]" },
            protocol: 'Tcp',
            backendPort: '22',
            frontendPortRangeStart: '50001',
            frontendPortRangeEnd: '50119',
            enableFloatingIP: false,
          },
        },
      ],
      loadBalancingRules: [
        {
          name: 'LBRuleHTTPS',
          properties: {
            frontendIPConfiguration: { id: "[variables('masterLbIPConfigID')]" },
            backendAddressPool: { id: "[concat(variables('masterLbID'), '/backendAddressPools/', variables('masterLbBackendPoolName'))]" },
            protocol: 'Tcp',
            frontendPort: 443,
            backendPort: 443,
            enableFloatingIP: false,
            idleTimeoutInMinutes: 5,
            loadDistribution: 'Default',
            probe: { id: "[concat(variables('masterLbID'),'/probes/tcpHTTPSProbe')]" },
          },
        },
      ],
    },
    sku: { name: "[variables('loadBalancerSku')]" },
  });
  if (count > 1) resources.push(masterInternalLoadBalancer(cs, 'vnetSubnetIDMaster'));
  const ipConfigurations = Array.from({ length: m.ipAddressCount ?? 1 }, (_, i) => ({
    name: `ipconfig${i + 1}`,
    properties:
      i === 0
        ? {
            loadBalancerBackendAddressPools: [
              { id: "[concat(variables('masterLbID'), '/backendAddressPools/', variables('masterLbBackendPoolName'))]" },
              ...(count > 1
                ? [{ id: "[concat(variables('masterInternalLbID'), '/backendAddressPools/', variables('masterLbBackendPoolName'))]" }]
                : []),
            ],
            loadBalancerInboundNatPools: [
              { id: "[concat(variables('masterLbID'),'/inboundNatPools/SSH-', variables('masterVMNamePrefix'), 'natpools')]" },
            ],
            primary: true,
            subnet: { id: "[variables('vnetSubnetIDMaster')]" },
          }
        : { primary: false, subnet: { id: "[variables('vnetSubnetIDMaster')]" } },
  }));
  const nic: Resource = {
    primary: true,
    ...(custom ? { networkSecurityGroup: { id: "[variables('nsgID')]" } } : {}),
    ipConfigurations,
    ...(p.linuxProfile?.customNodesDNS?.dnsServer ? { dnsSettings: { dnsServers: ["[parameters('dnsServer')]"] } } : {}),
    ...(isAzureCni(p) ? {} : { enableIPForwarding: true }),
  };
  const customImage = Boolean(m.imageReference?.name && m.imageReference.resourceGroup);
  const extensions: Resource[] = [
    {
      name: "[concat(variables('masterVMNamePrefix'), 'vmssCSE')]",
      properties: customScriptExtension(
        linuxProvisionCommand(cs, "variables('provisionScriptParametersCommon'),' ',variables('provisionScriptParametersMaster'), '"),
      ),
    },
  ];
  if (usesAksBillingExtension(cs))
    extensions.push({
      name: "[concat(variables('masterVMNamePrefix'), 'vmss-computeAksLinuxBilling')]",
      properties: billingExtension('Linux'),
    });
  resources.push({
    apiVersion: api('Compute'),
    dependsOn: [
      custom ? "[variables('nsgID')]" : "[variables('vnetID')]",
      ...(count > 1 ? ["[variables('masterInternalLbName')]"] : []),
      ...(isCosmosEtcd(p) ? ["[resourceId('Microsoft.DocumentDB/databaseAccounts/', variables('cosmosAccountName'))]"] : []),
      "[variables('masterLbID')]",
    ],
    tags: vmTags('master', "variables('masterVMNamePrefix'), 'vmss'"),
    location: "[variables('location')]",
    ...(hasZones(m.availabilityZones) ? { zones: "[parameters('availabilityZones')]" } : {}),
    name: "[concat(variables('masterVMNamePrefix'), 'vmss')]",
    ...(userAssigned ? identity(cs) : {}),
    sku: { tier: 'Standard', capacity: "[variables('masterCount')]", name: "[parameters('masterVMSize')]" },
    properties: {
      singlePlacementGroup: m.singlePlacementGroup !== false,
      overprovision: false,
      upgradePolicy: { mode: 'Manual' },
      virtualMachineProfile: {
        networkProfile: {
          networkInterfaceConfigurations: [{ name: "[concat(variables('masterVMNamePrefix'), 'netintconfig')]", properties: nic }],
        },
        osProfile: linuxOsProfile(cs, 'master', { computerNamePrefix: "[concat(variables('masterVMNamePrefix'), 'vmss')]" }),
        storageProfile: {
          ...(customImage ? {} : { dataDisks: [{ createOption: 'Empty', diskSizeGB: "[parameters('etcdDiskSizeGB')]", lun: 0 }] }),
          imageReference: customImage
            ? { id: "[resourceId(parameters('osImageResourceGroup'), 'Microsoft.Compute/images', parameters('osImageName'))]" }
            : {
                offer: "[parameters('osImageOffer')]",
                publisher: "[parameters('osImagePublisher')]",
                sku: "[parameters('osImageSku')]",
                version: "[parameters('osImageVersion')]",
              },
          osDisk: { caching: 'ReadWrite', createOption: 'FromImage', ...(m.osDiskSizeGB ? { diskSizeGB: m.osDiskSizeGB } : {}) },
        },
        extensionProfile: { extensions },
      },
    },
    type: 'Microsoft.Compute/virtualMachineScaleSets',
  });
  return resources;
}
