// The default model (`--show-default-model`, deploy without --api-model) and the part of SetPropertiesDefaults
// (pkg/api/defaults*.go) that shapes the generated files: version, network layout, availability profiles, the
// Kubernetes component configs (the API server's etcd flags differ with cosmosEtcd), and the cluster id.
import { createHash } from 'node:crypto';
import { isVersionAtLeast, rationalizeKubernetesVersion, releaseOf } from '../kubernetes-versions';
import type { AgentPoolProfile, ContainerService, KubernetesConfig, Properties } from './types';

export const DEFAULT_FIRST_MASTER_IP = '10.240.255.5';
export const DEFAULT_FIRST_MASTER_IP_VMSS = '10.240.0.4';
export const DEFAULT_MASTER_SUBNET = '10.240.0.0/16';
export const DEFAULT_VNET_CIDR = '10.0.0.0/8';
export const DEFAULT_SERVICE_CIDR = '10.0.0.0/16';
export const DEFAULT_DNS_SERVICE_IP = '10.0.0.10';
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';
export const INTERNAL_LB_IP_OFFSET = 10;
export const ETCD_CLIENT_PORT = 2379;

/** LoadDefaultContainerServiceProperties: Kubernetes, 3 masters Standard_DS2_v2, pool "agent" x3, azureuser. */
export function defaultModel(): ContainerService {
  return {
    apiVersion: 'vlabs',
    properties: {
      orchestratorProfile: { orchestratorType: 'kubernetes' },
      masterProfile: { count: 3, vmSize: 'Standard_DS2_v2', osDiskSizeGB: 200 },
      agentPoolProfiles: [{ name: 'agent', count: 3, vmSize: 'Standard_DS2_v2', osDiskSizeGB: 200 }],
      linuxProfile: { adminUsername: 'azureuser', ssh: { publicKeys: null } },
    },
  };
}

/**
 * Properties.GetClusterID: an 8-digit suffix derived from the dnsPrefix. aks-engine seeds Go's math/rand with
 * the prefix's FNV-64a hash; this is a stable stand-in with the same shape, not the same digits.
 */
export function clusterId(properties: Properties): string {
  const source = properties.masterProfile?.dnsPrefix ?? properties.agentPoolProfiles?.[0]?.name ?? '';
  const digest = createHash('sha256').update(source).digest();
  return String(digest.readUInt32BE(0) % 100_000_000).padStart(8, '0');
}

export function isCosmosEtcd(properties: Properties): boolean {
  return properties.masterProfile?.cosmosEtcd === true;
}

/** The Cosmos DB account (`<dnsPrefix>k8s`, case kept) and its etcd endpoint host. */
export function cosmosAccountName(dnsPrefix: string): string {
  return `${dnsPrefix}k8s`;
}
export function cosmosEtcdHost(dnsPrefix: string): string {
  return `${cosmosAccountName(dnsPrefix)}.etcd.cosmosdb.azure.com`;
}

/** Fills in what SetPropertiesDefaults fills in (not the certificates: see cluster-pki.ts). */
export function applyDefaults(model: ContainerService): void {
  const p = model.properties!;
  const o = p.orchestratorProfile!;
  const version = rationalizeKubernetesVersion(o.orchestratorRelease, o.orchestratorVersion);
  o.orchestratorVersion = version;
  o.orchestratorRelease = releaseOf(version);
  const m = p.masterProfile!;
  const masterVmss = m.availabilityProfile === 'VirtualMachineScaleSets';
  m.availabilityProfile ||= 'AvailabilitySet';
  m.storageProfile ||= 'ManagedDisks';
  m.distro ||= 'aks';
  m.vnetCidr ||= DEFAULT_VNET_CIDR;
  if (!m.vnetSubnetID) m.firstConsecutiveStaticIP ||= masterVmss ? DEFAULT_FIRST_MASTER_IP_VMSS : DEFAULT_FIRST_MASTER_IP;
  m.cosmosEtcd ??= false;
  m.extensions ??= [];
  for (const pool of (p.agentPoolProfiles ?? []) as AgentPoolProfile[]) {
    pool.osType ||= 'Linux';
    pool.availabilityProfile ||= isVersionAtLeast(version, '1.10.2') ? 'VirtualMachineScaleSets' : 'AvailabilitySet';
    pool.storageProfile ||= 'ManagedDisks';
    if (pool.osType === 'Linux') pool.distro ||= 'aks';
    pool.acceleratedNetworkingEnabled ??= false;
    if (pool.availabilityProfile === 'VirtualMachineScaleSets') {
      pool.singlePlacementGroup ??= true;
      pool.scaleSetPriority ||= 'Regular';
    }
    pool.fqdn ??= '';
    pool.extensions ??= [];
  }
  o.kubernetesConfig = kubernetesConfigDefaults(o.kubernetesConfig ?? {}, p, version);
}

