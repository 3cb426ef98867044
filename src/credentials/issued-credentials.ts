// Minted kubeconfigs in Blob Storage: written for one request, reachable only through that request's link,
// and deleted once the link has expired. Blob names start with that time, so a sweep reads only what is due.
import type { Settings } from '../config/settings';
import { container } from '../azure/blob-storage';

const prefix = 'expires/';

export class IssuedCredentials {
  constructor(private readonly settings: Settings) {}

  async write(serial: string, deleteAfter: Date, content: string) {
    const blob = (await container(this.settings, 'issued')).getBlockBlobClient(`${prefix}${deleteAfter.toISOString()}/${serial}.json`);
    await blob.upload(content, Buffer.byteLength(content), { blobHTTPHeaders: { blobContentType: 'application/json' } });
    return blob;
  }

  /** Deletes every credential whose time has come; returns how many. */
  async purgeExpired(now = new Date()): Promise<number> {
    const blobs = await container(this.settings, 'issued');
    let deleted = 0;
    for await (const item of blobs.listBlobsFlat({ prefix })) {
      if (!isDue(item.name, now)) break; // names sort by time: the rest are later
      await blobs.deleteBlob(item.name).catch(() => undefined);
      deleted++;
    }
    return deleted;
  }
}

/** Whether a credential blob's deletion time has passed. */
export function isDue(blobName: string, now: Date): boolean {
  const time = Date.parse(blobName.slice(prefix.length, blobName.indexOf('/', prefix.length)));
  return Number.isFinite(time) && time <= now.getTime();
}
