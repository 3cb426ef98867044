// setDefaultCerts (pkg/api/defaults.go): decides which certificates the apimodel still needs, works out their
// SANs from the model, creates them (with the given CA when there is one) and stores them in certificateProfile.
import { AZURE_LOCATIONS, masterFqdn } from './azure-locations';
import { DEFAULT_CLUSTER_DOMAIN, INTERNAL_LB_IP_OFFSET, cosmosEtcdHost, isCosmosEtcd } from './apimodel/defaults';
import type { CertificateProfile, ContainerService } from './apimodel/types';
import { createClusterPki, type KeyCertPair } from './pki';

/** Fills certificateProfile; returns false (nothing generated, no certificate files written) when it was complete. */
export async function ensureCertificates(model: ContainerService, keyBits: number): Promise<boolean> {
  const p = model.properties!;
  const m = p.masterProfile!;
  const count = m.count ?? 1;
  const profile: CertificateProfile = (p.certificateProfile ??= {});
  const provided = {
    ca: Boolean(profile.caCertificate && profile.caPrivateKey),
    apiServer: Boolean(profile.apiServerCertificate && profile.apiServerPrivateKey),
    client: Boolean(profile.clientCertificate && profile.clientPrivateKey),
    kubeConfig: Boolean(profile.kubeConfigCertificate && profile.kubeConfigPrivateKey),
    etcd: Boolean(
      profile.etcdServerCertificate &&
      profile.etcdServerPrivateKey &&
      profile.etcdClientCertificate &&
      profile.etcdClientPrivateKey &&
      profile.etcdPeerCertificates?.length === count &&
      profile.etcdPeerPrivateKeys?.length === count,
    ),
  };
  if (Object.values(provided).every(Boolean)) return false;

  const pki = await createClusterPki({
    apiServerDnsNames: apiServerDnsNames(model),
    ipAddresses: certificateIpAddresses(model),
    etcdServerDnsNames: etcdServerDnsNames(model),
    clusterDomain: DEFAULT_CLUSTER_DOMAIN,
    masterCount: count,
    ca: provided.ca ? { certificatePem: profile.caCertificate!, privateKeyPem: profile.caPrivateKey! } : undefined,
    keyBits,
  });
  const take = (pair: KeyCertPair) => [pair.certificatePem, pair.privateKeyPem] as const;
  if (!provided.ca) [profile.caCertificate, profile.caPrivateKey] = take(pki.ca);
  if (!provided.apiServer) [profile.apiServerCertificate, profile.apiServerPrivateKey] = take(pki.apiServer);
  if (!provided.client) [profile.clientCertificate, profile.clientPrivateKey] = take(pki.client);
  if (!provided.kubeConfig) [profile.kubeConfigCertificate, profile.kubeConfigPrivateKey] = take(pki.kubeConfig);
  if (!provided.etcd) {
    [profile.etcdServerCertificate, profile.etcdServerPrivateKey] = take(pki.etcdServer);
    [profile.etcdClientCertificate, profile.etcdClientPrivateKey] = take(pki.etcdClient);
    profile.etcdPeerCertificates = pki.etcdPeers.map((pair) => pair.certificatePem);
    profile.etcdPeerPrivateKeys = pki.etcdPeers.map((pair) => pair.privateKeyPem);
  }
  return true;
}

/** The master FQDN in every Azure location, the apimodel's subjectAltNames, then localhost. */
export function apiServerDnsNames(model: ContainerService): string[] {
  const m = model.properties!.masterProfile!;
  const fqdns = [...new Set(AZURE_LOCATIONS.map((location) => masterFqdn(m.dnsPrefix ?? '', location)))];
  return [...fqdns, ...(m.subjectAltNames ?? []), 'localhost'];
}

/**
 * aks-engine's etcd server certificate carries IP SANs only (the masters and loopback). The simulator adds
 * `localhost` and, with cosmosEtcd, the Cosmos etcd host, so that a local etcd standing in for the Cosmos
 * endpoint can serve with this certificate under either name.
 */
export function etcdServerDnsNames(model: ContainerService): string[] {
  const p = model.properties!;
  return isCosmosEtcd(p) ? ['localhost', cosmosEtcdHost(p.masterProfile!.dnsPrefix ?? '')] : ['localhost'];
}

/** First master IP, 127.0.0.1, the internal load balancer, the other masters, then the first service IP (10.0.0.1). */
export function certificateIpAddresses(model: ContainerService): string[] {
  const p = model.properties!;
  const m = p.masterProfile!;
  const first = ipv4ToNumber(m.firstConsecutiveStaticIP ?? '10.240.255.5');
  const vmss = m.availabilityProfile === 'VirtualMachineScaleSets';
  const ips = [numberToIpv4(first), '127.0.0.1'];
  ips.push(
    vmss ? numberToIpv4(((first & 0xffff0000) | (255 << 8) | INTERNAL_LB_IP_OFFSET) >>> 0) : numberToIpv4(first + INTERNAL_LB_IP_OFFSET),
  );
  for (let i = 1; i < (m.count ?? 1); i++) {
    ips.push(vmss ? numberToIpv4(((first & 0xffff0000) | (i * (m.ipAddressCount || 1))) >>> 0) : numberToIpv4(first + i));
  }
  const serviceCidr = p.orchestratorProfile?.kubernetesConfig?.serviceCidr ?? '10.0.0.0/16';
  ips.push(numberToIpv4(ipv4ToNumber(serviceCidr.split('/')[0]!) + 1));
  return ips;
}

function ipv4ToNumber(ip: string): number {
  return ip.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

function numberToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join('.');
}
