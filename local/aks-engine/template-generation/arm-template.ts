// azuredeploy.json as v0.32.3 renders it from parts/k8s/*.t (kubernetesbase.t, kubernetesmastervars.t,
// kubernetesmasterresources.t, kubernetesagentresourcesvm{as,ss}.t, masteroutputs.t, iaasoutputs.t), reduced to
// the resources and expressions that matter: with cosmosEtcd the Cosmos DB account comes first, the master NICs
// depend on it, its trusted client certificate is the etcd client certificate, and the masters' custom script
// gets COSMOS_URI. Masters still get their etcd data disk (fixed only later, PR #1310).
import { cosmosAccountName, cosmosEtcdHost, isCosmosEtcd } from '../apimodel/defaults';
import type { AgentPoolProfile, ContainerService } from '../apimodel/types';
import { parameterDeclarations, parameterValues, type ParameterValue } from './arm-parameters';

export interface ArmTemplate {
  $schema: string;
  contentVersion: string;
  parameters: Record<string, unknown>;
  variables: Record<string, unknown>;
  resources: Array<Record<string, unknown>>;
  outputs: Record<string, unknown>;
}

export interface GeneratedTemplate {
  template: ArmTemplate;
  /** The raw parameter map the deployment is submitted with (the parameters file wraps it). */
  parameters: Record<string, ParameterValue>;
}

const STORAGE_ACCOUNT_PREFIXES = [
  '0',
  '6',
  'c',
  'i',
  'o',
  'u',
  '1',
  '7',
  'd',
  'j',
  'p',
  'v',
  '2',
  '8',
  'e',
  'k',
  'q',
  'w',
  '3',
  '9',
  'f',
  'l',
  'r',
  'x',
  '4',
  'a',
  'g',
  'm',
  's',
  'y',
  '5',
  'b',
  'h',
  'n',
  't',
  'z',
];

export function generateTemplate(model: ContainerService): GeneratedTemplate {
  const p = model.properties!;
  const m = p.masterProfile!;
  const pools = (p.agentPoolProfiles ?? []) as AgentPoolProfile[];
  const cosmos = isCosmosEtcd(p);
  const masterCount = m.count ?? 1;
  const masterVmss = m.availabilityProfile === 'VirtualMachineScaleSets';
  const kubenet = p.orchestratorProfile!.kubernetesConfig!.networkPlugin !== 'azure';

  const variables: Record<string, unknown> = {
    ...agentVariables(pools),
    ...masterVariables(model, masterCount, kubenet),
  };
  if (cosmos) {
    variables.apiVersionCosmos = '2015-04-08';
    variables.cosmosAccountName = cosmosAccountName(m.dnsPrefix!);
    variables.cosmosEndPointUri = cosmosEtcdHost(m.dnsPrefix!);
    // base64 of the etcd client certificate PEM: Cosmos DB trusts it for mutual TLS.
    variables.cosmosDBCertb64 = Buffer.from(p.certificateProfile!.etcdClientCertificate ?? '').toString('base64');
  }

  const resources: Array<Record<string, unknown>> = [];
  if (cosmos) resources.push(cosmosAccount());
  for (const pool of pools)
    resources.push(...(pool.availabilityProfile === 'VirtualMachineScaleSets' ? agentScaleSet(pool) : agentAvailabilitySet(pool)));
  resources.push(...masterNetwork(kubenet));
  resources.push(...(masterVmss ? masterScaleSet(cosmos) : masterVirtualMachines(masterCount, cosmos)));

  const outputs: Record<string, unknown> = {
    masterFQDN: {
      type: 'string',
      value: "[reference(concat('Microsoft.Network/publicIPAddresses/', variables('masterPublicIPAddressName'))).dnsSettings.fqdn]",
    },
  };
  if (pools.some((pool) => pool.availabilityProfile === 'AvailabilitySet')) {
    outputs.agentStorageAccountSuffix = { type: 'string', value: "[variables('storageAccountBaseName')]" };
    outputs.agentStorageAccountPrefixes = { type: 'array', value: "[variables('storageAccountPrefixes')]" };
  }
  Object.assign(outputs, {
    resourceGroup: { type: 'string', value: "[variables('resourceGroup')]" },
    vnetResourceGroup: { type: 'string', value: "[variables('virtualNetworkResourceGroupName')]" },
    subnetName: { type: 'string', value: "[variables('subnetName')]" },
    securityGroupName: { type: 'string', value: "[variables('nsgName')]" },
    virtualNetworkName: { type: 'string', value: "[variables('virtualNetworkName')]" },
    routeTableName: { type: 'string', value: "[variables('routeTableName')]" },
    primaryAvailabilitySetName: { type: 'string', value: "[variables('primaryAvailabilitySetName')]" },
    primaryScaleSetName: { type: 'string', value: "[variables('primaryScaleSetName')]" },
  });

  return {
    template: {
      $schema: 'https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: parameterDeclarations(model),
      variables,
      resources,
      outputs,
    },
    parameters: parameterValues(model),
  };
}

