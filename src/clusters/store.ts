// Cluster records as JSON blobs with ETag concurrency: creation is create-if-absent, updates are
// read-modify-write with If-Match and retried on conflict.
import { RestError } from '@azure/core-rest-pipeline';
import type { Settings } from '../config/settings';
import { container, downloadBlob } from '../azure/blob-storage';
import { nodeCount, vcpuCount } from '../domain/cluster-spec';
import { vmSizes } from '../domain/vm-sizes';
import type { ClusterRecord, ProvisioningState } from './record';

const recordBlob = (name: string) => `clusters/${name}.json`;

export class RecordConflictError extends Error {}

/** What listings and quota counts need without reading each record: state, owner and size. */
function recordMetadata(record: ClusterRecord): Record<string, string> {
  return {
    state: record.provisioningState.toLowerCase(),
    owner: record.createdBy?.objectId ?? '',
    vms: String(nodeCount(record.spec)),
    vcpus: String(vcpuCount(record.spec, (size) => vmSizes[size]?.vcpus ?? 0)),
  };
}

export interface Usage {
  clusters: number;
  vms: number;
  vcpus: number;
}

export interface RecordPage {
  records: ClusterRecord[];
  /** The last name of this page when more follow. */
  continuationToken?: string;
}

/**
 * The version of each record this process last read or wrote (a copy, so that no caller's change leaks in), a few
 * hundred at most. Updates start from it: most record writes follow this process's own last read or write of the
 * same record, so most need no read first.
 */
class LastSeenRecords {
  private readonly entries = new Map<string, { record: ClusterRecord; etag: string }>();

  constructor(private readonly capacity: number) {}

  remember(url: string, record: ClusterRecord, etag: string): void {
    this.entries.delete(url);
    this.entries.set(url, { record: structuredClone(record), etag });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The remembered version, itself: a caller copies it before changing it. */
  recall(url: string): { record: ClusterRecord; etag: string } | undefined {
    return this.entries.get(url);
  }

  forget(url: string): void {
    this.entries.delete(url);
  }
}

const lastSeen = new LastSeenRecords(500);

/** What a change decided on one version of a record: the record to write (none: leave it), and what it means. */
export interface Decision<T> {
  write?: ClusterRecord;
  outcome: T;
}

export class ClusterStore {
  constructor(private readonly settings: Settings) {}

  private async blob(name: string) {
    return (await container(this.settings, 'records')).getBlockBlobClient(recordBlob(name));
  }

  async get(name: string): Promise<{ record: ClusterRecord; etag: string } | undefined> {
    const blob = await this.blob(name);
    try {
      // One GET gives the content and the ETag of that very content, so an update can never build on a stale read.
      const { content, etag } = await downloadBlob(blob);
      const found = { record: JSON.parse(content.toString('utf8')) as ClusterRecord, etag: etag! };
      lastSeen.remember(blob.url, found.record, found.etag);
      return found;
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  /** Writes a record: new (etag undefined, fails if one exists) or replacing the given version. */
  async put(record: ClusterRecord, etag: string | undefined): Promise<string> {
    const blob = await this.blob(record.name);
    const body = JSON.stringify(record);
    try {
      const result = await blob.upload(body, Buffer.byteLength(body), {
        conditions: etag === undefined ? { ifNoneMatch: '*' } : { ifMatch: etag },
        blobHTTPHeaders: { blobContentType: 'application/json' },
        metadata: recordMetadata(record),
      });
      lastSeen.remember(blob.url, record, result.etag!);
      return result.etag!;
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412)) {
        lastSeen.forget(blob.url);
        throw new RecordConflictError(`The record of cluster '${record.name}' changed while it was being written.`);
      }
      throw error;
    }
  }

  /**
   * Applies a change to the current record, retrying when another writer got there first. `touch: false` keeps
   * updatedAt (bookkeeping such as leases is not a change clients should see).
   */
  async update(
    name: string,
    change: (record: ClusterRecord) => ClusterRecord | undefined,
    options: { touch?: boolean } = {},
  ): Promise<ClusterRecord | undefined> {
    return (await this.decide(name, (record) => ({ write: change(record), outcome: undefined }), options))?.record;
  }

  /**
   * Like update(), for a change that also decides something for its caller (a lease granted, a request refused):
   * the outcome returned is always that of the evaluation whose decision stands (a write that lost a race is
   * decided again on the newer record), so a caller never keeps the answer of a discarded attempt.
   */
  async decide<T>(
    name: string,
    decide: (record: ClusterRecord) => Decision<T>,
    options: { touch?: boolean } = {},
  ): Promise<{ record: ClusterRecord; outcome: T } | undefined> {
    const url = (await this.blob(name)).url;
    for (let attempt = 0; attempt < 10; attempt++) {
      // First from the version this process last read or wrote, without a read: If-Match refuses the write if the
      // record has changed since, and then the change is applied again to a fresh read. A decision to write nothing
      // is only ever taken on a fresh read.
      const known = attempt === 0 ? lastSeen.recall(url) : undefined;
      const current = known ?? (await this.get(name));
      if (!current) return undefined;
      const { write: next, outcome } = decide(structuredClone(current.record));
      if (!next) {
        if (known) continue;
        return { record: current.record, outcome };
      }
      if (options.touch !== false) next.updatedAt = new Date().toISOString();
      try {
        await this.put(next, current.etag);
        return { record: next, outcome };
      } catch (error) {
        if (!(error instanceof RecordConflictError)) throw error;
      }
    }
    throw new RecordConflictError(`The record of cluster '${name}' kept changing; giving up after 10 attempts.`);
  }

  /** A page of records in name order after `afterName`, optionally only those in the given states. */
  async list(pageSize: number, afterName: string | undefined, states?: ProvisioningState[]): Promise<RecordPage> {
    const records = await container(this.settings, 'records');
    const wanted = states ? new Set(states.map((state) => state.toLowerCase())) : undefined;
    const names: string[] = [];
    // The state is kept in blob metadata, so filtering needs no record reads; names come back sorted.
    for await (const item of records.listBlobsFlat({ prefix: 'clusters/', includeMetadata: true })) {
      const name = item.name.slice('clusters/'.length, -'.json'.length);
      if (afterName !== undefined && name <= afterName) continue;
      if (wanted && !wanted.has(item.metadata?.state ?? '')) continue;
      names.push(name);
      if (names.length > pageSize) break;
    }
    const pageNames = names.slice(0, pageSize);
    const found = await Promise.all(pageNames.map((name) => this.get(name)));
    return {
      records: found.filter((entry) => entry !== undefined).map((entry) => entry.record),
      continuationToken: names.length > pageSize ? pageNames.at(-1) : undefined,
    };
  }

  /** What one owner's clusters use now (every cluster not Deleted), from blob metadata alone; `except` is left out. */
  async usage(ownerObjectId: string, except?: string): Promise<Usage> {
    const usage: Usage = { clusters: 0, vms: 0, vcpus: 0 };
    const records = await container(this.settings, 'records');
    for await (const item of records.listBlobsFlat({ prefix: 'clusters/', includeMetadata: true })) {
      const metadata = item.metadata ?? {};
      if (metadata.owner !== ownerObjectId || metadata.state === 'deleted') continue;
      if (except !== undefined && item.name === recordBlob(except)) continue;
      usage.clusters++;
      usage.vms += Number(metadata.vms ?? 0);
      usage.vcpus += Number(metadata.vcpus ?? 0);
    }
    return usage;
  }
}
