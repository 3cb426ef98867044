// RSA keys made once per test run and shared by its processes. Making an RSA key costs 12 ms of CPU at 1024 bits
// and 65 ms at 2048, and a test run made about a thousand of them: every cluster's aks-engine PKI, every test file's
// SSH key. Only where AKS_COSMOS_KEY_CACHE names a folder (`npm test` sets it), and only for keys whose sharing
// proves nothing wrong: never a certificate authority's, whose key is what tells one cluster from another.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const keyCacheVariable = 'AKS_COSMOS_KEY_CACHE';

/** The cache file of a key, when the cache is set, and the key in it, once one was made. */
function lookup(name: string, bits: number): { file?: string; key?: KeyObject } {
  const folder = process.env[keyCacheVariable];
  if (!folder) return {};
  const file = path.join(folder, `${name}-rsa${bits}.pem`);
  try {
    return { file, key: createPrivateKey(fs.readFileSync(file, 'utf8')) };
  } catch {
    return { file };
  }
}

/** Keeps a new key, written whole or not at all: processes that read meanwhile find none and make their own. */
function keep(file: string | undefined, key: KeyObject): KeyObject {
  if (!file) return key;
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    fs.renameSync(temp, file);
  } catch {
    fs.rmSync(temp, { force: true });
  }
  return key;
}

/** The cached key of this name and size, or a new one from make() (then cached). */
export async function cachedRsaKey(name: string, bits: number, make: () => Promise<KeyObject>): Promise<KeyObject> {
  const { file, key } = lookup(name, bits);
  return key ?? keep(file, await make());
}

/** cachedRsaKey() for callers that cannot wait. */
export function cachedRsaKeySync(name: string, bits: number, make: () => KeyObject): KeyObject {
  const { file, key } = lookup(name, bits);
  return key ?? keep(file, make());
}
