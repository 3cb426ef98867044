// vlabs Properties.Validate (pkg/api/vlabs/validate.go) for Kubernetes: first the struct tags through
// go-playground/validator (only the first failing field is reported, via common.HandleValidationErrors), then the
// hand-written rules in the same order as aks-engine runs them. Messages are aks-engine's, word for word.
import { isIP } from 'node:net';
import { isVersionAtLeast, rationalizeKubernetesVersion, supportedVersionsForMessage } from '../kubernetes-versions';
import type { AgentPoolProfile, KubernetesConfig, Properties } from './types';

export class ApiModelValidationError extends Error {}

const fail = (message: string): never => {
  throw new ApiModelValidationError(message);
};

export function validateProperties(properties: Properties): void {
  validateStructTags(properties);
  validateOrchestratorProfile(properties);
  validateMasterProfile(properties);
  validateAgentPoolProfiles(properties);
  validateZones(properties);
  validateLinuxProfile(properties);
  validateAddons(properties);
  validateExtensions(properties);
  validateVnet(properties);
  validateServicePrincipalProfile(properties);
  validateManagedIdentity(properties);
  validateAadProfile(properties);
}

// ---------------------------------------------------------------------------------------------------------------
// Struct tags (validate:"required", "eq=1|eq=3|eq=5", "min=1,max=100", ...) and HandleValidationErrors.

interface TagError {
  namespace: string;
  field: string;
  tag: string;
  value?: unknown;
}

function validateStructTags(p: Properties): void {
  const errors: TagError[] = [];
  const add = (namespace: string, tag: string, value?: unknown) =>
    errors.push({ namespace, field: namespace.split('.').at(-1)!, tag, value });
  const empty = (value: unknown) => value === undefined || value === null || value === '' || value === 0;
  const intRange = (namespace: string, value: number | undefined, min: number, max: number) => {
    if (value === undefined) return;
    if (value < min) add(namespace, 'min', value);
    else if (value > max) add(namespace, 'max', value);
  };
  const oneOf = (namespace: string, value: string | undefined, allowed: string[]) => {
    if (value && !allowed.includes(value))
      add(
        namespace,
        allowed
          .map((v) => `eq=${v}`)
          .concat('len=0')
          .join('|'),
        value,
      );
  };

  if (!p.orchestratorProfile) add('Properties.OrchestratorProfile', 'required');
  else if (empty(p.orchestratorProfile.orchestratorType)) add('Properties.OrchestratorProfile.OrchestratorType', 'required');

  const m = p.masterProfile;
  if (!m) add('Properties.MasterProfile', 'required');
  else {
    if (empty(m.count)) add('Properties.MasterProfile.Count', 'required', m.count ?? 0);
    else if (![1, 3, 5].includes(m.count!)) add('Properties.MasterProfile.Count', 'eq=1|eq=3|eq=5', m.count);
    if (empty(m.dnsPrefix)) add('Properties.MasterProfile.DNSPrefix', 'required');
    if (empty(m.vmSize)) add('Properties.MasterProfile.VMSize', 'required');
    intRange('Properties.MasterProfile.OSDiskSizeGB', m.osDiskSizeGB, 0, 1023);
    intRange('Properties.MasterProfile.IPAddressCount', m.ipAddressCount, 0, 256);
    oneOf('Properties.MasterProfile.StorageProfile', m.storageProfile, ['StorageAccount', 'ManagedDisks']);
  }

  (p.agentPoolProfiles ?? []).forEach((pool, i) => {
    const ns = `Properties.AgentPoolProfiles[${i}]`;
    if (!pool) return add(ns, 'required');
    if (empty(pool.name)) add(`${ns}.Name`, 'required');
    if (empty(pool.count)) add(`${ns}.Count`, 'required', pool.count ?? 0);
    else intRange(`${ns}.Count`, pool.count, 1, 100);
    if (empty(pool.vmSize)) add(`${ns}.VMSize`, 'required');
    intRange(`${ns}.OSDiskSizeGB`, pool.osDiskSizeGB, 0, 1023);
    (pool.ports ?? []).forEach((port, j) => intRange(`${ns}.Ports[${j}]`, port, 1, 65535));
    oneOf(`${ns}.ScaleSetPriority`, pool.scaleSetPriority, ['Regular', 'Low']);
    oneOf(`${ns}.ScaleSetEvictionPolicy`, pool.scaleSetEvictionPolicy, ['Delete', 'Deallocate']);
    oneOf(`${ns}.StorageProfile`, pool.storageProfile, ['StorageAccount', 'ManagedDisks']);
    if ((pool.diskSizesGB ?? []).length > 4) add(`${ns}.DiskSizesGB`, 'max', pool.diskSizesGB);
    else (pool.diskSizesGB ?? []).forEach((size, j) => intRange(`${ns}.DiskSizesGB[${j}]`, size, 1, 1023));
    intRange(`${ns}.IPAddressCount`, pool.ipAddressCount, 0, 256);
  });

  const l = p.linuxProfile;
  if (!l) add('Properties.LinuxProfile', 'required');
  else {
    if (empty(l.adminUsername)) add('Properties.LinuxProfile.AdminUsername', 'required');
    const keys = l.ssh?.publicKeys;
    if (keys === undefined || keys === null) add('Properties.LinuxProfile.SSH.PublicKeys', 'required');
    else if (keys.length < 1) add('Properties.LinuxProfile.SSH.PublicKeys', 'min', keys);
  }

  const ref = p.servicePrincipalProfile?.keyvaultSecretRef;
  if (ref) {
    if (empty(ref.vaultID)) add('Properties.ServicePrincipalProfile.KeyvaultSecretRef.VaultID', 'required');
    if (empty(ref.secretName)) add('Properties.ServicePrincipalProfile.KeyvaultSecretRef.SecretName', 'required');
  }

  if (errors.length > 0) fail(handleValidationErrors(errors));
}

