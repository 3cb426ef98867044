// The template's parameters and their values (parts/k8s/kubernetesparams.t, masterparams.t, agentparams.t and
// pkg/engine/params*.go). Certificates and keys travel base64-encoded; private keys and the service principal
// secret are securestring parameters.
import type { AgentPoolProfile, ContainerService, KeyvaultSecretRef } from '../apimodel/types';
import { clusterId } from '../apimodel/defaults';
import { KUBERNETES_ALLOWED_VM_SIZES } from './vm-sizes';

export type ParameterValue = { value: unknown } | { reference: { keyVault: { id: string }; secretName: string; secretVersion?: string } };

export interface ParameterDeclaration {
  type: 'string' | 'securestring' | 'int' | 'bool' | 'array' | 'object';
  defaultValue?: unknown;
  allowedValues?: unknown[];
  minValue?: number;
  maxValue?: number;
  metadata: { description: string };
}

/** The VHD aks-engine v0.32.3 deploys by default (the "aks" distro). */
export const AKS_IMAGE = { offer: 'aks', publisher: 'microsoft-aks', sku: 'aks-ubuntu-16.04', version: '2019.03.05' };

export function parameterDeclarations(model: ContainerService): Record<string, ParameterDeclaration> {
  const p = model.properties!;
  const m = p.masterProfile!;
  const d: Record<string, ParameterDeclaration> = {};
  const str = (description: string, defaultValue?: string): ParameterDeclaration => ({
    type: 'string',
    ...(defaultValue !== undefined ? { defaultValue } : {}),
    metadata: { description },
  });
  const secure = (description: string): ParameterDeclaration => ({ type: 'securestring', metadata: { description } });

  for (const pool of (p.agentPoolProfiles ?? []) as AgentPoolProfile[]) {
    d[`${pool.name}Count`] = {
      type: 'int',
      defaultValue: pool.count,
      minValue: 1,
      maxValue: 100,
      metadata: { description: 'The number of agents for the cluster.  This value can be from 1 to 100' },
    };
    d[`${pool.name}VMSize`] = {
      type: 'string',
      defaultValue: pool.vmSize,
      allowedValues: KUBERNETES_ALLOWED_VM_SIZES,
      metadata: { description: 'The size of the Virtual Machine.' },
    };
    d[`${pool.name}osImageOffer`] = str('Image offer for the agent pool.', AKS_IMAGE.offer);
    d[`${pool.name}osImagePublisher`] = str('Image publisher for the agent pool.', AKS_IMAGE.publisher);
    d[`${pool.name}osImageSKU`] = str('Image SKU for the agent pool.', AKS_IMAGE.sku);
    d[`${pool.name}osImageVersion`] = str('Image version for the agent pool.', AKS_IMAGE.version);
  }
  d.masterEndpointDNSNamePrefix = str(
    'Sets the Domain name label for the master IP Address.  The concatenation of the domain name label and the regional DNS zone make up the fully qualified domain name associated with the public IP address.',
  );
  d.masterVMSize = {
    type: 'string',
    defaultValue: m.vmSize,
    allowedValues: KUBERNETES_ALLOWED_VM_SIZES,
    metadata: { description: 'The size of the Virtual Machine.' },
  };
  d.masterOffset = {
    type: 'int',
    defaultValue: 0,
    minValue: 0,
    maxValue: m.count,
    metadata: {
      description:
        'The offset into the master pool where to start creating master VMs.  This value can be from 0 to 4, but must be less than masterCount.',
    },
  };
  d.firstConsecutiveStaticIP = str('Sets the static IP of the first master', m.firstConsecutiveStaticIP ?? '');
  d.masterSubnet = str('Sets the subnet of the master node(s).', '10.240.0.0/16');
  d.vnetCidr = str('Cluster vnet cidr', m.vnetCidr ?? '10.0.0.0/8');
  d.etcdDiskSizeGB = str('Size in GB to allocate for etcd volume', p.orchestratorProfile?.kubernetesConfig?.etcdDiskSizeGB ?? '256');
  d.etcdVersion = str('etcd version', p.orchestratorProfile?.kubernetesConfig?.etcdVersion ?? '3.2.25');
  d.osImageOffer = str('Image offer for the master.', AKS_IMAGE.offer);
  d.osImagePublisher = str('Image publisher for the master.', AKS_IMAGE.publisher);
  d.osImageSKU = str('Image SKU for the master.', AKS_IMAGE.sku);
  d.osImageVersion = str('Image version for the master.', AKS_IMAGE.version);
  d.linuxAdminUsername = str('User name for the Linux Virtual Machines (SSH or Password).');
  d.sshRSAPublicKey = str(
    'SSH public key used for auth to all Linux machines.  Not Required.  If not set, you must provide a password key.',
  );
  d.location = str('Sets the location for all resources in the cluster', '');
  d.nameSuffix = str('A string hash of the master DNS name to uniquely identify the cluster.', clusterId(p));
  d.orchestratorName = str('The orchestrator name used by system components', 'k8s');
  d.generatorCode = str('The generator code used to identify the generator', 'aksengine');
  d.aksEngineVersion = str('Contains details about the aks-engine version used to generate the template', 'v0.32.3');
  d.targetEnvironment = str('The azure deploy environment. Currently support: AzurePublicCloud, AzureChinaCloud', 'AzurePublicCloud');
  d.kubernetesHyperkubeSpec = str('The container spec for hyperkube.');
  d.kubeDNSServiceIP = str('Kubernetes DNS IP', '10.0.0.10');
  d.kubeServiceCidr = str('Kubernetes service address space', '10.0.0.0/16');
  d.kubeClusterCidr = str('Kubernetes cluster subnet', '10.244.0.0/16');
  d.dockerBridgeCidr = str('Docker bridge network IP address and subnet', '172.17.0.1/16');
  d.networkPlugin = {
    type: 'string',
    defaultValue: 'kubenet',
    allowedValues: ['azure', 'kubenet', 'flannel', 'cilium'],
    metadata: { description: 'The network plugin used by the Kubernetes cluster.' },
  };
  d.networkPolicy = str('The network policy enforcement to use (calico|cilium|azure|none)', '');
  d.maxPods = { type: 'int', defaultValue: 110, metadata: { description: 'This param has been deprecated.' } };
  d.servicePrincipalClientId = str('Client ID (used by cloudprovider)');
  d.servicePrincipalClientSecret = secure('The Service Principal Client Secret.');
  d.caCertificate = str('The certificate authority certificate (base64 encoded)');
  d.caPrivateKey = {
    type: 'securestring',
    defaultValue: '',
    metadata: { description: 'The certificate authority private key (base64 encoded)' },
  };
  d.apiServerCertificate = str('The AKS API Server certificate (base64 encoded)');
  d.apiServerPrivateKey = secure('User name for the Linux Virtual Machines (SSH or Password).');
  d.clientCertificate = str('The AKS Client certificate (base64 encoded)');
  d.clientPrivateKey = secure('The AKS Client private key (base64 encoded)');
  d.kubeConfigCertificate = str('The AKS kubeconfig certificate (base64 encoded)');
  d.kubeConfigPrivateKey = secure('The AKS kubeconfig private key (base64 encoded)');
  d.etcdServerCertificate = str('The base 64 server certificate used on the master');
  d.etcdServerPrivateKey = secure('The base 64 server private key used on the master.');
  d.etcdClientCertificate = str('The base 64 server certificate used on the master');
  d.etcdClientPrivateKey = secure('The base 64 server private key used on the master.');
  for (let i = 0; i < (m.count ?? 1); i++) {
    d[`etcdPeerCertificate${i}`] = str('The base 64 server certificates used on the master');
    d[`etcdPeerPrivateKey${i}`] = secure('The base 64 server private key used on the master.');
  }
  return d;
}

