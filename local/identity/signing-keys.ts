// The token signing keys of the local Entra ID: RSA keys, each with a self-signed certificate as Entra publishes
// them (kid and x5t are the certificate's SHA-1 thumbprint in base64url, x5c the certificate). Rotation makes a
// new key current; the old ones stay published (tokens they signed still verify) unless dropped.
import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { basicConstraintsExtension, createCertificate, distinguishedName, keyUsageExtension, KeyUsageFlags } from '../pki/x509';
import { cachedRsaKeySync } from '../support/key-cache';

/** A public key as the JWKS lists it. */
export interface PublishedKey {
  kty: 'RSA';
  use: 'sig';
  kid: string;
  x5t: string;
  n: string;
  e: string;
  x5c: string[];
  issuer: string;
}

export interface JsonWebKeySet {
  keys: PublishedKey[];
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  published: PublishedKey;
}

const CERTIFICATE_VALIDITY_MS = 2 * 365 * 86_400_000;

/**
 * A new signing key and its self-signed certificate. `cacheAs` takes the key from the test run's key cache (see
 * key-cache.ts): the certificate, and so the kid, is new anyway, and tokens name the identity that issued them.
 */
export function createSigningKey(issuer: string, modulusLength = 2048, cacheAs?: string): SigningKey {
  const make = () => generateKeyPairSync('rsa', { modulusLength }).privateKey;
  const privateKey = cacheAs ? cachedRsaKeySync(cacheAs, modulusLength, make) : make();
  const publicKey = createPublicKey(privateKey);
  const name = distinguishedName('Local Entra ID token signing', 'aks-cosmos-provisioner', 'utf8');
  const now = Date.now();
  const { der } = createCertificate({
    subject: name,
    issuer: name,
    publicKey,
    signingKey: privateKey,
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + CERTIFICATE_VALIDITY_MS),
    extensions: [basicConstraintsExtension(false), keyUsageExtension(KeyUsageFlags.digitalSignature)],
  });
  const certificate = Buffer.from(der);
  const thumbprint = createHash('sha1').update(certificate).digest('base64url');
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return {
    kid: thumbprint,
    privateKey,
    published: {
      kty: 'RSA',
      use: 'sig',
      kid: thumbprint,
      x5t: thumbprint,
      n: jwk.n,
      e: jwk.e,
      x5c: [certificate.toString('base64')],
      issuer,
    },
  };
}

export class SigningKeys {
  /** Newest first: the first one signs. */
  private keys: SigningKey[];
  private set: JsonWebKeySet;

  constructor(
    private readonly issuer: string,
    private readonly modulusLength = 2048,
  ) {
    // The first key may come from a test run's cache; a rotation always makes a new one.
    this.keys = [createSigningKey(issuer, modulusLength, 'identity-signing')];
    this.set = this.publish();
  }

  current(): SigningKey {
    return this.keys[0]!;
  }

  /** The published set. The same object until the next rotation, so that verifiers can cache what they import. */
  jwks(): JsonWebKeySet {
    return this.set;
  }

  /** A new key becomes current. keepPrevious (default true) keeps the old keys published; false drops them. */
  rotate(options: { keepPrevious?: boolean } = {}): SigningKey {
    const next = createSigningKey(this.issuer, this.modulusLength);
    this.keys = options.keepPrevious === false ? [next] : [next, ...this.keys];
    this.set = this.publish();
    return next;
  }

  private publish(): JsonWebKeySet {
    return { keys: this.keys.map((key) => key.published) };
  }
}
