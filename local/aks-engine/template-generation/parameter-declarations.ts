// The template's parameters section as aks-engine v0.32.3 declares it for Kubernetes: per agent pool, Windows,
// master and cluster-wide parameters (parts/agentparams.t, windowsparams.t, masterparams.t, k8s/kubernetesparams.t).
import type { AgentPoolProfile, ContainerService } from '../apimodel/types';
import { clusterId, hasZones, isAvailabilitySet, isAzureCni, isCustomVnet, isMasterVmss, pools, versionGe } from '../defaults/properties';
import { KUBERNETES_ALLOWED_VM_SIZES } from './vm-sizes';

export interface ParameterDeclaration {
  type: 'string' | 'securestring' | 'int' | 'bool' | 'array' | 'object';
  defaultValue?: unknown;
  allowedValues?: unknown[];
  minLength?: number;
  maxLength?: number;
  metadata?: { description: string };
}

type Declarations = Record<string, ParameterDeclaration>;

const str = (description: string, defaultValue?: unknown): ParameterDeclaration => ({
  type: 'string',
  ...(defaultValue !== undefined ? { defaultValue } : {}),
  metadata: { description },
});
const secure = (description: string): ParameterDeclaration => ({ type: 'securestring', metadata: { description } });
const int = (description: string, defaultValue?: number): ParameterDeclaration => ({
  type: 'int',
  ...(defaultValue !== undefined ? { defaultValue } : {}),
  metadata: { description },
});
const bool = (description: string, defaultValue?: boolean): ParameterDeclaration => ({
  type: 'bool',
  ...(defaultValue !== undefined ? { defaultValue } : {}),
  metadata: { description },
});
const sizes = (description: string, defaultValue?: string): ParameterDeclaration => ({
  type: 'string',
  allowedValues: KUBERNETES_ALLOWED_VM_SIZES,
  ...(defaultValue !== undefined ? { defaultValue } : {}),
  metadata: { description },
});

export function parameterDeclarations(cs: ContainerService): Declarations {
  const p = cs.properties!;
  const d: Declarations = {};
  for (const pool of pools(p)) Object.assign(d, agentParameters(pool));
  if (pools(p).some((pool) => pool.osType === 'Windows')) Object.assign(d, windowsParameters());
  Object.assign(d, masterParameters(cs));
  Object.assign(d, kubernetesParameters(cs));
  return d;
}

function agentParameters(pool: AgentPoolProfile): Declarations {
  const n = pool.name!;
  const os = pool.osType ?? '';
  const d: Declarations = { [`${n}Count`]: int(`The number of vms in agent pool ${n}`, pool.count) };
  if (isAvailabilitySet(pool)) d[`${n}Offset`] = int('offset to a particular vm within a VMAS agent pool', 0);
  if (pool.scaleSetPriority === 'Low') {
    d[`${n}ScaleSetPriority`] = {
      allowedValues: ['Low', 'Regular', ''],
      defaultValue: pool.scaleSetPriority,
      metadata: { description: 'The priority for the VM Scale Set. This value can be Low or Regular.' },
      type: 'string',
    };
    d[`${n}ScaleSetEvictionPolicy`] = {
      allowedValues: ['Delete', 'Deallocate', ''],
      defaultValue: pool.scaleSetEvictionPolicy ?? '',
      metadata: { description: 'The Eviction Policy for a Low-priority VM Scale Set.' },
      type: 'string',
    };
  }
  d[`${n}VMSize`] = sizes('The size of the Virtual Machine.', pool.vmSize);
  if (hasZones(pool.availabilityZones))
    d[`${n}AvailabilityZones`] = { type: 'array', metadata: { description: 'Agent availability zones' } };
  d[`${n}osImageName`] = str(`Name of a ${os} OS image. Needs to be used in conjuction with osImageResourceGroup.`, '');
  d[`${n}osImageResourceGroup`] = str(`Resource group of a ${os} OS image. Needs to be used in conjuction with osImageName.`, '');
  d[`${n}osImageOffer`] = str(`${os} OS image type.`, 'UbuntuServer');
  d[`${n}osImagePublisher`] = str('OS image publisher.', 'Canonical');
  d[`${n}osImageSKU`] = str('OS image SKU.', '16.04-LTS');
  d[`${n}osImageVersion`] = str('OS image version.', '16.04.201804050');
  if (pool.vnetSubnetID) d[`${n}VnetSubnetID`] = str(`Sets the vnet subnet of agent pool '${n}'.`);
  else d[`${n}Subnet`] = str(`Sets the subnet of agent pool '${n}'.`, pool.subnet ?? '');
  return d;
}