function agentVariables(pools: AgentPoolProfile[]): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  pools.forEach((pool, index) => {
    const n = pool.name!;
    vars[`${n}Index`] = index;
    vars[`${n}Count`] = `[parameters('${n}Count')]`;
    vars[`${n}Offset`] = 0;
    vars[`${n}VMSize`] = `[parameters('${n}VMSize')]`;
    vars[`${n}VnetSubnetID`] = "[variables('vnetSubnetID')]";
    vars[`${n}SubnetName`] = "[variables('subnetName')]";
    if (pool.availabilityProfile === 'VirtualMachineScaleSets') {
      vars[`${n}VMNamePrefix`] = `[concat(parameters('orchestratorName'), '-${n}-', parameters('nameSuffix'), '-vmss')]`;
    } else {
      vars[`${n}VMNamePrefix`] = `[concat(parameters('orchestratorName'), '-${n}-', parameters('nameSuffix'), '-')]`;
      vars[`${n}AvailabilitySet`] = `[concat('${n}-availabilitySet-', parameters('nameSuffix'))]`;
    }
    vars[`${n}osImageOffer`] = `[parameters('${n}osImageOffer')]`;
    vars[`${n}osImagePublisher`] = `[parameters('${n}osImagePublisher')]`;
    vars[`${n}osImageSKU`] = `[parameters('${n}osImageSKU')]`;
    vars[`${n}osImageVersion`] = `[parameters('${n}osImageVersion')]`;
  });
  const first = pools[0];
  vars.primaryAvailabilitySetName =
    first && first.availabilityProfile !== 'VirtualMachineScaleSets'
      ? `[concat('${first.name}-availabilitySet-',parameters('nameSuffix'))]`
      : '';
  vars.primaryScaleSetName =
    first && first.availabilityProfile === 'VirtualMachineScaleSets'
      ? `[concat(parameters('orchestratorName'), '-${first.name}-',parameters('nameSuffix'), '-vmss')]`
      : '';
  return vars;
}

