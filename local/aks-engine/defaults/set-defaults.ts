// SetPropertiesDefaults (pkg/api/defaults.go at v0.32.3) on the unversioned model, certificates aside: custom cloud,
// orchestrator (version, network, runtime, cloud provider, etcd, addons and component flags), masters, agents,
// storage, extensions and scale sets, in aks-engine's order.
import { randomBytes } from 'node:crypto';
import { validPatchVersion } from '../kubernetes-versions';
import { acceleratedNetworkingSupported, isNvidiaEnabledSku } from '../vm-skus';
import type { ContainerService, KubernetesConfig, Properties } from '../apimodel/types';
import { hasWindows } from '../apimodel/validate';
import { setAddonsConfig } from './addons';
import { AZURE_CNI_VERSION } from './cloud-specs';
import { setApiServerConfig, setCloudControllerManagerConfig, setControllerManagerConfig, setSchedulerConfig } from './component-flags';
import { setKubeletConfig } from './kubelet-flags';
import {
  cloudSpec,
  firstConsecutiveStaticIpOf,
  hasZones,
  isAzureCni,
  isAzureStackCloud,
  isMasterVmss,
  pools,
  totalNodes,
  versionGe,
} from './properties';

export const DEFAULT_KUBERNETES_MASTER_SUBNET = '10.240.0.0/16';
export const DEFAULT_KUBERNETES_SUBNET = '10.240.0.0/12';
export const DEFAULT_FIRST_MASTER_IP = '10.240.255.5';
export const DEFAULT_FIRST_MASTER_IP_VMSS = '10.240.0.4';
export const DEFAULT_AGENT_SUBNET_VMSS = '10.248.0.0/13';
export const DEFAULT_EXTENSIONS_ROOT_URL = 'https://raw.githubusercontent.com/Azure/aks-engine/master/';
/** The AKS VHD's disk: a smaller OS disk falls back to plain Ubuntu. */
const VHD_DISK_SIZE_AKS = 30;

/** isUpgrade/isScale (upgrade and scale): versions v0.32.3 no longer offers for new clusters stay valid. */
export function setPropertiesDefaults(cs: ContainerService, options: { isUpdate?: boolean } = {}): void {
  const p = cs.properties!;
  if (p.customCloudProfile && isAzureStackCloud(p)) {
    p.customCloudProfile.azureEnvironmentSpecConfig = cloudSpec(cs) as unknown as Record<string, unknown>;
    p.customCloudProfile.authenticationMethod ||= 'client_secret';
    p.customCloudProfile.identitySystem ||= 'azure_ad';
  }
  setOrchestratorDefaults(cs, options.isUpdate === true);
  if (p.masterProfile) setMasterProfileDefaults(p);
  if (p.masterProfile && isMasterVmss(p)) {
    p.masterProfile.singlePlacementGroup ??= true;
    const k = p.orchestratorProfile!.kubernetesConfig;
    if (hasZones(p.masterProfile.availabilityZones) && k && !k.loadBalancerSku) {
      k.loadBalancerSku = 'Standard';
      k.excludeMasterFromStandardLB = true;
    }
  }
  setAgentProfileDefaults(p);
  setStorageDefaults(p);
  for (const extension of p.extensionProfiles ?? []) if (extension) extension.rootURL ||= DEFAULT_EXTENSIONS_ROOT_URL;
  setVmssAgentDefaults(p);
}