function windowsParameters(): Declarations {
  return {
    kubeBinariesSASURL: str('The download url for kubernetes windows binaries package that is created by scripts/build-windows-k8s.sh'),
    windowsKubeBinariesURL: str(
      'The download url for kubernetes windows binaries produce by Kubernetes. This contains only the node binaries',
    ),
    kubeBinariesVersion: str('Kubernetes windows binaries version'),
    kubeServiceCidr: str('Kubernetes service address space'),
    windowsTelemetryGUID: str('The GUID to set in windows agent to collect telemetry data.'),
    windowsAdminUsername: str('User name for the Windows Swarm Agent Virtual Machines (Password Only Supported).'),
    windowsAdminPassword: secure('Password for the Windows Swarm Agent Virtual Machines.'),
    agentWindowsVersion: str('Version of the Windows Server OS image to use for the agent virtual machines.', 'latest'),
    agentWindowsSourceUrl: str(
      'The source of the generalized blob which will be used to create a custom windows image for the agent virtual machines.',
      '',
    ),
    agentWindowsPublisher: str('The publisher of windows image for the agent virtual machines.', 'MicrosoftWindowsServer'),
    agentWindowsOffer: str('The offer of windows image for the agent virtual machines.', 'WindowsServerSemiAnnual'),
    agentWindowsSku: str('The SKU of windows image for the agent virtual machines.', 'Datacenter-Core-1809-with-Containers-smalldisk'),
    windowsDockerVersion: str('The version of Docker to be installed on Windows Nodes', '18.09.2'),
  };
}