function kubernetesConfigDefaults(k: KubernetesConfig, p: Properties, version: string): KubernetesConfig {
  const m = p.masterProfile!;
  const azureCni = k.networkPlugin === 'azure';
  const nodes = (m.count ?? 0) + ((p.agentPoolProfiles ?? []) as AgentPoolProfile[]).reduce((sum, pool) => sum + (pool.count ?? 0), 0);
  const serviceCidr = k.serviceCidr || DEFAULT_SERVICE_CIDR;
  const filled: KubernetesConfig = {
    kubernetesImageBase: 'k8s.gcr.io/',
    clusterSubnet: azureCni ? '10.240.0.0/12' : '10.244.0.0/16',
    dnsServiceIP: DEFAULT_DNS_SERVICE_IP,
    serviceCidr: DEFAULT_SERVICE_CIDR,
    networkPolicy: '',
    networkPlugin: 'kubenet',
    containerRuntime: 'docker',
    maxPods: azureCni ? 30 : 110,
    dockerBridgeSubnet: '172.17.0.1/16',
    useInstanceMetadata: true,
    enableRbac: true,
    enableSecureKubelet: true,
    privateCluster: { enabled: false },
    gchighthreshold: 85,
    gclowthreshold: 80,
    etcdVersion: '3.2.25',
    etcdDiskSizeGB: nodes > 20 ? '2048' : nodes > 10 ? '1024' : nodes > 3 ? '512' : '256',
    enableDataEncryptionAtRest: false,
    enableEncryptionWithExternalKms: false,
    enablePodSecurityPolicy: false,
    cloudProviderBackoff: true,
    cloudProviderBackoffRetries: 6,
    cloudProviderBackoffJitter: 1,
    cloudProviderBackoffDuration: 5,
    cloudProviderBackoffExponent: 1.5,
    cloudProviderRateLimit: true,
    cloudProviderRateLimitQPS: 3,
    cloudProviderRateLimitBucket: 10,
    loadBalancerSku: 'Basic',
    excludeMasterFromStandardLB: true,
    azureCNIVersion: 'v1.0.17',
    ...withoutEmpty(k),
  };
  filled.addons = mergeAddons(k.addons ?? []);
  filled.kubeletConfig = {
    '--address': '0.0.0.0',
    '--allow-privileged': 'true',
    '--anonymous-auth': 'false',
    '--authorization-mode': 'Webhook',
    '--azure-container-registry-config': '/etc/kubernetes/azure.json',
    '--cgroups-per-qos': 'true',
    '--client-ca-file': '/etc/kubernetes/certs/ca.crt',
    '--cloud-config': '/etc/kubernetes/azure.json',
    '--cloud-provider': 'azure',
    '--cluster-dns': filled.dnsServiceIP!,
    '--cluster-domain': DEFAULT_CLUSTER_DOMAIN,
    '--enforce-node-allocatable': 'pods',
    '--event-qps': '0',
    '--eviction-hard': 'memory.available<100Mi,nodefs.available<10%,nodefs.inodesFree<5%',
    '--feature-gates': 'PodPriority=true',
    '--image-gc-high-threshold': String(filled.gchighthreshold),
    '--image-gc-low-threshold': String(filled.gclowthreshold),
    '--keep-terminated-pod-volumes': 'false',
    '--max-pods': String(filled.maxPods),
    '--network-plugin': azureCni ? 'cni' : 'kubenet',
    '--node-status-update-frequency': '10s',
    '--non-masquerade-cidr': filled.clusterSubnet!,
    '--pod-infra-container-image': 'k8s.gcr.io/pause-amd64:3.1',
    '--pod-manifest-path': '/etc/kubernetes/manifests',
    '--pod-max-pids': '100',
    '--rotate-certificates': 'true',
    '--streaming-connection-idle-timeout': '5m',
    ...k.kubeletConfig,
  };
  filled.controllerManagerConfig = {
    '--allocate-node-cidrs': String(!azureCni),
    '--cloud-config': '/etc/kubernetes/azure.json',
    '--cloud-provider': 'azure',
    '--cluster-cidr': filled.clusterSubnet!,
    '--cluster-name': m.dnsPrefix ?? '',
    '--cluster-signing-cert-file': '/etc/kubernetes/certs/ca.crt',
    '--cluster-signing-key-file': '/etc/kubernetes/certs/ca.key',
    '--configure-cloud-routes': String(!azureCni),
    '--kubeconfig': '/var/lib/kubelet/kubeconfig',
    '--leader-elect': 'true',
    '--node-monitor-grace-period': '40s',
    '--pod-eviction-timeout': '5m0s',
    '--profiling': 'false',
    '--root-ca-file': '/etc/kubernetes/certs/ca.crt',
    '--route-reconciliation-period': '10s',
    '--service-account-private-key-file': '/etc/kubernetes/certs/apiserver.key',
    '--terminated-pod-gc-threshold': '5000',
    '--use-service-account-credentials': 'true',
    '--v': '2',
    ...k.controllerManagerConfig,
  };
  filled.cloudControllerManagerConfig = {
    '--allocate-node-cidrs': String(!azureCni),
    '--cloud-config': '/etc/kubernetes/azure.json',
    '--cloud-provider': 'azure',
    '--cluster-cidr': filled.clusterSubnet!,
    '--cluster-name': m.dnsPrefix ?? '',
    '--configure-cloud-routes': String(!azureCni),
    '--kubeconfig': '/var/lib/kubelet/kubeconfig',
    '--leader-elect': 'true',
    '--route-reconciliation-period': '10s',
    '--v': '2',
    ...(k.cloudControllerManagerConfig as Record<string, string> | undefined),
  };
  filled.apiServerConfig = { ...apiServerDefaults(p, serviceCidr, version), ...k.apiServerConfig };
  filled.schedulerConfig = {
    '--kubeconfig': '/var/lib/kubelet/kubeconfig',
    '--leader-elect': 'true',
    '--profiling': 'false',
    '--v': '2',
    ...(k.schedulerConfig as Record<string, string> | undefined),
  };
  return filled;
}

