// The vlabs apimodel as Go declares it (pkg/api/vlabs/types.go at v0.32.3): field order, JSON names, Go types and
// `omitempty`. It drives the strict JSON check (unknown keys, wrong types) and writing apimodel.json in Go's order.

export type FieldKind =
  | { kind: 'string' }
  | { kind: 'int' }
  | { kind: 'float' }
  | { kind: 'bool' }
  | { kind: 'struct'; struct: StructSchema; pointer: boolean }
  | { kind: 'slice'; element: FieldKind; elementPointer?: boolean }
  /** map[string]string, or a map of structs when `value` names one (map[Distro]AzureOSImageConfig). */
  | { kind: 'map'; valueStruct?: StructSchema }
  /** A field the simulator keeps as given (its keys are not checked). */
  | { kind: 'opaque' };

export interface FieldSchema {
  json: string;
  /** Go field name, used in validator namespaces like Properties.MasterProfile.DNSPrefix. */
  go: string;
  type: FieldKind;
  /** Pointer fields (*bool, *T) marshal as null when absent instead of their zero value. */
  pointer?: boolean;
  omitempty: boolean;
  /** `json:"-"`: never decoded nor written (checkJSONKeys still accepts the key "-"). */
  skip?: boolean;
}

export interface StructSchema {
  /** Go type name as it appears in json.UnmarshalTypeError ("" for an anonymous struct). */
  name: string;
  fields: FieldSchema[];
  /** Go package of the type (vlabs, or azure for go-autorest's Environment). */
  pkg: string;
}

const str = { kind: 'string' } as const;
const int = { kind: 'int' } as const;
const float = { kind: 'float' } as const;
const bool = { kind: 'bool' } as const;
const map = { kind: 'map' } as const;
const opaque = { kind: 'opaque' } as const;
const strings = { kind: 'slice', element: str } as const;
const ints = { kind: 'slice', element: int } as const;

function struct(name: string, fields: FieldSchema[], pkg = 'vlabs'): StructSchema {
  return { name, fields, pkg };
}
function f(
  json: string,
  go: string,
  type: FieldKind,
  options: { omitempty?: boolean; pointer?: boolean; skip?: boolean } = {},
): FieldSchema {
  return { json, go, type, omitempty: options.omitempty ?? true, pointer: options.pointer, skip: options.skip };
}
function ptr(schema: StructSchema): FieldKind {
  return { kind: 'struct', struct: schema, pointer: true };
}
function val(schema: StructSchema): FieldKind {
  return { kind: 'struct', struct: schema, pointer: false };
}
function map_(valueStruct: StructSchema): FieldKind {
  return { kind: 'map', valueStruct };
}
function sliceOf(schema: StructSchema, elementPointer = false): FieldKind {
  return { kind: 'slice', element: { kind: 'struct', struct: schema, pointer: elementPointer }, elementPointer };
}

const keyvaultSecretRef = struct('KeyvaultSecretRef', [
  f('vaultID', 'VaultID', str, { omitempty: false }),
  f('secretName', 'SecretName', str, { omitempty: false }),
  f('version', 'SecretVersion', str),
]);

const extension = struct('Extension', [
  f('name', 'Name', str, { omitempty: false }),
  f('singleOrAll', 'SingleOrAll', str, { omitempty: false }),
  f('template', 'Template', str, { omitempty: false }),
]);

const imageReference = struct('ImageReference', [f('name', 'Name', str), f('resourceGroup', 'ResourceGroup', str)]);

const containerSpec = struct('KubernetesContainerSpec', [
  f('name', 'Name', str),
  f('image', 'Image', str),
  f('cpuRequests', 'CPURequests', str),
  f('memoryRequests', 'MemoryRequests', str),
  f('cpuLimits', 'CPULimits', str),
  f('memoryLimits', 'MemoryLimits', str),
]);

const addon = struct('KubernetesAddon', [
  f('name', 'Name', str),
  f('enabled', 'Enabled', bool, { pointer: true }),
  f('containers', 'Containers', sliceOf(containerSpec)),
  f('config', 'Config', map),
  f('data', 'Data', str),
]);

const jumpbox = struct('PrivateJumpboxProfile', [
  f('name', 'Name', str, { omitempty: false }),
  f('vmSize', 'VMSize', str, { omitempty: false }),
  f('osDiskSizeGB', 'OSDiskSizeGB', int),
  f('username', 'Username', str),
  f('publicKey', 'PublicKey', str, { omitempty: false }),
  f('storageProfile', 'StorageProfile', str),
]);

