// Leases of running activities on the cluster record (see ActivityLease): taken only for the latest,
// unfinished operation, renewed while the activity works, released when it ends.
import { randomUUID } from 'node:crypto';
import type { ActivityLease, ClusterRecord } from './record';
import { runningOperation } from './record';
import type { ClusterStore } from './store';

export interface LeaseKey {
  name: string;
  generation: number;
  operationId: string;
  activity: string;
}

/** Whether a lease still counts: renewed within its lifetime. */
export function leaseIsLive(lease: ActivityLease, lifetimeSeconds: number, now = Date.now()): boolean {
  return now - Date.parse(lease.renewedAt) < lifetimeSeconds * 1000;
}

/** Live leases held by operations other than the given one. */
export function otherLiveLeases(record: ClusterRecord, operationId: string, lifetimeSeconds: number): ActivityLease[] {
  return (record.leases ?? []).filter((lease) => lease.operationId !== operationId && leaseIsLive(lease, lifetimeSeconds));
}

export class ActivityLeases {
  constructor(
    private readonly store: ClusterStore,
    private readonly lifetimeSeconds: number,
  ) {}

  /** Takes a lease for the activity, or undefined when its operation is no longer the cluster's running one. */
  async acquire(key: LeaseKey): Promise<string | undefined> {
    const leaseId = randomUUID();
    const decided = await this.store.decide(
      key.name,
      (record) => {
        const running = runningOperation(record);
        if (record.generation !== key.generation || running?.id !== key.operationId) return { outcome: false };
        const now = Date.now();
        // Drop lapsed leases and any earlier lease of this very activity (a run that crashed before releasing it).
        record.leases = (record.leases ?? []).filter(
          (lease) =>
            leaseIsLive(lease, this.lifetimeSeconds, now) && !(lease.operationId === key.operationId && lease.activity === key.activity),
        );
        record.leases.push({ operationId: key.operationId, activity: key.activity, leaseId, renewedAt: new Date(now).toISOString() });
        return { write: record, outcome: true };
      },
      { touch: false },
    );
    return decided?.outcome ? leaseId : undefined;
  }

  /** Renews the lease; false when it is gone (lapsed and taken over) or its operation is no longer running. */
  async renew(name: string, leaseId: string): Promise<boolean> {
    const decided = await this.store.decide(
      name,
      (record) => {
        const lease = record.leases?.find((candidate) => candidate.leaseId === leaseId);
        if (!lease || runningOperation(record)?.id !== lease.operationId) return { outcome: false };
        lease.renewedAt = new Date().toISOString();
        return { write: record, outcome: true };
      },
      { touch: false },
    );
    return decided?.outcome ?? false;
  }

  async release(name: string, leaseId: string): Promise<void> {
    await this.store.update(
      name,
      (record) => {
        if (!record.leases?.some((lease) => lease.leaseId === leaseId)) return undefined;
        record.leases = record.leases.filter((lease) => lease.leaseId !== leaseId);
        if (record.leases.length === 0) delete record.leases;
        return record;
      },
      { touch: false },
    );
  }
}
