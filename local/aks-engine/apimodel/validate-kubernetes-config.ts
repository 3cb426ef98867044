// vlabs KubernetesConfig.Validate (pkg/api/vlabs/validate.go at v0.32.3): subnets, component flag durations,
// the DNS service address, proxy mode, etcd and containerd versions, network plugin and policy.
import { broadcastAddress, cidrContains, firstIp, parseGoCidr, parseGoDuration, parseGoIp, sameIp } from '../go-compat';
import { goStringSlice, isKubernetesVersionGe } from '../kubernetes-versions';
import type { KubernetesConfig } from './types';
import { fail } from './validation-error';

const ETCD_VERSIONS = [
  ...['2.2.5', '2.3.0', '2.3.1', '2.3.2', '2.3.3', '2.3.4', '2.3.5', '2.3.6', '2.3.7', '2.3.8'],
  ...['3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.0.4', '3.0.5', '3.0.6', '3.0.7', '3.0.8', '3.0.9', '3.0.10', '3.0.11', '3.0.12', '3.0.13'],
  ...['3.0.14', '3.0.15', '3.0.16', '3.0.17'],
  ...['3.1.0', '3.1.1', '3.1.2', '3.1.2', '3.1.3', '3.1.4', '3.1.5', '3.1.6', '3.1.7', '3.1.8', '3.1.9', '3.1.10'],
  ...['3.2.0', '3.2.1', '3.2.2', '3.2.3', '3.2.4', '3.2.5', '3.2.6', '3.2.7', '3.2.8', '3.2.9', '3.2.11', '3.2.12'],
  ...['3.2.13', '3.2.14', '3.2.15', '3.2.16', '3.2.23', '3.2.24', '3.2.25', '3.3.0', '3.3.1', '3.3.8', '3.3.9', '3.3.10'],
];
const CONTAINERD_VERSIONS = ['1.1.5', '1.1.6', '1.2.4'];
const NETWORK_PLUGINS = ['', 'kubenet', 'azure', 'cilium', 'flannel'];
const NETWORK_POLICIES = ['', 'calico', 'cilium', 'azure', 'none'];
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
/** Kubelets must get at least this many chances to post their status within the grace period. */
const MIN_KUBELET_RETRIES = 4;

const goFloat = (value: number) => value.toFixed(6);

