// Real ssh-rsa public keys for example and test requests (the private half is discarded).
import { generateKeyPairSync } from 'node:crypto';

export function sshRsaPublicKey(bits = 2048, comment = 'tester@example'): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const field = (data: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, 0].map((_, i) => (data.length >>> (24 - 8 * i)) & 0xff)), data]);
  const mpint = (value: string) => {
    const bytes = Buffer.from(value, 'base64url');
    return field(bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
  };
  return `ssh-rsa ${Buffer.concat([field(Buffer.from('ssh-rsa')), mpint(jwk.e), mpint(jwk.n)]).toString('base64')} ${comment}`;
}