/** common.HandleValidationErrors: a friendly message for the namespaces it knows, else "Namespace ... is not caught". */
function handleValidationErrors(errors: TagError[]): string {
  const { namespace: ns, value } = errors[0]!;
  switch (ns) {
    case 'Properties.OrchestratorProfile':
    case 'Properties.OrchestratorProfile.OrchestratorType':
    case 'Properties.MasterProfile':
    case 'Properties.MasterProfile.DNSPrefix':
    case 'Properties.MasterProfile.VMSize':
    case 'Properties.LinuxProfile':
    case 'Properties.ServicePrincipalProfile.ClientID':
      return `missing ${ns}`;
    case 'Properties.MasterProfile.Count':
      return 'MasterProfile count needs to be 1, 3, or 5';
    case 'Properties.MasterProfile.OSDiskSizeGB':
      return `Invalid os disk size of ${value} specified.  The range of valid values are [0, 1023]`;
    case 'Properties.MasterProfile.IPAddressCount':
      return 'MasterProfile.IPAddressCount needs to be in the range [0,256]';
    case 'Properties.MasterProfile.StorageProfile':
      return `Unknown storageProfile '${value}'. Specify either StorageAccount or ManagedDisks`;
  }
  if (ns.startsWith('Properties.AgentPoolProfiles')) {
    if (ns.endsWith('.Name') || ns.endsWith('VMSize')) return `missing ${ns}`;
    if (ns.endsWith('.Count')) return 'AgentPoolProfile count needs to be in the range [1,100]';
    if (ns.endsWith('.OSDiskSizeGB')) return `Invalid os disk size of ${value} specified.  The range of valid values are [0, 1023]`;
    if (ns.includes('.Ports')) return 'AgentPoolProfile Ports must be in the range[1, 65535]';
    if (ns.endsWith('.StorageProfile')) return `Unknown storageProfile '${value}'. Specify either StorageAccount or ManagedDisks`;
    if (ns.includes('.DiskSizesGB')) return 'A maximum of 4 disks may be specified, The range of valid disk size values are [1, 1023]';
    if (ns.endsWith('.IPAddressCount')) return 'AgentPoolProfile.IPAddressCount needs to be in the range [0,256]';
  }
  const described = errors
    .map((error) => `Key: '${error.namespace}' Error:Field validation for '${error.field}' failed on the '${error.tag}' tag`)
    .join('\n');
  return `Namespace ${ns} is not caught, ${described}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The hand-written rules.

const NETWORK_PLUGINS = ['', 'azure', 'kubenet', 'flannel', 'cilium'];
const NETWORK_POLICIES = ['', 'calico', 'cilium', 'azure', 'none'];
const CONTAINER_RUNTIMES = ['', 'docker', 'clear-containers', 'kata-containers', 'containerd'];
const PLUGIN_POLICY_PAIRS = [
  ['', ''],
  ['azure', ''],
  ['azure', 'azure'],
  ['kubenet', ''],
  ['flannel', ''],
  ['cilium', ''],
  ['cilium', 'cilium'],
  ['kubenet', 'calico'],
  ['azure', 'calico'],
  ['', 'calico'],
  ['', 'cilium'],
  ['', 'azure'],
  ['', 'none'],
];
const ETCD_VERSIONS = new Set([
  '2.2.5',
  '2.3.0',
  '2.3.1',
  '2.3.2',
  '2.3.3',
  '2.3.4',
  '2.3.5',
  '2.3.6',
  '2.3.7',
  '2.3.8',
  '3.0.0',
  '3.0.1',
  '3.0.2',
  '3.0.3',
  '3.0.4',
  '3.0.5',
  '3.0.6',
  '3.0.7',
  '3.0.8',
  '3.0.9',
  '3.0.10',
  '3.0.11',
  '3.0.12',
  '3.0.13',
  '3.0.14',
  '3.0.15',
  '3.0.16',
  '3.0.17',
  '3.1.0',
  '3.1.1',
  '3.1.2',
  '3.1.3',
  '3.1.4',
  '3.1.5',
  '3.1.6',
  '3.1.7',
  '3.1.8',
  '3.1.9',
  '3.1.10',
  '3.2.0',
  '3.2.1',
  '3.2.2',
  '3.2.3',
  '3.2.4',
  '3.2.5',
  '3.2.6',
  '3.2.7',
  '3.2.8',
  '3.2.9',
  '3.2.11',
  '3.2.12',
  '3.2.13',
  '3.2.14',
  '3.2.15',
  '3.2.16',
  '3.2.23',
  '3.2.24',
  '3.2.25',
  '3.3.0',
  '3.3.1',
  '3.3.8',
  '3.3.9',
  '3.3.10',
]);

function hasWindows(p: Properties): boolean {
  return (p.agentPoolProfiles ?? []).some((pool) => pool?.osType === 'Windows');
}

function kubernetesVersionOf(p: Properties): string {
  const o = p.orchestratorProfile ?? {};
  return rationalizeKubernetesVersion(o.orchestratorRelease, o.orchestratorVersion);
}

function unsupportedVersionMessage(p: Properties): string {
  const o = p.orchestratorProfile ?? {};
  return `the following user supplied OrchestratorProfile configuration is not supported: OrchestratorType: ${o.orchestratorType}, OrchestratorRelease: ${o.orchestratorRelease ?? ''}, OrchestratorVersion: ${o.orchestratorVersion ?? ''}. Please check supported Release or Version for this build of aks-engine`;
}

function validateOrchestratorProfile(p: Properties): void {
  const o = p.orchestratorProfile!;
  const version = kubernetesVersionOf(p);
  if (!version) {
    fail(
      `the following OrchestratorProfile configuration is not supported: OrchestratorType: "${o.orchestratorType}", OrchestratorRelease: "${o.orchestratorRelease ?? ''}", OrchestratorVersion: "${o.orchestratorVersion ?? ''}". Please use one of the following versions: ${supportedVersionsForMessage()}`,
    );
  }
  if (hasAvailabilityZones(p) && !isVersionAtLeast(version, '1.12.0'))
    fail('availabilityZone is only available in Kubernetes version 1.12 or greater');
  const k = o.kubernetesConfig;
  if (k) {
    validateKubernetesConfig(k, version, hasWindows(p));
    if (k.enableAggregatedAPIs && k.enableRbac === false) fail('enableAggregatedAPIs requires the enableRbac feature as a prerequisite');
    if (k.enableDataEncryptionAtRest === true && k.etcdEncryptionKey) {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(k.etcdEncryptionKey) || k.etcdEncryptionKey.length % 4 !== 0) {
        fail(
          'etcdEncryptionKey must be base64 encoded. Please provide a valid base64 encoded value or leave the etcdEncryptionKey empty to auto-generate the value',
        );
      }
    }
    if (k.enablePodSecurityPolicy === true && k.enableRbac !== true)
      fail('enablePodSecurityPolicy requires the enableRbac feature as a prerequisite');
    if (k.loadBalancerSku === 'Standard' && k.excludeMasterFromStandardLB === false) {
      fail('standard loadBalancerSku should exclude master nodes. Please set KubernetesConfig "ExcludeMasterFromStandardLB" to "true"');
    }
  }
  const runtime = k?.containerRuntime ?? '';
  if (!CONTAINER_RUNTIMES.includes(runtime)) fail(`unknown containerRuntime "${runtime}" specified`);
  if (['clear-containers', 'kata-containers', 'containerd'].includes(runtime) && hasWindows(p))
    fail(`containerRuntime "${runtime}" is not supporting windows agents`);
}

function validateKubernetesConfig(k: KubernetesConfig, version: string, windows: boolean): void {
  if (k.clusterSubnet) {
    const cidr = parseCidr(k.clusterSubnet);
    if (!cidr) fail(`OrchestratorProfile.KubernetesConfig.ClusterSubnet '${k.clusterSubnet}' is an invalid subnet`);
    if (k.networkPlugin === 'azure' && 32 - cidr!.bits <= 8)
      fail(`OrchestratorProfile.KubernetesConfig.ClusterSubnet '${k.clusterSubnet}' must reserve at least 9 bits for nodes`);
  }
  if (k.dockerBridgeSubnet && !parseCidr(k.dockerBridgeSubnet))
    fail(`OrchestratorProfile.KubernetesConfig.DockerBridgeSubnet '${k.dockerBridgeSubnet}' is an invalid subnet`);
  if (k.maxPods && k.maxPods < 5) fail(`OrchestratorProfile.KubernetesConfig.MaxPods '${k.maxPods}' must be at least 5`);
  if (k.dnsServiceIP || k.serviceCidr) {
    if (!k.dnsServiceIP) fail('OrchestratorProfile.KubernetesConfig.ServiceCidr must be specified when DNSServiceIP is');
    if (!k.serviceCidr) fail('OrchestratorProfile.KubernetesConfig.DNSServiceIP must be specified when ServiceCidr is');
    if (isIP(k.dnsServiceIP!) !== 4) fail(`OrchestratorProfile.KubernetesConfig.DNSServiceIP '${k.dnsServiceIP}' is an invalid IP address`);
    const cidr = parseCidr(k.serviceCidr!);
    if (!cidr) fail(`OrchestratorProfile.KubernetesConfig.ServiceCidr '${k.serviceCidr}' is an invalid CIDR subnet`);
    const ip = ipv4ToNumber(k.dnsServiceIP!);
    const mask = cidr!.bits === 0 ? 0 : (0xffffffff << (32 - cidr!.bits)) >>> 0;
    const network = (cidr!.address & mask) >>> 0;
    const broadcast = (network | (~mask >>> 0)) >>> 0;
    if ((ip & mask) >>> 0 !== network)
      fail(`OrchestratorProfile.KubernetesConfig.DNSServiceIP '${k.dnsServiceIP}' is not within the ServiceCidr '${k.serviceCidr}'`);
    if (ip === broadcast)
      fail(
        `OrchestratorProfile.KubernetesConfig.DNSServiceIP '${k.dnsServiceIP}' cannot be the broadcast address of ServiceCidr '${k.serviceCidr}'`,
      );
    if (ip === network)
      fail(
        `OrchestratorProfile.KubernetesConfig.DNSServiceIP '${k.dnsServiceIP}' cannot be the first IP of ServiceCidr '${k.serviceCidr}'`,
      );
  }
  if (k.etcdVersion && !ETCD_VERSIONS.has(k.etcdVersion)) {
    fail(`Invalid etcd version "${k.etcdVersion}", please use one of the following versions: [${[...ETCD_VERSIONS].join(' ')}]`);
  }
  if ((k.useCloudControllerManager === true || k.customCcmImage) && !isVersionAtLeast(version, '1.8.0')) {
    fail(
      `OrchestratorProfile.KubernetesConfig.UseCloudControllerManager and OrchestratorProfile.KubernetesConfig.CustomCcmImage not available in kubernetes version ${version}`,
    );
  }
  const plugin = k.networkPlugin ?? '';
  const policy = k.networkPolicy ?? '';
  if (!NETWORK_PLUGINS.includes(plugin)) fail(`unknown networkPlugin '${plugin}' specified`);
  if (!NETWORK_POLICIES.includes(policy)) fail(`unknown networkPolicy '${policy}' specified`);
  if (['calico', 'cilium', 'flannel'].includes(policy) && windows) fail(`networkPolicy '${policy}' is not supporting windows agents`);
  if (!PLUGIN_POLICY_PAIRS.some(([pl, po]) => pl === plugin && po === policy))
    fail(`networkPolicy '${policy}' is not supported with networkPlugin '${plugin}'`);
}

function validateMasterProfile(p: Properties): void {
  const m = p.masterProfile!;
  if (m.availabilityProfile === 'VirtualMachineScaleSets' && m.vnetSubnetID && m.firstConsecutiveStaticIP) {
    fail(
      "when masterProfile's availabilityProfile is VirtualMachineScaleSets and a vnetSubnetID is specified, the firstConsecutiveStaticIP should be empty and will be determined by an offset from the first IP in the vnetCidr",
    );
  }
  if (m.imageReference) validateImageReference(m.imageReference);
  if (m.availabilityProfile === 'VirtualMachineScaleSets') {
    validateVmss(p, m.storageProfile);
    const allVmss = (p.agentPoolProfiles ?? []).every((pool) => pool?.availabilityProfile !== 'AvailabilitySet');
    if (!allVmss) {
      fail(
        'VirtualMachineScaleSets for master profile must be used together with virtualMachineScaleSets for agent profiles. Set "availabilityProfile" to "VirtualMachineScaleSets" for agent profiles',
      );
    }
    const k = p.orchestratorProfile?.kubernetesConfig;
    if (k?.useManagedIdentity && !k.userAssignedID) {
      fail(
        'virtualMachineScaleSets for master profile can be used only with user assigned MSI ! Please specify "userAssignedID" in "kubernetesConfig"',
      );
    }
  }
  if (m.singlePlacementGroup !== undefined && m.availabilityProfile === 'AvailabilitySet')
    fail('singlePlacementGroup is only supported with VirtualMachineScaleSets');
  validateDnsPrefix(m.dnsPrefix ?? '');
}

/** common.ValidateDNSPrefix */
export function validateDnsPrefix(dnsPrefix: string): void {
  if (!/^([A-Za-z][A-Za-z0-9-]{1,43}[A-Za-z0-9])$/.test(dnsPrefix)) {
    fail(
      `DNSPrefix '${dnsPrefix}' is invalid. The DNSPrefix must contain between 3 and 45 characters and can contain only letters, numbers, and hyphens.  It must start with a letter and must end with a letter or a number. (length was ${Buffer.byteLength(dnsPrefix)})`,
    );
  }
}

function validateImageReference(ref: { name?: string; resourceGroup?: string }): void {
  if (!ref.name && ref.resourceGroup) fail('imageName needs to be specified when imageResourceGroup is provided');
  if (ref.name && !ref.resourceGroup) fail('imageResourceGroup needs to be specified when imageName is provided');
}

function validateAgentPoolProfiles(p: Properties): void {
  const pools = (p.agentPoolProfiles ?? []) as AgentPoolProfile[];
  const names = new Set<string>();
  for (const pool of pools) {
    if (!/^([a-z][a-z0-9]{0,11})$/.test(pool.name ?? '')) {
      fail(
        `pool name '${pool.name ?? ''}' is invalid. A pool name must start with a lowercase letter, have max length of 12, and only have characters a-z0-9`,
      );
    }
    if (names.has(pool.name!)) fail(`profile name '${pool.name}' already exists, profile names must be unique across pools`);
    names.add(pool.name!);
    if (pool.osType && pool.osType !== 'Linux' && pool.osType !== 'Windows')
      fail('AgentPoolProfile.osType must be either Linux or Windows');
    if (pool.dnsPrefix) fail('AgentPoolProfile.DNSPrefix must be empty for Kubernetes');
    if ((pool.ports ?? []).length > 0) fail('AgentPoolProfile.Ports must be empty for Kubernetes');
    if (pool.scaleSetPriority === 'Regular' && pool.scaleSetEvictionPolicy) {
      fail("property 'AgentPoolProfile.ScaleSetEvictionPolicy' must be empty for AgentPoolProfile.Priority of Regular");
    }
    if ((pool.diskSizesGB ?? []).length > 0) {
      if (pool.storageProfile !== 'StorageAccount' && pool.storageProfile !== 'ManagedDisks') {
        fail("property 'StorageProfile' must be set to either 'StorageAccount' or 'ManagedDisks' when attaching disks");
      }
      if (pool.availabilityProfile !== 'VirtualMachineScaleSets' && pool.availabilityProfile !== 'AvailabilitySet') {
        fail("property 'AvailabilityProfile' must be set to either 'VirtualMachineScaleSets' or 'AvailabilitySet' when attaching disks");
      }
      if (pool.storageProfile === 'StorageAccount' && pool.availabilityProfile === 'VirtualMachineScaleSets') {
        fail(
          "VirtualMachineScaleSets does not support storage account attached disks.  Instead specify 'StorageAccount': 'ManagedDisks' or specify AvailabilityProfile 'AvailabilitySet'",
        );
      }
    }
    // aks-engine returns from the whole check after the first pool with an imageReference (a quirk we keep).
    if (pool.imageReference) {
      validateImageReference(pool.imageReference);
      return;
    }
    if (
      pool.availabilityProfile &&
      pool.availabilityProfile !== 'AvailabilitySet' &&
      pool.availabilityProfile !== 'VirtualMachineScaleSets'
    ) {
      fail(
        `unknown availability profile type '${pool.availabilityProfile}' for agent pool '${pool.name}'.  Specify either AvailabilitySet, or VirtualMachineScaleSets`,
      );
    }
    if (pool.role) fail(`Role "${pool.role}" is not supported for Orchestrator Kubernetes`);
    for (const [key, value] of Object.entries(pool.customNodeLabels ?? {})) validateLabel(key, value);
    if (pool.availabilityProfile === 'VirtualMachineScaleSets') validateVmss(p, pool.storageProfile);
    if ((pool.availabilityProfile ?? '') !== (pools[0]!.availabilityProfile ?? '')) {
      fail(
        'mixed mode availability profiles are not allowed. Please set either VirtualMachineScaleSets or AvailabilitySet in availabilityProfile for all agent pools',
      );
    }
    if (pool.singlePlacementGroup !== undefined && pool.availabilityProfile === 'AvailabilitySet')
      fail('singlePlacementGroup is only supported with VirtualMachineScaleSets');
    if (pool.osType === 'Windows') validateWindows(p);
  }
}

function validateLabel(key: string, value: string): void {
  const keyFormat = /^(([a-zA-Z0-9-]+[.])*[a-zA-Z0-9-]+[/])?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/;
  const valueFormat = /^([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/;
  if (!keyFormat.test(key)) {
    fail(
      `Label key '${key}' is invalid. Valid label keys have two segments: an optional prefix and name, separated by a slash (/). The name segment is required and must be 63 characters or less, beginning and ending with an alphanumeric character ([a-z0-9A-Z]) with dashes (-), underscores (_), dots (.), and alphanumerics between. The prefix is optional. If specified, the prefix must be a DNS subdomain: a series of DNS labels separated by dots (.), not longer than 253 characters in total, followed by a slash (/)`,
    );
  }
  if (value !== '' && !valueFormat.test(value)) {
    fail(
      `Label value '${value}' is invalid. Valid label values must be 63 characters or less and must be empty or begin and end with an alphanumeric character ([a-z0-9A-Z]) with dashes (-), underscores (_), dots (.), and alphanumerics between`,
    );
  }
}

function validateVmss(p: Properties, storageProfile: string | undefined): void {
  const version = kubernetesVersionOf(p);
  if (!version) fail(unsupportedVersionMessage(p));
  if (!isVersionAtLeast(version, '1.10.0')) {
    fail(
      'VirtualMachineScaleSets are only available in Kubernetes version 1.10.0 or greater. Please set "orchestratorVersion" to 1.10.0 or above',
    );
  }
  const k = p.orchestratorProfile?.kubernetesConfig;
  if (k?.useInstanceMetadata === true && !isVersionAtLeast(version, '1.10.2')) {
    fail(
      'VirtualMachineScaleSets with instance metadata is supported for Kubernetes version 1.10.2 or greater. Please set "useInstanceMetadata": false in "kubernetesConfig" or set "orchestratorVersion" to 1.10.2 or above',
    );
  }
  if (storageProfile === 'StorageAccount') {
    fail(
      'VirtualMachineScaleSets does not support StorageAccount disks.  Please specify "storageProfile": "ManagedDisks" (recommended) or "availabilityProfile": "AvailabilitySet"',
    );
  }
}

function validateWindows(p: Properties): void {
  const w = p.windowsProfile;
  if (!w) fail('WindowsProfile is required when the cluster definition contains Windows agent pool(s)');
  if (!w!.adminUsername) fail('WindowsProfile.AdminUsername is required, when agent pool specifies windows');
  if (!w!.adminPassword) fail('WindowsProfile.AdminPassword is required, when agent pool specifies windows');
  const password = w!.adminPassword!;
  const classes = [/[0-9]+/, /[A-Z]+/, /[a-z]/, /[~!@#$%^&*_\-+=`|(){}[\]:;"'<>,.?/]+/].filter((re) => re.test(password)).length;
  if (w!.adminUsername!.toLowerCase() === password.toLowerCase() || classes <= 2) {
    fail(
      "WindowsProfile.AdminPassword complexity not met. Windows password should contain 3 of the following categories - uppercase letters(A-Z), lowercase(a-z) letters, digits(0-9), special characters (~!@#$%^&*_-+=`|\\(){}[]:;<>,.?/')",
    );
  }
}

