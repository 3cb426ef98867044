// vlabs ContainerService.Validate (pkg/api/vlabs/validate.go at v0.32.3) for a new Kubernetes cluster: the struct
// tags first, then the hand-written rules in aks-engine's order. The first failure is thrown with aks-engine's
// message, word for word.
import { isGoBase64, isGoUuid, goUrlParseError, parseGoCidr, parseGoIp } from '../go-compat';
import { goStringSlice, isKubernetesVersionGe, rationalizeReleaseAndVersion, supportedKubernetesVersions } from '../kubernetes-versions';
import { acceleratedNetworkingSupported, isNvidiaEnabledSku } from '../vm-skus';
import type { AgentPoolProfile, ContainerService, KeyVaultSecrets, Properties, WindowsProfile } from './types';
import { validateKubernetesConfig } from './validate-kubernetes-config';
import { handleValidationErrors, structTagErrors } from './validate-struct-tags';
import { fail } from './validation-error';

const KUBERNETES = 'Kubernetes';
const AS = 'AvailabilitySet';
const VMSS = 'VirtualMachineScaleSets';
const KEYVAULT_ID = /^\/subscriptions\/\S+\/resourceGroups\/\S+\/providers\/Microsoft.KeyVault\/vaults\/[^/\s]+$/;

/** ContainerService.Validate(isUpdate=false) */
export function validateContainerService(cs: ContainerService): void {
  if (!cs.properties) fail('missing ContainerService Properties');
  if (isAzureStackCloud(cs.properties!) && !cs.location) fail('missing ContainerService Location');
  validateProperties(cs.properties!);
}

export function isAzureStackCloud(p: Properties): boolean {
  return (p.customCloudProfile?.environment?.name ?? '').toLowerCase() === 'azurestackcloud';
}

export function validateProperties(p: Properties): void {
  const tagErrors = structTagErrors(p);
  if (tagErrors.length > 0) fail(handleValidationErrors(tagErrors));
  validateOrchestratorProfile(p);
  validateMasterProfile(p);
  validateAgentPoolProfiles(p);
  validateZones(p);
  validateLinuxProfile(p);
  validateAddons(p);
  validateExtensions(p);
  validateVnet(p);
  validateServicePrincipalProfile(p);
  validateManagedIdentity(p);
  validateAadProfile(p);
  validateCustomCloudProfile(p);
}

const pools = (p: Properties) => (p.agentPoolProfiles ?? []) as AgentPoolProfile[];

export function hasWindows(p: Properties): boolean {
  return pools(p).some((pool) => pool.osType === 'Windows');
}

function hasZones(zones: string[] | undefined): boolean {
  return (zones ?? []).length > 0;
}

export function hasAvailabilityZones(p: Properties): boolean {
  return hasZones(p.masterProfile?.availabilityZones) || pools(p).some((pool) => hasZones(pool.availabilityZones));
}

function unsupportedUserVersion(p: Properties): string {
  const o = p.orchestratorProfile!;
  return (
    `the following user supplied OrchestratorProfile configuration is not supported: OrchestratorType: ${o.orchestratorType}, ` +
    `OrchestratorRelease: ${o.orchestratorRelease ?? ''}, OrchestratorVersion: ${o.orchestratorVersion ?? ''}. ` +
    'Please check supported Release or Version for this build of aks-engine'
  );
}

