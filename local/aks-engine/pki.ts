// The cluster PKI that aks-engine v0.32.3 generates (pkg/helpers/pki.go): a CA and the API server, client,
// kubectl client, etcd server, etcd client and one etcd peer certificate per master, each signed by the CA.
// Certificates are built with the @peculiar ASN.1 schemas and signed with node:crypto, so they are real X.509.
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_kp_clientAuth,
  id_kp_serverAuth,
} from '@peculiar/asn1-x509';

/** aks-engine's ValidityDuration: 30 years (time.Hour * 24 * 365 * 30, no leap days). */
export const CERTIFICATE_VALIDITY_MS = 30 * 365 * 24 * 3600 * 1000;

/** The real tool uses 4096-bit keys; the simulator defaults to 2048 so a whole cluster PKI is generated in well under a second. */
export const DEFAULT_PKI_KEY_BITS = 2048;

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const OID_COMMON_NAME = '2.5.4.3';
const OID_ORGANIZATION = '2.5.4.10';

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
export async function createCertificateAuthority(commonName = 'ca', keyBits = DEFAULT_PKI_KEY_BITS, now = new Date()): Promise<KeyCertPair> {
  const key = await newRsaKey(keyBits);
  const publicKey = createPublicKey(key);
  const subject = distinguishedName(commonName);
  const der = signCertificate({
    subject,
    issuer: subject,
    publicKey,
    signingKey: key,
    now,
    extensions: [
      keyUsageExtension(KeyUsageFlags.keyEncipherment | KeyUsageFlags.digitalSignature | KeyUsageFlags.keyCertSign),
      basicConstraintsExtension(true),
      subjectKeyIdExtension(publicKey),
    ],
  });
  return { certificatePem: certificateToPem(der), privateKeyPem: privateKeyToPem(key) };
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
  const leaf = (spec: LeafSpec) => createLeaf(issuer, spec, keyBits, now);
  // In pki.go the etcd branch compares the CN with "etcdServer"/"etcdClient" while the CNs are lowercase, so every etcd
  // certificate falls through to the peer branch: serverAuth + clientAuth and the IP SANs. We keep that.
  const etcdUsages = [id_kp_serverAuth, id_kp_clientAuth];
  const [apiServer, client, kubeConfig, etcdServer, etcdClient, ...etcdPeers] = await Promise.all([
    leaf({ commonName: 'apiserver', extKeyUsages: [id_kp_serverAuth], dnsNames: [...options.apiServerDnsNames, ...kubernetesNames], ipAddresses: options.ipAddresses }),
    leaf({ commonName: 'client', organization: 'system:masters', extKeyUsages: [id_kp_clientAuth] }),
    leaf({ commonName: 'client', organization: 'system:masters', extKeyUsages: [id_kp_clientAuth] }),
    leaf({ commonName: 'etcdserver', extKeyUsages: etcdUsages, dnsNames: options.etcdServerDnsNames, ipAddresses: options.ipAddresses }),
    leaf({ commonName: 'etcdclient', extKeyUsages: etcdUsages, ipAddresses: options.ipAddresses }),
    ...Array.from({ length: options.masterCount }, () => leaf({ commonName: 'etcdpeer', extKeyUsages: etcdUsages, ipAddresses: options.ipAddresses })),
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

async function createLeaf(issuer: Issuer, spec: LeafSpec, keyBits: number, now: Date): Promise<KeyCertPair> {
  const key = await newRsaKey(keyBits);
  const publicKey = createPublicKey(key);
  const extensions = [
    keyUsageExtension(KeyUsageFlags.keyEncipherment | KeyUsageFlags.digitalSignature),
    new Extension({ extnID: id_ce_extKeyUsage, critical: false, extnValue: der(new ExtendedKeyUsage(spec.extKeyUsages)) }),
    basicConstraintsExtension(false),
    subjectKeyIdExtension(publicKey),
  ];
  if (issuer.subjectKeyId) {
    const aki = new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(issuer.subjectKeyId) });
    extensions.push(new Extension({ extnID: id_ce_authorityKeyIdentifier, critical: false, extnValue: der(aki) }));
  }
  const names = [
    ...(spec.dnsNames ?? []).map((dNSName) => new GeneralName({ dNSName })),
    ...(spec.ipAddresses ?? []).map((iPAddress) => new GeneralName({ iPAddress })),
  ];
  if (names.length > 0) {
    extensions.push(new Extension({ extnID: id_ce_subjectAltName, critical: false, extnValue: der(new SubjectAlternativeName(names)) }));
  }
  const certificate = signCertificate({
    subject: distinguishedName(spec.commonName, spec.organization),
    issuer: issuer.name,
    publicKey,
    signingKey: issuer.key,
    now,
    extensions,
  });
  return { certificatePem: certificateToPem(certificate), privateKeyPem: privateKeyToPem(key) };
}

function loadIssuer(ca: KeyCertPair): Issuer {
  let certificate: X509Certificate;
  let key: KeyObject;
  try {
    certificate = new X509Certificate(ca.certificatePem);
  } catch (error) {
    throw new Error(`The raw pem is not a valid PEM formatted block: ${(error as Error).message}`);
  }
  try {
    key = createPrivateKey(ca.privateKeyPem);
  } catch (error) {
    throw new Error(`The raw pem is not a valid PEM formatted block: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error('the CA private key must be an RSA key');
  if (!certificate.checkPrivateKey(key)) throw new Error('the CA private key does not match the CA certificate');
  const parsed = AsnConvert.parse(certificate.raw, Certificate);
  const skiExtension = parsed.tbsCertificate.extensions?.find((extension) => extension.extnID === id_ce_subjectKeyIdentifier);
  const subjectKeyId = skiExtension ? AsnConvert.parse(skiExtension.extnValue.buffer, SubjectKeyIdentifier).buffer : undefined;
  return { name: parsed.tbsCertificate.subject, key, subjectKeyId };
}

interface CertificateSpec {
  subject: Name;
  issuer: Name;
  publicKey: KeyObject;
  signingKey: KeyObject;
  now: Date;
  extensions: Extension[];
}

function signCertificate(spec: CertificateSpec): ArrayBuffer {
  const signatureAlgorithm = new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null });
  const spki = AsnConvert.parse(toArrayBuffer(spec.publicKey.export({ type: 'spki', format: 'der' })), SubjectPublicKeyInfo);
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: serialNumber(),
    signature: signatureAlgorithm,
    issuer: spec.issuer,
    validity: new Validity({ notBefore: spec.now, notAfter: new Date(spec.now.getTime() + CERTIFICATE_VALIDITY_MS) }),
    subject: spec.subject,
    subjectPublicKeyInfo: spki,
    extensions: new Extensions(spec.extensions),
  });
  const tbs = Buffer.from(AsnConvert.serialize(tbsCertificate));
  const signatureValue = sign('sha256', tbs, spec.signingKey);
  return AsnConvert.serialize(new Certificate({ tbsCertificate, signatureAlgorithm, signatureValue: toArrayBuffer(signatureValue) }));
}

/** Go's pkix.Name puts O before CN, each a PrintableString when its characters allow (else UTF8String). */
function distinguishedName(commonName: string, organization?: string): Name {
  const rdn = (type: string, value: string) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: directoryString(value) })]);
  const rdns = [];
  if (organization) rdns.push(rdn(OID_ORGANIZATION, organization));
  rdns.push(rdn(OID_COMMON_NAME, commonName));
  return new Name(rdns);
}

function directoryString(value: string): AttributeValue {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value) ? new AttributeValue({ printableString: value }) : new AttributeValue({ utf8String: value });
}

function keyUsageExtension(flags: number): Extension {
  return new Extension({ extnID: id_ce_keyUsage, critical: true, extnValue: der(new KeyUsage(flags)) });
}

function basicConstraintsExtension(ca: boolean): Extension {
  return new Extension({ extnID: id_ce_basicConstraints, critical: true, extnValue: der(new BasicConstraints({ cA: ca })) });
}

/** RFC 5280 method 1: SHA-1 of the subjectPublicKey bit string. */
function subjectKeyIdExtension(publicKey: KeyObject): Extension {
  const spki = AsnConvert.parse(toArrayBuffer(publicKey.export({ type: 'spki', format: 'der' })), SubjectPublicKeyInfo);
  const keyId = createHash('sha1').update(Buffer.from(spki.subjectPublicKey)).digest();
  return new Extension({ extnID: id_ce_subjectKeyIdentifier, critical: false, extnValue: der(new SubjectKeyIdentifier(toArrayBuffer(keyId))) });
}

/** An extension's extnValue: the DER of the extension body wrapped in an OCTET STRING. */
function der(value: unknown): OctetString {
  return new OctetString(AsnConvert.serialize(value));
}

/** A random positive 128-bit serial, like rand.Int(rand.Reader, 2^128) in pki.go (top bit cleared so DER needs no sign byte). */
function serialNumber(): ArrayBuffer {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f || 0x01;
  return toArrayBuffer(bytes);
}

function newRsaKey(bits: number): Promise<KeyObject> {
  return new Promise((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: bits, publicExponent: 0x10001 }, (error, _publicKey, privateKey) =>
      error ? reject(error) : resolve(privateKey),
    ),
  );
}

function certificateToPem(derBytes: ArrayBuffer): string {
  const base64 = Buffer.from(derBytes).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${base64.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

function privateKeyToPem(key: KeyObject): string {
  return key.export({ type: 'pkcs1', format: 'pem' }).toString();
}

function toArrayBuffer(bytes: Buffer | Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