function hasAvailabilityZones(p: Properties): boolean {
  return (
    (p.masterProfile?.availabilityZones ?? []).length > 0 ||
    (p.agentPoolProfiles ?? []).some((pool) => (pool?.availabilityZones ?? []).length > 0)
  );
}

function validateZones(p: Properties): void {
  if (!hasAvailabilityZones(p)) return;
  const pools = (p.agentPoolProfiles ?? []) as AgentPoolProfile[];
  const m = p.masterProfile!;
  const all = (m.availabilityZones ?? []).length > 0 && pools.every((pool) => (pool.availabilityZones ?? []).length > 0);
  if (!all)
    fail(
      'Availability Zones need to be defined for master profile and all agent pool profiles. Please set "availabilityZones" for all profiles',
    );
  if (m.availabilityProfile !== 'VirtualMachineScaleSets') {
    fail('Availability Zones are not supported with an AvailabilitySet. Please set availabilityProfile to VirtualMachineScaleSets');
  }
  const balance =
    'the node count and the number of availability zones provided can result in zone imbalance. To achieve zone balance, each zone should have at least 2 nodes or more';
  if ((m.count ?? 0) < (m.availabilityZones ?? []).length * 2) fail(balance);
  for (const pool of pools) {
    if (pool.availabilityProfile === 'AvailabilitySet') {
      fail(
        'Availability Zones are not supported with an AvailabilitySet. Please either remove availabilityProfile or set availabilityProfile to VirtualMachineScaleSets',
      );
    }
    if ((pool.count ?? 0) < (pool.availabilityZones ?? []).length * 2) fail(balance);
  }
  const sku = p.orchestratorProfile?.kubernetesConfig?.loadBalancerSku;
  if (sku && sku !== 'Standard')
    fail('Availability Zones requires Standard LoadBalancer. Please set KubernetesConfig "LoadBalancerSku" to "Standard"');
}