const privateCluster = struct('PrivateCluster', [
  f('enabled', 'Enabled', bool, { pointer: true }),
  f('jumpboxProfile', 'JumpboxProfile', ptr(jumpbox)),
]);

export const kubernetesConfigSchema = struct('KubernetesConfig', [
  f('kubernetesImageBase', 'KubernetesImageBase', str),
  f('clusterSubnet', 'ClusterSubnet', str),
  f('dnsServiceIP', 'DNSServiceIP', str),
  f('serviceCidr', 'ServiceCidr', str),
  f('networkPolicy', 'NetworkPolicy', str),
  f('networkPlugin', 'NetworkPlugin', str),
  f('containerRuntime', 'ContainerRuntime', str),
  f('maxPods', 'MaxPods', int),
  f('dockerBridgeSubnet', 'DockerBridgeSubnet', str),
  f('useManagedIdentity', 'UseManagedIdentity', bool),
  f('userAssignedID', 'UserAssignedID', str),
  f('userAssignedClientID', 'UserAssignedClientID', str),
  f('customHyperkubeImage', 'CustomHyperkubeImage', str),
  f('dockerEngineVersion', 'DockerEngineVersion', str),
  f('mobyVersion', 'MobyVersion', str),
  f('containerdVersion', 'ContainerdVersion', str),
  f('customCcmImage', 'CustomCcmImage', str),
  f('useCloudControllerManager', 'UseCloudControllerManager', bool, { pointer: true }),
  f('customWindowsPackageURL', 'CustomWindowsPackageURL', str),
  f('windowsNodeBinariesURL', 'WindowsNodeBinariesURL', str),
  f('useInstanceMetadata', 'UseInstanceMetadata', bool, { pointer: true }),
  f('enableRbac', 'EnableRbac', bool, { pointer: true }),
  f('enableSecureKubelet', 'EnableSecureKubelet', bool, { pointer: true }),
  f('enableAggregatedAPIs', 'EnableAggregatedAPIs', bool),
  f('privateCluster', 'PrivateCluster', ptr(privateCluster)),
  f('gchighthreshold', 'GCHighThreshold', int),
  f('gclowthreshold', 'GCLowThreshold', int),
  f('etcdVersion', 'EtcdVersion', str),
  f('etcdDiskSizeGB', 'EtcdDiskSizeGB', str),
  f('etcdEncryptionKey', 'EtcdEncryptionKey', str),
  f('enableDataEncryptionAtRest', 'EnableDataEncryptionAtRest', bool, { pointer: true }),
  f('enableEncryptionWithExternalKms', 'EnableEncryptionWithExternalKms', bool, { pointer: true }),
  f('enablePodSecurityPolicy', 'EnablePodSecurityPolicy', bool, { pointer: true }),
  f('addons', 'Addons', sliceOf(addon)),
  f('kubeletConfig', 'KubeletConfig', map),
  f('controllerManagerConfig', 'ControllerManagerConfig', map),
  f('cloudControllerManagerConfig', 'CloudControllerManagerConfig', map),
  f('apiServerConfig', 'APIServerConfig', map),
  f('schedulerConfig', 'SchedulerConfig', map),
  f('podSecurityPolicyConfig', 'PodSecurityPolicyConfig', map),
  f('cloudProviderBackoff', 'CloudProviderBackoff', bool, { pointer: true }),
  f('cloudProviderBackoffRetries', 'CloudProviderBackoffRetries', int),
  f('cloudProviderBackoffJitter', 'CloudProviderBackoffJitter', float),
  f('cloudProviderBackoffDuration', 'CloudProviderBackoffDuration', int),
  f('cloudProviderBackoffExponent', 'CloudProviderBackoffExponent', float),
  f('cloudProviderRateLimit', 'CloudProviderRateLimit', bool, { pointer: true }),
  f('cloudProviderRateLimitQPS', 'CloudProviderRateLimitQPS', float),
  f('cloudProviderRateLimitBucket', 'CloudProviderRateLimitBucket', int),
  f('loadBalancerSku', 'LoadBalancerSku', str),
  f('excludeMasterFromStandardLB', 'ExcludeMasterFromStandardLB', bool, { pointer: true }),
  f('azureCNIVersion', 'AzureCNIVersion', str),
  f('azureCNIURLLinux', 'AzureCNIURLLinux', str),
  f('azureCNIURLWindows', 'AzureCNIURLWindows', str),
  f('keyVaultSku', 'KeyVaultSku', str),
  f('maximumLoadBalancerRuleCount', 'MaximumLoadBalancerRuleCount', int),
  f('kubeProxyMode', 'ProxyMode', str),
  f('privateAzureRegistryServer', 'PrivateAzureRegistryServer', str),
]);

