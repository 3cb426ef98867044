// Real ssh-rsa public keys for example and test requests (the private half is discarded).
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { cachedRsaKeySync } from './key-cache';

/** The key of each size made so far in this process: making an RSA key takes a tenth of a second. */
const keyFields = new Map<number, string>();

/** An ssh-rsa public key line; calls for the same size in one process share the key and differ only by comment. */
export function sshRsaPublicKey(bits = 2048, comment = 'tester@example'): string {
  let fields = keyFields.get(bits);
  if (!fields) {
    fields = newKeyFields(bits);
    keyFields.set(bits, fields);
  }
  return `ssh-rsa ${fields} ${comment}`;
}

function newKeyFields(bits: number): string {
  const privateKey = cachedRsaKeySync('ssh', bits, () => generateKeyPairSync('rsa', { modulusLength: bits }).privateKey);
  const publicKey = createPublicKey(privateKey);
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const field = (data: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, 0].map((_, i) => (data.length >>> (24 - 8 * i)) & 0xff)), data]);
  const mpint = (value: string) => {
    const bytes = Buffer.from(value, 'base64url');
    return field(bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
  };
  return Buffer.concat([field(Buffer.from('ssh-rsa')), mpint(jwk.e), mpint(jwk.n)]).toString('base64');
}