function validateLinuxProfile(p: Properties): void {
  if (!p.linuxProfile!.ssh!.publicKeys![0]?.keyData) fail('KeyData in LinuxProfile.SSH.PublicKeys cannot be empty string');
  for (const secret of p.linuxProfile!.secrets ?? []) {
    if ((secret.vaultCertificates ?? []).length === 0) fail('Valid KeyVaultSecrets must have no empty VaultCertificates');
    if (!secret.sourceVault) fail('missing SourceVault in KeyVaultSecrets');
    if (!secret.sourceVault!.id) fail('KeyVaultSecrets must have a SourceVault.ID');
  }
}

function validateAddons(p: Properties): void {
  const addons = p.orchestratorProfile?.kubernetesConfig?.addons;
  if (!addons) return;
  const availabilitySets = (p.agentPoolProfiles ?? []).some((pool) => pool?.availabilityProfile === 'AvailabilitySet');
  for (const addon of addons) {
    if (addon.data) {
      if (Object.keys(addon.config ?? {}).length > 0 || (addon.containers ?? []).length > 0)
        fail('Config and containers should be empty when addon.Data is specified');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(addon.data) || addon.data.length % 4 !== 0)
        fail(`Addon ${addon.name}'s data should be base64 encoded`);
    }
    if (addon.name === 'cluster-autoscaler' && addon.enabled === true && availabilitySets) {
      fail(
        'Cluster Autoscaler add-on can only be used with VirtualMachineScaleSets. Please specify "availabilityProfile": "VirtualMachineScaleSets"',
      );
    }
  }
}

