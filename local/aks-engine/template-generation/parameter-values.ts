// The parameter values aks-engine v0.32.3 writes to azuredeploy.parameters.json for Kubernetes (pkg/engine/params.go,
// params_k8s.go). Certificates and keys travel base64-encoded, or as Key Vault references when the model names a
// secret path; the service principal secret likewise.
import { randomBytes } from 'node:crypto';
import type { AgentPoolProfile, ContainerService } from '../apimodel/types';
import { targetEnvironment } from '../defaults/cloud-specs';
import { kubernetesComponents } from '../defaults/kubernetes-components';
import {
  cloudSpec,
  customCloudName,
  hasNSeriesSku,
  hasZones,
  isAddonEnabled,
  isCustomVnet,
  isMasterVmss,
  pools,
  version,
  versionGe,
} from '../defaults/properties';

export type ParameterValue = { value: unknown } | { reference: { keyVault: { id: string }; secretName: string; secretVersion?: string } };

const AKS_ENGINE_VERSION = 'v0.32.3';
const GENERATOR_CODE = 'aksengine';
const KEYVAULT_SECRET_PATH =
  /^(\/subscriptions\/\S+\/resourceGroups\/\S+\/providers\/Microsoft.KeyVault\/vaults\/\S+)\/secrets\/([^/\s]+)(\/(\S+))?$/;

function reference(id: string, secretName: string, version?: string): ParameterValue {
  return { reference: { keyVault: { id }, secretName, ...(version ? { secretVersion: version } : {}) } };
}

/** addSecret: a Key Vault secret path becomes a reference, anything else the (base64 encoded) value. */
function secret(text: string, encode: boolean): ParameterValue {
  const match = KEYVAULT_SECRET_PATH.exec(text);
  if (!match) return { value: encode ? Buffer.from(text).toString('base64') : text };
  return reference(match[1]!, match[2]!, match[4]);
}

/** strconv.FormatFloat(f, 'f', -1, 64) */
const goFloat = (value: number | undefined) => String(value ?? 0);

export function parameterValues(cs: ContainerService): Record<string, ParameterValue> {
  const p = cs.properties!;
  const m = p.masterProfile!;
  const spec = cloudSpec(cs);
  const v: Record<string, ParameterValue> = {};
  const add = (name: string, value: unknown) => (v[name] = { value });

  add('aksEngineVersion', AKS_ENGINE_VERSION);
  add('location', cs.location ?? '');
  const masterImage = spec.osImageConfig[m.distro ?? ''];
  add('osImageOffer', masterImage?.imageOffer ?? '');
  add('osImageSKU', masterImage?.imageSku ?? '');
  add('osImagePublisher', masterImage?.imagePublisher ?? '');
  add('osImageVersion', masterImage?.imageVersion ?? '');
  if (m.imageReference) {
    add('osImageName', m.imageReference.name ?? '');
    add('osImageResourceGroup', m.imageReference.resourceGroup ?? '');
  }
  add('fqdnEndpointSuffix', spec.endpointConfig.resourceManagerVMDNSSuffix);
  add('targetEnvironment', targetEnvironment(cs.location ?? '', customCloudName(p)));
  const linux = p.linuxProfile!;
  add('linuxAdminUsername', linux.adminUsername ?? '');
  if (linux.customSearchDomain) {
    add('searchDomainName', linux.customSearchDomain.name ?? '');
    add('searchDomainRealmUser', linux.customSearchDomain.realmUser ?? '');
    add('searchDomainRealmPassword', linux.customSearchDomain.realmPassword ?? '');
  }
  if (linux.customNodesDNS) add('dnsServer', linux.customNodesDNS.dnsServer ?? '');
  add('masterEndpointDNSNamePrefix', m.dnsPrefix ?? '');
  if (isCustomVnet(p)) {
    add('masterVnetSubnetID', m.vnetSubnetID);
    if (isMasterVmss(p)) add('agentVnetSubnetID', m.agentVnetSubnetID ?? '');
    add('vnetCidr', m.vnetCidr ?? '');
  } else {
    add('masterSubnet', m.subnet ?? '');
    add('agentSubnet', m.agentSubnet ?? '');
  }
  add('firstConsecutiveStaticIP', m.firstConsecutiveStaticIP ?? '');
  add('masterVMSize', m.vmSize ?? '');
  if (hasZones(m.availabilityZones)) add('availabilityZones', m.availabilityZones);
  add('sshRSAPublicKey', linux.ssh?.publicKeys?.[0]?.keyData ?? '');
  (linux.secrets ?? []).forEach((vault, i) => {
    add(`linuxKeyVaultID${i}`, vault.sourceVault?.id ?? '');
    (vault.vaultCertificates ?? []).forEach((certificate, j) =>
      add(`linuxKeyVaultID${i}CertificateURL${j}`, certificate.certificateUrl ?? ''),
    );
  });

  kubernetesValues(cs, add, v);

  for (const pool of pools(p)) agentValues(cs, pool, add);
  if (pools(p).some((pool) => pool.osType === 'Windows')) {
    const w = p.windowsProfile!;
    add('windowsAdminUsername', w.adminUsername ?? '');
    v.windowsAdminPassword = secret(w.adminPassword ?? '', false);
    if (w.imageVersion) add('agentWindowsVersion', w.imageVersion);
    if (w.WindowsImageSourceUrl) add('agentWindowsSourceUrl', w.WindowsImageSourceUrl);
    if (w.WindowsPublisher) add('agentWindowsPublisher', w.WindowsPublisher);
    if (w.WindowsOffer) add('agentWindowsOffer', w.WindowsOffer);
    add('agentWindowsSku', w.WindowsSku || 'Datacenter-Core-1809-with-Containers-smalldisk');
    add('windowsDockerVersion', w.windowsDockerVersion || '18.09.2');
    (w.secrets ?? []).forEach((vault, i) => {
      add(`windowsKeyVaultID${i}`, vault.sourceVault?.id ?? '');
      (vault.vaultCertificates ?? []).forEach((certificate, j) => {
        add(`windowsKeyVaultID${i}CertificateURL${j}`, certificate.certificateUrl ?? '');
        add(`windowsKeyVaultID${i}CertificateStore${j}`, certificate.certificateStore ?? '');
      });
    });
  }
  for (const extension of p.extensionProfiles ?? []) {
    if (!extension) continue;
    const ref = extension.parametersKeyvaultSecretRef;
    if (ref) v[`${extension.name}Parameters`] = reference(ref.vaultID ?? '', ref.secretName ?? '', ref.version);
    else add(`${extension.name}Parameters`, extension.extensionParameters ?? '');
  }
  return v;
}