function masterVariables(model: ContainerService, masterCount: number, kubenet: boolean): Record<string, unknown> {
  const p = model.properties!;
  const cosmos = isCosmosEtcd(p);
  const privateIps = Array.from(
    { length: masterCount },
    (_, i) => `[concat(variables('masterFirstAddrPrefix'), add(${i}, int(variables('masterFirstAddrOctet4'))))]`,
  );
  const peerCertificates = Array.from({ length: masterCount }, (_, i) => `[parameters('etcdPeerCertificate${i}')]`);
  const peerKeys = Array.from({ length: masterCount }, (_, i) => `[parameters('etcdPeerPrivateKey${i}')]`);
  return {
    apiVersionCompute: '2018-10-01',
    apiVersionNetwork: '2018-08-01',
    apiVersionStorage: '2018-07-01',
    // Picks parameters('location') when given, else the resource group's location (v0.32.3's own trick).
    locations: ['[resourceGroup().location]', "[parameters('location')]"],
    location: "[variables('locations')[mod(add(2,length(parameters('location'))),add(1,length(parameters('location'))))]]",
    resourceGroup: '[resourceGroup().name]',
    virtualNetworkResourceGroupName: '[resourceGroup().name]',
    orchestratorNameVersionTag: `Kubernetes:${p.orchestratorProfile!.orchestratorVersion}`,
    storageAccountBaseName: "[uniqueString(concat(variables('masterFqdnPrefix'),variables('location')))]",
    storageAccountPrefixes: STORAGE_ACCOUNT_PREFIXES,
    masterCount,
    masterOffset: "[parameters('masterOffset')]",
    masterVMNamePrefix: "[concat(parameters('orchestratorName'), '-master-', parameters('nameSuffix'), '-')]",
    masterAvailabilitySet: "[concat('master-availabilityset-', parameters('nameSuffix'))]",
    masterFqdnPrefix: "[tolower(parameters('masterEndpointDNSNamePrefix'))]",
    masterPublicIPAddressName:
      "[concat(parameters('orchestratorName'), '-master-ip-', variables('masterFqdnPrefix'), '-', parameters('nameSuffix'))]",
    masterLbName: "[concat(parameters('orchestratorName'), '-master-lb-', parameters('nameSuffix'))]",
    masterLbID: "[resourceId('Microsoft.Network/loadBalancers',variables('masterLbName'))]",
    masterLbIPConfigName: "[concat(parameters('orchestratorName'), '-master-lbFrontEnd-', parameters('nameSuffix'))]",
    masterLbIPConfigID: "[concat(variables('masterLbID'),'/frontendIPConfigurations/', variables('masterLbIPConfigName'))]",
    masterLbBackendPoolName: "[concat(parameters('orchestratorName'), '-master-pool-', parameters('nameSuffix'))]",
    masterInternalLbName: "[concat(parameters('orchestratorName'), '-master-internal-lb-', parameters('nameSuffix'))]",
    masterInternalLbID: "[resourceId('Microsoft.Network/loadBalancers',variables('masterInternalLbName'))]",
    masterInternalLbIPConfigName: "[concat(parameters('orchestratorName'), '-master-internal-lbFrontEnd-', parameters('nameSuffix'))]",
    masterInternalLbIPConfigID:
      "[concat(variables('masterInternalLbID'),'/frontendIPConfigurations/', variables('masterInternalLbIPConfigName'))]",
    masterInternalLbIPOffset: 10,
    masterFirstAddrOctets: "[split(parameters('firstConsecutiveStaticIP'),'.')]",
    masterFirstAddrOctet4: "[variables('masterFirstAddrOctets')[3]]",
    masterFirstAddrPrefix:
      "[concat(variables('masterFirstAddrOctets')[0],'.',variables('masterFirstAddrOctets')[1],'.',variables('masterFirstAddrOctets')[2],'.')]",
    masterPrivateIpAddrs: privateIps,
    kubernetesAPIServerIP:
      masterCount > 1
        ? "[concat(variables('masterFirstAddrPrefix'), add(variables('masterInternalLbIPOffset'), int(variables('masterFirstAddrOctet4'))))]"
        : "[parameters('firstConsecutiveStaticIP')]",
    nsgName: "[concat(variables('masterVMNamePrefix'), 'nsg')]",
    nsgID: "[resourceId('Microsoft.Network/networkSecurityGroups',variables('nsgName'))]",
    routeTableName: kubenet ? "[concat(variables('masterVMNamePrefix'),'routetable')]" : '',
    routeTableID: "[resourceId('Microsoft.Network/routeTables', variables('routeTableName'))]",
    virtualNetworkName: "[concat(parameters('orchestratorName'), '-vnet-', parameters('nameSuffix'))]",
    vnetID: "[resourceId('Microsoft.Network/virtualNetworks',variables('virtualNetworkName'))]",
    subnetName: "[concat(parameters('orchestratorName'), '-subnet')]",
    vnetSubnetID: "[concat(variables('vnetID'),'/subnets/',variables('subnetName'))]",
    sshNatPorts: [22, 2201, 2202, 2203, 2204],
    sshKeyPath: "[concat('/home/',parameters('linuxAdminUsername'),'/.ssh/authorized_keys')]",
    etcdPeerCertificates: peerCertificates,
    etcdPeerPrivateKeys: peerKeys,
    provisionScriptParametersCommon:
      "[concat('ADMINUSER=',parameters('linuxAdminUsername'),' ETCD_VERSION=',parameters('etcdVersion'),' APISERVER_PUBLIC_KEY=',parameters('apiServerCertificate'),' CA_CERTIFICATE=',parameters('caCertificate'),' CA_PRIVATE_KEY=',parameters('caPrivateKey'),' MASTER_FQDN=',variables('masterFqdnPrefix'),' KUBECONFIG_CERTIFICATE=',parameters('kubeConfigCertificate'),' KUBECONFIG_KEY=',parameters('kubeConfigPrivateKey'),' ETCD_SERVER_CERTIFICATE=',parameters('etcdServerCertificate'),' ETCD_CLIENT_CERTIFICATE=',parameters('etcdClientCertificate'),' ETCD_SERVER_PRIVATE_KEY=',parameters('etcdServerPrivateKey'),' ETCD_CLIENT_PRIVATE_KEY=',parameters('etcdClientPrivateKey'),' TENANT_ID=',subscription().tenantId,' SUBSCRIPTION_ID=',subscription().subscriptionId,' RESOURCE_GROUP=',variables('resourceGroup'),' LOCATION=',variables('location'),' SUBNET=',variables('subnetName'),' NETWORK_SECURITY_GROUP=',variables('nsgName'),' VIRTUAL_NETWORK=',variables('virtualNetworkName'),' ROUTE_TABLE=',variables('routeTableName'),' PRIMARY_AVAILABILITY_SET=',variables('primaryAvailabilitySetName'),' PRIMARY_SCALE_SET=',variables('primaryScaleSetName'),' SERVICE_PRINCIPAL_CLIENT_ID=',parameters('servicePrincipalClientId'),' SERVICE_PRINCIPAL_CLIENT_SECRET=',parameters('servicePrincipalClientSecret'),' KUBELET_PRIVATE_KEY=',parameters('clientPrivateKey'),' TARGET_ENVIRONMENT=',parameters('targetEnvironment'),' NETWORK_PLUGIN=',parameters('networkPlugin'),' NETWORK_POLICY=',parameters('networkPolicy'),' HYPERKUBE_URL=',parameters('kubernetesHyperkubeSpec'))]",
    // With cosmosEtcd the custom script gets COSMOS_URI and skips installing etcd on the masters.
    provisionScriptParametersMaster: cosmos
      ? "[concat('COSMOS_URI=',variables('cosmosEndPointUri'),' MASTER_NODE=true KUBERNETES_API_SERVER_IP=',variables('kubernetesAPIServerIP'))]"
      : "[concat('COSMOS_URI= MASTER_NODE=true KUBERNETES_API_SERVER_IP=',variables('kubernetesAPIServerIP'))]",
  };
}