function validateExtensions(p: Properties): void {
  for (const pool of (p.agentPoolProfiles ?? []) as AgentPoolProfile[]) {
    if ((pool.extensions ?? []).length > 0 && (!pool.availabilityProfile || pool.availabilityProfile === 'VirtualMachineScaleSets')) {
      fail('Extensions are currently not supported with VirtualMachineScaleSets. Please specify "availabilityProfile": "AvailabilitySet"');
    }
  }
  for (const extension of p.extensionProfiles ?? []) {
    const ref = extension?.parametersKeyvaultSecretRef;
    if (!ref) continue;
    if (!ref.vaultID) fail(`the Keyvault ID must be specified for Extension ${extension!.name}`);
    if (!ref.secretName) fail(`the Keyvault Secret must be specified for Extension ${extension!.name}`);
    if (!KEYVAULT_ID.test(ref.vaultID!)) fail(`Extension ${extension!.name}'s keyvault secret reference is of incorrect format`);
  }
}

const KEYVAULT_ID = /^\/subscriptions\/\S+\/resourceGroups\/\S+\/providers\/Microsoft.KeyVault\/vaults\/[^/\s]+$/;

function validateVnet(p: Properties): void {
  const m = p.masterProfile!;
  const custom = Boolean(m.vnetSubnetID);
  const pools = (p.agentPoolProfiles ?? []) as AgentPoolProfile[];
  if (pools.some((pool) => Boolean(pool.vnetSubnetID) !== custom)) {
    fail(
      'Multiple VNET Subnet configurations specified.  The master profile and each agent pool profile must all specify a custom VNET Subnet, or none at all',
    );
  }
  if (!custom) return;
  if (m.availabilityProfile === 'VirtualMachineScaleSets' && !m.agentVnetSubnetID) {
    fail(
      'when master profile is using VirtualMachineScaleSets and is custom vnet, set "vnetsubnetid" and "agentVnetSubnetID" for master profile',
    );
  }
  const master = vnetComponents(m.vnetSubnetID!);
  for (const pool of pools) {
    const agent = vnetComponents(pool.vnetSubnetID!);
    if (agent.subscription !== master.subscription || agent.resourceGroup !== master.resourceGroup || agent.vnet !== master.vnet) {
      fail(
        'Multiple VNETS specified.  The master profile and each agent pool must reference the same VNET (but it is ok to reference different subnets on that VNET)',
      );
    }
  }
  if (isIP(m.firstConsecutiveStaticIP ?? '') === 0 && m.availabilityProfile !== 'VirtualMachineScaleSets') {
    fail(
      `MasterProfile.FirstConsecutiveStaticIP (with VNET Subnet specification) '${m.firstConsecutiveStaticIP ?? ''}' is an invalid IP address`,
    );
  }
  if (m.vnetCidr && !parseCidr(m.vnetCidr)) fail(`MasterProfile.VnetCidr '${m.vnetCidr}' contains invalid cidr notation`);
}