export function parameterValues(model: ContainerService): Record<string, ParameterValue> {
  const p = model.properties!;
  const m = p.masterProfile!;
  const k = p.orchestratorProfile!.kubernetesConfig!;
  const c = p.certificateProfile!;
  const sp = p.servicePrincipalProfile ?? {};
  const base64 = (text = '') => ({ value: Buffer.from(text).toString('base64') });
  const v: Record<string, ParameterValue> = {};

  for (const pool of (p.agentPoolProfiles ?? []) as AgentPoolProfile[]) {
    v[`${pool.name}Count`] = { value: pool.count };
    v[`${pool.name}VMSize`] = { value: pool.vmSize };
    v[`${pool.name}osImageOffer`] = { value: AKS_IMAGE.offer };
    v[`${pool.name}osImagePublisher`] = { value: AKS_IMAGE.publisher };
    v[`${pool.name}osImageSKU`] = { value: AKS_IMAGE.sku };
    v[`${pool.name}osImageVersion`] = { value: AKS_IMAGE.version };
  }
  v.masterEndpointDNSNamePrefix = { value: m.dnsPrefix };
  v.masterVMSize = { value: m.vmSize };
  v.firstConsecutiveStaticIP = { value: m.firstConsecutiveStaticIP ?? '' };
  v.masterSubnet = { value: '10.240.0.0/16' };
  v.vnetCidr = { value: m.vnetCidr };
  v.etcdDiskSizeGB = { value: k.etcdDiskSizeGB };
  v.etcdVersion = { value: k.etcdVersion };
  v.osImageOffer = { value: AKS_IMAGE.offer };
  v.osImagePublisher = { value: AKS_IMAGE.publisher };
  v.osImageSKU = { value: AKS_IMAGE.sku };
  v.osImageVersion = { value: AKS_IMAGE.version };
  v.linuxAdminUsername = { value: p.linuxProfile!.adminUsername };
  v.sshRSAPublicKey = { value: p.linuxProfile!.ssh!.publicKeys![0]!.keyData };
  if (model.location) v.location = { value: model.location };
  v.nameSuffix = { value: clusterId(p) };
  v.targetEnvironment = { value: 'AzurePublicCloud' };
  v.kubernetesHyperkubeSpec = {
    value: `${k.kubernetesImageBase ?? 'k8s.gcr.io/'}hyperkube-amd64:v${p.orchestratorProfile!.orchestratorVersion}`,
  };
  v.kubeDNSServiceIP = { value: k.dnsServiceIP };
  v.kubeServiceCidr = { value: k.serviceCidr };
  v.kubeClusterCidr = { value: k.clusterSubnet };
  v.dockerBridgeCidr = { value: k.dockerBridgeSubnet };
  v.networkPlugin = { value: k.networkPlugin };
  v.networkPolicy = { value: k.networkPolicy };
  v.maxPods = { value: k.maxPods };
  v.servicePrincipalClientId = { value: sp.clientId ?? '' };
  v.servicePrincipalClientSecret = sp.keyvaultSecretRef ? keyvaultReference(sp.keyvaultSecretRef) : { value: sp.secret ?? '' };
  v.caCertificate = base64(c.caCertificate);
  if (c.caPrivateKey) v.caPrivateKey = base64(c.caPrivateKey);
  v.apiServerCertificate = base64(c.apiServerCertificate);
  v.apiServerPrivateKey = base64(c.apiServerPrivateKey);
  v.clientCertificate = base64(c.clientCertificate);
  v.clientPrivateKey = base64(c.clientPrivateKey);
  v.kubeConfigCertificate = base64(c.kubeConfigCertificate);
  v.kubeConfigPrivateKey = base64(c.kubeConfigPrivateKey);
  v.etcdServerCertificate = base64(c.etcdServerCertificate);
  v.etcdServerPrivateKey = base64(c.etcdServerPrivateKey);
  v.etcdClientCertificate = base64(c.etcdClientCertificate);
  v.etcdClientPrivateKey = base64(c.etcdClientPrivateKey);
  (c.etcdPeerCertificates ?? []).forEach((certificate, i) => {
    v[`etcdPeerCertificate${i}`] = base64(certificate);
    v[`etcdPeerPrivateKey${i}`] = base64(c.etcdPeerPrivateKeys?.[i]);
  });
  return v;
}

function keyvaultReference(ref: KeyvaultSecretRef): ParameterValue {
  return {
    reference: {
      keyVault: { id: ref.vaultID ?? '' },
      secretName: ref.secretName ?? '',
      ...(ref.version ? { secretVersion: ref.version } : {}),
    },
  };
}
