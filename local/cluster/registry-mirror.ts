// Keeps etcd's /registry keys in step with the API server's writes, so etcd shows what the cluster holds
// (a node deleted through the API is gone from /registry/minions too). Writes go out in order, one at a time.
import type { EtcdGatewayClient } from './etcd-gateway';
import type { ObjectStore } from './object-store';
import { registryKey } from './registry-seed';

export class RegistryMirror {
  /** Keys changed since the last write, with the value to write (undefined: delete). */
  private readonly pending = new Map<string, string | undefined>();
  private running: Promise<void> = Promise.resolve();
  private started = false;
  private stopped = false;
  private readonly unsubscribe: () => void;
  /** The last write that failed, kept for diagnosis; the mirror keeps going. */
  lastError: Error | undefined;

  constructor(
    store: ObjectStore,
    private readonly client: EtcdGatewayClient,
  ) {
    this.unsubscribe = store.onChange((event) => {
      if (!event.resource.registryPrefix) return;
      const key = registryKey(event.resource, event.object.metadata.name, event.object.metadata.namespace);
      this.pending.set(key, event.type === 'DELETED' ? undefined : JSON.stringify(event.object));
      this.schedule();
    });
  }

  /** Starts writing; changes made before (while etcd was being seeded) are written now. */
  start(): void {
    this.started = true;
    this.schedule();
  }

  /** Resolves once every change so far is in etcd. */
  async flush(): Promise<void> {
    while (this.pending.size > 0 && this.started && !this.stopped) {
      this.schedule();
      await this.running;
    }
    await this.running;
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    await this.flush();
    this.stopped = true;
  }

  private schedule(): void {
    if (!this.started || this.stopped) return;
    this.running = this.running.then(() => this.writePending());
  }

  private async writePending(): Promise<void> {
    const batch = [...this.pending.entries()];
    this.pending.clear();
    for (const [key, value] of batch) {
      try {
        if (value === undefined) await this.client.delete(key);
        else await this.client.put(key, value);
      } catch (error) {
        this.lastError = error as Error;
      }
    }
  }
}