function agentValues(cs: ContainerService, pool: AgentPoolProfile, add: (name: string, value: unknown) => void): void {
  const n = pool.name!;
  add(`${n}Count`, pool.count);
  add(`${n}VMSize`, pool.vmSize ?? '');
  if (hasZones(pool.availabilityZones)) add(`${n}AvailabilityZones`, pool.availabilityZones);
  if (pool.vnetSubnetID) add(`${n}VnetSubnetID`, pool.vnetSubnetID);
  else add(`${n}Subnet`, pool.subnet ?? '');
  if ((pool.ports ?? []).length > 0) add(`${n}EndpointDNSNamePrefix`, pool.dnsPrefix ?? '');
  if (pool.osType === 'Windows') return;
  if (pool.imageReference) {
    add(`${n}osImageName`, pool.imageReference.name ?? '');
    add(`${n}osImageResourceGroup`, pool.imageReference.resourceGroup ?? '');
  }
  const image = cloudSpec(cs).osImageConfig[pool.distro ?? ''];
  add(`${n}osImageOffer`, image?.imageOffer ?? '');
  add(`${n}osImageSKU`, image?.imageSku ?? '');
  add(`${n}osImagePublisher`, image?.imagePublisher ?? '');
  add(`${n}osImageVersion`, image?.imageVersion ?? '');
}

