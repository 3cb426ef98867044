// Pieces several resource builders share: the Cosmos DB etcd account, the master network security group, the
// key vault for external KMS, identities, custom data and custom script commands, data disks, billing extensions.
import type { AgentPoolProfile, ContainerService } from '../apimodel/types';
import { cloudSpec, isAzureStackCloud, isWindows, pools } from '../defaults/properties';
import { isNvidiaEnabledSku, isSgxEnabledSku } from '../vm-skus';

export type Resource = Record<string, unknown>;

export const api = (kind: 'Compute' | 'Network' | 'Storage' | 'KeyVault' | 'Cosmos' | 'AuthorizationSystem' | 'ManagedIdentity') =>
  `[variables('apiVersion${kind}')]`;

export function cosmosAccount(): Resource {
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
      // The resource group's location twice (priorities 0 and 1): present in v0.32.3, removed later (#1403).
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

function rule(name: string, description: string, port: string, priority: number, extra: Record<string, string> = {}): Resource {
  return {
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
      ...extra,
    },
  };
}

export function masterNetworkSecurityGroup(cs: ContainerService): Resource {
  const p = cs.properties!;
  const rules: Resource[] = [];
  if (pools(p).some(isWindows)) rules.push(rule('allow_rdp', 'Allow RDP traffic to master', '3389-3389', 102));
  rules.push(rule('allow_ssh', 'Allow SSH traffic to master', '22-22', 101));
  rules.push(rule('allow_kube_tls', 'Allow kube-apiserver (tls) traffic to master', '443-443', 100));
  if (isAzureStackCloud(p)) {
    const vnet = { destinationAddressPrefix: '10.0.0.0/8', destinationPortRange: '*', protocol: '*', sourceAddressPrefix: '10.0.0.0/8' };
    rules.push(rule('allow_vnet_inbound', 'Allow traffic to specific addresses.', '*', 4095, vnet));
    rules.push(rule('allow_vnet_outbound', 'Allow traffic to specific addresses.', '*', 4095, { ...vnet, direction: 'Outbound' }));
  }
  if (p.featureFlags?.blockOutboundInternet) {
    rules.push(
      rule('allow_vnet', 'Allow outbound internet to vnet', '*', 110, {
        destinationAddressPrefix: "[parameters('masterSubnet')]",
        direction: 'Outbound',
        protocol: '*',
        sourceAddressPrefix: 'VirtualNetwork',
      }),
      rule('block_outbound', 'Block outbound internet from master', '*', 120, { access: 'Deny', direction: 'Outbound', protocol: '*' }),
    );
  }
  return {
    apiVersion: api('Network'),
    location: "[variables('location')]",
    name: "[variables('nsgName')]",
    properties: { securityRules: rules },
    type: 'Microsoft.Network/networkSecurityGroups',
  };
}

export function routeTable(): Resource {
  return {
    apiVersion: api('Network'),
    location: "[variables('location')]",
    name: "[variables('routeTableName')]",
    type: 'Microsoft.Network/routeTables',
  };
}

export function masterPublicIp(): Resource {
  return {
    apiVersion: api('Network'),
    location: "[variables('location')]",
    name: "[variables('masterPublicIPAddressName')]",
    properties: { dnsSettings: { domainNameLabel: "[variables('masterFqdnPrefix')]" }, publicIPAllocationMethod: 'Static' },
    sku: { name: "[variables('loadBalancerSku')]" },
    type: 'Microsoft.Network/publicIPAddresses',
  };
}

export function masterInternalLoadBalancer(cs: ContainerService, subnetVariable: 'vnetSubnetID' | 'vnetSubnetIDMaster'): Resource {
  return {
    apiVersion: api('Network'),
    dependsOn: [cs.properties!.masterProfile!.vnetSubnetID ? "[variables('nsgID')]" : "[variables('vnetID')]"],
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
            subnet: { id: `[variables('${subnetVariable}')]` },
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
    sku: { name: "[variables('loadBalancerSku')]" },
    type: 'Microsoft.Network/loadBalancers',
  };
}

