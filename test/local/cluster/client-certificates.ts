// Client certificates for tests, minted the way the product mints per-caller ones (ECDSA P-256, or RSA) and
// signed by a cluster CA, plus kubeconfigs that use them against a stand-in cluster.
import { createPrivateKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName } from '@peculiar/asn1-x509';
import {
  authorityKeyIdExtension,
  basicConstraintsExtension,
  createCertificate,
  distinguishedName,
  extendedKeyUsageExtension,
  id_kp_clientAuth,
  keyIdentifier,
  keyUsageExtension,
  KeyUsageFlags,
  readIssuerCertificate,
} from '../../../local/pki/x509';

export interface Issuer {
  certificatePem: string;
  key: KeyObject;
}

export interface ClientCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

export interface ClientSpec {
  commonName: string;
  /** Every one becomes a subject O, in order. */
  organizations?: string[];
  keyType?: 'ec' | 'rsa';
  notBefore?: Date;
  notAfter?: Date;
}

/** The cluster CA aks-engine generated (ca.crt and ca.key in its output folder). */
export function clusterIssuer(outputDir: string): Issuer {
  return {
    certificatePem: readFileSync(path.join(outputDir, 'ca.crt'), 'utf8'),
    key: createPrivateKey(readFileSync(path.join(outputDir, 'ca.key'), 'utf8')),
  };
}

/** A CA no cluster trusts, for certificates that must be refused. */
export function foreignIssuer(): Issuer {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const now = Date.now();
  const { pem } = createCertificate({
    subject: distinguishedName('ca'),
    issuer: distinguishedName('ca'),
    publicKey,
    signingKey: privateKey,
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 24 * 3600_000),
    extensions: [
      basicConstraintsExtension(true),
      keyUsageExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyCertSign),
      authorityKeyIdExtension(keyIdentifier(publicKey)),
    ],
  });
  return { certificatePem: pem, key: privateKey };
}

export function mintClientCertificate(issuer: Issuer, spec: ClientSpec): ClientCertificate {
  const { publicKey, privateKey } =
    spec.keyType === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const issuerCertificate = readIssuerCertificate(new X509Certificate(issuer.certificatePem).raw);
  const now = Date.now();
  const { pem } = createCertificate({
    subject: subjectName(spec.commonName, spec.organizations ?? []),
    issuer: issuerCertificate.subject,
    publicKey,
    signingKey: issuer.key,
    notBefore: spec.notBefore ?? new Date(now - 60_000),
    notAfter: spec.notAfter ?? new Date(now + 3600_000),
    extensions: [
      keyUsageExtension(KeyUsageFlags.digitalSignature | (spec.keyType === 'rsa' ? KeyUsageFlags.keyEncipherment : 0)),
      extendedKeyUsageExtension([id_kp_clientAuth]),
      basicConstraintsExtension(false),
      ...(issuerCertificate.subjectKeyId ? [authorityKeyIdExtension(issuerCertificate.subjectKeyId)] : []),
    ],
  });
  return { certificatePem: pem, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** One RDN per O (in order), then the CN, as Go's x509 writes a subject with several organizations. */
function subjectName(commonName: string, organizations: string[]): Name {
  const rdn = (type: string, value: string) =>
    new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) })]);
  return new Name([...organizations.map((organization) => rdn('2.5.4.10', organization)), rdn('2.5.4.3', commonName)]);
}

/** A kubeconfig (JSON, which kubectl reads) for the server with this client certificate; returns its path. */
export function writeKubeconfig(file: string, serverUrl: string, caCertificatePem: string, client: ClientCertificate): string {
  const base64 = (text: string) => Buffer.from(text).toString('base64');
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'stand-in', cluster: { server: serverUrl, 'certificate-authority-data': base64(caCertificatePem) } }],
    users: [
      {
        name: 'caller',
        user: { 'client-certificate-data': base64(client.certificatePem), 'client-key-data': base64(client.privateKeyPem) },
      },
    ],
    contexts: [{ name: 'stand-in', context: { cluster: 'stand-in', user: 'caller' } }],
    'current-context': 'stand-in',
  };
  writeFileSync(file, JSON.stringify(kubeconfig), { mode: 0o600 });
  return file;
}