function kubernetesValues(cs: ContainerService, add: (name: string, value: unknown) => void, v: Record<string, ParameterValue>): void {
  const p = cs.properties!;
  const k = p.orchestratorProfile!.kubernetesConfig!;
  const spec = cloudSpec(cs);
  const components = kubernetesComponents(version(p)) ?? {};
  const base = k.kubernetesImageBase ?? '';
  add('generatorCode', GENERATOR_CODE);
  if (k.useCloudControllerManager === true) add('kubernetesCcmImageSpec', k.customCcmImage || base + (components.ccm ?? ''));
  add('kubeDNSServiceIP', k.dnsServiceIP ?? '');
  add('kubernetesHyperkubeSpec', k.customHyperkubeImage || base + (components.hyperkube ?? ''));
  if (k.privateAzureRegistryServer) add('privateAzureRegistryServer', k.privateAzureRegistryServer);
  add('kubernetesAddonManagerSpec', base + (components.addonmanager ?? ''));
  if (versionGe(p, '1.7.0') && !versionGe(p, '1.9.0')) add('kubernetesExecHealthzSpec', base + (components.exechealthz ?? ''));
  add('kubernetesDNSSidecarSpec', base + (components['k8s-dns-sidecar'] ?? ''));
  const addon = (name: string) => (k.addons ?? []).find((candidate) => candidate.name === name);
  if (isAddonEnabled(k, 'aad-pod-identity', false) && addon('aad-pod-identity')?.containers?.some((c) => c.name === 'aad-pod-identity')) {
    add('kubernetesAADPodIdentityEnabled', addon('aad-pod-identity')?.enabled === true);
  }
  add('kubernetesACIConnectorEnabled', isAddonEnabled(k, 'aci-connector', false));
  if (isAddonEnabled(k, 'cluster-autoscaler', false)) {
    if (addon('cluster-autoscaler')?.containers?.some((c) => c.name === 'cluster-autoscaler')) {
      add('kubernetesClusterAutoscalerAzureCloud', spec.cloudName);
      add('kubernetesClusterAutoscalerEnabled', true);
      add('kubernetesClusterAutoscalerUseManagedIdentity', String(k.useManagedIdentity === true));
    }
  } else {
    add('kubernetesClusterAutoscalerEnabled', false);
  }
  // A random service name for the standard load balancer's outbound rule: a non-negative int64, as Go's rand.Int() draws.
  if (k.loadBalancerSku === 'Standard') add('kuberneteselbsvcname', String(randomBytes(8).readBigUInt64BE() & 0x7fffffffffffffffn));
  if (versionGe(p, '1.12.0')) add('kubernetesCoreDNSSpec', base + (components.coredns ?? ''));
  else {
    add('kubernetesKubeDNSSpec', base + (components['kube-dns'] ?? ''));
    add('kubernetesDNSMasqSpec', base + (components.dnsmasq ?? ''));
  }
  add('kubernetesPodInfraContainerSpec', base + (components.pause ?? ''));
  const cloudProvider: Record<string, unknown> = {};
  if (k.cloudProviderBackoff !== undefined) cloudProvider.cloudProviderBackoff = k.cloudProviderBackoff;
  if (k.cloudProviderBackoffRetries) cloudProvider.cloudProviderBackoffRetries = k.cloudProviderBackoffRetries;
  cloudProvider.cloudProviderBackoffJitter = goFloat(k.cloudProviderBackoffJitter);
  if (k.cloudProviderBackoffDuration) cloudProvider.cloudProviderBackoffDuration = k.cloudProviderBackoffDuration;
  cloudProvider.cloudProviderBackoffExponent = goFloat(k.cloudProviderBackoffExponent);
  if (k.cloudProviderRateLimit !== undefined) cloudProvider.cloudProviderRateLimit = k.cloudProviderRateLimit;
  cloudProvider.cloudProviderRateLimitQPS = goFloat(k.cloudProviderRateLimitQPS);
  if (k.cloudProviderRateLimitBucket) cloudProvider.cloudProviderRateLimitBucket = k.cloudProviderRateLimitBucket;
  add('cloudproviderConfig', cloudProvider);
  add('kubeClusterCidr', k.clusterSubnet ?? '');
  add('kubernetesKubeletClusterDomain', k.kubeletConfig?.['--cluster-domain'] ?? '');
  add('dockerBridgeCidr', k.dockerBridgeSubnet ?? '');
  add('networkPolicy', k.networkPolicy ?? '');
  add('networkPlugin', k.networkPlugin ?? '');
  add('containerRuntime', k.containerRuntime ?? '');
  add('containerdDownloadURLBase', spec.kubernetesSpecConfig.containerdDownloadURLBase);
  add('cniPluginsURL', spec.kubernetesSpecConfig.cniPluginsDownloadURL);
  add('vnetCniLinuxPluginsURL', k.azureCNIURLLinux || spec.kubernetesSpecConfig.vnetCNILinuxPluginsDownloadURL);
  add('vnetCniWindowsPluginsURL', k.azureCNIURLWindows || spec.kubernetesSpecConfig.vnetCNIWindowsPluginsDownloadURL);
  add('gchighthreshold', k.gchighthreshold ?? 0);
  add('gclowthreshold', k.gclowthreshold ?? 0);
  add('etcdDownloadURLBase', spec.kubernetesSpecConfig.etcdDownloadURLBase);
  add('etcdVersion', k.etcdVersion ?? '');
  add('etcdDiskSizeGB', k.etcdDiskSizeGB ?? '');
  add('etcdEncryptionKey', k.etcdEncryptionKey ?? '');
  const jumpbox = k.privateCluster?.enabled === true ? k.privateCluster.jumpboxProfile : undefined;
  if (jumpbox) {
    add('jumpboxVMName', jumpbox.name ?? '');
    add('jumpboxVMSize', jumpbox.vmSize ?? '');
    add('jumpboxUsername', jumpbox.username ?? '');
    add('jumpboxOSDiskSizeGB', jumpbox.osDiskSizeGB ?? 0);
    add('jumpboxPublicKey', jumpbox.publicKey ?? '');
    add('jumpboxStorageProfile', jumpbox.storageProfile ?? '');
  }
  add('enableAggregatedAPIs', k.enableAggregatedAPIs === true);
  if (pools(p).some((pool) => pool.osType === 'Windows')) {
    add(
      'kubeBinariesSASURL',
      k.customWindowsPackageURL || spec.kubernetesSpecConfig.kubeBinariesSASURLBase + (components.windowszip ?? ''),
    );
    add('windowsKubeBinariesURL', k.windowsNodeBinariesURL ?? '');
    add('kubeServiceCidr', k.serviceCidr ?? '');
    add('kubeBinariesVersion', version(p));
    add('windowsTelemetryGUID', spec.kubernetesSpecConfig.windowsTelemetryGUID);
  }
  if (!k.useManagedIdentity) {
    const sp = p.servicePrincipalProfile ?? {};
    add('servicePrincipalClientId', sp.clientId ?? '');
    if (sp.keyvaultSecretRef) {
      v.servicePrincipalClientSecret = reference(
        sp.keyvaultSecretRef.vaultID ?? '',
        sp.keyvaultSecretRef.secretName ?? '',
        sp.keyvaultSecretRef.version,
      );
    } else {
      add('servicePrincipalClientSecret', sp.secret ?? '');
    }
    if (k.enableEncryptionWithExternalKms === true) {
      if (k.keyVaultSku) add('clusterKeyVaultSku', k.keyVaultSku);
      if (sp.objectId) add('servicePrincipalObjectId', sp.objectId);
    }
  }
  add('orchestratorName', 'k8s');
  const c = p.certificateProfile;
  if (c) {
    const pairs: Array<[string, string | undefined]> = [
      ['apiServerCertificate', c.apiServerCertificate],
      ['apiServerPrivateKey', c.apiServerPrivateKey],
      ['caCertificate', c.caCertificate],
      ['caPrivateKey', c.caPrivateKey],
      ['clientCertificate', c.clientCertificate],
      ['clientPrivateKey', c.clientPrivateKey],
      ['kubeConfigCertificate', c.kubeConfigCertificate],
      ['kubeConfigPrivateKey', c.kubeConfigPrivateKey],
      ['etcdServerCertificate', c.etcdServerCertificate],
      ['etcdServerPrivateKey', c.etcdServerPrivateKey],
      ['etcdClientCertificate', c.etcdClientCertificate],
      ['etcdClientPrivateKey', c.etcdClientPrivateKey],
    ];
    for (const [name, text] of pairs) v[name] = secret(text ?? '', true);
    (c.etcdPeerCertificates ?? []).forEach((text, i) => (v[`etcdPeerCertificate${i}`] = secret(text, true)));
    (c.etcdPeerPrivateKeys ?? []).forEach((text, i) => (v[`etcdPeerPrivateKey${i}`] = secret(text, true)));
  }
  add('dockerEngineDownloadRepo', hasNSeriesSku(p) ? spec.dockerSpecConfig.dockerEngineRepo : '');
  if (k.mobyVersion) add('mobyVersion', k.mobyVersion);
  if (k.containerdVersion) add('containerdVersion', k.containerdVersion);
  if (p.aadProfile) {
    add('aadTenantId', p.aadProfile.tenantID ?? '');
    if (p.aadProfile.adminGroupID) add('aadAdminGroupId', p.aadProfile.adminGroupID);
  }
}