/** The storage account and key vault that back Kubernetes secrets encryption with an external KMS. */
export function kmsResources(keyVaultDependsOn: string[] | undefined, accessPolicies: Resource[]): Resource[] {
  return [
    {
      type: 'Microsoft.Storage/storageAccounts',
      name: "[variables('clusterKeyVaultName')]",
      apiVersion: api('Storage'),
      location: "[variables('location')]",
      sku: { name: 'Standard_LRS' },
    },
    {
      type: 'Microsoft.KeyVault/vaults',
      name: "[variables('clusterKeyVaultName')]",
      apiVersion: api('KeyVault'),
      location: "[variables('location')]",
      ...(keyVaultDependsOn ? { dependsOn: keyVaultDependsOn } : {}),
      properties: {
        enabledForDeployment: 'false',
        enabledForDiskEncryption: 'false',
        enabledForTemplateDeployment: 'false',
        tenantId: "[variables('tenantID')]",
        accessPolicies,
        sku: { name: "[parameters('clusterKeyVaultSku')]", family: 'A' },
      },
    },
  ];
}

export const KMS_KEY_PERMISSIONS = { keys: ['create', 'encrypt', 'decrypt', 'get', 'list'] };

/** The identity block of VMs and scale sets: a user-assigned identity when one is named, else a system-assigned one. */
export function identity(cs: ContainerService, systemAssigned = true): Resource {
  const k = cs.properties!.orchestratorProfile!.kubernetesConfig!;
  if (!k.useManagedIdentity) return {};
  if (k.userAssignedID)
    return { identity: { type: 'userAssigned', userAssignedIdentities: { "[variables('userAssignedIDReference')]": {} } } };
  return systemAssigned ? { identity: { type: 'systemAssigned' } } : {};
}

/** Custom data the VMs boot with: a stand-in cloud-config (the simulator's VMs run nothing). */
export function linuxCustomData(role: 'master' | 'agent'): string {
  return `[base64(concat('#cloud-config\\n# aks-engine v0.32.3 ${role} (simulated)\\n'))]`;
}

export function windowsCustomData(): string {
  return "[base64(concat('<powershell># aks-engine v0.32.3 windows agent (simulated)</powershell>'))]";
}

export function linuxSsh(cs: ContainerService): Resource {
  const keys = cs.properties!.linuxProfile!.ssh?.publicKeys ?? [];
  if (keys.length > 1)
    return { publicKeys: keys.map((key) => ({ path: "[variables('sshKeyPath')]", keyData: (key.keyData ?? '').trim() })) };
  return { publicKeys: [{ keyData: "[parameters('sshRSAPublicKey')]", path: "[variables('sshKeyPath')]" }] };
}

export function linuxOsProfile(cs: ContainerService, role: 'master' | 'agent', name: Record<string, string>): Resource {
  const profile: Resource = {
    adminUsername: "[parameters('linuxAdminUsername')]",
    ...name,
    customData: linuxCustomData(role),
    linuxConfiguration: { disablePasswordAuthentication: true, ssh: linuxSsh(cs) },
  };
  if ((cs.properties!.linuxProfile?.secrets ?? []).length > 0) profile.secrets = "[variables('linuxProfileSecrets')]";
  return profile;
}

/** The outbound connectivity check, the wait for provision.sh, then provision.sh with the given settings. */
export function linuxProvisionCommand(cs: ContainerService, settings: string, background = false): string {
  const p = cs.properties!;
  const china = cloudSpec(cs).cloudName === 'AzureChinaCloud';
  const check = p.featureFlags?.blockOutboundInternet
    ? ''
    : ` ERR_OUTBOUND_CONN_FAIL=50; retrycmd_if_failure 50 1 3 nc -vz ${
        china
          ? 'gcr.azk8s.cn 80'
          : 'k8s.gcr.io 443 && retrycmd_if_failure 50 1 3 nc -vz gcr.io 443 && retrycmd_if_failure 50 1 3 nc -vz docker.io 443'
      } || exit $ERR_OUTBOUND_CONN_FAIL;`;
  return (
    "[concat('retrycmd_if_failure() { r=$1; w=$2; t=$3; shift && shift && shift; for i in $(seq 1 $r); do timeout $t ${@}; " +
    `[ $? -eq 0  ] && break || if [ $i -eq $r ]; then return 1; else sleep $w; fi; done };${check} for i in $(seq 1 1200); do ` +
    "if [ -f /opt/azure/containers/provision.sh ]; then break; fi; if [ $i -eq 1200 ]; then exit 100; else sleep 1; fi; done; ', " +
    `${settings} /usr/bin/nohup /bin/bash -c "/bin/bash /opt/azure/containers/provision.sh >> /var/log/azure/cluster-provision.log 2>&1${
      background ? ' &' : ''
    }"')]`
  );
}