function masterParameters(cs: ContainerService): Declarations {
  const p = cs.properties!;
  const m = p.masterProfile!;
  const d: Declarations = {
    linuxAdminUsername: str('User name for the Linux Virtual Machines (SSH or Password).'),
    masterEndpointDNSNamePrefix: str(
      'Sets the Domain name label for the master IP Address.  The concatenation of the domain name label and the regional DNS zone ' +
        'make up the fully qualified domain name associated with the public IP address.',
    ),
    aksEngineVersion: str('Contains details of the aks-engine version which was used to provision the cluster'),
  };
  for (const extension of p.extensionProfiles ?? []) {
    if (extension) d[`${extension.name}Parameters`] = secure('Parameters for the extension');
  }
  if (isCustomVnet(p)) {
    d.masterVnetSubnetID = str('Sets the vnet subnet of the master.');
    if (isMasterVmss(p)) d.agentVnetSubnetID = str('Sets the vnet subnet of the agent.');
    d.masterSubnet = str('Sets the subnet of the master node(s)', '');
  } else {
    d.masterSubnet = str('Sets the subnet of the master node(s).', m.subnet ?? '');
    d.agentSubnet = str('Sets the subnet of the agent node(s).', m.agentSubnet ?? '');
  }
  if (hasZones(m.availabilityZones)) d.availabilityZones = { type: 'array', metadata: { description: 'Master availability zones' } };
  d.firstConsecutiveStaticIP = str('Sets the static IP of the first master', m.firstConsecutiveStaticIP ?? '');
  d.masterVMSize = sizes('The size of the Virtual Machine.');
  Object.assign(d, {
    sshRSAPublicKey: str(
      'SSH public key used for auth to all Linux machines.  Not Required.  If not set, you must provide a password key.',
    ),
    nameSuffix: str('A string hash of the master DNS name to uniquely identify the cluster.', clusterId(p)),
    osImageName: str('Name of a Linux OS image. Needs to be used in conjuction with osImageResourceGroup.', ''),
    osImageResourceGroup: str('Resource group of a Linux OS image. Needs to be used in conjuction with osImageName.', ''),
    osImageOffer: str('Linux OS image type.', 'UbuntuServer'),
    osImagePublisher: str('OS image publisher.', 'Canonical'),
    osImageSKU: str('OS image SKU.', '16.04-LTS'),
    osImageVersion: str('OS image version.', 'latest'),
    fqdnEndpointSuffix: str('Endpoint of FQDN.', 'cloudapp.azure.com'),
    targetEnvironment: str('The azure deploy environment. Currently support: AzurePublicCloud, AzureChinaCloud', 'AzurePublicCloud'),
    location: str('Sets the location for all resources in the cluster', cs.location ?? ''),
  });
  (p.linuxProfile?.secrets ?? []).forEach((vault, v) => {
    d[`linuxKeyVaultID${v}`] = str(`KeyVaultId${v} to install certificates from on linux machines.`);
    (vault.vaultCertificates ?? []).forEach((_, c) => {
      d[`linuxKeyVaultID${v}CertificateURL${c}`] = str(`CertificateURL${c} to install from KeyVaultId${v} on linux machines.`);
    });
  });
  if (pools(p).some((pool) => pool.osType === 'Windows')) {
    (p.windowsProfile?.secrets ?? []).forEach((vault, v) => {
      d[`windowsKeyVaultID${v}`] = str(`KeyVaultId${v} to install certificates from on windows machines.`);
      (vault.vaultCertificates ?? []).forEach((_, c) => {
        d[`windowsKeyVaultID${v}CertificateURL${c}`] = str(
          `Url to retrieve Certificate${c} from KeyVaultId${v} to install on windows machines.`,
        );
        d[`windowsKeyVaultID${v}CertificateStore${c}`] = str(
          `CertificateStore to install Certificate${c} from KeyVaultId${v} on windows machines.`,
        );
      });
    });
  }
  return d;
}