/** common.GetVNETSubnetIDComponents */
function vnetComponents(id: string): { subscription: string; resourceGroup: string; vnet: string } {
  const match =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/subnets\/([^/]+)$/i.exec(
      id,
    );
  if (!match)
    fail(
      `Unable to parse vnetSubnetID. Please use a vnetSubnetID with format /subscriptions/SUB_ID/resourceGroups/RG_NAME/providers/Microsoft.Network/virtualNetworks/VNET_NAME/subnets/SUBNET_NAME`,
    );
  return { subscription: match![1]!, resourceGroup: match![2]!, vnet: match![3]! };
}

function validateServicePrincipalProfile(p: Properties): void {
  const k = p.orchestratorProfile?.kubernetesConfig;
  if (k?.useManagedIdentity) return;
  const sp = p.servicePrincipalProfile;
  if (!sp) fail('ServicePrincipalProfile must be specified with Orchestrator Kubernetes');
  if (!sp!.clientId) fail('the service principal client ID must be specified with Orchestrator Kubernetes');
  if (!sp!.secret === !sp!.keyvaultSecretRef)
    fail('either the service principal client secret or keyvault secret reference must be specified with Orchestrator Kubernetes');
  if (k?.enableEncryptionWithExternalKms === true && !sp!.objectId) {
    fail('the service principal object ID must be specified with Orchestrator Kubernetes when enableEncryptionWithExternalKms is true');
  }
  const ref = sp!.keyvaultSecretRef;
  if (ref) {
    if (!ref.vaultID) fail('the Keyvault ID must be specified for the Service Principle with Orchestrator Kubernetes');
    if (!ref.secretName) fail('the Keyvault Secret must be specified for the Service Principle with Orchestrator Kubernetes');
    if (!KEYVAULT_ID.test(ref.vaultID!)) fail('service principal client keyvault secret reference is of incorrect format');
  }
}

