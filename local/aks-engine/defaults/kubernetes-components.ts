// The component images and tunings aks-engine v0.32.3 uses for each Kubernetes version (pkg/api/k8s_versions.go):
// best-known images per release, with the same cloud-provider and kubelet tunings everywhere.

/** Images per release (keys as the component tables name them). */
const RELEASE_IMAGES: Record<string, Record<string, string>> = {
  '1.6': {
    'kubernetes-dashboard': 'kubernetes-dashboard-amd64:v1.6.3',
    addonresizer: 'addon-resizer:1.7',
    heapster: 'heapster-amd64:v1.3.0',
    'kube-dns': 'k8s-dns-kube-dns-amd64:1.14.5',
    addonmanager: 'kube-addon-manager-amd64:v6.5',
    dnsmasq: 'k8s-dns-dnsmasq-nanny-amd64:1.14.5',
    pause: 'pause-amd64:3.0',
    rescheduler: 'rescheduler:v0.3.1',
  },
  '1.7': {
    'kubernetes-dashboard': 'kubernetes-dashboard-amd64:v1.6.3',
    addonresizer: 'addon-resizer:1.7',
    heapster: 'heapster-amd64:v1.5.1',
    'kube-dns': 'k8s-dns-kube-dns-amd64:1.14.5',
    addonmanager: 'kube-addon-manager-amd64:v8.6',
    dnsmasq: 'k8s-dns-dnsmasq-nanny-amd64:1.14.5',
    rescheduler: 'rescheduler:v0.3.1',
    'container-monitoring': 'oms:ciprod01092019',
  },
  '1.8': {
    addonresizer: 'addon-resizer:1.7',
    heapster: 'heapster-amd64:v1.5.1',
    'kube-dns': 'k8s-dns-kube-dns-amd64:1.14.13',
    addonmanager: 'kube-addon-manager-amd64:v8.6',
    dnsmasq: 'k8s-dns-dnsmasq-nanny-amd64:1.14.8',
    rescheduler: 'rescheduler:v0.3.1',
    'container-monitoring': 'oms:ciprod01092019',
  },
  '1.9': {
    rescheduler: 'rescheduler:v0.3.1',
    'container-monitoring': 'oms:ciprod01092019',
    'cluster-autoscaler': 'cluster-autoscaler:v1.1.2',
    'k8s-dns-sidecar': 'k8s-dns-sidecar-amd64:1.14.7',
  },
  '1.10': {
    rescheduler: 'rescheduler:v0.3.1',
    'container-monitoring': 'oms:ciprod01092019',
    'cluster-autoscaler': 'cluster-autoscaler:v1.2.2',
    'nvidia-device-plugin': 'k8s-device-plugin:1.10',
    'k8s-dns-sidecar': 'k8s-dns-sidecar-amd64:1.14.8',
  },
  '1.11': {
    'container-monitoring': 'oms:ciprod01092019',
    'cluster-autoscaler': 'cluster-autoscaler:v1.3.7',
    'nvidia-device-plugin': 'k8s-device-plugin:1.11',
  },
  '1.12': {
    coredns: 'coredns:1.2.2',
    addonmanager: 'kube-addon-manager-amd64:v8.7',
    'container-monitoring': 'oms:ciprod01092019',
    'cluster-autoscaler': 'cluster-autoscaler:v1.12.2',
    'nvidia-device-plugin': 'k8s-device-plugin:1.11',
  },
  '1.13': {
    coredns: 'coredns:1.2.6',
    addonmanager: 'kube-addon-manager-amd64:v8.9',
    'container-monitoring': 'oms:ciprod01092019',
    'cluster-autoscaler': 'cluster-autoscaler:v1.13.1',
    'nvidia-device-plugin': 'k8s-device-plugin:1.11',
  },
  '1.14': {
    coredns: 'coredns:1.2.6',
    addonmanager: 'kube-addon-manager-amd64:v8.9',
    'container-monitoring': 'oms:ciprod01092019',
    'cluster-autoscaler': 'cluster-autoscaler:v1.13.1',
    'nvidia-device-plugin': 'k8s-device-plugin:1.11',
  },
};