const bootstrapProfile = struct('BootstrapProfile', [
  f('vmSize', 'VMSize', str),
  f('osDiskSizeGB', 'OSDiskSizeGB', int),
  f('oauthEnabled', 'OAuthEnabled', bool),
  f('staticIP', 'StaticIP', str),
  f('subnet', 'Subnet', str),
]);

export const dcosConfigSchema = struct('DcosConfig', [
  f('dcosBootstrapURL', 'DcosBootstrapURL', str),
  f('dcosWindowsBootstrapURL', 'DcosWindowsBootstrapURL', str),
  f('registry', 'Registry', str),
  f('registryUser', 'RegistryUser', str),
  f('registryPassword', 'RegistryPass', str),
  f('dcosRepositoryURL', 'DcosRepositoryURL', str),
  f('dcosClusterPackageListID', 'DcosClusterPackageListID', str),
  f('dcosProviderPackageID', 'DcosProviderPackageID', str),
  f('bootstrapProfile', 'BootstrapProfile', ptr(bootstrapProfile)),
]);

const orchestratorProfile = struct('OrchestratorProfile', [
  f('orchestratorType', 'OrchestratorType', str, { omitempty: false }),
  f('orchestratorRelease', 'OrchestratorRelease', str),
  f('orchestratorVersion', 'OrchestratorVersion', str),
  f('kubernetesConfig', 'KubernetesConfig', ptr(kubernetesConfigSchema)),
  f('dcosConfig', 'DcosConfig', ptr(dcosConfigSchema)),
]);

const customFile = struct('CustomFile', [f('source', 'Source', str), f('dest', 'Dest', str)]);

const masterProfile = struct('MasterProfile', [
  f('count', 'Count', int, { omitempty: false }),
  f('dnsPrefix', 'DNSPrefix', str, { omitempty: false }),
  f('subjectAltNames', 'SubjectAltNames', strings, { omitempty: false }),
  f('vmSize', 'VMSize', str, { omitempty: false }),
  f('osDiskSizeGB', 'OSDiskSizeGB', int),
  f('vnetSubnetID', 'VnetSubnetID', str),
  f('vnetCidr', 'VnetCidr', str),
  f('agentVnetSubnetID', 'AgentVnetSubnetID', str),
  f('firstConsecutiveStaticIP', 'FirstConsecutiveStaticIP', str),
  f('ipAddressCount', 'IPAddressCount', int),
  f('storageProfile', 'StorageProfile', str),
  f('HTTPSourceAddressPrefix', 'HTTPSourceAddressPrefix', str),
  f('oauthEnabled', 'OAuthEnabled', bool, { omitempty: false }),
  f('preProvisionExtension', 'PreProvisionExtension', ptr(extension), { omitempty: false }),
  f('extensions', 'Extensions', sliceOf(extension), { omitempty: false }),
  f('distro', 'Distro', str),
  f('kubernetesConfig', 'KubernetesConfig', ptr(kubernetesConfigSchema)),
  f('imageReference', 'ImageRef', ptr(imageReference)),
  // *[]CustomFile: a pointer to a slice, kept when empty but not nil.
  f('customFiles', 'CustomFiles', sliceOf(customFile), { pointer: true }),
  f('availabilityProfile', 'AvailabilityProfile', str, { omitempty: false }),
  f('agentSubnet', 'AgentSubnet', str),
  f('availabilityZones', 'AvailabilityZones', strings),
  f('singlePlacementGroup', 'SinglePlacementGroup', bool, { pointer: true }),
  f('fqdn', 'FQDN', str),
  f('cosmosEtcd', 'CosmosEtcd', bool, { pointer: true }),
]);