export function agentProvisionSettings(pool: AgentPoolProfile): string {
  return (
    `variables('provisionScriptParametersCommon'),' ` +
    `GPU_NODE=${isNvidiaEnabledSku(pool.vmSize ?? '')} SGX_NODE=${isSgxEnabledSku(pool.vmSize ?? '')}`
  );
}

export function customScriptExtension(command: string, windows = false): Resource {
  return windows
    ? {
        publisher: 'Microsoft.Compute',
        type: 'CustomScriptExtension',
        typeHandlerVersion: '1.8',
        autoUpgradeMinorVersion: true,
        settings: {},
        protectedSettings: { commandToExecute: command },
      }
    : {
        publisher: 'Microsoft.Azure.Extensions',
        type: 'CustomScript',
        typeHandlerVersion: '2.0',
        autoUpgradeMinorVersion: true,
        settings: {},
        protectedSettings: { commandToExecute: command },
      };
}

export const WINDOWS_PROVISION_COMMAND =
  "[concat('powershell.exe -ExecutionPolicy Unrestricted -command \"', '$arguments = ', variables('singleQuote'),'-MasterIP '," +
  "variables('kubernetesAPIServerIP'),' -KubeDnsServiceIp ',parameters(" +
  "'kubeDnsServiceIp'),' -MasterFQDNPrefix ',variables('masterFqdnPrefix')," +
  "' -Location ',variables('location'),' -AgentKey ',parameters(" +
  "'clientPrivateKey'),' -AADClientId ',variables('servicePrincipalClientId')," +
  "' -AADClientSecret ',variables('servicePrincipalClientSecret')," +
  "variables('singleQuote'), ' ; ', variables('windowsCustomScriptSuffix'), " +
  "'\" > %SYSTEMDRIVE%\\AzureData\\CustomDataSetupScript.log 2>&1')]";

/** UseAksExtension: the billing extension is added in the public and China clouds only. */
export function usesAksBillingExtension(cs: ContainerService): boolean {
  const cloud = cloudSpec(cs).cloudName;
  return cloud === 'AzurePublicCloud' || cloud === 'AzureChinaCloud';
}

export function billingExtension(os: 'Linux' | 'Windows'): Resource {
  return {
    publisher: 'Microsoft.AKS',
    type: `Compute.AKS-Engine.${os}.Billing`,
    typeHandlerVersion: '1.0',
    autoUpgradeMinorVersion: true,
    settings: {},
  };
}

/** getDataDisks: the pool's extra disks, managed or in the pool's data storage accounts. */
export function dataDisks(pool: AgentPoolProfile): Resource {
  const sizes = pool.diskSizesGB ?? [];
  if (sizes.length === 0) return {};
  const n = pool.name!;
  return {
    dataDisks: sizes.map((size, lun) =>
      pool.storageProfile === 'StorageAccount'
        ? {
            createOption: 'Empty',
            diskSizeGB: String(size),
            lun,
            caching: 'ReadOnly',
            name: `[concat(variables('${n}VMNamePrefix'), copyIndex(),'-datadisk${lun}')]`,
            vhd: {
              uri:
                `[concat('http://',variables('storageAccountPrefixes')[mod(add(add(div(copyIndex(),variables('maxVMsPerStorageAccount')),` +
                `variables('${n}StorageAccountOffset')),variables(` +
                `'dataStorageAccountPrefixSeed')),variables('storageAccountPrefixesCount'))],` +
                `variables('storageAccountPrefixes')[div(add(add(div(copyIndex(),variables('maxVMsPerStorageAccount')),` +
                `variables('${n}StorageAccountOffset')),variables(` +
                `'dataStorageAccountPrefixSeed')),variables('storageAccountPrefixesCount'))],` +
                `variables('${n}DataAccountName'),'.blob.core.windows.net/vhds/',` +
                `variables('${n}VMNamePrefix'),copyIndex(), '--datadisk${lun}.vhd')]`,
            },
          }
        : { diskSizeGB: String(size), lun, caching: 'ReadOnly', createOption: 'Empty' },
    ),
  };
}

export function vmTags(pool: string, creationSuffix: string, nameSuffix = "[parameters('nameSuffix')]"): Resource {
  return {
    creationSource: `[concat(parameters('generatorCode'), '-', ${creationSuffix})]`,
    resourceNameSuffix: nameSuffix,
    orchestrator: "[variables('orchestratorNameVersionTag')]",
    aksEngineVersion: "[parameters('aksEngineVersion')]",
    poolName: pool,
  };
}
