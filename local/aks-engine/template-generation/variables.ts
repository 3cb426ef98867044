// The template's variables section as aks-engine v0.32.3 writes it for Kubernetes (parts/k8s/kubernetesbase.t,
// kubernetesagentvars.t, kubernetesmastervars.t): per pool names and images, then cluster-wide names, API
// versions, network layout, the provisioning script parameters and the master addressing.
import type { AgentPoolProfile, ContainerService } from '../apimodel/types';
import { cosmosAccountName, cosmosEtcdHost } from '../apimodel/defaults';
import {
  agentVmPrefix,
  isAvailabilitySet,
  isAzureCni,
  isAzureStackCloud,
  isCosmosEtcd,
  isCustomVnet,
  isMasterVmss,
  isVmss,
  isWindows,
  masterVmPrefix,
  pools,
} from '../defaults/properties';
import { provisioningScripts } from './provisioning-scripts';
import { STORAGE_ACCOUNT_PREFIXES, vmSizesMap } from './vm-sizes';

type Variables = Record<string, unknown>;

const hasStorageAccountDisks = (cs: ContainerService) =>
  cs.properties!.masterProfile?.storageProfile === 'StorageAccount' ||
  pools(cs.properties!).some((pool) => pool.storageProfile === 'StorageAccount');

export function templateVariables(cs: ContainerService): Variables {
  const p = cs.properties!;
  const v: Variables = {};
  pools(p).forEach((pool, index) => {
    v[`${pool.name}Index`] = index;
    Object.assign(v, agentVariables(cs, pool));
    if (pool.storageProfile === 'StorageAccount') {
      if ((pool.diskSizesGB ?? []).length > 0)
        v[`${pool.name}DataAccountName`] = `[concat(variables('storageAccountBaseName'), 'data${index}')]`;
      v[`${pool.name}AccountName`] = `[concat(variables('storageAccountBaseName'), 'agnt${index}')]`;
    }
  });
  Object.assign(v, masterVariables(cs));
  return v;
}

function agentVariables(cs: ContainerService, pool: AgentPoolProfile): Variables {
  const n = pool.name!;
  const v: Variables = {};
  if (pool.storageProfile === 'StorageAccount') {
    v[`${n}StorageAccountOffset`] = `[mul(variables('maxStorageAccountsPerAgent'),variables('${n}Index'))]`;
    v[`${n}StorageAccountsCount`] =
      `[add(div(variables('${n}Count'), variables('maxVMsPerStorageAccount')), mod(add(mod(variables('${n}Count'), ` +
      `variables('maxVMsPerStorageAccount')),2), add(mod(variables('${n}Count'), variables('maxVMsPerStorageAccount')),1)))]`;
  }
  v[`${n}Count`] = `[parameters('${n}Count')]`;
  v[`${n}VMNamePrefix`] = agentVmPrefix(cs.properties!, pool);
  if (isWindows(pool)) v.winResourceNamePrefix = "[substring(parameters('nameSuffix'), 0, 5)]";
  if (isAvailabilitySet(pool)) {
    v[`${n}Offset`] = `[parameters('${n}Offset')]`;
    v[`${n}AvailabilitySet`] = `[concat('${n}-availabilitySet-', parameters('nameSuffix'))]`;
  } else if (pool.scaleSetPriority === 'Low') {
    v[`${n}ScaleSetPriority`] = `[parameters('${n}ScaleSetPriority')]`;
    v[`${n}ScaleSetEvictionPolicy`] = `[parameters('${n}ScaleSetEvictionPolicy')]`;
  }
  v[`${n}VMSize`] = `[parameters('${n}VMSize')]`;
  if (pool.vnetSubnetID) {
    v[`${n}VnetSubnetID`] = `[parameters('${n}VnetSubnetID')]`;
    v[`${n}SubnetName`] = `[parameters('${n}VnetSubnetID')]`;
    v[`${n}VnetParts`] = `[split(parameters('${n}VnetSubnetID'),'/subnets/')]`;
  } else {
    v[`${n}VnetSubnetID`] = "[variables('vnetSubnetID')]";
    v[`${n}SubnetName`] = "[variables('subnetName')]";
  }
  for (const field of ['osImageOffer', 'osImageSKU', 'osImagePublisher', 'osImageVersion', 'osImageName', 'osImageResourceGroup']) {
    v[`${n}${field}`] = `[parameters('${n}${field}')]`;
  }
  return v;
}