const agentPoolProfile = struct('AgentPoolProfile', [
  f('name', 'Name', str, { omitempty: false }),
  f('count', 'Count', int, { omitempty: false }),
  f('vmSize', 'VMSize', str, { omitempty: false }),
  f('osDiskSizeGB', 'OSDiskSizeGB', int),
  f('dnsPrefix', 'DNSPrefix', str),
  f('osType', 'OSType', str),
  f('ports', 'Ports', ints),
  f('availabilityProfile', 'AvailabilityProfile', str, { omitempty: false }),
  f('scaleSetPriority', 'ScaleSetPriority', str),
  f('scaleSetEvictionPolicy', 'ScaleSetEvictionPolicy', str),
  f('storageProfile', 'StorageProfile', str, { omitempty: false }),
  f('diskSizesGB', 'DiskSizesGB', ints),
  f('vnetSubnetID', 'VnetSubnetID', str),
  f('ipAddressCount', 'IPAddressCount', int),
  f('distro', 'Distro', str),
  f('kubernetesConfig', 'KubernetesConfig', ptr(kubernetesConfigSchema)),
  f('imageReference', 'ImageRef', ptr(imageReference)),
  f('role', 'Role', str),
  f('acceleratedNetworkingEnabled', 'AcceleratedNetworkingEnabled', bool, { pointer: true }),
  f('acceleratedNetworkingEnabledWindows', 'AcceleratedNetworkingEnabledWindows', bool, { pointer: true }),
  f('vmssOverProvisioningEnabled', 'VMSSOverProvisioningEnabled', bool, { pointer: true }),
  f('fqdn', 'FQDN', str, { omitempty: false }),
  f('customNodeLabels', 'CustomNodeLabels', map),
  f('preProvisionExtension', 'PreProvisionExtension', ptr(extension), { omitempty: false }),
  f('extensions', 'Extensions', sliceOf(extension), { omitempty: false }),
  f('singlePlacementGroup', 'SinglePlacementGroup', bool, { pointer: true }),
  f('availabilityZones', 'AvailabilityZones', strings),
]);

const publicKey = struct('PublicKey', [f('keyData', 'KeyData', str, { omitempty: false })]);

const keyVaultSecrets = struct('KeyVaultSecrets', [
  f('sourceVault', 'SourceVault', ptr(struct('KeyVaultID', [f('id', 'ID', str)]))),
  f(
    'vaultCertificates',
    'VaultCertificates',
    sliceOf(struct('KeyVaultCertificate', [f('certificateUrl', 'CertificateURL', str), f('certificateStore', 'CertificateStore', str)])),
  ),
]);

const linuxProfile = struct('LinuxProfile', [
  f('adminUsername', 'AdminUsername', str, { omitempty: false }),
  f('ssh', 'SSH', val(struct('', [f('publicKeys', 'PublicKeys', sliceOf(publicKey), { omitempty: false })])), { omitempty: false }),
  f('secrets', 'Secrets', sliceOf(keyVaultSecrets)),
  f('scriptroot', 'ScriptRootURL', str),
  f(
    'customSearchDomain',
    'CustomSearchDomain',
    ptr(struct('CustomSearchDomain', [f('name', 'Name', str), f('realmUser', 'RealmUser', str), f('realmPassword', 'RealmPassword', str)])),
  ),
  f('customNodesDNS', 'CustomNodesDNS', ptr(struct('CustomNodesDNS', [f('dnsServer', 'DNSServer', str)]))),
]);

const windowsProfile = struct('WindowsProfile', [
  f('adminUsername', 'AdminUsername', str),
  f('adminPassword', 'AdminPassword', str),
  f('imageVersion', 'ImageVersion', str),
  f('WindowsImageSourceUrl', 'WindowsImageSourceURL', str, { omitempty: false }),
  f('WindowsPublisher', 'WindowsPublisher', str, { omitempty: false }),
  f('WindowsOffer', 'WindowsOffer', str, { omitempty: false }),
  f('WindowsSku', 'WindowsSku', str, { omitempty: false }),
  f('windowsDockerVersion', 'WindowsDockerVersion', str, { omitempty: false }),
  f('secrets', 'Secrets', sliceOf(keyVaultSecrets)),
  f('sshEnabled', 'SSHEnabled', bool),
  f('enableAutomaticUpdates', 'EnableAutomaticUpdates', bool, { pointer: true }),
]);

const extensionProfile = struct('ExtensionProfile', [
  f('name', 'Name', str, { omitempty: false }),
  f('version', 'Version', str, { omitempty: false }),
  f('extensionParameters', 'ExtensionParameters', str),
  f('parametersKeyvaultSecretRef', 'ExtensionParametersKeyVaultRef', ptr(keyvaultSecretRef)),
  f('rootURL', 'RootURL', str),
  f('script', 'Script', str),
  f('urlQuery', 'URLQuery', str),
]);

const servicePrincipalProfile = struct('ServicePrincipalProfile', [
  f('clientId', 'ClientID', str),
  f('secret', 'Secret', str),
  f('objectId', 'ObjectID', str),
  f('keyvaultSecretRef', 'KeyvaultSecretRef', ptr(keyvaultSecretRef)),
]);

