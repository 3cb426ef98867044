// A throwaway certificate authority and a server certificate for localhost/127.0.0.1/::1, generated at
// start and kept in memory; only the CA certificate (public) is written out for clients to trust.
// Built from the @peculiar ASN.1 schemas and signed with node:crypto (ECDSA P-256: fast to generate).
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
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
  id_kp_serverAuth,
} from '@peculiar/asn1-x509';

export interface LocalCertificates {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const OID_COMMON_NAME = '2.5.4.3';
const OID_ORGANIZATION = '2.5.4.10';
const VALIDITY_MS = 30 * 24 * 3600 * 1000;

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** An extension's extnValue: the DER of the extension body wrapped in an OCTET STRING. */
function der(value: unknown): OctetString {
  return new OctetString(AsnConvert.serialize(value));
}

function name(commonName: string, organization?: string): Name {
  const rdn = (type: string, value: string) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) })]);
  return new Name([...(organization ? [rdn(OID_ORGANIZATION, organization)] : []), rdn(OID_COMMON_NAME, commonName)]);
}

function spkiOf(publicKey: KeyObject): SubjectPublicKeyInfo {
  return AsnConvert.parse(toArrayBuffer(publicKey.export({ type: 'spki', format: 'der' })), SubjectPublicKeyInfo);
}

/** RFC 5280 method 1: SHA-1 of the subjectPublicKey bit string. */
function keyIdOf(publicKey: KeyObject): ArrayBuffer {
  return toArrayBuffer(createHash('sha1').update(Buffer.from(spkiOf(publicKey).subjectPublicKey)).digest());
}

function serialNumber(): ArrayBuffer {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) || 0x01;
  return toArrayBuffer(bytes);
}

function signCertificate(subject: Name, issuer: Name, publicKey: KeyObject, signingKey: KeyObject, extensions: Extension[]): string {
  const signatureAlgorithm = new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 });
  const now = Date.now();
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: serialNumber(),
    signature: signatureAlgorithm,
    issuer,
    // Start an hour back to tolerate clock skew between processes and containers.
    validity: new Validity({ notBefore: new Date(now - 3600_000), notAfter: new Date(now + VALIDITY_MS) }),
    subject,
    subjectPublicKeyInfo: spkiOf(publicKey),
    extensions: new Extensions(extensions),
  });
  const signatureValue = sign('sha256', Buffer.from(AsnConvert.serialize(tbsCertificate)), signingKey);
  const certificate = AsnConvert.serialize(new Certificate({ tbsCertificate, signatureAlgorithm, signatureValue: toArrayBuffer(signatureValue) }));
  const base64 = Buffer.from(certificate).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${base64.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

/** Creates the CA and a server certificate for the loopback names plus any extra host names or IPs. */
export async function createLocalCertificates(extraHosts: string[] = []): Promise<LocalCertificates> {
  const ca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caName = name('Local Azure Emulator CA', 'aks-cosmos-provisioner');
  const caPem = signCertificate(caName, caName, ca.publicKey, ca.privateKey, [
    new Extension({ extnID: id_ce_basicConstraints, critical: true, extnValue: der(new BasicConstraints({ cA: true, pathLenConstraint: 0 })) }),
    new Extension({ extnID: id_ce_keyUsage, critical: true, extnValue: der(new KeyUsage(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign)) }),
    new Extension({ extnID: id_ce_subjectKeyIdentifier, critical: false, extnValue: der(new SubjectKeyIdentifier(keyIdOf(ca.publicKey))) }),
  ]);

  const server = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const hosts = [...new Set(['localhost', '127.0.0.1', '::1', ...extraHosts])];
  const altNames = hosts.map((host) => (isIP(host) ? new GeneralName({ iPAddress: host }) : new GeneralName({ dNSName: host })));
  const certPem = signCertificate(name('127.0.0.1'), caName, server.publicKey, ca.privateKey, [
    new Extension({ extnID: id_ce_basicConstraints, critical: true, extnValue: der(new BasicConstraints({ cA: false })) }),
    new Extension({ extnID: id_ce_keyUsage, critical: true, extnValue: der(new KeyUsage(KeyUsageFlags.digitalSignature)) }),
    new Extension({ extnID: id_ce_extKeyUsage, critical: false, extnValue: der(new ExtendedKeyUsage([id_kp_serverAuth])) }),
    new Extension({ extnID: id_ce_subjectAltName, critical: false, extnValue: der(new SubjectAlternativeName(altNames)) }),
    new Extension({ extnID: id_ce_subjectKeyIdentifier, critical: false, extnValue: der(new SubjectKeyIdentifier(keyIdOf(server.publicKey))) }),
    new Extension({ extnID: id_ce_authorityKeyIdentifier, critical: false, extnValue: der(new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(keyIdOf(ca.publicKey)) })) }),
  ]);
  return { caPem, certPem, keyPem: server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}