function setOrchestratorDefaults(cs: ContainerService, isUpdate: boolean): void {
  const p = cs.properties!;
  const o = p.orchestratorProfile!;
  o.orchestratorVersion = validPatchVersion(o.orchestratorVersion ?? '', isUpdate, hasWindows(p));
  if (o.orchestratorType !== 'Kubernetes') return;
  const k: KubernetesConfig = (o.kubernetesConfig ??= {});
  // The legacy, overloaded networkPolicy values.
  switch (k.networkPolicy) {
    case 'azure':
      if (!k.networkPlugin) {
        k.networkPlugin = 'azure';
        k.networkPolicy = '';
      }
      break;
    case 'none':
      k.networkPlugin = 'kubenet';
      k.networkPolicy = '';
      break;
    case 'calico':
      k.networkPlugin ||= 'kubenet';
      break;
    case 'cilium':
      k.networkPlugin = 'cilium';
      break;
  }
  k.kubernetesImageBase ||= cloudSpec(cs).kubernetesSpecConfig.kubernetesImageBase;
  k.etcdVersion ||= '3.2.25';
  k.networkPlugin ||= 'kubenet';
  k.containerRuntime ||= 'docker';
  if (k.containerRuntime === 'docker') k.mobyVersion ||= '3.0.4';
  else if (['containerd', 'clear-containers', 'kata-containers'].includes(k.containerRuntime)) k.containerdVersion ||= '1.1.5';
  k.clusterSubnet ||= isAzureCni(p) ? DEFAULT_KUBERNETES_SUBNET : '10.244.0.0/16';
  k.gchighthreshold ||= 85;
  k.gclowthreshold ||= 80;
  k.dnsServiceIP ||= '10.0.0.10';
  k.dockerBridgeSubnet ||= '172.17.0.1/16';
  k.serviceCidr ||= '10.0.0.0/16';
  k.cloudProviderBackoff ??= true;
  k.cloudProviderBackoffDuration ||= 5;
  k.cloudProviderBackoffExponent ||= 1.5;
  k.cloudProviderBackoffJitter ||= 1;
  k.cloudProviderBackoffRetries ||= 6;
  k.cloudProviderRateLimit ??= true;
  k.cloudProviderRateLimitQPS ||= 3;
  k.cloudProviderRateLimitBucket ||= 10;
  k.privateCluster ??= {};
  k.privateCluster.enabled ??= false;
  if (!k.etcdDiskSizeGB) {
    const nodes = totalNodes(p);
    k.etcdDiskSizeGB = nodes > 20 ? '2048' : nodes > 10 ? '1024' : nodes > 3 ? '512' : '256';
  }
  if (k.enableDataEncryptionAtRest === true && !k.etcdEncryptionKey) k.etcdEncryptionKey = randomBytes(32).toString('base64');
  const jumpbox = k.privateCluster.enabled === true ? k.privateCluster.jumpboxProfile : undefined;
  if (jumpbox) {
    jumpbox.osDiskSizeGB ||= 30;
    jumpbox.username ||= 'azureuser';
    jumpbox.storageProfile ||= 'ManagedDisks';
  }
  k.enableRbac ??= true;
  if (k.enableRbac && versionGe(p, '1.9.0')) k.enableAggregatedAPIs = true;
  k.enableSecureKubelet ??= true;
  k.useInstanceMetadata ??= true;
  const zones = hasZones(p.masterProfile?.availabilityZones) || pools(p).some((pool) => hasZones(pool.availabilityZones));
  if (!zones && !k.loadBalancerSku) k.loadBalancerSku = 'Basic';
  if (versionGe(p, '1.11.0') && k.loadBalancerSku === 'Standard') k.excludeMasterFromStandardLB ??= true;
  if (isAzureCni(p)) k.azureCNIVersion = AZURE_CNI_VERSION;
  k.maximumLoadBalancerRuleCount ||= 250;
  k.kubeProxyMode ||= 'iptables';

  setAddonsConfig(cs);
  setKubeletConfig(cs);
  setControllerManagerConfig(p);
  setCloudControllerManagerConfig(p);
  setApiServerConfig(cs);
  setSchedulerConfig(p);
}

