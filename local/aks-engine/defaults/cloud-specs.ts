// Per-cloud settings of aks-engine v0.32.3 (pkg/api/azenvtypes.go): image registries and download mirrors, the VM
// DNS suffix and the OS images per distro, and which cloud a location belongs to (pkg/helpers GetTargetEnv).

export interface OsImage {
  imageOffer: string;
  imageSku: string;
  imagePublisher: string;
  imageVersion: string;
}

export interface KubernetesSpec {
  kubernetesImageBase: string;
  tillerImageBase: string;
  aciConnectorImageBase: string;
  nvidiaImageBase: string;
  azureCNIImageBase: string;
  etcdDownloadURLBase: string;
  kubeBinariesSASURLBase: string;
  windowsTelemetryGUID: string;
  cniPluginsDownloadURL: string;
  vnetCNILinuxPluginsDownloadURL: string;
  vnetCNIWindowsPluginsDownloadURL: string;
  containerdDownloadURLBase: string;
}

export interface CloudSpec {
  cloudName: string;
  dockerSpecConfig: { dockerEngineRepo: string; dockerComposeDownloadURL: string };
  kubernetesSpecConfig: KubernetesSpec;
  endpointConfig: { resourceManagerVMDNSSuffix: string };
  osImageConfig: Record<string, OsImage>;
}

export const AZURE_CNI_VERSION = 'v1.0.17';
const CNI_PLUGINS_VERSION = 'v0.7.1';

const image = (imageOffer: string, imageSku: string, imagePublisher: string, imageVersion: string): OsImage => ({
  imageOffer,
  imageSku,
  imagePublisher,
  imageVersion,
});

const UBUNTU = image('UbuntuServer', '16.04-LTS', 'Canonical', 'latest');
const GERMAN_UBUNTU = image('UbuntuServer', '16.04-LTS', 'Canonical', '16.04.201801050');
const RHEL = image('RHEL', '7.3', 'RedHat', 'latest');
const COREOS = image('CoreOS', 'Stable', 'CoreOS', 'latest');
export const AKS_IMAGE = image('aks', 'aks-ubuntu-1604-201903', 'microsoft-aks', '2019.03.05');
const AKS_DOCKER_ENGINE = image('aks', 'aks-ubuntu-1604-docker-engine', 'microsoft-aks', '2019.03.05');
const ACC_1604 = image('confidential-compute-preview', '16.04-LTS', 'Canonical', 'latest');

export const DEFAULT_KUBERNETES_SPEC: KubernetesSpec = {
  kubernetesImageBase: 'k8s.gcr.io/',
  tillerImageBase: 'gcr.io/kubernetes-helm/',
  aciConnectorImageBase: 'microsoft/',
  nvidiaImageBase: 'nvidia/',
  azureCNIImageBase: 'containernetworking/',
  etcdDownloadURLBase: 'https://acs-mirror.azureedge.net/github-coreos',
  kubeBinariesSASURLBase: 'https://acs-mirror.azureedge.net/wink8s/',
  windowsTelemetryGUID: 'fb801154-36b9-41bc-89c2-f4d4f05472b0',
  cniPluginsDownloadURL: `https://acs-mirror.azureedge.net/cni/cni-plugins-amd64-${CNI_PLUGINS_VERSION}.tgz`,
  vnetCNILinuxPluginsDownloadURL: `https://acs-mirror.azureedge.net/cni/azure-vnet-cni-linux-amd64-${AZURE_CNI_VERSION}.tgz`,
  vnetCNIWindowsPluginsDownloadURL: `https://acs-mirror.azureedge.net/cni/azure-vnet-cni-windows-amd64-${AZURE_CNI_VERSION}.zip`,
  containerdDownloadURLBase: 'https://storage.googleapis.com/cri-containerd-release/',
};

const DEFAULT_DOCKER = {
  dockerEngineRepo: 'https://aptdocker.azureedge.net/repo',
  dockerComposeDownloadURL: 'https://github.com/docker/compose/releases/download',
};

const MIRROR = 'https://mirror.azk8s.cn/kubernetes';