function validateOrchestratorProfile(p: Properties): void {
  const o = p.orchestratorProfile!;
  if (o.orchestratorType === KUBERNETES) {
    const windows = hasWindows(p);
    const version = rationalizeReleaseAndVersion(o.orchestratorRelease ?? '', o.orchestratorVersion ?? '', false, windows);
    const given =
      `OrchestratorType: "${o.orchestratorType}", OrchestratorRelease: ` +
      `"${o.orchestratorRelease ?? ''}", OrchestratorVersion: "${o.orchestratorVersion ?? ''}"`;
    if (!version) {
      const list = goStringSlice(supportedKubernetesVersions(false, windows));
      if (windows) {
        fail(
          `the following OrchestratorProfile configuration is not supported with ` +
            `OsType "Windows": ${given}. Please use one of the following versions: ${list}`,
        );
      }
      fail(`the following OrchestratorProfile configuration is not supported: ${given}. Please use one of the following versions: ${list}`);
    }
    if (hasAvailabilityZones(p) && !isKubernetesVersionGe(version, '1.12.0')) {
      fail('availabilityZone is only available in Kubernetes version 1.12 or greater');
    }
    const k = o.kubernetesConfig;
    if (k) {
      validateKubernetesConfig(k, version, windows);
      const rbac = k.enableRbac === true;
      if (k.enableAggregatedAPIs) {
        if (!isKubernetesVersionGe(version, '1.7.0')) {
          fail(
            `enableAggregatedAPIs is only available in Kubernetes version 1.7.0 ` +
              `or greater; unable to validate for Kubernetes version ${version}`,
          );
        }
        if (!rbac) fail('enableAggregatedAPIs requires the enableRbac feature as a prerequisite');
      }
      if (k.enableDataEncryptionAtRest === true) {
        if (!isKubernetesVersionGe(version, '1.7.0')) {
          fail(
            'enableDataEncryptionAtRest is only available in Kubernetes version ' +
              '1.7.0 or greater; unable to validate for Kubernetes version ' +
              (o.orchestratorVersion ?? ''),
          );
        }
        if (k.etcdEncryptionKey && !isGoBase64(k.etcdEncryptionKey)) {
          fail(
            'etcdEncryptionKey must be base64 encoded. Please provide a valid base64 encoded value or leave the etcdEncryptionKey empty ' +
              'to auto-generate the value',
          );
        }
      }
      if (k.enableEncryptionWithExternalKms === true && !isKubernetesVersionGe(version, '1.10.0')) {
        fail(
          'enableEncryptionWithExternalKms is only available in Kubernetes ' +
            'version 1.10.0 or greater; unable to validate for Kubernetes version ' +
            (o.orchestratorVersion ?? ''),
        );
      }
      if (k.enablePodSecurityPolicy === true) {
        if (!rbac) fail('enablePodSecurityPolicy requires the enableRbac feature as a prerequisite');
        if (!isKubernetesVersionGe(version, '1.8.0')) {
          fail(
            'enablePodSecurityPolicy is only supported in aks-engine for Kubernetes version 1.8.0 or greater; unable to validate for ' +
              `Kubernetes version ${version}`,
          );
        }
      }
      if (k.loadBalancerSku === 'Standard') {
        if (!isKubernetesVersionGe(version, '1.11.0')) {
          fail(
            'loadBalancerSku is only available in Kubernetes version 1.11.0 or greater; unable to validate for Kubernetes version ' +
              (o.orchestratorVersion ?? ''),
          );
        }
        if (k.excludeMasterFromStandardLB !== true) {
          fail('standard loadBalancerSku should exclude master nodes. Please set KubernetesConfig "ExcludeMasterFromStandardLB" to "true"');
        }
      }
      if ((k.maximumLoadBalancerRuleCount ?? 0) < 0) fail("maximumLoadBalancerRuleCount shouldn't be less than 0");
    }
  }
  if (o.orchestratorType !== KUBERNETES && o.kubernetesConfig) {
    fail('KubernetesConfig can be specified only when OrchestratorType is Kubernetes');
  }
  if (o.orchestratorType !== 'DCOS' && o.dcosConfig && Object.values(o.dcosConfig).some((value) => value !== undefined && value !== '')) {
    fail('DcosConfig can be specified only when OrchestratorType is DCOS');
  }
  validateContainerRuntime(p);
}

/** The deprecation warning aks-engine logs while validating (dockerEngineVersion is ignored). */
export function validationWarnings(p: Properties): string[] {
  const warnings: string[] = [];
  if (p.orchestratorProfile?.kubernetesConfig?.dockerEngineVersion) {
    warnings.push(
      'docker-engine is deprecated in favor of moby, but you passed in a dockerEngineVersion configuration. This will be ignored.',
    );
  }
  if (p.masterProfile?.availabilityProfile === VMSS) {
    warnings.push(
      'Clusters with VMSS masters are not yet upgradable! You will not be ' +
        'able to upgrade your cluster until a future version of aks-engine!',
    );
  }
  return warnings;
}

