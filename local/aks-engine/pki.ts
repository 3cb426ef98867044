// The cluster PKI that aks-engine v0.32.3 generates (pkg/helpers/pki.go): a CA and the API server, client,
// kubectl client, etcd server, etcd client and one etcd peer certificate per master, each signed by the CA.
// Certificates are built with the @peculiar ASN.1 schemas and signed with node:crypto, so they are real X.509.
import { createPrivateKey, createPublicKey, generateKeyPair, X509Certificate, type KeyObject } from 'node:crypto';
import {
  authorityKeyIdExtension,
  basicConstraintsExtension,
  createCertificate,
  distinguishedName,
  extendedKeyUsageExtension,
  id_kp_clientAuth,
  id_kp_serverAuth,
  keyUsageExtension,
  KeyUsageFlags,
  readIssuerCertificate,
  subjectAltNameExtension,
  subjectKeyIdExtension,
  type Name,
} from '../pki/x509';
import { cachedRsaKey } from '../support/key-cache';

/** aks-engine's ValidityDuration: 30 years (time.Hour * 24 * 365 * 30, no leap days). */
export const CERTIFICATE_VALIDITY_MS = 30 * 365 * 24 * 3600 * 1000;

/** The real tool uses 4096-bit keys; the simulator defaults to 2048 so a whole cluster PKI is generated in well under a second. */
export const DEFAULT_PKI_KEY_BITS = 2048;

/** A certificate and its private key, both PEM (the key as PKCS#1 "RSA PRIVATE KEY", like Go's x509.MarshalPKCS1PrivateKey). */
export interface KeyCertPair {
  certificatePem: string;
  privateKeyPem: string;
}

/** Everything CreatePki returns, plus the CA it was signed with. */
export interface ClusterPki {
  ca: KeyCertPair;
  apiServer: KeyCertPair;
  /** CN=client, O=system:masters: the kubelets' client certificate. */
  client: KeyCertPair;
  /** A second CN=client, O=system:masters certificate, the one the admin kubeconfig embeds (kubectlClient.*). */
  kubeConfig: KeyCertPair;
  etcdServer: KeyCertPair;
  /** The certificate Cosmos DB trusts for mutual TLS when masterProfile.cosmosEtcd is true. */
  etcdClient: KeyCertPair;
  etcdPeers: KeyCertPair[];
}

export interface ClusterPkiOptions {
  /** DNS names for the API server certificate (aks-engine passes the master FQDN for every Azure location, then `localhost`). */
  apiServerDnsNames: string[];
  /** IP addresses for the API server and etcd certificates (master IPs, internal LB IP, first service IP, loopback). */
  ipAddresses: string[];
  /** Extra DNS names for the etcd server certificate (see etcdServerDnsNames in cluster-pki.ts for why). */
  etcdServerDnsNames: string[];
  clusterDomain: string;
  masterCount: number;
  /** A CA to sign with (from --ca-certificate-path/--ca-private-key-path or the apimodel); a new one is made if absent. */
  ca?: KeyCertPair;
  keyBits?: number;
  /** Certificates start now; tests may pin the clock. */
  now?: Date;
}

/** Creates a self-signed CA like CreatePkiKeyCertPair("ca"). */
export async function createCertificateAuthority(
  commonName = 'ca',
  keyBits = DEFAULT_PKI_KEY_BITS,
  now = new Date(),
): Promise<KeyCertPair> {
  const key = await newRsaKey(keyBits);
  const publicKey = createPublicKey(key);
  const subject = distinguishedName(commonName);
  const { pem } = createCertificate({
    subject,
    issuer: subject,
    publicKey,
    signingKey: key,
    ...validityFrom(now),
    extensions: [
      keyUsageExtension(KeyUsageFlags.keyEncipherment | KeyUsageFlags.digitalSignature | KeyUsageFlags.keyCertSign),
      basicConstraintsExtension(true),
      subjectKeyIdExtension(publicKey),
    ],
  });
  return { certificatePem: pem, privateKeyPem: privateKeyToPem(key) };
}