function validateManagedIdentity(p: Properties): void {
  const k = p.orchestratorProfile?.kubernetesConfig;
  if (!k?.useManagedIdentity) return;
  const version = kubernetesVersionOf(p);
  if (!version) fail(unsupportedVersionMessage(p));
  if (p.masterProfile!.availabilityProfile === 'VirtualMachineScaleSets') {
    if (!isVersionAtLeast(version, '1.12.0'))
      fail(
        'managed identity and VMSS masters can only be used with Kubernetes 1.12.0 or above. Please specify "orchestratorRelease": "1.12"',
      );
  } else if (k.userAssignedID && !isVersionAtLeast(version, '1.12.0')) {
    fail('user assigned identity can only be used with Kubernetes 1.12.0 or above. Please specify "orchestratorRelease": "1.12"');
  }
}

const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

function validateAadProfile(p: Properties): void {
  const aad = p.aadProfile;
  if (!aad) return;
  if (!UUID.test(aad.clientAppID ?? '')) fail(`clientAppID '${aad.clientAppID ?? ''}' is invalid`);
  if (!UUID.test(aad.serverAppID ?? '')) fail(`serverAppID '${aad.serverAppID ?? ''}' is invalid`);
  if (aad.tenantID && !UUID.test(aad.tenantID)) fail(`tenantID '${aad.tenantID}' is invalid`);
  if (aad.adminGroupID && !UUID.test(aad.adminGroupID)) fail(`adminGroupID '${aad.adminGroupID}' is invalid`);
}

function parseCidr(value: string): { address: number; bits: number } | undefined {
  const match = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(value);
  if (!match || isIP(match[1]!) !== 4 || Number(match[2]) > 32) return undefined;
  return { address: ipv4ToNumber(match[1]!), bits: Number(match[2]) };
}

export function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

export function numberToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join('.');
}