const TAGS = (pool: string, namePrefix: string, index?: string) => ({
  aksEngineVersion: "[parameters('aksEngineVersion')]",
  creationSource: index
    ? `[concat(parameters('generatorCode'), '-', variables('${namePrefix}'), ${index})]`
    : `[concat(parameters('generatorCode'), '-', variables('${namePrefix}'))]`,
  orchestrator: "[variables('orchestratorNameVersionTag')]",
  poolName: pool,
  resourceNameSuffix: "[parameters('nameSuffix')]",
});

function cosmosAccount(): Record<string, unknown> {
  return {
    apiVersion: "[variables('apiVersionCosmos')]",
    type: 'Microsoft.DocumentDB/databaseAccounts',
    kind: 'GlobalDocumentDB',
    location: '[resourceGroup().location]',
    name: "[variables('cosmosAccountName')]",
    properties: {
      capabilities: [{ name: 'EnableEtcd' }],
      consistencyPolicy: { defaultConsistencyLevel: 'BoundedStaleness', maxIntervalInSeconds: 5, maxStalenessPrefix: 100 },
      databaseAccountOfferType: 'Standard',
      // The resource group's location twice (priorities 0 and 1): present in v0.32.3, removed in v0.36.3 (#1403).
      locations: [
        { failoverPriority: 0, locationName: '[resourceGroup().location]' },
        { failoverPriority: 1, locationName: '[resourceGroup().location]' },
      ],
      name: "[variables('cosmosAccountName')]",
      primaryClientCertificatePemBytes: "[variables('cosmosDBCertb64')]",
    },
    tags: { defaultExperience: 'Etcd' },
  };
}

function imageReference(prefix: string): Record<string, string> {
  return {
    offer: `[${prefix}osImageOffer')]`,
    publisher: `[${prefix}osImagePublisher')]`,
    sku: `[${prefix}osImageSKU')]`,
    version: `[${prefix}osImageVersion')]`,
  };
}

function linuxConfiguration(): Record<string, unknown> {
  return {
    disablePasswordAuthentication: true,
    ssh: { publicKeys: [{ keyData: "[parameters('sshRSAPublicKey')]", path: "[variables('sshKeyPath')]" }] },
  };
}

function customScript(commandVariables: string): Record<string, unknown> {
  return {
    autoUpgradeMinorVersion: true,
    publisher: 'Microsoft.Azure.Extensions',
    settings: {},
    protectedSettings: {
      commandToExecute: `[concat('/usr/bin/nohup /bin/bash -c \"/bin/bash /opt/azure/containers/provision.sh ', ${commandVariables}, ' >> /var/log/azure/cluster-provision.log 2>&1\"')]`,
    },
    type: 'CustomScript',
    typeHandlerVersion: '2.0',
  };
}

/** cloud-init replaces the placeholders the apimodel's component configs carry (see apiServerConfig). */
function customData(cosmos: boolean): string {
  const apiServerIp =
    "'- sed -i \"s|<kubernetesAPIServerIP>|', variables('kubernetesAPIServerIP'), '|g\" /etc/kubernetes/manifests/kube-apiserver.yaml\n'";
  const etcd = cosmos
    ? ", '- sed -i \"s|<etcdEndPointUri>|', variables('cosmosEndPointUri'), '|g\" /etc/kubernetes/manifests/kube-apiserver.yaml\n'"
    : '';
  return `[base64(concat('#cloud-config\n\nruncmd:\n', ${apiServerIp}${etcd}))]`;
}