/** Creates the whole cluster PKI. Keys are generated concurrently (libuv thread pool), as aks-engine uses an errgroup. */
export async function createClusterPki(options: ClusterPkiOptions): Promise<ClusterPki> {
  const keyBits = options.keyBits ?? DEFAULT_PKI_KEY_BITS;
  const now = options.now ?? new Date();
  const ca = options.ca ?? (await createCertificateAuthority('ca', keyBits, now));
  const issuer = loadIssuer(ca);
  const kubernetesNames = [
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    `kubernetes.default.svc.${options.clusterDomain}`,
    'kubernetes.kube-system',
    'kubernetes.kube-system.svc',
    `kubernetes.kube-system.svc.${options.clusterDomain}`,
  ];
  // Each leaf has its place in this list; in a test run, the leaf in a place reuses one key (see key-cache.ts).
  let place = 0;
  const leaf = (spec: LeafSpec) => createLeaf(issuer, spec, keyBits, now, place++);
  // In pki.go the etcd branch compares the CN with "etcdServer"/"etcdClient" while the CNs are lowercase, so every etcd
  // certificate falls through to the peer branch: serverAuth + clientAuth and the IP SANs. We keep that.
  const etcdUsages = [id_kp_serverAuth, id_kp_clientAuth];
  const [apiServer, client, kubeConfig, etcdServer, etcdClient, ...etcdPeers] = await Promise.all([
    leaf({
      commonName: 'apiserver',
      extKeyUsages: [id_kp_serverAuth],
      dnsNames: [...options.apiServerDnsNames, ...kubernetesNames],
      ipAddresses: options.ipAddresses,
    }),
    leaf({ commonName: 'client', organization: 'system:masters', extKeyUsages: [id_kp_clientAuth] }),
    leaf({ commonName: 'client', organization: 'system:masters', extKeyUsages: [id_kp_clientAuth] }),
    leaf({ commonName: 'etcdserver', extKeyUsages: etcdUsages, dnsNames: options.etcdServerDnsNames, ipAddresses: options.ipAddresses }),
    leaf({ commonName: 'etcdclient', extKeyUsages: etcdUsages, ipAddresses: options.ipAddresses }),
    ...Array.from({ length: options.masterCount }, () =>
      leaf({ commonName: 'etcdpeer', extKeyUsages: etcdUsages, ipAddresses: options.ipAddresses }),
    ),
  ]);
  return { ca, apiServer, client, kubeConfig, etcdServer, etcdClient, etcdPeers };
}

/** Fails with a readable message when a CA pair given by the user cannot sign (bad PEM, key not matching the certificate). */
export function checkCertificateAuthority(ca: KeyCertPair): void {
  loadIssuer(ca);
}

interface LeafSpec {
  commonName: string;
  organization?: string;
  extKeyUsages: string[];
  dnsNames?: string[];
  ipAddresses?: string[];
}

interface Issuer {
  name: Name;
  key: KeyObject;
  subjectKeyId?: ArrayBuffer;
}

async function createLeaf(issuer: Issuer, spec: LeafSpec, keyBits: number, now: Date, place: number): Promise<KeyCertPair> {
  const key = await cachedRsaKey(`aks-engine-leaf-${place}`, keyBits, () => newRsaKey(keyBits));
  const publicKey = createPublicKey(key);
  const extensions = [
    keyUsageExtension(KeyUsageFlags.keyEncipherment | KeyUsageFlags.digitalSignature),
    extendedKeyUsageExtension(spec.extKeyUsages),
    basicConstraintsExtension(false),
    subjectKeyIdExtension(publicKey),
  ];
  if (issuer.subjectKeyId) extensions.push(authorityKeyIdExtension(issuer.subjectKeyId));
  const altNames = [
    ...(spec.dnsNames ?? []).map((dnsName) => ({ dnsName })),
    ...(spec.ipAddresses ?? []).map((ipAddress) => ({ ipAddress })),
  ];
  if (altNames.length > 0) extensions.push(subjectAltNameExtension(altNames));
  const { pem } = createCertificate({
    subject: distinguishedName(spec.commonName, spec.organization),
    issuer: issuer.name,
    publicKey,
    signingKey: issuer.key,
    ...validityFrom(now),
    extensions,
  });
  return { certificatePem: pem, privateKeyPem: privateKeyToPem(key) };
}

function loadIssuer(ca: KeyCertPair): Issuer {
  let certificate: X509Certificate;
  let key: KeyObject;
  try {
    certificate = new X509Certificate(ca.certificatePem);
  } catch (error) {
    throw new Error(`The raw pem is not a valid PEM formatted block: ${(error as Error).message}`, { cause: error });
  }
  try {
    key = createPrivateKey(ca.privateKeyPem);
  } catch (error) {
    throw new Error(`The raw pem is not a valid PEM formatted block: ${(error as Error).message}`, { cause: error });
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error('the CA private key must be an RSA key');
  if (!certificate.checkPrivateKey(key)) throw new Error('the CA private key does not match the CA certificate');
  const { subject, subjectKeyId } = readIssuerCertificate(certificate.raw);
  return { name: subject, key, subjectKeyId };
}

/** aks-engine's certificates are valid from now for CERTIFICATE_VALIDITY_MS. */
function validityFrom(now: Date): { notBefore: Date; notAfter: Date } {
  return { notBefore: now, notAfter: new Date(now.getTime() + CERTIFICATE_VALIDITY_MS) };
}

function newRsaKey(bits: number): Promise<KeyObject> {
  return new Promise((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: bits, publicExponent: 0x10001 }, (error, _publicKey, privateKey) =>
      error ? reject(error) : resolve(privateKey),
    ),
  );
}

function privateKeyToPem(key: KeyObject): string {
  return key.export({ type: 'pkcs1', format: 'pem' }).toString();
}