function kubernetesParameters(cs: ContainerService): Declarations {
  const p = cs.properties!;
  const k = p.orchestratorProfile!.kubernetesConfig!;
  const masters = p.masterProfile!.count ?? 1;
  const d: Declarations = {};
  if (p.aadProfile) {
    d.aadTenantId = str(
      'The AAD tenant ID to use for authentication. If not specified, will use the tenant of the deployment subscription.',
      '',
    );
    d.aadAdminGroupId = str('The AAD default Admin group Object ID used to create a cluster-admin RBAC role.', '');
  }
  d.etcdServerCertificate = str('The base 64 server certificate used on the master');
  d.etcdServerPrivateKey = secure('The base 64 server private key used on the master.');
  d.etcdClientCertificate = str('The base 64 server certificate used on the master');
  d.etcdClientPrivateKey = secure('The base 64 server private key used on the master.');
  const peers = masters >= 5 ? 5 : masters >= 3 ? 3 : 1;
  for (let i = 0; i < peers; i++) {
    d[`etcdPeerCertificate${i}`] = str('The base 64 server certificates used on the master');
    d[`etcdPeerPrivateKey${i}`] = secure('The base 64 server private keys used on the master.');
  }
  Object.assign(d, {
    apiServerCertificate: str('The base 64 server certificate used on the master'),
    apiServerPrivateKey: secure('The base 64 server private key used on the master.'),
    caCertificate: str('The base 64 certificate authority certificate'),
    caPrivateKey: secure('The base 64 CA private key used on the master.'),
    clientCertificate: str('The base 64 client certificate used to communicate with the master'),
    clientPrivateKey: secure('The base 64 client private key used to communicate with the master'),
    kubeConfigCertificate: str('The base 64 certificate used by cli to communicate with the master'),
    kubeConfigPrivateKey: secure('The base 64 private key used by cli to communicate with the master'),
    generatorCode: str('The generator code used to identify the generator'),
    orchestratorName: {
      minLength: 3,
      maxLength: 3,
      type: 'string',
      metadata: {
        description:
          'The orchestrator name used to identify the orchestrator.  This must be no more than 3 digits in length, otherwise it will ' +
          'exceed Windows Naming',
      },
    },
    dockerBridgeCidr: str('Docker bridge network IP address and subnet'),
    kubeClusterCidr: str('Kubernetes cluster subnet'),
    kubeDNSServiceIP: str('Kubernetes DNS IP'),
    kubernetesKubeletClusterDomain: str('--cluster-domain Kubelet config'),
    kubernetesHyperkubeSpec: str('The container spec for hyperkube.'),
    privateAzureRegistryServer: str('The private Azure registry server for hyperkube.', ''),
    kubernetesCcmImageSpec: str('The container spec for cloud-controller-manager.', ''),
    kubernetesAddonManagerSpec: str('The container spec for hyperkube.'),
    enableAggregatedAPIs: bool('Enable aggregated API on master nodes', false),
  });
  if (versionGe(p, '1.7.0') && !versionGe(p, '1.9.0')) d.kubernetesExecHealthzSpec = str('The container spec for exechealthz-amd64.');
  d.kubernetesDNSSidecarSpec = str('The container spec for k8s-dns-sidecar-amd64.');
  if (addonEnabled(k, 'aad-pod-identity', false)) d.kubernetesAADPodIdentityEnabled = bool('AAD Pod Identity status', false);
  d.kubernetesACIConnectorEnabled = bool('ACI Connector Status');
  d.kubernetesClusterAutoscalerEnabled = bool('Cluster autoscaler status');
  if (addonEnabled(k, 'cluster-autoscaler', false)) {
    d.kubernetesClusterAutoscalerAzureCloud = str('Name of the Azure cloud for the cluster autoscaler.');
    d.kubernetesClusterAutoscalerUseManagedIdentity = str('Managed identity for the cluster autoscaler addon');
  }
  d.kubernetesPodInfraContainerSpec = str('The container spec for pod infra.');
  d.cloudproviderConfig = {
    type: 'object',
    defaultValue: {
      cloudProviderBackoff: true,
      cloudProviderBackoffRetries: 10,
      cloudProviderBackoffJitter: '0',
      cloudProviderBackoffDuration: 0,
      cloudProviderBackoffExponent: '0',
      cloudProviderRateLimit: false,
      cloudProviderRateLimitQPS: '0',
      cloudProviderRateLimitBucket: 0,
    },
  };
  if (versionGe(p, '1.12.0')) d.kubernetesCoreDNSSpec = str('The container spec for coredns');
  else {
    d.kubernetesKubeDNSSpec = str('The container spec for kubedns-amd64.');
    d.kubernetesDNSMasqSpec = str('The container spec for kube-dnsmasq-amd64.');
  }
  const allowed = (description: string, defaultValue: string, allowedValues: string[]) => ({
    ...str(description, defaultValue),
    allowedValues,
  });
  Object.assign(d, {
    dockerEngineDownloadRepo: str('The Docker Engine download URL for Kubernetes.', 'https://aptdocker.azureedge.net/repo'),
    mobyVersion: allowed('The Azure Moby build version', '3.0.4', ['3.0.1', '3.0.2', '3.0.3', '3.0.4']),
    containerdVersion: allowed('The Azure Moby build version', '1.1.5', ['1.1.5', '1.1.6', '1.2.4']),
    networkPolicy: allowed(
      "The network policy enforcement to use (calico|cilium); 'none' and 'azure' here for backwards compatibility",
      k.networkPolicy ?? '',
      ['', 'none', 'azure', 'calico', 'cilium'],
    ),
    networkPlugin: allowed('The network plugin to use for Kubernetes (kubenet|azure|flannel|cilium)', k.networkPlugin ?? '', [
      'kubenet',
      'azure',
      'flannel',
      'cilium',
    ]),
    containerRuntime: allowed(
      'The container runtime to use (docker|clear-containers|kata-containers|containerd)',
      k.containerRuntime ?? '',
      ['docker', 'clear-containers', 'kata-containers', 'containerd'],
    ),
    containerdDownloadURLBase: { defaultValue: 'https://storage.googleapis.com/cri-containerd-release/', type: 'string' },
    cniPluginsURL: { defaultValue: 'https://acs-mirror.azureedge.net/cni/cni-plugins-amd64-latest.tgz', type: 'string' },
    vnetCniLinuxPluginsURL: { defaultValue: 'https://acs-mirror.azureedge.net/cni/azure-vnet-cni-linux-amd64-latest.tgz', type: 'string' },
    vnetCniWindowsPluginsURL: {
      defaultValue: 'https://acs-mirror.azureedge.net/cni/azure-vnet-cni-windows-amd64-latest.zip',
      type: 'string',
    },
    maxPods: int('This param has been deprecated.', 30),
    vnetCidr: str('Cluster vnet cidr', '10.0.0.0/8'),
    gcHighThreshold: int('High Threshold for Image Garbage collection on each node', 85),
    gcLowThreshold: int('Low Threshold for Image Garbage collection on each node.', 80),
    kuberneteselbsvcname: str('elb service for standard lb', ''),
  });
  if (!k.useManagedIdentity) {
    d.servicePrincipalClientId = secure('Client ID (used by cloudprovider)');
    d.servicePrincipalClientSecret = secure('The Service Principal Client Secret.');
  }
  d.masterOffset = {
    defaultValue: 0,
    allowedValues: [0, 1, 2, 3, 4],
    metadata: {
      description:
        'The offset into the master pool where to start creating master VMs. ' +
        ' This value can be from 0 to 4, but must be less than masterCount.',
    },
    type: 'int',
  };
  d.etcdDiskSizeGB = str('Size in GB to allocate for etcd volume');
  d.etcdDownloadURLBase = str('etcd image base URL');
  d.etcdVersion = str('etcd version');
  d.etcdEncryptionKey = str('Encryption at rest key for etcd');
  if (k.privateCluster?.enabled === true && k.privateCluster.jumpboxProfile) {
    d.jumpboxVMName = str('jumpbox VM Name');
    d.jumpboxVMSize = sizes('The size of the Virtual Machine. Required');
    d.jumpboxOSDiskSizeGB = int('Size in GB to allocate to the private cluster jumpbox VM OS.');
    d.jumpboxPublicKey = str('SSH public key used for auth to the private cluster jumpbox');
    d.jumpboxUsername = str('Username for the private cluster jumpbox');
    d.jumpboxStorageProfile = str('Storage Profile for the private cluster jumpbox');
  }
  const search = p.linuxProfile?.customSearchDomain;
  if (search?.name && search.realmUser && search.realmPassword) {
    d.searchDomainName = str('Custom Search Domain name.', '');
    d.searchDomainRealmUser = str(
      'Windows server AD user name to join the Linux Machines with active directory and be able to change dns registries.',
      '',
    );
    d.searchDomainRealmPassword = {
      defaultValue: '',
      type: 'securestring',
      metadata: {
        description:
          'Windows server AD user password to join the Linux Machines with active directory and be able to change dns registries.',
      },
    };
  }
  if (p.linuxProfile?.customNodesDNS?.dnsServer) d.dnsServer = str('DNS Server IP', '');
  if (k.enableEncryptionWithExternalKms === true) {
    if (!k.useManagedIdentity) d.servicePrincipalObjectId = secure('Object ID (used by cloudprovider)');
    d.clusterKeyVaultSku = {
      type: 'string',
      defaultValue: 'Standard',
      allowedValues: ['Standard', 'Premium'],
      metadata: { description: 'SKU for the key vault used by the cluster' },
    };
  }
  if (isAzureCni(p)) d.AzureCNINetworkMonitorImageURL = str('Azure CNI networkmonitor Image URL', '');
  return d;
}

function addonEnabled(k: { addons?: Array<{ name?: string; enabled?: boolean }> }, name: string, ifNotSet: boolean): boolean {
  const enabled = (k.addons ?? []).find((addon) => addon.name === name)?.enabled;
  return enabled === undefined ? ifNotSet : enabled;
}
