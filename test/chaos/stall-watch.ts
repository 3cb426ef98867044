// Tells when a cluster can no longer change: no orchestration of it has been Running or Pending for a while
// (a record left Accepted by a crash, for instance). Waiting for such a cluster stops early.
import type { LocalStack } from '../../local/stack/stack';
import { durableInstances } from './evidence';

export class StallWatch {
  private idleSince = new Map<string, number>();

  constructor(
    private readonly stack: LocalStack,
    private readonly stallMs: number,
  ) {}

  async stalled(name: string): Promise<boolean> {
    let instances;
    try {
      instances = await durableInstances(this.stack.apiBaseUrl.replace(/\/api$/, ''), `cluster-${name}-`);
    } catch {
      this.idleSince.delete(name); // the host is restarting
      return false;
    }
    if (instances.some((instance) => ['Running', 'Pending'].includes(instance.runtimeStatus))) {
      this.idleSince.delete(name);
      return false;
    }
    const since = this.idleSince.get(name) ?? Date.now();
    this.idleSince.set(name, since);
    return Date.now() - since >= this.stallMs;
  }
}