function setMasterProfileDefaults(p: Properties): void {
  const m = p.masterProfile!;
  const k = p.orchestratorProfile!.kubernetesConfig!;
  m.distro ||= 'aks';
  m.availabilityProfile ||= 'AvailabilitySet';
  const vmss = isMasterVmss(p);
  if (!m.vnetSubnetID) {
    if (isAzureCni(p)) {
      // Masters, agents and pods share one large subnet; with VMSS masters, masters and agents get subnets of their own.
      m.subnet = k.clusterSubnet;
      if (vmss) {
        m.firstConsecutiveStaticIP = DEFAULT_FIRST_MASTER_IP_VMSS;
        m.subnet = DEFAULT_KUBERNETES_MASTER_SUBNET;
        m.agentSubnet = DEFAULT_AGENT_SUBNET_VMSS;
      } else {
        m.firstConsecutiveStaticIP = firstConsecutiveStaticIpOf(m.subnet ?? '', false);
      }
    } else {
      m.subnet = DEFAULT_KUBERNETES_MASTER_SUBNET;
      if (vmss) {
        m.firstConsecutiveStaticIP = DEFAULT_FIRST_MASTER_IP_VMSS;
        m.agentSubnet = DEFAULT_AGENT_SUBNET_VMSS;
      } else {
        m.firstConsecutiveStaticIP = DEFAULT_FIRST_MASTER_IP;
      }
    }
  }
  if (m.vnetSubnetID && vmss) m.firstConsecutiveStaticIP = firstConsecutiveStaticIpOf(m.vnetCidr ?? '', true);
  if (!m.ipAddressCount) {
    m.ipAddressCount = 1;
    if (isAzureCni(p)) m.ipAddressCount += Number.parseInt(m.kubernetesConfig?.kubeletConfig?.['--max-pods'] ?? '', 10) || 0;
  }
  m.HTTPSourceAddressPrefix ||= '*';
  m.cosmosEtcd ??= false;
}

function setAgentProfileDefaults(p: Properties): void {
  const m = p.masterProfile;
  if (m && !m.vnetSubnetID) for (const pool of pools(p)) if (!isMasterVmss(p)) pool.subnet = m.subnet;
  for (const pool of pools(p)) {
    pool.osType ||= 'Linux';
    pool.acceleratedNetworkingEnabled ??= acceleratedNetworkingSupported(pool.vmSize ?? '');
    pool.acceleratedNetworkingEnabledWindows ??= false;
    pool.vmssOverProvisioningEnabled ??= false;
    if (pool.osType !== 'Windows' && !pool.distro) {
      if (pool.osDiskSizeGB && pool.osDiskSizeGB < VHD_DISK_SIZE_AKS) pool.distro = 'ubuntu';
      else pool.distro = isNvidiaEnabledSku(pool.vmSize ?? '') ? 'aks-docker-engine' : 'aks';
    }
    if (!pool.ipAddressCount) {
      pool.ipAddressCount = 1;
      if (isAzureCni(p)) pool.ipAddressCount += Number.parseInt(pool.kubernetesConfig?.kubeletConfig?.['--max-pods'] ?? '', 10) || 0;
    }
    pool.preserveNodesProperties ??= true;
  }
}

function setStorageDefaults(p: Properties): void {
  if (p.masterProfile) p.masterProfile.storageProfile ||= 'ManagedDisks';
  for (const pool of pools(p)) {
    pool.storageProfile ||= 'ManagedDisks';
    if (!pool.availabilityProfile) pool.availabilityProfile = versionGe(p, '1.10.2') ? 'VirtualMachineScaleSets' : 'AvailabilitySet';
    if (!pool.scaleSetEvictionPolicy && pool.scaleSetPriority === 'Low') pool.scaleSetEvictionPolicy = 'Delete';
  }
}

function setVmssAgentDefaults(p: Properties): void {
  for (const pool of pools(p)) {
    if (pool.availabilityProfile !== 'VirtualMachineScaleSets') continue;
    if ((pool.count ?? 0) > 100) pool.singlePlacementGroup = false;
    pool.singlePlacementGroup ??= true;
    const k = p.orchestratorProfile?.kubernetesConfig;
    if (hasZones(pool.availabilityZones) && k && !k.loadBalancerSku) {
      k.loadBalancerSku = 'Standard';
      k.excludeMasterFromStandardLB = true;
    }
  }
}
