// setKubeletConfig (pkg/api/defaults-kubelet.go at v0.32.3): the cluster's kubelet flags (user values kept, static
// ones forced), then the masters' and each pool's own (Windows pools get their own static flags). As in Go, a
// profile without kubelet flags shares the cluster's map itself rather than a copy.
import type { ContainerService, KubernetesConfig } from '../apimodel/types';
import { kubernetesComponents } from './kubernetes-components';
import { isIpMasqAgentEnabled, isNvidiaDevicePluginEnabled, pools, version, versionGe } from './properties';
import { addDefaultFeatureGates } from './feature-gates';
import { isKubernetesVersionGe } from '../kubernetes-versions';

export function setKubeletConfig(cs: ContainerService): void {
  const p = cs.properties!;
  const k = p.orchestratorProfile!.kubernetesConfig!;
  const v = version(p);
  const secure = k.enableSecureKubelet === true;
  const staticLinux: Record<string, string> = {
    '--address': '0.0.0.0',
    '--allow-privileged': 'true',
    '--anonymous-auth': 'false',
    '--authorization-mode': 'Webhook',
    '--client-ca-file': '/etc/kubernetes/certs/ca.crt',
    '--pod-manifest-path': '/etc/kubernetes/manifests',
    '--cluster-dns': k.dnsServiceIP ?? '',
    '--cgroups-per-qos': 'true',
    '--kubeconfig': '/var/lib/kubelet/kubeconfig',
    '--keep-terminated-pod-volumes': 'false',
  };
  const staticWindows: Record<string, string> = {};
  for (const [key, value] of Object.entries(staticLinux)) {
    if (key === '--pod-manifest-path') continue;
    if ((key === '--anonymous-auth' || key === '--client-ca-file') && !secure) continue;
    staticWindows[key] = value;
  }
  Object.assign(staticWindows, {
    '--azure-container-registry-config': 'c:\\k\\azure.json',
    '--pod-infra-container-image': 'kubletwin/pause',
    '--kubeconfig': 'c:\\k\\config',
    '--cloud-config': 'c:\\k\\azure.json',
    '--cgroups-per-qos': 'false',
    '--enforce-node-allocatable': '""""',
    '--system-reserved': 'memory=2Gi',
    '--client-ca-file': 'c:\\k\\ca.crt',
    '--hairpin-mode': 'promiscuous-bridge',
    '--image-pull-progress-deadline': '20m',
    '--resolv-conf': '""""',
    '--eviction-hard': '""""',
  });

  const components = kubernetesComponents(v) ?? {};
  const defaults: Record<string, string> = {
    '--cluster-domain': 'cluster.local',
    '--network-plugin': 'cni',
    '--pod-infra-container-image': (k.kubernetesImageBase ?? '') + (components.pause ?? ''),
    '--max-pods': '110',
    '--eviction-hard': 'memory.available<750Mi,nodefs.available<10%,nodefs.inodesFree<5%',
    '--node-status-update-frequency': components.nodestatusfreq ?? '',
    '--image-gc-high-threshold': '85',
    '--image-gc-low-threshold': '80',
    '--non-masquerade-cidr': '0.0.0.0/0',
    '--cloud-provider': 'azure',
    '--cloud-config': '/etc/kubernetes/azure.json',
    '--azure-container-registry-config': '/etc/kubernetes/azure.json',
    '--event-qps': '0',
    '--cadvisor-port': '0',
    '--pod-max-pids': '100',
    '--image-pull-progress-deadline': '30m',
    '--enforce-node-allocatable': 'pods',
  };
  if (!isIpMasqAgentEnabled(p)) defaults['--non-masquerade-cidr'] = k.clusterSubnet ?? '';
  if (k.networkPlugin === 'azure') defaults['--max-pods'] = '30';

  setMissing(k, defaults);
  const cluster = k.kubeletConfig!;
  addDefaultFeatureGates(cluster, v, '', '');
  addDefaultFeatureGates(cluster, v, '1.8.0', 'PodPriority=true');
  // staticLinux is copied after this point, so the external cloud provider never reaches the map (as in aks-engine).
  if (k.useCloudControllerManager === true) staticLinux['--cloud-provider'] = 'external';
  if (k.networkPlugin === 'kubenet' && k.networkPolicy !== 'calico') cluster['--network-plugin'] = 'kubenet';
  Object.assign(cluster, staticLinux);
  if (!secure) {
    delete cluster['--anonymous-auth'];
    delete cluster['--client-ca-file'];
  }
  removeKubeletFlags(cluster, v);

  const m = p.masterProfile;
  if (m) {
    m.kubernetesConfig ??= { kubeletConfig: {} };
    setMissing(m.kubernetesConfig, cluster);
    addDefaultFeatureGates(m.kubernetesConfig.kubeletConfig!, v, '', '');
    removeKubeletFlags(m.kubernetesConfig.kubeletConfig!, v);
  }
  for (const pool of pools(p)) {
    pool.kubernetesConfig ??= { kubeletConfig: {} };
    if (pool.osType === 'Windows') Object.assign((pool.kubernetesConfig.kubeletConfig ??= {}), staticWindows);
    setMissing(pool.kubernetesConfig, cluster);
    if ((pool.vmSize ?? '').includes('Standard_N') && !isNvidiaDevicePluginEnabled(p) && !versionGe(p, '1.11.0')) {
      addDefaultFeatureGates(pool.kubernetesConfig.kubeletConfig!, v, '1.6.0', 'Accelerators=true');
    }
    removeKubeletFlags(pool.kubernetesConfig.kubeletConfig!, v);
  }
}

/** setMissingKubeletValues: no map yet means taking the given one itself. */
function setMissing(k: KubernetesConfig, defaults: Record<string, string>): void {
  if (!k.kubeletConfig) {
    k.kubeletConfig = defaults;
    return;
  }
  for (const [key, value] of Object.entries(defaults)) if (!(key in k.kubeletConfig)) k.kubeletConfig[key] = value;
}

function removeKubeletFlags(flags: Record<string, string>, v: string): void {
  if (!isKubernetesVersionGe(v, '1.10.0')) delete flags['--pod-max-pids'];
  if (isKubernetesVersionGe(v, '1.12.0')) delete flags['--cadvisor-port'];
}