function validateContainerRuntime(p: Properties): void {
  if (p.orchestratorProfile!.orchestratorType !== KUBERNETES) return;
  const runtime = p.orchestratorProfile!.kubernetesConfig?.containerRuntime ?? '';
  if (!['', 'docker', 'clear-containers', 'kata-containers', 'containerd'].includes(runtime)) {
    fail(`unknown containerRuntime ${JSON.stringify(runtime)} specified`);
  }
  if (['clear-containers', 'kata-containers', 'containerd'].includes(runtime) && hasWindows(p)) {
    fail(`containerRuntime ${JSON.stringify(runtime)} is not supporting windows agents`);
  }
}

function validateImageReference(ref: { name?: string; resourceGroup?: string }): void {
  if (!ref.name && ref.resourceGroup) fail('imageName needs to be specified when imageResourceGroup is provided');
  if (ref.name && !ref.resourceGroup) fail('imageResourceGroup needs to be specified when imageName is provided');
}

function validateMasterProfile(p: Properties): void {
  const m = p.masterProfile!;
  const kubernetes = p.orchestratorProfile!.orchestratorType === KUBERNETES;
  if (kubernetes && m.availabilityProfile === VMSS && m.vnetSubnetID && m.firstConsecutiveStaticIP) {
    fail(
      "when masterProfile's availabilityProfile is VirtualMachineScaleSets and a vnetSubnetID is specified, the firstConsecutiveStaticIP " +
        'should be empty and will be determined by an offset from the first IP in the vnetCidr',
    );
  }
  if (m.imageReference) validateImageReference(m.imageReference);
  if (m.availabilityProfile === VMSS && kubernetes) {
    validateVmss(p, m.storageProfile);
    if (pools(p).some((pool) => pool.availabilityProfile === AS)) {
      fail(
        'VirtualMachineScaleSets for master profile must be used together with virtualMachineScaleSets for agent profiles. ' +
          'Set "availabilityProfile" to "VirtualMachineScaleSets" for agent profiles',
      );
    }
    const k = p.orchestratorProfile!.kubernetesConfig;
    if (k?.useManagedIdentity && !k.userAssignedID) {
      fail(
        'virtualMachineScaleSets for master profile can be used only with user ' +
          'assigned MSI ! Please specify "userAssignedID" in "kubernetesConfig"',
      );
    }
  }
  if (m.singlePlacementGroup !== undefined && m.availabilityProfile === AS)
    fail('singlePlacementGroup is only supported with VirtualMachineScaleSets');
  validateDnsPrefix(m.dnsPrefix ?? '');
}

/** common.ValidateDNSPrefix */
export function validateDnsPrefix(dnsPrefix: string): void {
  if (!/^([A-Za-z][A-Za-z0-9-]{1,43}[A-Za-z0-9])$/.test(dnsPrefix)) {
    fail(
      `DNSPrefix '${dnsPrefix}' is invalid. The DNSPrefix must contain ` +
        `between 3 and 45 characters and can contain only letters, numbers, ` +
        `and hyphens.  It must start with a letter and must end with a letter or a number. (length was ${Buffer.byteLength(dnsPrefix)})`,
    );
  }
}