export function validateKubernetesConfig(k: KubernetesConfig, version: string, hasWindows: boolean): void {
  if (k.clusterSubnet) {
    const subnet = parseGoCidr(k.clusterSubnet);
    if (!subnet) fail(`OrchestratorProfile.KubernetesConfig.ClusterSubnet '${k.clusterSubnet}' is an invalid subnet`);
    if (k.networkPlugin === 'azure' && subnet!.bits - subnet!.prefix <= 8) {
      fail(`OrchestratorProfile.KubernetesConfig.ClusterSubnet '${k.clusterSubnet}' must reserve at least 9 bits for nodes`);
    }
  }
  if (k.dockerBridgeSubnet && !parseGoCidr(k.dockerBridgeSubnet)) {
    fail(`OrchestratorProfile.KubernetesConfig.DockerBridgeSubnet '${k.dockerBridgeSubnet}' is an invalid subnet`);
  }
  if (k.maxPods && k.maxPods < 5) fail(`OrchestratorProfile.KubernetesConfig.MaxPods '${k.maxPods}' must be at least 5`);

  const kubelet = k.kubeletConfig;
  const controller = k.controllerManagerConfig ?? {};
  const duration = (flag: string, value: string | undefined) => {
    if (value !== undefined && parseGoDuration(value) === undefined) fail(`${flag} '${value}' is not a valid duration`);
  };
  if (kubelet) duration('--node-status-update-frequency', kubelet['--node-status-update-frequency']);
  duration('--node-monitor-grace-period', controller['--node-monitor-grace-period']);
  if (kubelet && kubelet['--node-status-update-frequency'] !== undefined && controller['--node-monitor-grace-period'] !== undefined) {
    const frequency = parseGoDuration(kubelet['--node-status-update-frequency'])! / 1e9;
    const grace = parseGoDuration(controller['--node-monitor-grace-period'])! / 1e9;
    if (grace / frequency < MIN_KUBELET_RETRIES) {
      fail(
        `aks-engine requires that --node-monitor-grace-period(${goFloat(grace)})s ` +
          `be larger than nodeStatusUpdateFrequency(${goFloat(frequency)})s ` +
          `by at least a factor of ${MIN_KUBELET_RETRIES}; `,
      );
    }
  }
  duration('--pod-eviction-timeout', controller['--pod-eviction-timeout']);
  duration('--route-reconciliation-period', controller['--route-reconciliation-period']);

  if (k.dnsServiceIP || k.serviceCidr) {
    if (!k.dnsServiceIP) fail('OrchestratorProfile.KubernetesConfig.DNSServiceIP must be specified when ServiceCidr is');
    if (!k.serviceCidr) fail('OrchestratorProfile.KubernetesConfig.ServiceCidr must be specified when DNSServiceIP is');
    const dnsIp = parseGoIp(k.dnsServiceIP!);
    if (!dnsIp) fail(`OrchestratorProfile.KubernetesConfig.DNSServiceIP '${k.dnsServiceIP}' is an invalid IP address`);
    const cidr = parseGoCidr(k.serviceCidr!);
    if (!cidr) fail(`OrchestratorProfile.KubernetesConfig.ServiceCidr '${k.serviceCidr}' is an invalid CIDR subnet`);
    const where = `OrchestratorProfile.KubernetesConfig.DNSServiceIP '${k.dnsServiceIP}'`;
    if (!cidrContains(cidr!, dnsIp!)) fail(`${where} is not within the ServiceCidr '${k.serviceCidr}'`);
    if (cidr!.bits === 32 && sameIp(broadcastAddress(cidr!), dnsIp!))
      fail(`${where} cannot be the broadcast address of ServiceCidr '${k.serviceCidr}'`);
    if (sameIp(firstIp(cidr!), dnsIp!)) fail(`${where} cannot be the first IP of ServiceCidr '${k.serviceCidr}'`);
  }

  if (k.kubeProxyMode && k.kubeProxyMode !== 'iptables' && k.kubeProxyMode !== 'ipvs') {
    fail(`Invalid KubeProxyMode ${k.kubeProxyMode}. Allowed modes are iptables and ipvs`);
  }
  if (k.etcdVersion && !ETCD_VERSIONS.includes(k.etcdVersion)) {
    fail(`Invalid etcd version "${k.etcdVersion}", please use one of the following versions: ${goStringSlice(ETCD_VERSIONS)}`);
  }
  if (!k.containerRuntime || k.containerRuntime === 'docker') {
    if (k.containerdVersion) {
      fail(
        'containerdVersion is only valid in a non-docker context, use containerd, clear-containers, or kata-containers containerRuntime ' +
          'values instead if you wish to provide a containerdVersion',
      );
    }
  } else if (k.containerdVersion && !CONTAINERD_VERSIONS.includes(k.containerdVersion)) {
    fail(
      `Invalid containerd version "${k.containerdVersion}", please use ` +
        `one of the following versions: ${goStringSlice(CONTAINERD_VERSIONS)}`,
    );
  }
  if ((k.useCloudControllerManager === true || k.customCcmImage) && !isKubernetesVersionGe(version, '1.8.0')) {
    fail(
      'OrchestratorProfile.KubernetesConfig.UseCloudControllerManager and OrchestratorProfile.KubernetesConfig.CustomCcmImage not ' +
        `available in kubernetes version ${version}`,
    );
  }

  const plugin = k.networkPlugin ?? '';
  const policy = k.networkPolicy ?? '';
  if (!NETWORK_PLUGINS.includes(plugin)) fail(`unknown networkPlugin '${plugin}' specified`);
  if (!NETWORK_POLICIES.includes(policy)) fail(`unknown networkPolicy '${policy}' specified`);
  if (policy === 'azure' && plugin === 'azure' && !isKubernetesVersionGe(version, '1.8.0')) {
    fail('networkPolicy azure requires kubernetes version of 1.8 or higher');
  }
  if (['calico', 'cilium', 'flannel'].includes(policy) && hasWindows) fail(`networkPolicy '${policy}' is not supporting windows agents`);
  if (!PLUGIN_POLICY_PAIRS.some(([pl, po]) => pl === plugin && po === policy)) {
    fail(`networkPolicy '${policy}' is not supported with networkPlugin '${plugin}'`);
  }
  if (k.privateAzureRegistryServer && !k.customHyperkubeImage) {
    fail('customHyperkubeImage must be provided when privateAzureRegistryServer is provided');
  }
}
