// Cluster records in Blob Storage (Azurite): an update that follows this process's own read or write of the record
// needs no read of its own, and a change made meanwhile by another writer (another host instance) is never lost.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BlobServiceClient, type BlockBlobClient } from '@azure/storage-blob';
import type { RunningAzurite } from '../../../local/stack/azurite';
import { readSettings, type Settings } from '../../../src/config/settings';
import type { ClusterRecord } from '../../../src/clusters/record';
import { ClusterStore } from '../../../src/clusters/store';
import { requestMethodsDuring } from '../../support/http';
import { testStorage } from '../../support/shared-storage';

let azurite: RunningAzurite;
let settings: Settings;

before(async () => {
  azurite = await testStorage();
  settings = readSettings({
    AZURE_SUBSCRIPTION_ID: '00000000-0000-4000-8000-000000000001',
    ARTIFACTS_STORAGE_CONNECTION_STRING: azurite.connectionString,
    AUTH_TENANT_ID: '00000000-0000-4000-8000-000000000003',
    AUTH_AUDIENCE: 'api://aks-cosmos-provisioner',
  });
});

after(async () => {
  await azurite?.stop();
});

function newRecord(name: string): ClusterRecord {
  const now = new Date().toISOString();
  return {
    name,
    generation: 1,
    spec: {
      name,
      location: 'centralus',
      orchestratorProfile: { orchestratorVersion: '1.11.8' },
      masterProfile: { count: 1, vmSize: 'Standard_D2_v3' },
      agentPoolProfiles: [{ name: 'agent', count: 1, vmSize: 'Standard_D2_v3', availabilityProfile: 'AvailabilitySet' }],
      linuxProfile: { adminUsername: 'azureuser', sshPublicKey: 'ssh-rsa AAAA test@host' },
      tags: {},
    },
    provisioningState: 'Provisioning',
    createdAt: now,
    updatedAt: now,
    operations: [{ id: `cluster-${name}-g1-create`, kind: 'create', startedAt: now }],
    outputs: {} as ClusterRecord['outputs'],
  };
}

/** The record's blob, written around the store as another process would. */
function recordBlob(name: string): BlockBlobClient {
  return BlobServiceClient.fromConnectionString(azurite.connectionString)
    .getContainerClient('cluster-records')
    .getBlockBlobClient(`clusters/${name}.json`);
}

describe('cluster record updates', () => {
  test('an update after this process wrote the record is one write, no read', async () => {
    const store = new ClusterStore(settings);
    await store.put(newRecord('store1'), undefined);
    const methods = await requestMethodsDuring(() => store.update('store1', (record) => ({ ...record, provisioningState: 'Succeeded' })));
    assert.deepEqual(methods, ['PUT']);
    assert.equal((await store.get('store1'))?.record.provisioningState, 'Succeeded');
  });

  test('a change written meanwhile by another writer is kept: the update applies to the newer record', async () => {
    const store = new ClusterStore(settings);
    await store.put(newRecord('store2'), undefined);
    // Another host instance adds a lease behind this process's back.
    const elsewhere = JSON.parse((await recordBlob('store2').downloadToBuffer()).toString('utf8')) as ClusterRecord;
    elsewhere.leases = [
      { operationId: 'cluster-store2-g1-create', activity: 'deployCluster', leaseId: 'l1', renewedAt: new Date().toISOString() },
    ];
    const body = JSON.stringify(elsewhere);
    await recordBlob('store2').upload(body, Buffer.byteLength(body));

    const methods = await requestMethodsDuring(() => store.update('store2', (record) => ({ ...record, provisioningState: 'Succeeded' })));
    assert.deepEqual(methods, ['PUT', 'GET', 'PUT'], 'the stale write is refused, then read and written again');
    const stored = (await store.get('store2'))!.record;
    assert.equal(stored.provisioningState, 'Succeeded');
    assert.equal(stored.leases?.[0]?.leaseId, 'l1', 'the other writer’s lease is still there');
  });

  test('a decision to write nothing is taken on a fresh read, never on the remembered version', async () => {
    const store = new ClusterStore(settings);
    await store.put({ ...newRecord('store3'), provisioningState: 'Deleting' }, undefined);
    // Another writer moves the record on; this process still remembers it Deleting.
    const body = JSON.stringify({ ...newRecord('store3'), provisioningState: 'Provisioning' });
    await recordBlob('store3').upload(body, Buffer.byteLength(body));

    const seen: string[] = [];
    const result = await store.update('store3', (record) => {
      seen.push(record.provisioningState);
      return record.provisioningState === 'Deleting' ? undefined : { ...record, provisioningState: 'Succeeded' };
    });
    assert.deepEqual(seen, ['Deleting', 'Provisioning'], 'declined on the remembered version, then decided on a fresh read');
    assert.equal(result?.provisioningState, 'Succeeded');
    assert.equal((await store.get('store3'))?.record.provisioningState, 'Succeeded');
  });

  test('a record removed behind this process’s back is not found, not an error', async () => {
    const store = new ClusterStore(settings);
    await store.put(newRecord('store4'), undefined);
    await recordBlob('store4').delete();
    const result = await store.update('store4', (record) => ({ ...record, provisioningState: 'Succeeded' }));
    assert.equal(result, undefined);
  });

  test('what a change decides for its caller is the answer of the evaluation that stands, not of a discarded one', async () => {
    const store = new ClusterStore(settings);
    await store.put(newRecord('store5'), undefined);
    // Another writer starts a delete behind this process's back.
    const body = JSON.stringify({ ...newRecord('store5'), provisioningState: 'Deleting' });
    await recordBlob('store5').upload(body, Buffer.byteLength(body));

    const decided = await store.decide('store5', (record) =>
      record.provisioningState === 'Deleting' ? { outcome: 'declined' } : { write: record, outcome: 'granted' },
    );
    assert.equal(decided?.outcome, 'declined', 'granted on the remembered version, declined on the record that stands');
    assert.equal((await store.get('store5'))?.record.provisioningState, 'Deleting');
  });
});