function agentAvailabilitySet(pool: AgentPoolProfile): Array<Record<string, unknown>> {
  const n = pool.name!;
  const index = `copyIndex(variables('${n}Offset'))`;
  const loop = { count: `[sub(variables('${n}Count'), variables('${n}Offset'))]`, name: 'loop' };
  return [
    {
      apiVersion: "[variables('apiVersionCompute')]",
      location: "[variables('location')]",
      name: `[variables('${n}AvailabilitySet')]`,
      properties: { platformFaultDomainCount: 2, platformUpdateDomainCount: 3 },
      sku: { name: 'Aligned' },
      type: 'Microsoft.Compute/availabilitySets',
    },
    {
      apiVersion: "[variables('apiVersionNetwork')]",
      copy: loop,
      dependsOn: ["[variables('vnetID')]"],
      location: "[variables('location')]",
      name: `[concat(variables('${n}VMNamePrefix'), 'nic-', ${index})]`,
      properties: {
        enableIPForwarding: true,
        ipConfigurations: [
          {
            name: 'ipconfig1',
            properties: { primary: true, privateIPAllocationMethod: 'Dynamic', subnet: { id: `[variables('${n}VnetSubnetID')]` } },
          },
        ],
      },
      type: 'Microsoft.Network/networkInterfaces',
    },
    {
      apiVersion: "[variables('apiVersionCompute')]",
      copy: { count: `[sub(variables('${n}Count'), variables('${n}Offset'))]`, name: 'vmLoopNode' },
      dependsOn: [
        `[concat('Microsoft.Network/networkInterfaces/', variables('${n}VMNamePrefix'), 'nic-', ${index})]`,
        `[concat('Microsoft.Compute/availabilitySets/', variables('${n}AvailabilitySet'))]`,
      ],
      location: "[variables('location')]",
      name: `[concat(variables('${n}VMNamePrefix'), ${index})]`,
      properties: {
        availabilitySet: { id: `[resourceId('Microsoft.Compute/availabilitySets',variables('${n}AvailabilitySet'))]` },
        hardwareProfile: { vmSize: `[variables('${n}VMSize')]` },
        networkProfile: {
          networkInterfaces: [
            { id: `[resourceId('Microsoft.Network/networkInterfaces',concat(variables('${n}VMNamePrefix'), 'nic-', ${index}))]` },
          ],
        },
        osProfile: {
          adminUsername: "[parameters('linuxAdminUsername')]",
          computername: `[concat(variables('${n}VMNamePrefix'), ${index})]`,
          customData: customData(false),
          linuxConfiguration: linuxConfiguration(),
        },
        storageProfile: {
          imageReference: imageReference(`variables('${n}`),
          osDisk: { caching: 'ReadWrite', createOption: 'FromImage', ...(pool.osDiskSizeGB ? { diskSizeGB: pool.osDiskSizeGB } : {}) },
        },
      },
      tags: TAGS(n, `${n}VMNamePrefix`, index),
      type: 'Microsoft.Compute/virtualMachines',
    },
    {
      apiVersion: "[variables('apiVersionCompute')]",
      copy: { count: `[sub(variables('${n}Count'), variables('${n}Offset'))]`, name: 'vmLoopNode' },
      dependsOn: [`[concat('Microsoft.Compute/virtualMachines/', variables('${n}VMNamePrefix'), ${index})]`],
      location: "[variables('location')]",
      name: `[concat(variables('${n}VMNamePrefix'), ${index},'/cse', '-agent-', ${index})]`,
      properties: customScript("variables('provisionScriptParametersCommon')"),
      type: 'Microsoft.Compute/virtualMachines/extensions',
    },
  ];
}

function agentScaleSet(pool: AgentPoolProfile): Array<Record<string, unknown>> {
  const n = pool.name!;
  return [
    {
      apiVersion: "[variables('apiVersionCompute')]",
      dependsOn: ["[variables('vnetID')]"],
      location: "[variables('location')]",
      name: `[variables('${n}VMNamePrefix')]`,
      properties: {
        overprovision: false,
        singlePlacementGroup: pool.singlePlacementGroup ?? true,
        upgradePolicy: { mode: 'Manual' },
        virtualMachineProfile: {
          extensionProfile: { extensions: [{ name: 'vmssCSE', properties: customScript("variables('provisionScriptParametersCommon')") }] },
          networkProfile: {
            networkInterfaceConfigurations: [
              {
                name: `[variables('${n}VMNamePrefix')]`,
                properties: {
                  enableIPForwarding: true,
                  ipConfigurations: [
                    { name: 'ipconfig1', properties: { primary: true, subnet: { id: `[variables('${n}VnetSubnetID')]` } } },
                  ],
                  primary: true,
                },
              },
            ],
          },
          osProfile: {
            adminUsername: "[parameters('linuxAdminUsername')]",
            computerNamePrefix: `[variables('${n}VMNamePrefix')]`,
            customData: customData(false),
            linuxConfiguration: linuxConfiguration(),
          },
          priority: pool.scaleSetPriority ?? 'Regular',
          storageProfile: {
            imageReference: imageReference(`variables('${n}`),
            osDisk: { caching: 'ReadWrite', createOption: 'FromImage', ...(pool.osDiskSizeGB ? { diskSizeGB: pool.osDiskSizeGB } : {}) },
          },
        },
      },
      sku: { capacity: `[variables('${n}Count')]`, name: `[variables('${n}VMSize')]`, tier: 'Standard' },
      tags: TAGS(n, `${n}VMNamePrefix`),
      type: 'Microsoft.Compute/virtualMachineScaleSets',
    },
  ];
}