export const certificateProfileSchema = struct('CertificateProfile', [
  f('caCertificate', 'CaCertificate', str),
  f('caPrivateKey', 'CaPrivateKey', str),
  f('apiServerCertificate', 'APIServerCertificate', str),
  f('apiServerPrivateKey', 'APIServerPrivateKey', str),
  f('clientCertificate', 'ClientCertificate', str),
  f('clientPrivateKey', 'ClientPrivateKey', str),
  f('kubeConfigCertificate', 'KubeConfigCertificate', str),
  f('kubeConfigPrivateKey', 'KubeConfigPrivateKey', str),
  f('etcdServerCertificate', 'EtcdServerCertificate', str),
  f('etcdServerPrivateKey', 'EtcdServerPrivateKey', str),
  f('etcdClientCertificate', 'EtcdClientCertificate', str),
  f('etcdClientPrivateKey', 'EtcdClientPrivateKey', str),
  f('etcdPeerCertificates', 'EtcdPeerCertificates', strings),
  f('etcdPeerPrivateKeys', 'EtcdPeerPrivateKeys', strings),
]);

const aadProfile = struct('AADProfile', [
  f('clientAppID', 'ClientAppID', str),
  f('serverAppID', 'ServerAppID', str),
  f('tenantID', 'TenantID', str),
  f('adminGroupID', 'AdminGroupID', str),
]);

const featureFlags = struct('FeatureFlags', [
  f('enableCSERunInBackground', 'EnableCSERunInBackground', bool),
  f('blockOutboundInternet', 'BlockOutboundInternet', bool),
]);

/** go-autorest's azure.Environment: no omitempty, every field written. */
const environment = struct(
  'Environment',
  [
    ['name', 'Name'],
    ['managementPortalURL', 'ManagementPortalURL'],
    ['publishSettingsURL', 'PublishSettingsURL'],
    ['serviceManagementEndpoint', 'ServiceManagementEndpoint'],
    ['resourceManagerEndpoint', 'ResourceManagerEndpoint'],
    ['activeDirectoryEndpoint', 'ActiveDirectoryEndpoint'],
    ['galleryEndpoint', 'GalleryEndpoint'],
    ['keyVaultEndpoint', 'KeyVaultEndpoint'],
    ['graphEndpoint', 'GraphEndpoint'],
    ['serviceBusEndpoint', 'ServiceBusEndpoint'],
    ['batchManagementEndpoint', 'BatchManagementEndpoint'],
    ['storageEndpointSuffix', 'StorageEndpointSuffix'],
    ['sqlDatabaseDNSSuffix', 'SQLDatabaseDNSSuffix'],
    ['trafficManagerDNSSuffix', 'TrafficManagerDNSSuffix'],
    ['keyVaultDNSSuffix', 'KeyVaultDNSSuffix'],
    ['serviceBusEndpointSuffix', 'ServiceBusEndpointSuffix'],
    ['serviceManagementVMDNSSuffix', 'ServiceManagementVMDNSSuffix'],
    ['resourceManagerVMDNSSuffix', 'ResourceManagerVMDNSSuffix'],
    ['containerRegistryDNSSuffix', 'ContainerRegistryDNSSuffix'],
    ['tokenAudience', 'TokenAudience'],
  ].map(([json, go]) => f(json!, go!, str, { omitempty: false })),
  'azure',
);

