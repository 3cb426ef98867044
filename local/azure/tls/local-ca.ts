// A throwaway certificate authority and server certificates for localhost/127.0.0.1/::1, generated at start
// and kept in memory; only the CA certificate (public) is written out for clients to trust. The local stack
// shares one CA between the ARM/Graph emulator and the local identity.
// Built from the @peculiar ASN.1 schemas and signed with node:crypto (ECDSA P-256: fast to generate).
import { generateKeyPairSync } from 'node:crypto';
import {
  authorityKeyIdExtension,
  basicConstraintsExtension,
  createCertificate,
  distinguishedName,
  extendedKeyUsageExtension,
  hostAltName,
  id_kp_serverAuth,
  keyIdentifier,
  keyUsageExtension,
  KeyUsageFlags,
  subjectAltNameExtension,
  subjectKeyIdExtension,
} from '../../pki/x509';

export interface LocalCertificates {
  caPem: string;
  certPem: string;
  keyPem: string;
}

/** A certificate authority kept in memory: several local servers can share it, so one trusted CA file covers them all. */
export interface LocalCa {
  caPem: string;
  /** A server certificate for the loopback names plus any extra host names or IPs, signed by this CA. */
  issueServerCertificate(extraHosts?: string[]): LocalCertificates;
}

const VALIDITY_MS = 30 * 24 * 3600 * 1000;

/** From an hour back (to tolerate clock skew between processes and containers) to VALIDITY_MS from now. */
function validity(): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - 3600_000), notAfter: new Date(now + VALIDITY_MS) };
}

/** Creates a CA whose private key never leaves this object. */
export function createLocalCa(commonName = 'Local Azure Emulator CA'): LocalCa {
  const ca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caName = distinguishedName(commonName, 'aks-cosmos-provisioner', 'utf8');
  const { pem: caPem } = createCertificate({
    subject: caName,
    issuer: caName,
    publicKey: ca.publicKey,
    signingKey: ca.privateKey,
    ...validity(),
    extensions: [
      basicConstraintsExtension(true, 0),
      keyUsageExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign),
      subjectKeyIdExtension(ca.publicKey),
    ],
  });

  return {
    caPem,
    issueServerCertificate(extraHosts: string[] = []): LocalCertificates {
      const server = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const hosts = [...new Set(['localhost', '127.0.0.1', '::1', ...extraHosts])];
      const { pem: certPem } = createCertificate({
        subject: distinguishedName('127.0.0.1', undefined, 'utf8'),
        issuer: caName,
        publicKey: server.publicKey,
        signingKey: ca.privateKey,
        ...validity(),
        extensions: [
          basicConstraintsExtension(false),
          keyUsageExtension(KeyUsageFlags.digitalSignature),
          extendedKeyUsageExtension([id_kp_serverAuth]),
          subjectAltNameExtension(hosts.map(hostAltName)),
          subjectKeyIdExtension(server.publicKey),
          authorityKeyIdExtension(keyIdentifier(ca.publicKey)),
        ],
      });
      return { caPem, certPem, keyPem: server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    },
  };
}

/** Creates the CA (or uses the one given) and a server certificate for the loopback names plus any extra host names or IPs. */
export async function createLocalCertificates(extraHosts: string[] = [], ca: LocalCa = createLocalCa()): Promise<LocalCertificates> {
  return ca.issueServerCertificate(extraHosts);
}
