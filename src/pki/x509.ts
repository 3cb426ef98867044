// X.509 building blocks: the product mints per-caller client certificates with them, and the local stack builds
// the aks-engine simulator's cluster PKI (RSA) and the HTTPS emulator's throwaway CA (ECDSA P-256) with them.
// Certificates are assembled from the @peculiar ASN.1 schemas and signed with node:crypto; this module holds
// that low-level code once: names, the common extensions, SubjectPublicKeyInfo, signing and PEM encoding.
import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
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
} from '@peculiar/asn1-x509';

export { KeyUsageFlags, id_kp_clientAuth, id_kp_serverAuth, type Extension, type Name } from '@peculiar/asn1-x509';

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const OID_COMMON_NAME = '2.5.4.3';
const OID_ORGANIZATION = '2.5.4.10';

export interface CertificateSpec {
  subject: Name;
  issuer: Name;
  /** The certified key (the subject's). */
  publicKey: KeyObject;
  /** The issuer's private key: RSA signs with sha256WithRSAEncryption, EC with ecdsa-with-SHA256. */
  signingKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  /** Defaults to randomSerialNumber(). */
  serialNumber?: ArrayBuffer;
  extensions: Extension[];
}

export interface SignedCertificate {
  der: ArrayBuffer;
  pem: string;
}

/** Builds the TBSCertificate (v3), signs it with SHA-256 and returns the certificate as DER and PEM. */
export function createCertificate(spec: CertificateSpec): SignedCertificate {
  const signatureAlgorithm = signatureAlgorithmFor(spec.signingKey);
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: spec.serialNumber ?? randomSerialNumber(),
    signature: signatureAlgorithm,
    issuer: spec.issuer,
    validity: new Validity({ notBefore: spec.notBefore, notAfter: spec.notAfter }),
    subject: spec.subject,
    subjectPublicKeyInfo: subjectPublicKeyInfo(spec.publicKey),
    extensions: new Extensions(spec.extensions),
  });
  const signatureValue = sign('sha256', Buffer.from(AsnConvert.serialize(tbsCertificate)), spec.signingKey);
  const der = AsnConvert.serialize(new Certificate({ tbsCertificate, signatureAlgorithm, signatureValue: toArrayBuffer(signatureValue) }));
  return { der, pem: certificateToPem(der) };
}

function signatureAlgorithmFor(signingKey: KeyObject): AlgorithmIdentifier {
  switch (signingKey.asymmetricKeyType) {
    case 'rsa':
      // RFC 4055: the parameters of sha256WithRSAEncryption are an explicit NULL.
      return new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null });
    case 'ec':
      // RFC 5758: ecdsa-with-SHA256 has no parameters.
      return new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 });
    default:
      throw new Error(`cannot sign a certificate with a ${signingKey.asymmetricKeyType ?? 'non-asymmetric'} key`);
  }
}

/** How the name's attribute values are encoded. */
export type DirectoryStringType =
  /** PrintableString when the characters allow, else UTF8String (Go's pkix.Name). */
  | 'printable'
  /** Always UTF8String. */
  | 'utf8';

/** A distinguished name of O (when given) then CN, one attribute per RDN, as Go's pkix.Name orders them. */
export function distinguishedName(commonName: string, organization?: string, stringType: DirectoryStringType = 'printable'): Name {
  const rdn = (type: string, value: string) =>
    new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value: directoryString(value, stringType) })]);
  return new Name([...(organization ? [rdn(OID_ORGANIZATION, organization)] : []), rdn(OID_COMMON_NAME, commonName)]);
}

function directoryString(value: string, stringType: DirectoryStringType): AttributeValue {
  return stringType === 'printable' && /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value)
    ? new AttributeValue({ printableString: value })
    : new AttributeValue({ utf8String: value });
}

/** Parses the parts of an existing certificate an issuer needs: its subject name and subject key identifier, if any. */
export function readIssuerCertificate(der: ArrayBuffer | Uint8Array): { subject: Name; subjectKeyId?: ArrayBuffer } {
  const parsed = AsnConvert.parse(der, Certificate);
  const skiExtension = parsed.tbsCertificate.extensions?.find((extension) => extension.extnID === id_ce_subjectKeyIdentifier);
  const subjectKeyId = skiExtension ? AsnConvert.parse(skiExtension.extnValue.buffer, SubjectKeyIdentifier).buffer : undefined;
  return { subject: parsed.tbsCertificate.subject, subjectKeyId };
}

/** keyUsage, critical; flags from KeyUsageFlags. */
export function keyUsageExtension(flags: number): Extension {
  return extension(id_ce_keyUsage, true, new KeyUsage(flags));
}

/** basicConstraints, critical; pathLenConstraint only when given. */
export function basicConstraintsExtension(ca: boolean, pathLenConstraint?: number): Extension {
  const constraints = new BasicConstraints(pathLenConstraint === undefined ? { cA: ca } : { cA: ca, pathLenConstraint });
  return extension(id_ce_basicConstraints, true, constraints);
}

/** extKeyUsage, not critical; purposes are OIDs such as id_kp_serverAuth. */
export function extendedKeyUsageExtension(purposes: string[]): Extension {
  return extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage(purposes));
}

/** One subjectAltName entry. */
export type AltName = { dnsName: string } | { ipAddress: string };

/** An IP literal as an iPAddress entry, anything else as a dNSName. */
export function hostAltName(host: string): AltName {
  return isIP(host) ? { ipAddress: host } : { dnsName: host };
}

/** subjectAltName, not critical, with the entries in the order given. */
export function subjectAltNameExtension(names: AltName[]): Extension {
  const generalNames = names.map((name) =>
    'dnsName' in name ? new GeneralName({ dNSName: name.dnsName }) : new GeneralName({ iPAddress: name.ipAddress }),
  );
  return extension(id_ce_subjectAltName, false, new SubjectAlternativeName(generalNames));
}

/** subjectKeyIdentifier, not critical, derived from the certified key (see keyIdentifier). */
export function subjectKeyIdExtension(publicKey: KeyObject): Extension {
  return extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifier(publicKey)));
}

/** authorityKeyIdentifier, not critical, carrying only the issuer's key identifier. */
export function authorityKeyIdExtension(issuerKeyId: ArrayBuffer): Extension {
  return extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(issuerKeyId) }));
}

/** RFC 5280 method 1: SHA-1 of the subjectPublicKey bit string. */
export function keyIdentifier(publicKey: KeyObject): ArrayBuffer {
  return toArrayBuffer(
    createHash('sha1')
      .update(Buffer.from(subjectPublicKeyInfo(publicKey).subjectPublicKey))
      .digest(),
  );
}

function subjectPublicKeyInfo(publicKey: KeyObject): SubjectPublicKeyInfo {
  return AsnConvert.parse(toArrayBuffer(publicKey.export({ type: 'spki', format: 'der' })), SubjectPublicKeyInfo);
}

/** An extension whose extnValue is the DER of its body wrapped in an OCTET STRING. */
function extension(extnID: string, critical: boolean, body: unknown): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(body)) });
}

/** A random positive 128-bit serial, like Go's rand.Int(rand.Reader, 2^128) (top bit cleared so DER needs no sign byte). */
export function randomSerialNumber(): ArrayBuffer {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f || 0x01;
  return toArrayBuffer(bytes);
}

function certificateToPem(der: ArrayBuffer): string {
  const base64 = Buffer.from(der).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${base64.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
