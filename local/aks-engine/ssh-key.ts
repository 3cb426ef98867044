// helpers.CreateSSH: an RSA key pair, the private key as PEM "RSA PRIVATE KEY" and the public key in
// authorized_keys form ("ssh-rsa AAAA...\n", as ssh.MarshalAuthorizedKey writes it).
import { generateKeyPair, type KeyObject } from 'node:crypto';

export interface SshKeyPair {
  privateKeyPem: string;
  publicKey: string;
}

export async function createSshKeyPair(bits: number): Promise<SshKeyPair> {
  const { publicKey, privateKey } = await new Promise<{ publicKey: KeyObject; privateKey: KeyObject }>((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: bits, publicExponent: 0x10001 }, (error, pub, priv) =>
      error ? reject(error) : resolve({ publicKey: pub, privateKey: priv }),
    ),
  );
  const jwk = publicKey.export({ format: 'jwk' });
  const blob = Buffer.concat([
    sshString(Buffer.from('ssh-rsa')),
    sshMpint(Buffer.from(jwk.e!, 'base64url')),
    sshMpint(Buffer.from(jwk.n!, 'base64url')),
  ]);
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKey: `ssh-rsa ${blob.toString('base64')}\n`,
  };
}

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** RFC 4251 mpint: big-endian, with a leading zero byte when the high bit is set. */
function sshMpint(bytes: Buffer): Buffer {
  let trimmed = bytes;
  while (trimmed.length > 1 && trimmed[0] === 0) trimmed = trimmed.subarray(1);
  return sshString((trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}