export const CLOUD_SPECS: Record<string, CloudSpec> = {
  AzurePublicCloud: {
    cloudName: 'AzurePublicCloud',
    dockerSpecConfig: DEFAULT_DOCKER,
    kubernetesSpecConfig: DEFAULT_KUBERNETES_SPEC,
    endpointConfig: { resourceManagerVMDNSSuffix: 'cloudapp.azure.com' },
    osImageConfig: {
      ubuntu: UBUNTU,
      rhel: RHEL,
      coreos: COREOS,
      aks: AKS_IMAGE,
      'aks-docker-engine': AKS_DOCKER_ENGINE,
      'acc-16.04': ACC_1604,
    },
  },
  AzureGermanCloud: {
    cloudName: 'AzureGermanCloud',
    dockerSpecConfig: DEFAULT_DOCKER,
    kubernetesSpecConfig: DEFAULT_KUBERNETES_SPEC,
    endpointConfig: { resourceManagerVMDNSSuffix: 'cloudapp.microsoftazure.de' },
    osImageConfig: { ubuntu: GERMAN_UBUNTU, rhel: RHEL, coreos: COREOS, aks: GERMAN_UBUNTU, 'aks-docker-engine': GERMAN_UBUNTU },
  },
  AzureUSGovernmentCloud: {
    cloudName: 'AzureUSGovernmentCloud',
    dockerSpecConfig: DEFAULT_DOCKER,
    kubernetesSpecConfig: DEFAULT_KUBERNETES_SPEC,
    endpointConfig: { resourceManagerVMDNSSuffix: 'cloudapp.usgovcloudapi.net' },
    osImageConfig: { ubuntu: UBUNTU, rhel: RHEL, coreos: COREOS, aks: UBUNTU, 'aks-docker-engine': UBUNTU },
  },
  AzureChinaCloud: {
    cloudName: 'AzureChinaCloud',
    dockerSpecConfig: {
      dockerEngineRepo: 'https://mirror.azk8s.cn/docker-engine/apt/repo/',
      dockerComposeDownloadURL: 'https://mirror.azk8s.cn/docker-toolbox/linux/compose',
    },
    kubernetesSpecConfig: {
      kubernetesImageBase: 'gcr.azk8s.cn/google_containers/',
      tillerImageBase: 'gcr.azk8s.cn/kubernetes-helm/',
      aciConnectorImageBase: 'dockerhub.azk8s.cn/microsoft/',
      nvidiaImageBase: 'dockerhub.azk8s.cn/nvidia/',
      azureCNIImageBase: 'dockerhub.azk8s.cn/containernetworking/',
      etcdDownloadURLBase: `${MIRROR}/etcd`,
      kubeBinariesSASURLBase: DEFAULT_KUBERNETES_SPEC.kubeBinariesSASURLBase,
      windowsTelemetryGUID: DEFAULT_KUBERNETES_SPEC.windowsTelemetryGUID,
      cniPluginsDownloadURL: `${MIRROR}/containernetworking-plugins/cni-plugins-amd64-${CNI_PLUGINS_VERSION}.tgz`,
      vnetCNILinuxPluginsDownloadURL: `${MIRROR}/azure-container-networking/azure-vnet-cni-linux-amd64-${AZURE_CNI_VERSION}.tgz`,
      vnetCNIWindowsPluginsDownloadURL: `${MIRROR}/azure-container-networking/azure-vnet-cni-windows-amd64-${AZURE_CNI_VERSION}.zip`,
      containerdDownloadURLBase: `${MIRROR}/containerd/`,
    },
    endpointConfig: { resourceManagerVMDNSSuffix: 'cloudapp.chinacloudapi.cn' },
    osImageConfig: { ubuntu: UBUNTU, rhel: RHEL, coreos: COREOS, aks: AKS_IMAGE, 'aks-docker-engine': AKS_DOCKER_ENGINE },
  },
};

/** helpers.GetCloudTargetEnv */
export function cloudOfLocation(location: string): string {
  const loc = location.replace(/\s+/g, '').toLowerCase();
  if (['chinaeast', 'chinanorth', 'chinaeast2', 'chinanorth2'].includes(loc)) return 'AzureChinaCloud';
  if (loc === 'germanynortheast' || loc === 'germanycentral') return 'AzureGermanCloud';
  if (loc.startsWith('usgov') || loc.startsWith('usdod')) return 'AzureUSGovernmentCloud';
  return 'AzurePublicCloud';
}

/** helpers.GetTargetEnv: Azure Stack when the custom cloud profile says so, else the location's cloud. */
export function targetEnvironment(location: string, customCloudName: string): string {
  return customCloudName.toLowerCase() === 'azurestackcloud' ? 'AzureStackCloud' : cloudOfLocation(location);
}

/** The Azure Stack spec setCustomCloudProfileDefaults builds: the public cloud's, with the user's overrides. */
export function azureStackSpec(vmDnsSuffix: string, overrides: Partial<CloudSpec> | undefined): CloudSpec {
  const spec: CloudSpec = {
    cloudName: 'AzureStackCloud',
    dockerSpecConfig: { ...DEFAULT_DOCKER },
    kubernetesSpecConfig: { ...DEFAULT_KUBERNETES_SPEC },
    endpointConfig: { resourceManagerVMDNSSuffix: vmDnsSuffix },
    osImageConfig: { ubuntu: UBUNTU, rhel: RHEL, coreos: COREOS, aks: AKS_IMAGE, 'aks-docker-engine': AKS_DOCKER_ENGINE },
  };
  if (!overrides) return spec;
  const pick = (value: string | undefined, fallback: string) => value || fallback;
  spec.cloudName = pick(overrides.cloudName, spec.cloudName);
  const docker = overrides.dockerSpecConfig;
  spec.dockerSpecConfig = {
    dockerComposeDownloadURL: pick(docker?.dockerComposeDownloadURL, spec.dockerSpecConfig.dockerComposeDownloadURL),
    // aks-engine falls back to the compose URL here (a slip kept as it is).
    dockerEngineRepo: pick(docker?.dockerEngineRepo, spec.dockerSpecConfig.dockerComposeDownloadURL),
  };
  const k8s = overrides.kubernetesSpecConfig ?? ({} as Partial<KubernetesSpec>);
  for (const key of Object.keys(spec.kubernetesSpecConfig) as Array<keyof KubernetesSpec>) {
    spec.kubernetesSpecConfig[key] = pick(k8s[key], spec.kubernetesSpecConfig[key]);
  }
  spec.endpointConfig.resourceManagerVMDNSSuffix = pick(overrides.endpointConfig?.resourceManagerVMDNSSuffix, vmDnsSuffix);
  spec.osImageConfig = { ...(overrides.osImageConfig ?? {}) };
  return spec;
}
