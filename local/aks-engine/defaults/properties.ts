// Questions aks-engine v0.32.3 asks of the unversioned model (the methods of pkg/api/types.go) that defaults, the
// template and its parameters share: network plugin, addons enabled, cloud, names derived from the cluster id.
import { createHash } from 'node:crypto';
import { isKubernetesVersionGe } from '../kubernetes-versions';
import { parseGoCidr } from '../go-compat';
import type { AgentPoolProfile, ContainerService, KubernetesAddon, KubernetesConfig, Properties } from '../apimodel/types';
import { azureStackSpec, CLOUD_SPECS, targetEnvironment, type CloudSpec } from './cloud-specs';

export const pools = (p: Properties): AgentPoolProfile[] => (p.agentPoolProfiles ?? []) as AgentPoolProfile[];

export const isKubernetes = (p: Properties) => p.orchestratorProfile?.orchestratorType === 'Kubernetes';
export const isAzureCni = (p: Properties) => p.orchestratorProfile?.kubernetesConfig?.networkPlugin === 'azure';
export const isMasterVmss = (p: Properties) => p.masterProfile?.availabilityProfile === 'VirtualMachineScaleSets';
export const isCustomVnet = (p: Properties) => Boolean(p.masterProfile?.vnetSubnetID);
export const isVmss = (pool: AgentPoolProfile) => pool.availabilityProfile === 'VirtualMachineScaleSets';
export const isAvailabilitySet = (pool: AgentPoolProfile) => pool.availabilityProfile === 'AvailabilitySet';
export const isWindows = (pool: AgentPoolProfile) => pool.osType === 'Windows';
export const hasZones = (zones: string[] | undefined) => (zones ?? []).length > 0;
export const isCosmosEtcd = (p: Properties) => p.masterProfile?.cosmosEtcd === true;
export const version = (p: Properties) => p.orchestratorProfile?.orchestratorVersion ?? '';
export const versionGe = (p: Properties, minimum: string) => isKubernetes(p) && isKubernetesVersionGe(version(p), minimum);

export function totalNodes(p: Properties): number {
  return (p.masterProfile?.count ?? 0) + pools(p).reduce((sum, pool) => sum + (pool.count ?? 0), 0);
}

/** OrchestratorProfile.RequireRouteTable */
export function requireRouteTable(p: Properties): boolean {
  const k = p.orchestratorProfile?.kubernetesConfig;
  if (!isKubernetes(p)) return false;
  return !(isAzureCni(p) || k?.networkPolicy === 'cilium' || k?.networkPlugin === 'flannel');
}

export function addonByName(k: KubernetesConfig | undefined, name: string): KubernetesAddon | undefined {
  return (k?.addons ?? []).find((addon) => addon.name === name);
}

/** KubernetesConfig.isAddonEnabled: the addon's own flag, else the given default. */
export function isAddonEnabled(k: KubernetesConfig | undefined, name: string, ifNotSet: boolean): boolean {
  const enabled = addonByName(k, name)?.enabled;
  return enabled === undefined ? ifNotSet : enabled;
}

export function isIpMasqAgentEnabled(p: Properties): boolean {
  const k = p.orchestratorProfile?.kubernetesConfig;
  return isAddonEnabled(k, 'ip-masq-agent', k?.networkPlugin !== 'cilium');
}

export function hasNSeriesSku(p: Properties): boolean {
  return pools(p).some((pool) => (pool.vmSize ?? '').includes('Standard_N'));
}

export function isNvidiaDevicePluginEnabled(p: Properties): boolean {
  return isAddonEnabled(p.orchestratorProfile?.kubernetesConfig, 'nvidia-device-plugin', hasNSeriesSku(p) && versionGe(p, '1.10.0'));
}

export function isAzureStackCloud(p: Properties): boolean {
  return (p.customCloudProfile?.environment?.name ?? '').toLowerCase() === 'azurestackcloud';
}

export function customCloudName(p: Properties): string {
  return isAzureStackCloud(p) ? (p.customCloudProfile!.environment!.name ?? '') : '';
}

/** ContainerService.GetCloudSpecConfig */
export function cloudSpec(cs: ContainerService): CloudSpec {
  const p = cs.properties!;
  const env = targetEnvironment(cs.location ?? '', customCloudName(p));
  if (env === 'AzureStackCloud') {
    return azureStackSpec(
      p.customCloudProfile?.environment?.resourceManagerVMDNSSuffix ?? '',
      p.customCloudProfile?.azureEnvironmentSpecConfig as Partial<CloudSpec> | undefined,
    );
  }
  return CLOUD_SPECS[env]!;
}

/** Properties.GetNonMasqueradeCIDR */
export function nonMasqueradeCidr(p: Properties): string {
  if (isAzureCni(p)) return isCustomVnet(p) ? (p.masterProfile!.vnetCidr ?? '') : DEFAULT_VNET_CIDR;
  return p.orchestratorProfile?.kubernetesConfig?.clusterSubnet ?? '';
}

export const DEFAULT_VNET_CIDR = '10.0.0.0/8';
export const DEFAULT_CNI_CIDR = '168.63.129.16/32';

/** MasterProfile.GetFirstConsecutiveStaticIPAddress: .5 in the last /24 of the subnet (.4 of the first with VMSS). */
export function firstConsecutiveStaticIpOf(subnet: string, vmss: boolean): string {
  const cidr = parseGoCidr(subnet);
  if (!cidr) return '10.240.255.5';
  const ip = [...cidr.network];
  const last = ip.length - 1;
  if (vmss) {
    ip[last] = 4;
  } else {
    const first = Math.floor(cidr.prefix / 8);
    if (first < ip.length) ip[first] = ip[first]! | ((1 << (8 - (cidr.prefix % 8))) - 1);
    for (let i = first + 1; i < last; i++) ip[i] = 255;
    ip[last] = 5;
  }
  return ip.join('.');
}

/**
 * Properties.GetClusterID: 8 digits derived from the dnsPrefix. aks-engine seeds Go's math/rand with the prefix's
 * FNV-64a hash and prints its first Uint32; this is a stable stand-in with the same shape, not the same digits.
 */
export function clusterId(p: Properties): string {
  const source = p.masterProfile?.dnsPrefix ?? pools(p)[0]?.name ?? '';
  const digest = createHash('sha256').update(source).digest();
  return String(digest.readUInt32BE(0) % 100_000_000).padStart(8, '0');
}

export const ORCHESTRATOR_NAME = 'k8s';

/** Properties.GetAgentVMPrefix */
export function agentVmPrefix(p: Properties, pool: AgentPoolProfile): string {
  const index = pools(p).findIndex((candidate) => candidate.name === pool.name);
  if (index < 0) return '';
  if (isWindows(pool)) return `${clusterId(p).slice(0, 4)}${ORCHESTRATOR_NAME}${String(index).padStart(2, '0')}`;
  return `${ORCHESTRATOR_NAME}-${pool.name}-${clusterId(p)}-${isVmss(pool) ? 'vmss' : ''}`;
}

export function masterVmPrefix(p: Properties): string {
  return `${ORCHESTRATOR_NAME}-master-${clusterId(p)}-`;
}