function masterNetwork(kubenet: boolean): Array<Record<string, unknown>> {
  const subnet: Record<string, unknown> = {
    addressPrefix: "[parameters('masterSubnet')]",
    networkSecurityGroup: { id: "[variables('nsgID')]" },
  };
  if (kubenet) subnet.routeTable = { id: "[variables('routeTableID')]" };
  const rule = (name: string, description: string, port: string, priority: number) => ({
    name,
    properties: {
      access: 'Allow',
      description,
      destinationAddressPrefix: '*',
      destinationPortRange: port,
      direction: 'Inbound',
      priority,
      protocol: 'Tcp',
      sourceAddressPrefix: '*',
      sourcePortRange: '*',
    },
  });
  const resources: Array<Record<string, unknown>> = [
    {
      apiVersion: "[variables('apiVersionNetwork')]",
      dependsOn: [
        ...(kubenet ? ["[concat('Microsoft.Network/routeTables/', variables('routeTableName'))]"] : []),
        "[concat('Microsoft.Network/networkSecurityGroups/', variables('nsgName'))]",
      ],
      location: "[variables('location')]",
      name: "[variables('virtualNetworkName')]",
      properties: {
        addressSpace: { addressPrefixes: ["[parameters('vnetCidr')]"] },
        subnets: [{ name: "[variables('subnetName')]", properties: subnet }],
      },
      type: 'Microsoft.Network/virtualNetworks',
    },
    {
      apiVersion: "[variables('apiVersionNetwork')]",
      location: "[variables('location')]",
      name: "[variables('nsgName')]",
      properties: {
        securityRules: [
          rule('allow_ssh', 'Allow SSH traffic to master', '22-22', 101),
          rule('allow_kube_tls', 'Allow kube-apiserver (tls) traffic to master', '443-443', 100),
        ],
      },
      type: 'Microsoft.Network/networkSecurityGroups',
    },
  ];
  if (kubenet) {
    resources.push({
      apiVersion: "[variables('apiVersionNetwork')]",
      location: "[variables('location')]",
      name: "[variables('routeTableName')]",
      type: 'Microsoft.Network/routeTables',
    });
  }
  resources.push(
    {
      apiVersion: "[variables('apiVersionNetwork')]",
      location: "[variables('location')]",
      name: "[variables('masterPublicIPAddressName')]",
      properties: { dnsSettings: { domainNameLabel: "[variables('masterFqdnPrefix')]" }, publicIPAllocationMethod: 'Static' },
      sku: { name: 'Basic' },
      type: 'Microsoft.Network/publicIPAddresses',
    },
    {
      apiVersion: "[variables('apiVersionNetwork')]",
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
              backendAddressPool: {
                id: "[concat(variables('masterLbID'), '/backendAddressPools/', variables('masterLbBackendPoolName'))]",
              },
              backendPort: 443,
              enableFloatingIP: false,
              frontendIPConfiguration: { id: "[variables('masterLbIPConfigID')]" },
              frontendPort: 443,
              idleTimeoutInMinutes: 5,
              loadDistribution: 'Default',
              probe: { id: "[concat(variables('masterLbID'),'/probes/tcpHTTPSProbe')]" },
              protocol: 'Tcp',
            },
          },
        ],
        probes: [{ name: 'tcpHTTPSProbe', properties: { intervalInSeconds: 5, numberOfProbes: 2, port: 443, protocol: 'Tcp' } }],
      },
      sku: { name: 'Basic' },
      type: 'Microsoft.Network/loadBalancers',
    },
  );
  return resources;
}

