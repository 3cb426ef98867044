// What one caller may have at once (clusters, VMs, vCPUs): the settings' limits, or limits an admin set for
// that caller. Checked before anything is created.
import { RestError } from '@azure/core-rest-pipeline';
import type { CallerQuota, Settings } from '../config/settings';
import { container, downloadContent } from '../azure/blob-storage';
import type { Usage } from './store';

export class CallerQuotas {
  constructor(private readonly settings: Settings) {}

  private async blob(objectId: string) {
    return (await container(this.settings, 'records')).getBlockBlobClient(`quotas/${objectId}.json`);
  }

  /** The caller's limits and whether an admin set them. */
  async get(objectId: string): Promise<{ limits: CallerQuota; custom: boolean }> {
    try {
      const text = (await downloadContent(await this.blob(objectId))).toString('utf8');
      return { limits: { ...this.settings.quota, ...(JSON.parse(text) as Partial<CallerQuota>) }, custom: true };
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return { limits: this.settings.quota, custom: false };
      throw error;
    }
  }

  async set(objectId: string, limits: CallerQuota): Promise<void> {
    const body = JSON.stringify(limits);
    await (await this.blob(objectId)).upload(body, Buffer.byteLength(body), { blobHTTPHeaders: { blobContentType: 'application/json' } });
  }

  async reset(objectId: string): Promise<void> {
    await (await this.blob(objectId)).deleteIfExists();
  }
}

const units: Record<keyof CallerQuota, string> = { clusters: 'clusters', vms: 'VMs', vcpus: 'vCPUs' };

/** The limits a request would pass, with what it would use. */
export function exceededLimits(limits: CallerQuota, usage: Usage, adding: Usage): Array<{ limit: keyof CallerQuota; message: string }> {
  const exceeded: Array<{ limit: keyof CallerQuota; message: string }> = [];
  for (const limit of ['clusters', 'vms', 'vcpus'] as const) {
    const total = usage[limit] + adding[limit];
    if (adding[limit] > 0 && total > limits[limit]) {
      exceeded.push({
        limit,
        message: `This would make ${total} ${units[limit]} (${usage[limit]} in use); the limit is ${limits[limit]}.`,
      });
    }
  }
  return exceeded;
}