/**
 * defaults-apiserver.go: the API server talks to etcd over mutual TLS with the etcdclient certificate. With
 * cosmosEtcd the server is the Cosmos endpoint (written with the <etcdEndPointUri> placeholder that cloud-init
 * substitutes on the VM) and --etcd-cafile is left out, since Cosmos presents a publicly trusted certificate.
 */
function apiServerDefaults(p: Properties, serviceCidr: string, version: string): Record<string, string> {
  const config: Record<string, string> = {
    '--address': '0.0.0.0',
    '--advertise-address': '<kubernetesAPIServerIP>',
    '--allow-privileged': 'true',
    '--anonymous-auth': 'false',
    '--audit-log-maxage': '30',
    '--audit-log-maxbackup': '10',
    '--audit-log-maxsize': '100',
    '--audit-log-path': '/var/log/kubeaudit/audit.log',
    '--audit-policy-file': '/etc/kubernetes/addons/audit-policy.yaml',
    '--authorization-mode': 'Node,RBAC',
    '--bind-address': '0.0.0.0',
    '--client-ca-file': '/etc/kubernetes/certs/ca.crt',
    '--cloud-config': '/etc/kubernetes/azure.json',
    '--cloud-provider': 'azure',
    '--enable-admission-plugins':
      'NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,DefaultTolerationSeconds,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ResourceQuota,ExtendedResourceToleration',
    '--etcd-certfile': '/etc/kubernetes/certs/etcdclient.crt',
    '--etcd-keyfile': '/etc/kubernetes/certs/etcdclient.key',
    '--insecure-port': '8080',
    '--kubelet-client-certificate': '/etc/kubernetes/certs/client.crt',
    '--kubelet-client-key': '/etc/kubernetes/certs/client.key',
    '--profiling': 'false',
    '--repair-malformed-updates': 'false',
    '--secure-port': '443',
    '--service-account-key-file': '/etc/kubernetes/certs/apiserver.key',
    '--service-account-lookup': 'true',
    '--service-cluster-ip-range': serviceCidr,
    '--storage-backend': 'etcd3',
    '--tls-cert-file': '/etc/kubernetes/certs/apiserver.crt',
    '--tls-private-key-file': '/etc/kubernetes/certs/apiserver.key',
    '--v': '4',
  };
  if (isVersionAtLeast(version, '1.10.0')) {
    config['--proxy-client-cert-file'] = '/etc/kubernetes/certs/proxy.crt';
    config['--proxy-client-key-file'] = '/etc/kubernetes/certs/proxy.key';
  }
  if (isCosmosEtcd(p)) {
    config['--etcd-servers'] = `https://<etcdEndPointUri>:${ETCD_CLIENT_PORT}`;
  } else {
    config['--etcd-cafile'] = '/etc/kubernetes/certs/ca.crt';
    config['--etcd-servers'] = `https://127.0.0.1:${ETCD_CLIENT_PORT}`;
  }
  return config;
}

const DEFAULT_ADDONS: Array<[string, boolean]> = [
  ['tiller', true],
  ['aci-connector', false],
  ['cluster-autoscaler', false],
  ['blobfuse-flexvolume', true],
  ['smb-flexvolume', true],
  ['keyvault-flexvolume', true],
  ['kubernetes-dashboard', true],
  ['rescheduler', false],
  ['metrics-server', true],
  ['nvidia-device-plugin', false],
  ['container-monitoring', false],
  ['ip-masq-agent', true],
  ['dns-autoscaler', false],
];

function mergeAddons(given: NonNullable<KubernetesConfig['addons']>): NonNullable<KubernetesConfig['addons']> {
  const merged = DEFAULT_ADDONS.map(([name, enabled]) => ({ name, enabled, ...given.find((addon) => addon.name === name) }));
  return [...merged, ...given.filter((addon) => !DEFAULT_ADDONS.some(([name]) => name === addon.name))];
}

function withoutEmpty(k: KubernetesConfig): KubernetesConfig {
  return Object.fromEntries(
    Object.entries(k).filter(([, value]) => value !== undefined && value !== '' && value !== 0),
  ) as KubernetesConfig;
}
