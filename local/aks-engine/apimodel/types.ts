// TypeScript view of the canonical vlabs apimodel (the subset the simulator reads or fills in). Other fields
// the user gave travel along untouched thanks to the index signatures.

export interface KubernetesConfig {
  clusterSubnet?: string;
  dnsServiceIP?: string;
  serviceCidr?: string;
  networkPolicy?: string;
  networkPlugin?: string;
  containerRuntime?: string;
  maxPods?: number;
  dockerBridgeSubnet?: string;
  useManagedIdentity?: boolean;
  userAssignedID?: string;
  useInstanceMetadata?: boolean;
  useCloudControllerManager?: boolean;
  customCcmImage?: string;
  enableRbac?: boolean;
  enableSecureKubelet?: boolean;
  enableAggregatedAPIs?: boolean;
  enableDataEncryptionAtRest?: boolean;
  enableEncryptionWithExternalKms?: boolean;
  enablePodSecurityPolicy?: boolean;
  etcdEncryptionKey?: string;
  privateCluster?: { enabled?: boolean; [key: string]: unknown };
  etcdVersion?: string;
  etcdDiskSizeGB?: string;
  loadBalancerSku?: string;
  excludeMasterFromStandardLB?: boolean;
  addons?: Array<{ name?: string; enabled?: boolean; config?: Record<string, string>; containers?: unknown[]; data?: string }>;
  kubeletConfig?: Record<string, string>;
  controllerManagerConfig?: Record<string, string>;
  apiServerConfig?: Record<string, string>;
  [key: string]: unknown;
}

export interface OrchestratorProfile {
  orchestratorType?: string;
  orchestratorRelease?: string;
  orchestratorVersion?: string;
  kubernetesConfig?: KubernetesConfig;
}

export interface ExtensionRef {
  name?: string;
  singleOrAll?: string;
  template?: string;
}

export interface MasterProfile {
  count?: number;
  dnsPrefix?: string;
  subjectAltNames?: string[] | null;
  vmSize?: string;
  osDiskSizeGB?: number;
  vnetSubnetID?: string;
  vnetCidr?: string;
  agentVnetSubnetID?: string;
  firstConsecutiveStaticIP?: string;
  ipAddressCount?: number;
  storageProfile?: string;
  oauthEnabled?: boolean;
  extensions?: ExtensionRef[] | null;
  distro?: string;
  imageReference?: { name?: string; resourceGroup?: string };
  availabilityProfile?: string;
  availabilityZones?: string[];
  singlePlacementGroup?: boolean;
  cosmosEtcd?: boolean;
  fqdn?: string;
  [key: string]: unknown;
}

export interface AgentPoolProfile {
  name?: string;
  count?: number;
  vmSize?: string;
  osDiskSizeGB?: number;
  dnsPrefix?: string;
  osType?: string;
  ports?: number[];
  availabilityProfile?: string;
  scaleSetPriority?: string;
  scaleSetEvictionPolicy?: string;
  storageProfile?: string;
  diskSizesGB?: number[];
  vnetSubnetID?: string;
  ipAddressCount?: number;
  distro?: string;
  imageReference?: { name?: string; resourceGroup?: string };
  role?: string;
  acceleratedNetworkingEnabled?: boolean;
  fqdn?: string;
  customNodeLabels?: Record<string, string>;
  extensions?: ExtensionRef[] | null;
  singlePlacementGroup?: boolean;
  availabilityZones?: string[];
  [key: string]: unknown;
}

export interface LinuxProfile {
  adminUsername?: string;
  ssh?: { publicKeys?: Array<{ keyData?: string } | null> | null };
  secrets?: Array<{ sourceVault?: { id?: string }; vaultCertificates?: Array<{ certificateUrl?: string; certificateStore?: string }> }>;
  [key: string]: unknown;
}

export interface KeyvaultSecretRef {
  vaultID?: string;
  secretName?: string;
  version?: string;
}

export interface ServicePrincipalProfile {
  clientId?: string;
  secret?: string;
  objectId?: string;
  keyvaultSecretRef?: KeyvaultSecretRef;
}

export interface CertificateProfile {
  caCertificate?: string;
  caPrivateKey?: string;
  apiServerCertificate?: string;
  apiServerPrivateKey?: string;
  clientCertificate?: string;
  clientPrivateKey?: string;
  kubeConfigCertificate?: string;
  kubeConfigPrivateKey?: string;
  etcdServerCertificate?: string;
  etcdServerPrivateKey?: string;
  etcdClientCertificate?: string;
  etcdClientPrivateKey?: string;
  etcdPeerCertificates?: string[];
  etcdPeerPrivateKeys?: string[];
}

export interface WindowsProfile {
  adminUsername?: string;
  adminPassword?: string;
  [key: string]: unknown;
}

export interface Properties {
  orchestratorProfile?: OrchestratorProfile;
  masterProfile?: MasterProfile;
  agentPoolProfiles?: Array<AgentPoolProfile | null>;
  linuxProfile?: LinuxProfile;
  extensionProfiles?: Array<{ name?: string; parametersKeyvaultSecretRef?: KeyvaultSecretRef } | null>;
  windowsProfile?: WindowsProfile;
  servicePrincipalProfile?: ServicePrincipalProfile;
  certificateProfile?: CertificateProfile;
  aadProfile?: { clientAppID?: string; serverAppID?: string; tenantID?: string; adminGroupID?: string };
  featureFlags?: { enableCSERunInBackground?: boolean; blockOutboundInternet?: boolean };
  [key: string]: unknown;
}

export interface ContainerService {
  apiVersion: string;
  location?: string;
  tags?: Record<string, string>;
  properties?: Properties;
  [key: string]: unknown;
}