function masterVirtualMachines(masterCount: number, cosmos: boolean): Array<Record<string, unknown>> {
  const index = "copyIndex(variables('masterOffset'))";
  const count = "[sub(variables('masterCount'), variables('masterOffset'))]";
  const resources: Array<Record<string, unknown>> = [
    {
      apiVersion: "[variables('apiVersionCompute')]",
      location: "[variables('location')]",
      name: "[variables('masterAvailabilitySet')]",
      properties: { platformFaultDomainCount: 2, platformUpdateDomainCount: 3 },
      sku: { name: 'Aligned' },
      type: 'Microsoft.Compute/availabilitySets',
    },
    {
      apiVersion: "[variables('apiVersionNetwork')]",
      copy: { count, name: 'masterLbLoopNode' },
      dependsOn: ["[variables('masterLbID')]"],
      location: "[variables('location')]",
      name: `[concat(variables('masterLbName'), '/', 'SSH-', variables('masterVMNamePrefix'), ${index})]`,
      properties: {
        backendPort: 22,
        enableFloatingIP: false,
        frontendIPConfiguration: { id: "[variables('masterLbIPConfigID')]" },
        frontendPort: `[variables('sshNatPorts')[${index}]]`,
        protocol: 'Tcp',
      },
      type: 'Microsoft.Network/loadBalancers/inboundNatRules',
    },
  ];
  const backendPools: Array<Record<string, string>> = [
    { id: "[concat(variables('masterLbID'), '/backendAddressPools/', variables('masterLbBackendPoolName'))]" },
  ];
  const nicDependsOn = [
    "[variables('vnetID')]",
    `[concat(variables('masterLbID'),'/inboundNatRules/SSH-',variables('masterVMNamePrefix'),${index})]`,
  ];
  if (masterCount > 1) {
    backendPools.push({ id: "[concat(variables('masterInternalLbID'), '/backendAddressPools/', variables('masterLbBackendPoolName'))]" });
    nicDependsOn.push("[variables('masterInternalLbName')]");
    resources.push({
      apiVersion: "[variables('apiVersionNetwork')]",
      dependsOn: ["[variables('vnetID')]"],
      location: "[variables('location')]",
      name: "[variables('masterInternalLbName')]",
      properties: {
        backendAddressPools: [{ name: "[variables('masterLbBackendPoolName')]" }],
        frontendIPConfigurations: [
          {
            name: "[variables('masterInternalLbIPConfigName')]",
            properties: {
              privateIPAddress: "[variables('kubernetesAPIServerIP')]",
              privateIPAllocationMethod: 'Static',
              subnet: { id: "[variables('vnetSubnetID')]" },
            },
          },
        ],
        loadBalancingRules: [
          {
            name: 'InternalLBRuleHTTPS',
            properties: {
              backendAddressPool: {
                id: "[concat(variables('masterInternalLbID'), '/backendAddressPools/', variables('masterLbBackendPoolName'))]",
              },
              backendPort: 4443,
              enableFloatingIP: false,
              frontendIPConfiguration: { id: "[variables('masterInternalLbIPConfigID')]" },
              frontendPort: 443,
              idleTimeoutInMinutes: 5,
              protocol: 'Tcp',
              probe: { id: "[concat(variables('masterInternalLbID'),'/probes/tcpHTTPSProbe')]" },
            },
          },
        ],
        probes: [{ name: 'tcpHTTPSProbe', properties: { intervalInSeconds: 5, numberOfProbes: 2, port: 4443, protocol: 'Tcp' } }],
      },
      sku: { name: 'Basic' },
      type: 'Microsoft.Network/loadBalancers',
    });
  }
  // The masters need their etcd endpoint to exist first. v0.32.3 writes the type with a trailing slash, which ARM tolerates.
  if (cosmos) nicDependsOn.push("[resourceId('Microsoft.DocumentDB/databaseAccounts/', variables('cosmosAccountName'))]");
  resources.push(
    {
      apiVersion: "[variables('apiVersionNetwork')]",
      copy: { count, name: 'nicLoopNode' },
      dependsOn: nicDependsOn,
      location: "[variables('location')]",
      name: `[concat(variables('masterVMNamePrefix'), 'nic-', ${index})]`,
      properties: {
        enableIPForwarding: true,
        ipConfigurations: [
          {
            name: 'ipconfig1',
            properties: {
              loadBalancerBackendAddressPools: backendPools,
              loadBalancerInboundNatRules: [
                { id: `[concat(variables('masterLbID'),'/inboundNatRules/SSH-',variables('masterVMNamePrefix'),${index})]` },
              ],
              primary: true,
              privateIPAddress: `[variables('masterPrivateIpAddrs')[${index}]]`,
              privateIPAllocationMethod: 'Static',
              subnet: { id: "[variables('vnetSubnetID')]" },
            },
          },
        ],
      },
      type: 'Microsoft.Network/networkInterfaces',
    },
    {
      apiVersion: "[variables('apiVersionCompute')]",
      copy: { count, name: 'vmLoopNode' },
      dependsOn: [
        `[concat('Microsoft.Network/networkInterfaces/', variables('masterVMNamePrefix'), 'nic-', ${index})]`,
        "[concat('Microsoft.Compute/availabilitySets/',variables('masterAvailabilitySet'))]",
      ],
      location: "[variables('location')]",
      name: `[concat(variables('masterVMNamePrefix'), ${index})]`,
      properties: {
        availabilitySet: { id: "[resourceId('Microsoft.Compute/availabilitySets',variables('masterAvailabilitySet'))]" },
        hardwareProfile: { vmSize: "[parameters('masterVMSize')]" },
        networkProfile: {
          networkInterfaces: [
            { id: `[resourceId('Microsoft.Network/networkInterfaces',concat(variables('masterVMNamePrefix'),'nic-', ${index}))]` },
          ],
        },
        osProfile: {
          adminUsername: "[parameters('linuxAdminUsername')]",
          computername: `[concat(variables('masterVMNamePrefix'), ${index})]`,
          customData: customData(cosmos),
          linuxConfiguration: linuxConfiguration(),
        },
        storageProfile: {
          // v0.32.3 attaches the etcd disk even with cosmosEtcd (removed later by PR #1310).
          dataDisks: [
            {
              createOption: 'Empty',
              diskSizeGB: "[parameters('etcdDiskSizeGB')]",
              lun: 0,
              name: `[concat(variables('masterVMNamePrefix'), ${index},'-etcddisk')]`,
            },
          ],
          imageReference: imageReference("parameters('"),
          osDisk: { caching: 'ReadWrite', createOption: 'FromImage' },
        },
      },
      tags: TAGS('master', 'masterVMNamePrefix', index),
      type: 'Microsoft.Compute/virtualMachines',
    },
    {
      apiVersion: "[variables('apiVersionCompute')]",
      copy: { count, name: 'vmLoopNode' },
      dependsOn: [`[concat('Microsoft.Compute/virtualMachines/', variables('masterVMNamePrefix'), ${index})]`],
      location: "[variables('location')]",
      name: `[concat(variables('masterVMNamePrefix'), ${index},'/cse', '-master-', ${index})]`,
      properties: customScript(
        `variables('provisionScriptParametersCommon'),' ',variables('provisionScriptParametersMaster'),' ETCD_PEER_CERTIFICATE=',variables('etcdPeerCertificates')[${index}],' ETCD_PEER_KEY=',variables('etcdPeerPrivateKeys')[${index}]`,
      ),
      type: 'Microsoft.Compute/virtualMachines/extensions',
    },
  );
  return resources;
}

