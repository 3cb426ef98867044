// TypeScript view of the vlabs apimodel (pkg/api/vlabs/types.go at v0.32.3) as the simulator keeps it: JSON names,
// optional everywhere since users may leave anything out. The unversioned model aks-engine applies its defaults to
// has the same shape plus a few fields of its own (marked "api only"), which apimodel.json never shows.

export interface KubernetesContainerSpec {
  name?: string;
  image?: string;
  cpuRequests?: string;
  memoryRequests?: string;
  cpuLimits?: string;
  memoryLimits?: string;
}

export interface KubernetesAddon {
  name?: string;
  enabled?: boolean;
  containers?: KubernetesContainerSpec[];
  config?: Record<string, string>;
  data?: string;
}

export interface PrivateJumpboxProfile {
  name?: string;
  vmSize?: string;
  osDiskSizeGB?: number;
  username?: string;
  publicKey?: string;
  storageProfile?: string;
}

export interface KubernetesConfig {
  kubernetesImageBase?: string;
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
  userAssignedClientID?: string;
  customHyperkubeImage?: string;
  dockerEngineVersion?: string;
  mobyVersion?: string;
  containerdVersion?: string;
  customCcmImage?: string;
  useCloudControllerManager?: boolean;
  customWindowsPackageURL?: string;
  windowsNodeBinariesURL?: string;
  useInstanceMetadata?: boolean;
  enableRbac?: boolean;
  enableSecureKubelet?: boolean;
  enableAggregatedAPIs?: boolean;
  privateCluster?: { enabled?: boolean; jumpboxProfile?: PrivateJumpboxProfile };
  gchighthreshold?: number;
  gclowthreshold?: number;
  etcdVersion?: string;
  etcdDiskSizeGB?: string;
  etcdEncryptionKey?: string;
  enableDataEncryptionAtRest?: boolean;
  enableEncryptionWithExternalKms?: boolean;
  enablePodSecurityPolicy?: boolean;
  addons?: KubernetesAddon[];
  kubeletConfig?: Record<string, string>;
  controllerManagerConfig?: Record<string, string>;
  cloudControllerManagerConfig?: Record<string, string>;
  apiServerConfig?: Record<string, string>;
  schedulerConfig?: Record<string, string>;
  podSecurityPolicyConfig?: Record<string, string>;
  cloudProviderBackoff?: boolean;
  cloudProviderBackoffRetries?: number;
  cloudProviderBackoffJitter?: number;
  cloudProviderBackoffDuration?: number;
  cloudProviderBackoffExponent?: number;
  cloudProviderRateLimit?: boolean;
  cloudProviderRateLimitQPS?: number;
  cloudProviderRateLimitBucket?: number;
  loadBalancerSku?: string;
  excludeMasterFromStandardLB?: boolean;
  azureCNIVersion?: string;
  azureCNIURLLinux?: string;
  azureCNIURLWindows?: string;
  keyVaultSku?: string;
  maximumLoadBalancerRuleCount?: number;
  kubeProxyMode?: string;
  privateAzureRegistryServer?: string;
}

export interface DcosConfig {
  [key: string]: unknown;
}

export interface OrchestratorProfile {
  orchestratorType?: string;
  orchestratorRelease?: string;
  orchestratorVersion?: string;
  kubernetesConfig?: KubernetesConfig;
  dcosConfig?: DcosConfig;
}

export interface ExtensionRef {
  name?: string;
  singleOrAll?: string;
  template?: string;
}

