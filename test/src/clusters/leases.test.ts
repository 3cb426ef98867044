// Which activity leases still count (renewed within their lifetime, held by another operation), and what taking
// and renewing one answers when the record changed between its read and its write.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ActivityLeases, leaseIsLive, otherLiveLeases } from '../../../src/clusters/leases';
import type { ClusterRecord } from '../../../src/clusters/record';
import type { ClusterStore, Decision } from '../../../src/clusters/store';

const now = Date.parse('2026-01-01T00:01:00Z');
const lease = (operationId: string, secondsAgo: number) => ({
  operationId,
  activity: 'generateArtifacts',
  leaseId: `${operationId}-${secondsAgo}`,
  renewedAt: new Date(now - secondsAgo * 1000).toISOString(),
});

describe('activity leases', () => {
  test('a lease lapses once it has not been renewed for its lifetime', () => {
    assert.equal(leaseIsLive(lease('a', 59), 60, now), true);
    assert.equal(leaseIsLive(lease('a', 60), 60, now), false);
  });

  test('only live leases of other operations hold an operation back', () => {
    const record = { leases: [lease('create', 10), lease('create', 120), lease('delete', 1)] } as unknown as ClusterRecord;
    const realNow = Date.now;
    Date.now = () => now;
    try {
      assert.deepEqual(
        otherLiveLeases(record, 'delete', 60).map((held) => held.leaseId),
        ['create-10'],
      );
      assert.deepEqual(otherLiveLeases({ ...record, leases: undefined }, 'delete', 60), []);
    } finally {
      Date.now = realNow;
    }
  });
});

/**
 * A store whose first write loses a race, as ClusterStore.decide does when another writer got there first: the change
 * is decided on the record as first read, the write is refused, and it is decided again on the newer record.
 */
function storeLosingOneRace(asFirstRead: ClusterRecord, asWrittenMeanwhile: ClusterRecord): ClusterStore {
  const store = {
    async decide<T>(_name: string, decide: (record: ClusterRecord) => Decision<T>) {
      decide(structuredClone(asFirstRead)); // its write is refused: the record changed meanwhile
      const { write, outcome } = decide(structuredClone(asWrittenMeanwhile));
      return { record: write ?? asWrittenMeanwhile, outcome };
    },
  };
  return store as unknown as ClusterStore;
}

const clusterRecord = (running: Array<Record<string, unknown>>, leases: ClusterRecord['leases'] = []) =>
  ({
    name: 'race1',
    generation: 1,
    provisioningState: 'Provisioning',
    operations: running.map((operation) => ({ ...operation, startedAt: '2026-01-01T00:00:00Z' })),
    leases,
  }) as unknown as ClusterRecord;

describe('a lease decided on a record that changed before it was written', () => {
  const create = { id: 'cluster-race1-g1-create', kind: 'create' as const };
  const deletion = { id: 'cluster-race1-g1-delete', kind: 'delete' as const };
  const createCanceled = { ...create, status: 'Canceled', finishedAt: '2026-01-01T00:00:05Z' };

  test('is not granted when a delete began between the read and the write', async () => {
    const store = storeLosingOneRace(clusterRecord([create]), clusterRecord([createCanceled, deletion]));
    const leaseId = await new ActivityLeases(store, 60).acquire({
      name: 'race1',
      generation: 1,
      operationId: create.id,
      activity: 'deployCluster',
    });
    assert.equal(leaseId, undefined, 'the activity must not act while the delete runs');
  });

  test('is not renewed when its operation ended between the read and the write', async () => {
    const lease = { operationId: create.id, activity: 'deployCluster', leaseId: 'l1', renewedAt: new Date().toISOString() };
    const store = storeLosingOneRace(clusterRecord([create], [lease]), clusterRecord([createCanceled, deletion], [lease]));
    assert.equal(await new ActivityLeases(store, 60).renew('race1', 'l1'), false);
  });
});
