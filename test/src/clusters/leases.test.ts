// Which activity leases still count: renewed within their lifetime, and held by another operation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leaseIsLive, otherLiveLeases } from '../../../src/clusters/leases';
import type { ClusterRecord } from '../../../src/clusters/record';

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