/** Masters in a scale set (masterProfile.availabilityProfile VirtualMachineScaleSets). */
function masterScaleSet(cosmos: boolean): Array<Record<string, unknown>> {
  const dependsOn = ["[variables('vnetID')]", "[variables('masterLbID')]"];
  if (cosmos) dependsOn.push("[resourceId('Microsoft.DocumentDB/databaseAccounts', variables('cosmosAccountName'))]");
  return [
    {
      apiVersion: "[variables('apiVersionCompute')]",
      dependsOn,
      location: "[variables('location')]",
      name: "[concat(variables('masterVMNamePrefix'), 'vmss')]",
      properties: {
        overprovision: false,
        singlePlacementGroup: true,
        upgradePolicy: { mode: 'Manual' },
        virtualMachineProfile: {
          extensionProfile: {
            extensions: [
              {
                name: 'vmssCSE',
                properties: customScript("variables('provisionScriptParametersCommon'),' ',variables('provisionScriptParametersMaster')"),
              },
            ],
          },
          networkProfile: {
            networkInterfaceConfigurations: [
              {
                name: "[concat(variables('masterVMNamePrefix'), 'netintconfig')]",
                properties: {
                  enableIPForwarding: true,
                  ipConfigurations: [
                    {
                      name: 'ipconfig1',
                      properties: {
                        loadBalancerBackendAddressPools: [
                          { id: "[concat(variables('masterLbID'), '/backendAddressPools/', variables('masterLbBackendPoolName'))]" },
                        ],
                        primary: true,
                        subnet: { id: "[variables('vnetSubnetID')]" },
                      },
                    },
                  ],
                  primary: true,
                },
              },
            ],
          },
          osProfile: {
            adminUsername: "[parameters('linuxAdminUsername')]",
            computerNamePrefix: "[concat(variables('masterVMNamePrefix'), 'vmss')]",
            customData: customData(cosmos),
            linuxConfiguration: linuxConfiguration(),
          },
          storageProfile: {
            dataDisks: [{ createOption: 'Empty', diskSizeGB: "[parameters('etcdDiskSizeGB')]", lun: 0 }],
            imageReference: imageReference("parameters('"),
            osDisk: { caching: 'ReadWrite', createOption: 'FromImage' },
          },
        },
      },
      sku: { capacity: "[variables('masterCount')]", name: "[parameters('masterVMSize')]", tier: 'Standard' },
      tags: TAGS('master', 'masterVMNamePrefix'),
      type: 'Microsoft.Compute/virtualMachineScaleSets',
    },
  ];
}