const azureEnvironmentSpecConfig = struct('AzureEnvironmentSpecConfig', [
  f('cloudName', 'CloudName', str),
  f(
    'dockerSpecConfig',
    'DockerSpecConfig',
    val(
      struct('DockerSpecConfig', [
        f('dockerEngineRepo', 'DockerEngineRepo', str),
        f('dockerComposeDownloadURL', 'DockerComposeDownloadURL', str),
      ]),
    ),
  ),
  f(
    'kubernetesSpecConfig',
    'KubernetesSpecConfig',
    val(
      struct(
        'KubernetesSpecConfig',
        [
          ['kubernetesImageBase', 'KubernetesImageBase'],
          ['tillerImageBase', 'TillerImageBase'],
          ['aciConnectorImageBase', 'ACIConnectorImageBase'],
          ['nvidiaImageBase', 'NVIDIAImageBase'],
          ['azureCNIImageBase', 'AzureCNIImageBase'],
          ['etcdDownloadURLBase', 'EtcdDownloadURLBase'],
          ['kubeBinariesSASURLBase', 'KubeBinariesSASURLBase'],
          ['windowsTelemetryGUID', 'WindowsTelemetryGUID'],
          ['cniPluginsDownloadURL', 'CNIPluginsDownloadURL'],
          ['vnetCNILinuxPluginsDownloadURL', 'VnetCNILinuxPluginsDownloadURL'],
          ['vnetCNIWindowsPluginsDownloadURL', 'VnetCNIWindowsPluginsDownloadURL'],
          ['containerdDownloadURLBase', 'ContainerdDownloadURLBase'],
        ].map(([json, go]) => f(json!, go!, str)),
      ),
    ),
  ),
  // `json:"-"`: never read or written, but checkJSONKeys accepts a key named "-".
  f('-', 'DCOSSpecConfig', opaque, { skip: true }),
  f(
    'endpointConfig',
    'EndpointConfig',
    val(struct('AzureEndpointConfig', [f('resourceManagerVMDNSSuffix', 'ResourceManagerVMDNSSuffix', str)])),
  ),
  f(
    'osImageConfig',
    'OSImageConfig',
    map_(
      struct('AzureOSImageConfig', [
        f('imageOffer', 'ImageOffer', str),
        f('imageSku', 'ImageSku', str),
        f('imagePublisher', 'ImagePublisher', str),
        f('imageVersion', 'ImageVersion', str),
      ]),
    ),
  ),
]);

const customCloudProfile = struct('CustomCloudProfile', [
  f('environment', 'Environment', ptr(environment)),
  f('azureEnvironmentSpecConfig', 'AzureEnvironmentSpecConfig', ptr(azureEnvironmentSpecConfig)),
  f('identitySystem', 'IdentitySystem', str),
  f('authenticationMethod', 'AuthenticationMethod', str),
]);

export const propertiesSchema = struct('Properties', [
  f('provisioningState', 'ProvisioningState', str),
  f('orchestratorProfile', 'OrchestratorProfile', ptr(orchestratorProfile)),
  f('masterProfile', 'MasterProfile', ptr(masterProfile)),
  f('agentPoolProfiles', 'AgentPoolProfiles', sliceOf(agentPoolProfile, true)),
  f('linuxProfile', 'LinuxProfile', ptr(linuxProfile)),
  f('extensionProfiles', 'ExtensionProfiles', sliceOf(extensionProfile, true)),
  f('windowsProfile', 'WindowsProfile', ptr(windowsProfile)),
  f('servicePrincipalProfile', 'ServicePrincipalProfile', ptr(servicePrincipalProfile)),
  f('certificateProfile', 'CertificateProfile', ptr(certificateProfileSchema)),
  f('aadProfile', 'AADProfile', ptr(aadProfile)),
  f('featureFlags', 'FeatureFlags', ptr(featureFlags)),
  f('customCloudProfile', 'CustomCloudProfile', ptr(customCloudProfile)),
]);

/** api.TypeMeta plus vlabs.ContainerService, as VlabsARMContainerService marshals them. */
export const containerServiceSchema = struct('ContainerService', [
  f('apiVersion', 'APIVersion', str, { omitempty: false }),
  f('id', 'ID', str),
  f('location', 'Location', str),
  f('name', 'Name', str),
  f(
    'plan',
    'Plan',
    ptr(
      struct('ResourcePurchasePlan', [
        f('name', 'Name', str),
        f('product', 'Product', str),
        f('promotionCode', 'PromotionCode', str),
        f('publisher', 'Publisher', str),
      ]),
    ),
  ),
  f('tags', 'Tags', map),
  f('type', 'Type', str),
  f('properties', 'Properties', ptr(propertiesSchema), { omitempty: false }),
]);

/** The Go type string json.UnmarshalTypeError prints for a field. */
export function goTypeName(type: FieldKind): string {
  switch (type.kind) {
    case 'string':
      return 'string';
    case 'int':
      return 'int';
    case 'float':
      return 'float64';
    case 'bool':
      return 'bool';
    case 'map':
      return type.valueStruct ? `map[vlabs.Distro]vlabs.${type.valueStruct.name}` : 'map[string]string';
    case 'opaque':
      return 'interface {}';
    case 'struct':
      return type.struct.name
        ? `${type.struct.pkg}.${type.struct.name}`
        : 'struct { PublicKeys []vlabs.PublicKey "json:\\"publicKeys\\" validate:\\"required,min=1\\"" }';
    case 'slice':
      return `[]${type.elementPointer ? '*' : ''}${goTypeName(type.element)}`;
  }
}
