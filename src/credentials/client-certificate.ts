// Client certificates minted per caller and request: a fresh ECDSA P-256 key (microseconds to make, where RSA
// costs tens of milliseconds) and a certificate signed by the cluster CA, naming the caller (CN, the user the
// API server sees) and the access group (O), valid only for the minutes asked.
import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import {
  authorityKeyIdExtension,
  basicConstraintsExtension,
  createCertificate,
  distinguishedName,
  extendedKeyUsageExtension,
  id_kp_clientAuth,
  keyUsageExtension,
  KeyUsageFlags,
  randomSerialNumber,
  readIssuerCertificate,
} from '../pki/x509';

export interface ClusterCa {
  certificatePem: string;
  privateKeyPem: string;
}

export interface MintedCertificate {
  certificatePem: string;
  privateKeyPem: string;
  /** Hex serial number, as `openssl x509 -serial` prints it. */
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

/** Clocks of the API server may be a little behind ours. */
const backdateMs = 5 * 60_000;

export function mintClientCertificate(ca: ClusterCa, user: string, group: string, minutes: number, now = new Date()): MintedCertificate {
  const caCertificate = new X509Certificate(ca.certificatePem);
  const caKey = createPrivateKey(ca.privateKeyPem);
  if (!caCertificate.checkPrivateKey(caKey)) throw new Error('The cluster CA key does not match its certificate.');
  const issuer = readIssuerCertificate(caCertificate.raw);
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const serialNumber = randomSerialNumber();
  const notBefore = new Date(now.getTime() - backdateMs);
  const notAfter = new Date(Math.min(now.getTime() + minutes * 60_000, Date.parse(caCertificate.validTo)));
  const certificate = createCertificate({
    subject: distinguishedName(user, group, 'utf8'),
    issuer: issuer.subject,
    publicKey,
    signingKey: caKey,
    notBefore,
    notAfter,
    serialNumber,
    extensions: [
      keyUsageExtension(KeyUsageFlags.digitalSignature),
      extendedKeyUsageExtension([id_kp_clientAuth]),
      basicConstraintsExtension(false),
      ...(issuer.subjectKeyId ? [authorityKeyIdExtension(issuer.subjectKeyId)] : []),
    ],
  });
  return {
    certificatePem: certificate.pem,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    serial: Buffer.from(serialNumber).toString('hex').toUpperCase(),
    notBefore,
    notAfter,
  };
}