export interface ImageReference {
  name?: string;
  resourceGroup?: string;
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
  HTTPSourceAddressPrefix?: string;
  oauthEnabled?: boolean;
  preProvisionExtension?: ExtensionRef | null;
  extensions?: ExtensionRef[] | null;
  distro?: string;
  kubernetesConfig?: KubernetesConfig;
  imageReference?: ImageReference;
  customFiles?: Array<{ source?: string; dest?: string }>;
  availabilityProfile?: string;
  agentSubnet?: string;
  availabilityZones?: string[];
  singlePlacementGroup?: boolean;
  fqdn?: string;
  cosmosEtcd?: boolean;
  /** api only (never written to apimodel.json): the subnet the masters live in. */
  subnet?: string;
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
  kubernetesConfig?: KubernetesConfig;
  imageReference?: ImageReference;
  role?: string;
  acceleratedNetworkingEnabled?: boolean;
  acceleratedNetworkingEnabledWindows?: boolean;
  vmssOverProvisioningEnabled?: boolean;
  fqdn?: string;
  customNodeLabels?: Record<string, string>;
  preProvisionExtension?: ExtensionRef | null;
  extensions?: ExtensionRef[] | null;
  singlePlacementGroup?: boolean;
  availabilityZones?: string[];
  /** api only: the pool's subnet and whether scale keeps node properties. */
  subnet?: string;
  preserveNodesProperties?: boolean;
}

export interface KeyVaultSecrets {
  sourceVault?: { id?: string };
  vaultCertificates?: Array<{ certificateUrl?: string; certificateStore?: string }>;
}

export interface LinuxProfile {
  adminUsername?: string;
  ssh?: { publicKeys?: Array<{ keyData?: string }> | null };
  secrets?: KeyVaultSecrets[];
  scriptroot?: string;
  customSearchDomain?: { name?: string; realmUser?: string; realmPassword?: string };
  customNodesDNS?: { dnsServer?: string };
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
  imageVersion?: string;
  WindowsImageSourceUrl?: string;
  WindowsPublisher?: string;
  WindowsOffer?: string;
  WindowsSku?: string;
  windowsDockerVersion?: string;
  secrets?: KeyVaultSecrets[];
  sshEnabled?: boolean;
  enableAutomaticUpdates?: boolean;
}

export interface ExtensionProfile {
  name?: string;
  version?: string;
  extensionParameters?: string;
  parametersKeyvaultSecretRef?: KeyvaultSecretRef;
  rootURL?: string;
  script?: string;
  urlQuery?: string;
}

export interface AzureEnvironment {
  name?: string;
  managementPortalURL?: string;
  publishSettingsURL?: string;
  serviceManagementEndpoint?: string;
  resourceManagerEndpoint?: string;
  activeDirectoryEndpoint?: string;
  galleryEndpoint?: string;
  keyVaultEndpoint?: string;
  graphEndpoint?: string;
  serviceBusEndpoint?: string;
  batchManagementEndpoint?: string;
  storageEndpointSuffix?: string;
  sqlDatabaseDNSSuffix?: string;
  trafficManagerDNSSuffix?: string;
  keyVaultDNSSuffix?: string;
  serviceBusEndpointSuffix?: string;
  serviceManagementVMDNSSuffix?: string;
  resourceManagerVMDNSSuffix?: string;
  containerRegistryDNSSuffix?: string;
  tokenAudience?: string;
}

export interface CustomCloudProfile {
  environment?: AzureEnvironment;
  azureEnvironmentSpecConfig?: Record<string, unknown>;
  identitySystem?: string;
  authenticationMethod?: string;
}

export interface Properties {
  provisioningState?: string;
  orchestratorProfile?: OrchestratorProfile;
  masterProfile?: MasterProfile;
  agentPoolProfiles?: Array<AgentPoolProfile | null>;
  linuxProfile?: LinuxProfile;
  extensionProfiles?: Array<ExtensionProfile | null>;
  windowsProfile?: WindowsProfile;
  servicePrincipalProfile?: ServicePrincipalProfile;
  certificateProfile?: CertificateProfile;
  aadProfile?: { clientAppID?: string; serverAppID?: string; tenantID?: string; adminGroupID?: string };
  featureFlags?: { enableCSERunInBackground?: boolean; blockOutboundInternet?: boolean };
  customCloudProfile?: CustomCloudProfile;
}

export interface ContainerService {
  apiVersion: string;
  id?: string;
  location?: string;
  name?: string;
  plan?: Record<string, string>;
  tags?: Record<string, string>;
  type?: string;
  properties?: Properties;
}