function validateAgentPoolProfiles(p: Properties): void {
  const all = pools(p);
  const names = new Set<string>();
  const kubernetes = p.orchestratorProfile!.orchestratorType === KUBERNETES;
  for (const pool of all) {
    if (!/^([a-z][a-z0-9]{0,11})$/.test(pool.name ?? '')) {
      fail(
        `pool name '${pool.name ?? ''}' is invalid. A pool name must start with a ` +
          `lowercase letter, have max length of 12, and only have characters a-z0-9`,
      );
    }
    if (names.has(pool.name!)) fail(`profile name '${pool.name}' already exists, profile names must be unique across pools`);
    names.add(pool.name!);
    if (pool.osType && pool.osType !== 'Linux' && pool.osType !== 'Windows')
      fail('AgentPoolProfile.osType must be either Linux or Windows');
    if (
      (pool.acceleratedNetworkingEnabled === true || pool.acceleratedNetworkingEnabledWindows === true) &&
      !acceleratedNetworkingSupported(pool.vmSize ?? '')
    ) {
      fail(`AgentPoolProfile.vmsize ${pool.vmSize ?? ''} does not support AgentPoolProfile.acceleratedNetworking`);
    }
    if (pool.vmssOverProvisioningEnabled === true && pool.availabilityProfile !== VMSS) {
      fail(`You have specified VMSS Overprovisioning in agent pool ${pool.name}, but you did not specify VMSS`);
    }
    validateOrchestratorSpecificProperties(pool, kubernetes);
    // aks-engine returns from the whole check after the first pool with an imageReference (a quirk kept here).
    if (pool.imageReference) return validateImageReference(pool.imageReference);
    if (pool.availabilityProfile && pool.availabilityProfile !== AS && pool.availabilityProfile !== VMSS) {
      fail(
        `unknown availability profile type '${pool.availabilityProfile}' for agent pool '${pool.name}'.  Specify either ${AS}, or ${VMSS}`,
      );
    }
    if (pool.role) fail(`Role ${JSON.stringify(pool.role)} is not supported for Orchestrator ${p.orchestratorProfile!.orchestratorType}`);
    if (kubernetes) for (const [key, value] of Object.entries(pool.customNodeLabels ?? {})) validateLabel(key, value);
    if (pool.availabilityProfile === VMSS) validateVmss(p, pool.storageProfile);
    if (kubernetes) {
      if ((pool.availabilityProfile ?? '') !== (all[0]!.availabilityProfile ?? '')) {
        fail(
          'mixed mode availability profiles are not allowed. Please set either VirtualMachineScaleSets or AvailabilitySet in ' +
            'availabilityProfile for all agent pools',
        );
      }
      if (pool.singlePlacementGroup !== undefined && pool.availabilityProfile === AS)
        fail('singlePlacementGroup is only supported with VirtualMachineScaleSets');
    }
    if (pool.osType === 'Windows') validateWindows(p);
  }
}

function validateOrchestratorSpecificProperties(pool: AgentPoolProfile, kubernetes: boolean): void {
  if (kubernetes) {
    if (pool.dnsPrefix) fail('AgentPoolProfile.DNSPrefix must be empty for Kubernetes');
    if ((pool.ports ?? []).length > 0) fail('AgentPoolProfile.Ports must be empty for Kubernetes');
    if (pool.scaleSetPriority === 'Regular' && pool.scaleSetEvictionPolicy) {
      fail("property 'AgentPoolProfile.ScaleSetEvictionPolicy' must be empty for AgentPoolProfile.Priority of Regular");
    }
  }
  if ((pool.diskSizesGB ?? []).length > 0) {
    if (pool.storageProfile !== 'StorageAccount' && pool.storageProfile !== 'ManagedDisks') {
      fail("property 'StorageProfile' must be set to either 'StorageAccount' or 'ManagedDisks' when attaching disks");
    }
    if (pool.availabilityProfile !== VMSS && pool.availabilityProfile !== AS) {
      fail("property 'AvailabilityProfile' must be set to either 'VirtualMachineScaleSets' or 'AvailabilitySet' when attaching disks");
    }
    if (pool.storageProfile === 'StorageAccount' && pool.availabilityProfile === VMSS) {
      fail(
        "VirtualMachineScaleSets does not support storage account attached disks.  Instead specify 'StorageAccount': 'ManagedDisks' or " +
          "specify AvailabilityProfile 'AvailabilitySet'",
      );
    }
  }
}