const range = (count: number) => Array.from({ length: count }, (_, i) => i);

function masterVariables(cs: ContainerService): Variables {
  const p = cs.properties!;
  const m = p.masterProfile!;
  const k = p.orchestratorProfile!.kubernetesConfig!;
  const count = m.count ?? 1;
  const vmss = isMasterVmss(p);
  const msi = k.useManagedIdentity === true;
  const v: Variables = { maxVMsPerPool: 100 };
  const peers = count >= 5 ? 5 : count >= 3 ? 3 : 1;
  v.etcdPeerPrivateKeys = range(peers).map((i) => `[parameters('etcdPeerPrivateKey${i}')]`);
  v.etcdPeerCertificates = range(peers).map((i) => `[parameters('etcdPeerCertificate${i}')]`);
  v.etcdPeerCertFilepath = range(5).map((i) => `/etc/kubernetes/certs/etcdpeer${i}.crt`);
  v.etcdPeerKeyFilepath = range(5).map((i) => `/etc/kubernetes/certs/etcdpeer${i}.key`);
  Object.assign(v, {
    etcdCaFilepath: '/etc/kubernetes/certs/ca.crt',
    etcdClientCertFilepath: '/etc/kubernetes/certs/etcdclient.crt',
    etcdClientKeyFilepath: '/etc/kubernetes/certs/etcdclient.key',
    etcdServerCertFilepath: '/etc/kubernetes/certs/etcdserver.crt',
    etcdServerKeyFilepath: '/etc/kubernetes/certs/etcdserver.key',
  });
  if (isCosmosEtcd(p)) {
    v.cosmosAccountName = cosmosAccountName(m.dnsPrefix ?? '');
    // Cosmos DB trusts the etcd client certificate for mutual TLS.
    v.cosmosDBCertb64 = Buffer.from(p.certificateProfile?.etcdClientCertificate ?? '').toString('base64');
    v.apiVersionCosmos = '2015-04-08';
  }
  const userAssigned = msi && Boolean(k.userAssignedID);
  Object.assign(v, {
    useManagedIdentityExtension: String(msi),
    userAssignedID: userAssigned ? k.userAssignedID : '',
    userAssignedClientID: msi && k.userAssignedClientID ? k.userAssignedClientID : '',
    userAssignedIDReference: "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities/', variables('userAssignedID'))]",
    useInstanceMetadata: String(k.useInstanceMetadata === true),
    loadBalancerSku: k.loadBalancerSku ?? '',
    excludeMasterFromStandardLB: String(k.excludeMasterFromStandardLB === true),
    maximumLoadBalancerRuleCount: k.maximumLoadBalancerRuleCount ?? 0,
    servicePrincipalClientId: msi ? 'msi' : "[parameters('servicePrincipalClientId')]",
    servicePrincipalClientSecret: msi ? 'msi' : "[parameters('servicePrincipalClientSecret')]",
    masterFqdnPrefix: "[tolower(parameters('masterEndpointDNSNamePrefix'))]",
    masterCount: count,
  });
  if (vmss) {
    v.masterOffset = '';
    v.masterIpAddressCount = m.ipAddressCount ?? 1;
  } else {
    v.masterOffset = "[parameters('masterOffset')]";
  }
  if (isAzureStackCloud(p)) {
    Object.assign(v, {
      apiVersionCompute: '2017-03-30',
      apiVersionStorage: '2017-10-01',
      apiVersionKeyVault: '2016-10-01',
      apiVersionNetwork: '2017-10-01',
      environmentJSON: JSON.stringify(p.customCloudProfile?.environment ?? {}).replace(/"/g, '\\"'),
    });
  } else {
    Object.assign(v, {
      apiVersionCompute: '2018-10-01',
      apiVersionStorage: '2018-07-01',
      apiVersionKeyVault: '2018-02-14',
      apiVersionNetwork: '2018-08-01',
    });
  }
  Object.assign(v, {
    apiVersionManagedIdentity: '2015-08-31-preview',
    apiVersionAuthorizationUser: '2018-09-01-preview',
    apiVersionAuthorizationSystem: '2018-01-01-preview',
    // parameters('location') when it was given, else the resource group's location.
    locations: ['[resourceGroup().location]', "[parameters('location')]"],
    location: "[variables('locations')[mod(add(2,length(parameters('location'))),add(1,length(parameters('location'))))]]",
    masterAvailabilitySet: "[concat('master-availabilityset-', parameters('nameSuffix'))]",
    resourceGroup: '[resourceGroup().name]',
    truncatedResourceGroup: "[take(replace(replace(resourceGroup().name, '(', '-'), ')', '-'), 63)]",
    labelResourceGroup:
      "[if(or(or(endsWith(variables('truncatedResourceGroup'), '-'), endsWith(variables('truncatedResourceGroup'), '_')), " +
      "endsWith(variables('truncatedResourceGroup'), '.')), concat(take(variables('truncatedResourceGroup'), 62), 'z'), " +
      "variables('truncatedResourceGroup'))]",
    routeTableName: "[concat(variables('masterVMNamePrefix'),'routetable')]",
    routeTableID: "[resourceId('Microsoft.Network/routeTables', variables('routeTableName'))]",
    sshNatPorts: [22, 2201, 2202, 2203, 2204],
    sshKeyPath: "[concat('/home/',parameters('linuxAdminUsername'),'/.ssh/authorized_keys')]",
  });
  if (hasStorageAccountDisks(cs)) {
    Object.assign(v, {
      maxVMsPerStorageAccount: 20,
      maxStorageAccountsPerAgent: "[div(variables('maxVMsPerPool'),variables('maxVMsPerStorageAccount'))]",
      dataStorageAccountPrefixSeed: 97,
      storageAccountPrefixes: STORAGE_ACCOUNT_PREFIXES,
      storageAccountPrefixesCount: "[length(variables('storageAccountPrefixes'))]",
      vmsPerStorageAccount: 20,
      storageAccountBaseName: "[uniqueString(concat(variables('masterFqdnPrefix'),variables('location')))]",
      vmSizesMap: vmSizesMap(),
    });
  } else {
    v.storageAccountPrefixes = [];
    v.storageAccountBaseName = '';
  }
  if (m.storageProfile === 'StorageAccount') v.masterStorageAccountName = "[concat(variables('storageAccountBaseName'), 'mstr0')]";
  Object.assign(v, provisioningScripts(isAzureStackCloud(p)));
  Object.assign(v, provisionScriptParameters(cs));
  v.orchestratorNameVersionTag = `${p.orchestratorProfile!.orchestratorType}:${p.orchestratorProfile!.orchestratorVersion}`;
  v.allocateNodeCidrs = !isAzureCni(p);
  Object.assign(v, { subnetNameResourceSegmentIndex: 10, vnetNameResourceSegmentIndex: 8, vnetResourceGroupNameResourceSegmentIndex: 4 });
  Object.assign(v, networkVariables(cs));
  Object.assign(v, masterAddressVariables(cs));
  Object.assign(v, {
    subscriptionId: '[subscription().subscriptionId]',
    contributorRoleDefinitionId:
      "[concat('/subscriptions/', subscription().subscriptionId, " +
      "'/providers/Microsoft.Authorization/roleDefinitions/', 'b24988ac-6180-42a0-ab88-20f7382dd24c')]",
    readerRoleDefinitionId:
      "[concat('/subscriptions/', subscription().subscriptionId, " +
      "'/providers/Microsoft.Authorization/roleDefinitions/', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')]",
    scope: '[resourceGroup().id]',
    tenantId: '[subscription().tenantId]',
    singleQuote: "'",
  });
  const secrets = p.linuxProfile?.secrets ?? [];
  if (secrets.length > 0) {
    v.linuxProfileSecrets = secrets.map((vault, i) => ({
      sourceVault: { id: `[parameters('linuxKeyVaultID${i}')]` },
      vaultCertificates: (vault.vaultCertificates ?? []).map((_, j) => ({
        certificateUrl: `[parameters('linuxKeyVaultID${i}CertificateURL${j}')]`,
      })),
    }));
  }
  if (pools(p).some(isWindows)) {
    v.windowsCustomScriptSuffix =
      " $inputFile = '%SYSTEMDRIVE%\\AzureData\\CustomData.bin' ; $outputFile = '%SYSTEMDRIVE%\\AzureData\\CustomDataSetupScript.ps1' ; " +
      "Copy-Item $inputFile $outputFile ; Invoke-Expression('{0} {1}' -f $outputFile, $arguments) ; ";
  }
  v.clusterKeyVaultName =
    k.enableEncryptionWithExternalKms === true
      ? "[take(concat('kv', tolower(uniqueString(concat(variables(" +
        "'masterFqdnPrefix'),variables('location'),parameters('nameSuffix'))))), 22)]"
      : '';
  return v;
}

function networkVariables(cs: ContainerService): Variables {
  const p = cs.properties!;
  const vmss = isMasterVmss(p);
  const v: Variables = {};
  if (isCustomVnet(p)) {
    if (vmss) {
      v.vnetSubnetID = "[parameters('agentVnetSubnetID')]";
      v.vnetSubnetIDMaster = "[parameters('masterVnetSubnetID')]";
    } else {
      v.vnetSubnetID = "[parameters('masterVnetSubnetID')]";
    }
    v.subnetName = "[split(parameters('masterVnetSubnetID'), '/')[variables('subnetNameResourceSegmentIndex')]]";
    v.virtualNetworkName = "[split(parameters('masterVnetSubnetID'), '/')[variables('vnetNameResourceSegmentIndex')]]";
    v.virtualNetworkResourceGroupName =
      "[split(parameters('masterVnetSubnetID'), '/')[variables('vnetResourceGroupNameResourceSegmentIndex')]]";
  } else {
    if (vmss) {
      v.subnetName = 'subnetmaster';
      v.vnetSubnetID = "[concat(variables('vnetID'),'/subnets/subnetagent')]";
      v.vnetSubnetIDMaster = "[concat(variables('vnetID'),'/subnets/subnetmaster')]";
    } else {
      v.subnetName = "[concat(parameters('orchestratorName'), '-subnet')]";
      v.vnetSubnetID = "[concat(variables('vnetID'),'/subnets/',variables('subnetName'))]";
    }
    v.virtualNetworkName = "[concat(parameters('orchestratorName'), '-vnet-', parameters('nameSuffix'))]";
    v.vnetID = "[resourceId('Microsoft.Network/virtualNetworks',variables('virtualNetworkName'))]";
    v.virtualNetworkResourceGroupName = "''";
  }
  v.nsgName = "[concat(variables('masterVMNamePrefix'), 'nsg')]";
  v.nsgID = "[resourceId('Microsoft.Network/networkSecurityGroups',variables('nsgName'))]";
  const first = pools(p)[0];
  if (pools(p).some(isVmss)) {
    v.primaryScaleSetName = first ? `[concat(parameters('orchestratorName'), '-${first.name}-',parameters('nameSuffix'), '-vmss')]` : '';
    v.primaryAvailabilitySetName = '';
    v.vmType = 'vmss';
  } else {
    v.primaryAvailabilitySetName = first ? `[concat('${first.name}-availabilitySet-',parameters('nameSuffix'))]` : '';
    v.primaryScaleSetName = '';
    v.vmType = 'standard';
  }
  return v;
}

function masterAddressVariables(cs: ContainerService): Variables {
  const p = cs.properties!;
  const m = p.masterProfile!;
  const k = p.orchestratorProfile!.kubernetesConfig!;
  const count = m.count ?? 1;
  const vmss = isMasterVmss(p);
  const v: Variables = {};
  if (k.privateCluster?.enabled === true) {
    v.kubeconfigServer = "[concat('https://', variables('kubernetesAPIServerIP'), ':443')]";
    const jumpbox = k.privateCluster.jumpboxProfile;
    if (jumpbox) {
      Object.assign(v, {
        jumpboxOSDiskName: "[concat(parameters('jumpboxVMName'), '-osdisk')]",
        jumpboxPublicIpAddressName: "[concat(parameters('jumpboxVMName'), '-ip')]",
        jumpboxNetworkInterfaceName: "[concat(parameters('jumpboxVMName'), '-nic')]",
        jumpboxNetworkSecurityGroupName: "[concat(parameters('jumpboxVMName'), '-nsg')]",
        kubeconfig: '<kubeconfig>',
      });
      if (jumpbox.storageProfile !== 'ManagedDisks') v.jumpboxStorageAccountName = "[concat(variables('storageAccountBaseName'), 'jb')]";
      if (!hasStorageAccountDisks(cs)) v.vmSizesMap = vmSizesMap();
    }
  } else {
    Object.assign(v, {
      masterPublicIPAddressName:
        "[concat(parameters('orchestratorName'), '-master-ip-', variables('masterFqdnPrefix'), '-', parameters('nameSuffix'))]",
      masterLbID: "[resourceId('Microsoft.Network/loadBalancers',variables('masterLbName'))]",
      masterLbIPConfigID: "[concat(variables('masterLbID'),'/frontendIPConfigurations/', variables('masterLbIPConfigName'))]",
      masterLbIPConfigName: "[concat(parameters('orchestratorName'), '-master-lbFrontEnd-', parameters('nameSuffix'))]",
      masterLbName: "[concat(parameters('orchestratorName'), '-master-lb-', parameters('nameSuffix'))]",
      kubeconfigServer:
        "[concat('https://', variables('masterFqdnPrefix'), '.', variables('location'), '.', parameters('fqdnEndpointSuffix'))]",
    });
  }
  if (count > 1) {
    Object.assign(v, {
      masterInternalLbName: "[concat(parameters('orchestratorName'), '-master-internal-lb-', parameters('nameSuffix'))]",
      masterInternalLbID: "[resourceId('Microsoft.Network/loadBalancers',variables('masterInternalLbName'))]",
      masterInternalLbIPConfigName: "[concat(parameters('orchestratorName'), '-master-internal-lbFrontEnd-', parameters('nameSuffix'))]",
      masterInternalLbIPConfigID:
        "[concat(variables('masterInternalLbID'),'/frontendIPConfigurations/', variables('masterInternalLbIPConfigName'))]",
      masterInternalLbIPOffset: 10,
      kubernetesAPIServerIP: vmss
        ? "[concat(variables('masterFirstAddrOctets')[0],'.',variables(" +
          "'masterFirstAddrOctets')[1],'.255.', variables('masterInternalLbIPOffset'))]"
        : "[concat(variables('masterFirstAddrPrefix'), add(variables(" +
          "'masterInternalLbIPOffset'), int(variables('masterFirstAddrOctet4'))))]",
    });
  } else {
    v.kubernetesAPIServerIP = "[parameters('firstConsecutiveStaticIP')]";
  }
  Object.assign(v, {
    masterLbBackendPoolName: "[concat(parameters('orchestratorName'), '-master-pool-', parameters('nameSuffix'))]",
    masterFirstAddrComment: 'these MasterFirstAddrComment are used to place multiple masters consecutively in the address space',
    masterFirstAddrOctets: "[split(parameters('firstConsecutiveStaticIP'),'.')]",
    masterFirstAddrOctet4: "[variables('masterFirstAddrOctets')[3]]",
    masterFirstAddrPrefix:
      "[concat(variables('masterFirstAddrOctets')[0],'.',variables(" +
      "'masterFirstAddrOctets')[1],'.',variables('masterFirstAddrOctets')[2],'.')]",
    masterEtcdServerPort: 2380,
    masterEtcdClientPort: 2379,
  });
  if (vmss) {
    v.masterVMNamePrefix = "[concat(parameters('orchestratorName'), '-master-', parameters('nameSuffix'), '-')]";
  } else {
    v.masterVMNamePrefix = masterVmPrefix(p);
    v.masterVMNames = range(5).map((i) => `[concat(variables('masterVMNamePrefix'), '${i}')]`);
    v.masterPrivateIpAddrs = range(5).map(
      (i) => `[concat(variables('masterFirstAddrPrefix'), add(${i}, int(variables('masterFirstAddrOctet4'))))]`,
    );
    v.masterEtcdPeerURLs = range(5).map(
      (i) => `[concat('https://', variables('masterPrivateIpAddrs')[${i}], ':', variables('masterEtcdServerPort'))]`,
    );
    v.masterEtcdClientURLs = range(5).map(
      (i) => `[concat('https://', variables('masterPrivateIpAddrs')[${i}], ':', variables('masterEtcdClientPort'))]`,
    );
    const member = (i: number) => `variables('masterVMNames')[${i}], '=', variables('masterEtcdPeerURLs')[${i}]`;
    v.masterEtcdClusterStates = [1, 3, 5].map((n) => `[concat(${range(n).map(member).join(", ',', ")})]`);
  }
  return v;
}

/** provisionScriptParametersCommon and ...Master: the settings the VMs' custom script extension receives. */
function provisionScriptParameters(cs: ContainerService): Variables {
  const p = cs.properties!;
  const version = p.orchestratorProfile!.orchestratorVersion;
  const cosmos = isCosmosEtcd(p) ? cosmosEtcdHost(p.masterProfile!.dnsPrefix ?? '') : '';
  const noOutbound = String(p.featureFlags?.blockOutboundInternet === true);
  const stack = isAzureStackCloud(p);
  const authentication = stack ? (p.customCloudProfile?.authenticationMethod ?? '') : 'client_secret';
  const identity = stack ? (p.customCloudProfile?.identitySystem ?? '') : 'azure_ad';
  const common = [
    "'ADMINUSER=',parameters('linuxAdminUsername')",
    "' ETCD_DOWNLOAD_URL=',parameters('etcdDownloadURLBase')",
    "' ETCD_VERSION=',parameters('etcdVersion')",
    "' CONTAINERD_VERSION=',parameters('containerdVersion')",
    "' MOBY_VERSION=',parameters('mobyVersion')",
    "' DOCKER_ENGINE_REPO=',parameters('dockerEngineDownloadRepo')",
    "' TENANT_ID=',variables('tenantID')",
    `' KUBERNETES_VERSION=${version} HYPERKUBE_URL=',parameters('kubernetesHyperkubeSpec')`,
    "' APISERVER_PUBLIC_KEY=',parameters('apiServerCertificate')",
    "' SUBSCRIPTION_ID=',variables('subscriptionId')",
    "' RESOURCE_GROUP=',variables('resourceGroup')",
    "' LOCATION=',variables('location')",
    "' VM_TYPE=',variables('vmType')",
    "' SUBNET=',variables('subnetName')",
    "' NETWORK_SECURITY_GROUP=',variables('nsgName')",
    "' VIRTUAL_NETWORK=',variables('virtualNetworkName')",
    "' VIRTUAL_NETWORK_RESOURCE_GROUP=',variables('virtualNetworkResourceGroupName')",
    "' ROUTE_TABLE=',variables('routeTableName')",
    "' PRIMARY_AVAILABILITY_SET=',variables('primaryAvailabilitySetName')",
    "' PRIMARY_SCALE_SET=',variables('primaryScaleSetName')",
    "' SERVICE_PRINCIPAL_CLIENT_ID=',variables('servicePrincipalClientId')",
    "' SERVICE_PRINCIPAL_CLIENT_SECRET=',variables('singleQuote'),variables('servicePrincipalClientSecret'),variables('singleQuote')",
    "' KUBELET_PRIVATE_KEY=',parameters('clientPrivateKey')",
    "' TARGET_ENVIRONMENT=',parameters('targetEnvironment')",
    "' NETWORK_PLUGIN=',parameters('networkPlugin')",
    "' NETWORK_POLICY=',parameters('networkPolicy')",
    "' VNET_CNI_PLUGINS_URL=',parameters('vnetCniLinuxPluginsURL')",
    "' CNI_PLUGINS_URL=',parameters('cniPluginsURL')",
    "' CLOUDPROVIDER_BACKOFF=',toLower(string(parameters('cloudproviderConfig').cloudProviderBackoff))",
    "' CLOUDPROVIDER_BACKOFF_RETRIES=',parameters('cloudproviderConfig').cloudProviderBackoffRetries",
    "' CLOUDPROVIDER_BACKOFF_EXPONENT=',parameters('cloudproviderConfig').cloudProviderBackoffExponent",
    "' CLOUDPROVIDER_BACKOFF_DURATION=',parameters('cloudproviderConfig').cloudProviderBackoffDuration",
    "' CLOUDPROVIDER_BACKOFF_JITTER=',parameters('cloudproviderConfig').cloudProviderBackoffJitter",
    "' CLOUDPROVIDER_RATELIMIT=',toLower(string(parameters('cloudproviderConfig').cloudProviderRatelimit))",
    "' CLOUDPROVIDER_RATELIMIT_QPS=',parameters('cloudproviderConfig').cloudProviderRatelimitQPS",
    "' CLOUDPROVIDER_RATELIMIT_BUCKET=',parameters('cloudproviderConfig').cloudProviderRatelimitBucket",
    "' USE_MANAGED_IDENTITY_EXTENSION=',variables('useManagedIdentityExtension')",
    "' USER_ASSIGNED_IDENTITY_ID=',variables('userAssignedClientID')",
    "' USE_INSTANCE_METADATA=',variables('useInstanceMetadata')",
    "' LOAD_BALANCER_SKU=',variables('loadBalancerSku')",
    "' EXCLUDE_MASTER_FROM_STANDARD_LB=',variables('excludeMasterFromStandardLB')",
    "' MAXIMUM_LOADBALANCER_RULE_COUNT=',variables('maximumLoadBalancerRuleCount')",
    "' CONTAINER_RUNTIME=',parameters('containerRuntime')",
    "' CONTAINERD_DOWNLOAD_URL_BASE=',parameters('containerdDownloadURLBase')",
    "' POD_INFRA_CONTAINER_SPEC=',parameters('kubernetesPodInfraContainerSpec')",
    "' KMS_PROVIDER_VAULT_NAME=',variables('clusterKeyVaultName')",
    "' IS_HOSTED_MASTER=false'",
    "' PRIVATE_AZURE_REGISTRY_SERVER=',parameters('privateAzureRegistryServer')",
    `' AUTHENTICATION_METHOD=${authentication}'`,
    `' IDENTITY_SYSTEM=${identity}'`,
  ];
  const secrets = [
    "' APISERVER_PRIVATE_KEY=',parameters('apiServerPrivateKey')",
    "' CA_CERTIFICATE=',parameters('caCertificate')",
    "' CA_PRIVATE_KEY=',parameters('caPrivateKey')",
    "' MASTER_FQDN=',variables('masterFqdnPrefix')",
    "' KUBECONFIG_CERTIFICATE=',parameters('kubeConfigCertificate')",
    "' KUBECONFIG_KEY=',parameters('kubeConfigPrivateKey')",
    "' ETCD_SERVER_CERTIFICATE=',parameters('etcdServerCertificate')",
    "' ETCD_CLIENT_CERTIFICATE=',parameters('etcdClientCertificate')",
    "' ETCD_SERVER_PRIVATE_KEY=',parameters('etcdServerPrivateKey')",
    "' ETCD_CLIENT_PRIVATE_KEY=',parameters('etcdClientPrivateKey')",
    "' ETCD_PEER_CERTIFICATES=',string(variables('etcdPeerCertificates'))",
    "' ETCD_PEER_PRIVATE_KEYS=',string(variables('etcdPeerPrivateKeys'))",
    "' ENABLE_AGGREGATED_APIS=',string(parameters('enableAggregatedAPIs'))",
    "' KUBECONFIG_SERVER=',variables('kubeconfigServer')",
  ];
  const addons = [
    "' CLUSTER_AUTOSCALER_ADDON=',parameters('kubernetesClusterAutoscalerEnabled')",
    "' ACI_CONNECTOR_ADDON=',parameters('kubernetesACIConnectorEnabled')",
  ];
  const master = isMasterVmss(p)
    ? [`'COSMOS_URI=${cosmos} MASTER_NODE=true NO_OUTBOUND=${noOutbound}`, ...addons, ...secrets]
    : [
        `'COSMOS_URI=${cosmos} MASTER_VM_NAME=',variables('masterVMNames')[variables('masterOffset')]`,
        "' ETCD_PEER_URL=',variables('masterEtcdPeerURLs')[variables('masterOffset')]",
        "' ETCD_CLIENT_URL=',variables('masterEtcdClientURLs')[variables('masterOffset')]",
        `' MASTER_NODE=true NO_OUTBOUND=${noOutbound}`,
        ...addons,
        ...secrets,
      ];
  return {
    provisionScriptParametersCommon: `[concat(${common.join(',')})]`,
    provisionScriptParametersMaster: `[concat(${joinQuoted(master)})]`,
  };
}

/**
 * Joins concat() arguments where a piece may end inside a quoted literal (`'...NO_OUTBOUND=false`) that the next
 * piece (`' CLUSTER_AUTOSCALER_ADDON=',...`) continues: the two halves merge into one literal.
 */
function joinQuoted(pieces: string[]): string {
  let out = '';
  for (const piece of pieces) {
    if (!out) out = piece;
    else if (out.endsWith("'") || out.endsWith(')') || out.endsWith(']')) out += `,${piece}`;
    else out += piece.slice(1);
  }
  return out;
}
