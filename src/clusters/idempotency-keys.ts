// Idempotency-Key claims: a key is bound to the first request that used it (by a fingerprint of that request),
// and released again when that request was refused, so a refused request never uses up its key.
import { createHash } from 'node:crypto';
import { RestError } from '@azure/core-rest-pipeline';
import type { Settings } from '../config/settings';
import { container, downloadContent } from '../azure/blob-storage';

export type KeyClaim = { outcome: 'claimed'; etag: string } | { outcome: 'repeat' } | { outcome: 'reused' };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export class IdempotencyKeys {
  constructor(private readonly settings: Settings) {}

  private async blob(key: string) {
    return (await container(this.settings, 'records')).getBlockBlobClient(`idempotency/${sha256(key)}.json`);
  }

  /** Binds the key to this request's fingerprint; says whether it was new, a repeat, or used for another request. */
  async claim(key: string, fingerprint: string): Promise<KeyClaim> {
    const blob = await this.blob(key);
    const claim = JSON.stringify({ fingerprint: sha256(fingerprint) });
    try {
      const written = await blob.upload(claim, Buffer.byteLength(claim), { conditions: { ifNoneMatch: '*' } });
      return { outcome: 'claimed', etag: written.etag! };
    } catch (error) {
      if (!(error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412))) throw error;
    }
    const existing = await downloadContent(blob).catch((error: unknown) => {
      if (error instanceof RestError && error.statusCode === 404) return undefined; // released meanwhile
      throw error;
    });
    if (!existing) return this.claim(key, fingerprint);
    return existing.toString('utf8') === claim ? { outcome: 'repeat' } : { outcome: 'reused' };
  }

  /** Gives a key back after its request was refused; only the claim this request wrote is removed. */
  async release(key: string, etag: string): Promise<void> {
    await (await this.blob(key)).deleteIfExists({ conditions: { ifMatch: etag } }).catch(() => undefined);
  }
}