function validateLabel(key: string, value: string): void {
  const keyFormat = /^(([a-zA-Z0-9-]+[.])*[a-zA-Z0-9-]+[/])?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/;
  const valueFormat = /^([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/;
  if (!keyFormat.test(key)) {
    fail(
      `Label key '${key}' is invalid. Valid label keys have two segments: an optional prefix and name, separated by a slash (/). ` +
        'The name segment is required and must be 63 characters or less, beginning and ending with an alphanumeric character ' +
        '([a-z0-9A-Z]) with dashes (-), underscores (_), dots (.), and alphanumerics between. The prefix is optional. If specified, ' +
        'the prefix must be a DNS subdomain: a series of DNS labels separated by dots (.), not longer than 253 characters in total, ' +
        'followed by a slash (/)',
    );
  }
  const prefix = key.split('/');
  if (prefix.length !== 1 && prefix[0]!.length > 253) {
    fail(`Label key prefix '${key}' is invalid. If specified, the prefix must be no longer than 253 characters in total`);
  }
  if (value !== '' && !valueFormat.test(value)) {
    fail(
      `Label value '${value}' is invalid. Valid label values must be 63 characters or less and must be empty or begin and end with an ` +
        'alphanumeric character ([a-z0-9A-Z]) with dashes (-), underscores (_), dots (.), and alphanumerics between',
    );
  }
}

function validateVmss(p: Properties, storageProfile: string | undefined): void {
  const o = p.orchestratorProfile!;
  if (o.orchestratorType !== KUBERNETES) return;
  const version = rationalizeReleaseAndVersion(o.orchestratorRelease ?? '', o.orchestratorVersion ?? '', false, false);
  if (!version) {
    fail(
      `the following OrchestratorProfile configuration is not supported: OrchestratorType: ${o.orchestratorType}, OrchestratorRelease: ` +
        `${o.orchestratorRelease ?? ''}, OrchestratorVersion: ${o.orchestratorVersion ?? ''}. ` +
        `Please check supported Release or Version for this build of aks-engine`,
    );
  }
  if (!isKubernetesVersionGe(version, '1.10.0')) {
    fail(
      'VirtualMachineScaleSets are only available in Kubernetes version ' +
        '1.10.0 or greater. Please set "orchestratorVersion" to 1.10.0 or above',
    );
  }
  if (o.kubernetesConfig?.useInstanceMetadata === true && !isKubernetesVersionGe(version, '1.10.2')) {
    fail(
      'VirtualMachineScaleSets with instance metadata is supported for Kubernetes version 1.10.2 or greater. Please set ' +
        '"useInstanceMetadata": false in "kubernetesConfig" or set "orchestratorVersion" to 1.10.2 or above',
    );
  }
  if (storageProfile === 'StorageAccount') {
    fail(
      'VirtualMachineScaleSets does not support StorageAccount disks.  Please specify "storageProfile": "ManagedDisks" (recommended) or ' +
        '"availabilityProfile": "AvailabilitySet"',
    );
  }
}

function validateWindows(p: Properties): void {
  const o = p.orchestratorProfile!;
  if (
    o.orchestratorType === KUBERNETES &&
    !rationalizeReleaseAndVersion(o.orchestratorRelease ?? '', o.orchestratorVersion ?? '', false, true)
  ) {
    fail(`Orchestrator ${o.orchestratorType} version ${o.orchestratorVersion ?? ''} does not support Windows`);
  }
  const w = p.windowsProfile;
  if (!w) fail('WindowsProfile is required when the cluster definition contains Windows agent pool(s)');
  validateWindowsProfile(w!, o.orchestratorType ?? '');
}

function validateWindowsProfile(w: WindowsProfile, orchestratorType: string): void {
  if (w.WindowsImageSourceUrl && orchestratorType !== 'DCOS' && orchestratorType !== KUBERNETES) {
    fail('Windows Custom Images are only supported if the Orchestrator Type is DCOS or Kubernetes');
  }
  if (!w.adminUsername) fail('WindowsProfile.AdminUsername is required, when agent pool specifies windows');
  if (!w.adminPassword) fail('WindowsProfile.AdminPassword is required, when agent pool specifies windows');
  const password = w.adminPassword!;
  const classes = [/[0-9]+/, /[A-Z]+/, /[a-z]/, /[~!@#$%^&*_\-+=`|(){}[\]:;"'<>,.?/]+/].filter((re) => re.test(password)).length;
  if (w.adminUsername!.toLowerCase() === password.toLowerCase() || classes <= 2) {
    fail(
      'WindowsProfile.AdminPassword complexity not met. Windows password should contain 3 of the following categories - uppercase ' +
        "letters(A-Z), lowercase(a-z) letters, digits(0-9), special characters (~!@#$%^&*_-+=`|\\(){}[]:;<>,.?/')",
    );
  }
  validateKeyVaultSecrets(w.secrets ?? [], true);
}

function validateKeyVaultSecrets(secrets: KeyVaultSecrets[], requireCertificateStore: boolean): void {
  for (const secret of secrets) {
    if ((secret.vaultCertificates ?? []).length === 0) fail('Valid KeyVaultSecrets must have no empty VaultCertificates');
    if (!secret.sourceVault) fail('missing SourceVault in KeyVaultSecrets');
    if (!secret.sourceVault!.id) fail('KeyVaultSecrets must have a SourceVault.ID');
    for (const certificate of secret.vaultCertificates ?? []) {
      const urlError = goUrlParseError(certificate.certificateUrl ?? '');
      if (urlError) fail(`Certificate url was invalid. received error ${urlError}`);
      if (requireCertificateStore && !certificate.certificateStore) {
        fail('KeyVaultCertificate.CertificateStore must be a non-empty value for certificates in a WindowsProfile');
      }
    }
  }
}

function validateZones(p: Properties): void {
  if (p.orchestratorProfile!.orchestratorType !== KUBERNETES || !hasAvailabilityZones(p)) return;
  const all = hasZones(p.masterProfile?.availabilityZones) && pools(p).every((pool) => hasZones(pool.availabilityZones));
  if (!all) {
    fail(
      'Availability Zones need to be defined for master profile and all ' +
        'agent pool profiles. Please set "availabilityZones" for all profiles',
    );
  }
  if (pools(p).some((pool) => pool.availabilityProfile === AS)) {
    fail(
      'Availability Zones are not supported with an AvailabilitySet. Please either remove availabilityProfile or set availabilityProfile ' +
        'to VirtualMachineScaleSets',
    );
  }
  const sku = p.orchestratorProfile!.kubernetesConfig?.loadBalancerSku;
  if (sku && sku !== 'Standard')
    fail('Availability Zones requires Standard LoadBalancer. Please set KubernetesConfig "LoadBalancerSku" to "Standard"');
}

function validateLinuxProfile(p: Properties): void {
  for (const key of p.linuxProfile!.ssh?.publicKeys ?? []) {
    if (!key?.keyData) fail('KeyData in LinuxProfile.SSH.PublicKeys cannot be empty string');
  }
  validateKeyVaultSecrets(p.linuxProfile!.secrets ?? [], false);
}

function validateAddons(p: Properties): void {
  const addons = p.orchestratorProfile!.kubernetesConfig?.addons;
  if (!addons) return;
  const availabilitySets = pools(p).some((pool) => pool.availabilityProfile === AS);
  const nSeries = pools(p).some((pool) => isNvidiaEnabledSku(pool.vmSize ?? ''));
  for (const addon of addons) {
    if (addon.data) {
      if (Object.keys(addon.config ?? {}).length > 0 || (addon.containers ?? []).length > 0) {
        fail('Config and containers should be empty when addon.Data is specified');
      }
      if (!isGoBase64(addon.data)) fail(`Addon ${addon.name ?? ''}'s data should be base64 encoded`);
    }
    if (addon.name === 'cluster-autoscaler' && addon.enabled === true && availabilitySets) {
      fail(
        'Cluster Autoscaler add-on can only be used with VirtualMachineScaleSets. ' +
          'Please specify "availabilityProfile": "VirtualMachineScaleSets"',
      );
    }
    if (addon.name === 'nvidia-device-plugin' && addon.enabled === true) {
      const o = p.orchestratorProfile!;
      const version = rationalizeReleaseAndVersion(o.orchestratorRelease ?? '', o.orchestratorVersion ?? '', false, false);
      if (!version) fail(unsupportedUserVersion(p));
      if (nSeries && !isKubernetesVersionGe(version, '1.10.0')) {
        fail('NVIDIA Device Plugin add-on can only be used Kubernetes 1.10 or above. Please specify "orchestratorRelease": "1.10"');
      }
    }
  }
}

function validateExtensions(p: Properties): void {
  for (const pool of pools(p)) {
    if ((pool.extensions ?? []).length > 0 && (!pool.availabilityProfile || pool.availabilityProfile === VMSS)) {
      fail('Extensions are currently not supported with VirtualMachineScaleSets. Please specify "availabilityProfile": "AvailabilitySet"');
    }
  }
  for (const extension of p.extensionProfiles ?? []) {
    const ref = extension?.parametersKeyvaultSecretRef;
    if (!ref) continue;
    if (!ref.vaultID) fail(`the Keyvault ID must be specified for Extension ${extension!.name ?? ''}`);
    if (!ref.secretName) fail(`the Keyvault Secret must be specified for Extension ${extension!.name ?? ''}`);
    if (!KEYVAULT_ID.test(ref.vaultID!)) fail(`Extension ${extension!.name ?? ''}'s keyvault secret reference is of incorrect format`);
  }
}

/** common.GetVNETSubnetIDComponents */
export function vnetSubnetComponents(id: string): { subscription: string; resourceGroup: string; vnet: string; subnet: string } {
  const match =
    /^\/subscriptions\/([^/]*)\/resourceGroups\/([^/]*)\/providers\/Microsoft.Network\/virtualNetworks\/([^/]*)\/subnets\/([^/]*)$/.exec(
      id,
    );
  if (!match) {
    fail(
      'Unable to parse vnetSubnetID. Please use a vnetSubnetID with format ' +
        '/subscriptions/SUB_ID/resourceGroups/RG_NAME/providers/Microsoft.Network/virtualNetworks/VNET_NAME/subnets/SUBNET_NAME',
    );
  }
  return { subscription: match![1]!, resourceGroup: match![2]!, vnet: match![3]!, subnet: match![4]! };
}

function validateVnet(p: Properties): void {
  const m = p.masterProfile!;
  const custom = Boolean(m.vnetSubnetID);
  if (pools(p).some((pool) => Boolean(pool.vnetSubnetID) !== custom)) {
    fail(
      'Multiple VNET Subnet configurations specified.  The master profile and each agent pool profile must all specify a custom VNET ' +
        'Subnet, or none at all',
    );
  }
  if (!custom) return;
  if (m.availabilityProfile === VMSS && !m.agentVnetSubnetID) {
    fail(
      'when master profile is using VirtualMachineScaleSets and is custom ' +
        'vnet, set "vnetsubnetid" and "agentVnetSubnetID" for master profile',
    );
  }
  const master = vnetSubnetComponents(m.vnetSubnetID!);
  for (const pool of pools(p)) {
    const agent = vnetSubnetComponents(pool.vnetSubnetID!);
    if (agent.subscription !== master.subscription || agent.resourceGroup !== master.resourceGroup || agent.vnet !== master.vnet) {
      fail(
        'Multiple VNETS specified.  The master profile and each agent pool must reference the same VNET (but it is ok to reference ' +
          'different subnets on that VNET)',
      );
    }
  }
  if (!parseGoIp(m.firstConsecutiveStaticIP ?? '') && m.availabilityProfile !== VMSS) {
    fail(
      `MasterProfile.FirstConsecutiveStaticIP (with VNET Subnet specification) ` +
        `'${m.firstConsecutiveStaticIP ?? ''}' is an invalid IP address`,
    );
  }
  if (m.vnetCidr && !parseGoCidr(m.vnetCidr)) fail(`MasterProfile.VnetCidr '${m.vnetCidr}' contains invalid cidr notation`);
}

function validateServicePrincipalProfile(p: Properties): void {
  const o = p.orchestratorProfile!;
  if (o.orchestratorType !== KUBERNETES || o.kubernetesConfig?.useManagedIdentity) return;
  const sp = p.servicePrincipalProfile;
  const type = o.orchestratorType;
  if (!sp) fail(`ServicePrincipalProfile must be specified with Orchestrator ${type}`);
  if (!sp!.clientId) fail(`the service principal client ID must be specified with Orchestrator ${type}`);
  if (!sp!.secret === !sp!.keyvaultSecretRef) {
    fail(`either the service principal client secret or keyvault secret reference must be specified with Orchestrator ${type}`);
  }
  if (o.kubernetesConfig?.enableEncryptionWithExternalKms === true && !sp!.objectId) {
    fail(`the service principal object ID must be specified with Orchestrator ${type} when enableEncryptionWithExternalKms is true`);
  }
  const ref = sp!.keyvaultSecretRef;
  if (ref) {
    if (!ref.vaultID) fail(`the Keyvault ID must be specified for the Service Principle with Orchestrator ${type}`);
    if (!ref.secretName) fail(`the Keyvault Secret must be specified for the Service Principle with Orchestrator ${type}`);
    if (!KEYVAULT_ID.test(ref.vaultID!)) fail('service principal client keyvault secret reference is of incorrect format');
  }
}

function validateManagedIdentity(p: Properties): void {
  const o = p.orchestratorProfile!;
  if (o.orchestratorType !== KUBERNETES || !o.kubernetesConfig?.useManagedIdentity) return;
  const version = rationalizeReleaseAndVersion(o.orchestratorRelease ?? '', o.orchestratorVersion ?? '', false, false);
  if (!version) fail(unsupportedUserVersion(p));
  if (p.masterProfile!.availabilityProfile === VMSS) {
    if (!isKubernetesVersionGe(version, '1.12.0')) {
      fail(
        'managed identity and VMSS masters can only be used with Kubernetes 1.12.0 or above. Please specify "orchestratorRelease": "1.12"',
      );
    }
  } else if (o.kubernetesConfig.userAssignedID && !isKubernetesVersionGe(version, '1.12.0')) {
    fail('user assigned identity can only be used with Kubernetes 1.12.0 or above. Please specify "orchestratorRelease": "1.12"');
  }
}

function validateAadProfile(p: Properties): void {
  const aad = p.aadProfile;
  if (!aad) return;
  if (p.orchestratorProfile!.orchestratorType !== KUBERNETES) fail("'aadProfile' is only supported by orchestrator 'Kubernetes'");
  if (!isGoUuid(aad.clientAppID ?? '')) fail(`clientAppID '${aad.clientAppID ?? ''}' is invalid`);
  if (!isGoUuid(aad.serverAppID ?? '')) fail(`serverAppID '${aad.serverAppID ?? ''}' is invalid`);
  if (aad.tenantID && !isGoUuid(aad.tenantID)) fail(`tenantID '${aad.tenantID}' is invalid`);
  if (aad.adminGroupID && !isGoUuid(aad.adminGroupID)) fail(`adminGroupID '${aad.adminGroupID}' is invalid`);
}

function validateCustomCloudProfile(p: Properties): void {
  const profile = p.customCloudProfile;
  if (!profile) return;
  const env = profile.environment;
  if (!env) fail('environment needs to be specified when CustomCloudProfile is provided');
  const required: Array<[keyof NonNullable<typeof env>, string]> = [
    ['name', 'name'],
    ['serviceManagementEndpoint', 'serviceManagementEndpoint'],
    ['resourceManagerEndpoint', 'resourceManagerEndpoint'],
    ['activeDirectoryEndpoint', 'activeDirectoryEndpoint'],
    ['graphEndpoint', 'graphEndpoint'],
    ['resourceManagerVMDNSSuffix', 'resourceManagerVMDNSSuffix'],
  ];
  for (const [field, label] of required) {
    if (!env![field]) fail(`${label} needs to be specified when Environment is provided`);
  }
  if (profile.authenticationMethod && !['client_secret', 'client_certificate'].includes(profile.authenticationMethod)) {
    fail("authenticationMethod allowed values are 'client_certificate' and 'client_secret'");
  }
  if (profile.identitySystem && !['azure_ad', 'adfs'].includes(profile.identitySystem)) {
    fail("identitySystem allowed values are 'azure_ad' and 'adfs'");
  }
}