/** What every release shares unless it says otherwise. */
const COMMON_IMAGES: Record<string, string> = {
  'kubernetes-dashboard': 'kubernetes-dashboard-amd64:v1.10.1',
  exechealthz: 'exechealthz-amd64:1.2',
  addonresizer: 'addon-resizer:1.8.4',
  heapster: 'heapster-amd64:v1.5.4',
  'metrics-server': 'metrics-server-amd64:v0.2.1',
  'kube-dns': 'k8s-dns-kube-dns-amd64:1.15.0',
  addonmanager: 'kube-addon-manager-amd64:v8.6',
  dnsmasq: 'k8s-dns-dnsmasq-nanny-amd64:1.15.0',
  pause: 'pause-amd64:3.1',
  tiller: 'tiller:v2.11.0',
  rescheduler: 'rescheduler:v0.4.0',
  'aci-connector': 'virtual-kubelet:latest',
  'azure-cni-networkmonitor': 'networkmonitor:v0.0.5',
  'k8s-dns-sidecar': 'k8s-dns-sidecar-amd64:1.14.10',
};

/** The releases before 1.9 know neither the DNS sidecar nor the cluster autoscaler; only 1.10 and later the NVIDIA plugin. */
const NOT_BEFORE: Record<string, string> = {
  'k8s-dns-sidecar': '1.9',
  'cluster-autoscaler': '1.9',
  'nvidia-device-plugin': '1.10',
  coredns: '1.12',
};

export const COMPONENT_TUNINGS: Record<string, string> = {
  nodestatusfreq: '10s',
  nodegraceperiod: '40s',
  podeviction: '5m0s',
  routeperiod: '10s',
  backoffretries: '6',
  backoffjitter: '1',
  backoffduration: '5',
  backoffexponent: '1.5',
  ratelimitqps: '3',
  ratelimitbucket: '10',
  gchighthreshold: '85',
  gclowthreshold: '80',
};

/** Versions whose Windows package has its own build name. */
const WINDOWS_ZIP_OVERRIDES: Record<string, string> = {
  '1.8.9': 'v1.8.9-2int.zip',
  '1.8.6': 'v1.8.6-2int.zip',
  '1.8.2': 'v1.8.2-2int.zip',
  '1.8.1': 'v1.8.1-2int.zip',
  '1.8.0': 'v1.8.0-2int.zip',
  '1.7.16': 'v1.7.16-1int.zip',
  '1.7.15': 'v1.7.15-1int.zip',
  '1.7.14': 'v1.7.14-1int.zip',
  '1.7.13': 'v1.7.13-1int.zip',
  '1.7.12': 'v1.7.12-2int.zip',
  '1.7.10': 'v1.7.10-1int.zip',
  '1.7.9': 'v1.7.9-2int.zip',
  '1.7.7': 'v1.7.7-2int.zip',
  '1.7.5': 'v1.7.5-4int.zip',
  '1.7.4': 'v1.7.4-2int.zip',
  '1.7.2': 'v1.7.2-1int.zip',
};

const releaseNumber = (release: string) => Number(release.split('.')[1]);

/** K8sComponentsByVersionMap[version]: undefined for versions aks-engine does not know. */
export function kubernetesComponents(version: string): Record<string, string> | undefined {
  const release = version.split('.').slice(0, 2).join('.');
  const own = RELEASE_IMAGES[release];
  if (!own) return undefined;
  const table: Record<string, string> = { hyperkube: `hyperkube-amd64:v${version}` };
  if (releaseNumber(release) >= 8) {
    table.ccm = `cloud-controller-manager-amd64:v${version}`;
    table.windowszip = `v${version}-1int.zip`;
  }
  const images = { ...COMMON_IMAGES, ...own };
  for (const [key, image] of Object.entries(images)) {
    const since = NOT_BEFORE[key];
    if (since && releaseNumber(release) < releaseNumber(since)) continue;
    if (key === 'container-monitoring' && !(key in own)) continue;
    table[key] = image;
  }
  Object.assign(table, COMPONENT_TUNINGS);
  if (WINDOWS_ZIP_OVERRIDES[version]) table.windowszip = WINDOWS_ZIP_OVERRIDES[version]!;
  if (version === '1.8.11') table['kube-dns'] = 'k8s-dns-kube-dns-amd64:1.14.9';
  return table;
}

/** The Docker engine version a release was tested with (the "dockerEngine" entry). */
export function dockerEngineVersion(version: string): string {
  return version.startsWith('1.6.') ? '1.12.*' : '1.13.*';
}
