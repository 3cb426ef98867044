// The admin API: full state and call counts (to prove nothing was created twice and teardown removed
// everything), timing profiles, provider states, reset, and persistence of the state across restarts.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startAzureEmulator, type AzureEmulator } from '../../../local/azure';
import {
  adminCall,
  authorizationClient,
  deploymentsClient,
  graphCall,
  resourceClient,
  trustCaForFetch,
} from '../../support/azure-emulator';
import { aksLikeParameters, aksLikeTemplate } from './fixtures/aks-like-template';

const SUB = '55555555-2222-3333-4444-555555555555';
const fast = { updateIntervalInMs: 5 };

describe('Azure emulator admin API', () => {
  let emulator: AzureEmulator;

  before(async () => {
    emulator = await startAzureEmulator();
    trustCaForFetch(emulator.caPem);
  });
  after(() => emulator.close());

  it('shows the whole state and per-operation call counts for a provisioning run, then an empty state after teardown', async () => {
    await adminCall(emulator, 'POST', '/reset');
    const resources = resourceClient(emulator, SUB);
    const deployments = deploymentsClient(emulator, SUB);
    await resources.providers.register('Microsoft.DocumentDB');
    await resources.resourceGroups.createOrUpdate('rg-run', { location: 'centralus', tags: { cluster: 'run' } });
    const app = (await graphCall(emulator, 'POST', '/applications', { displayName: 'run' })).body;
    await graphCall(emulator, 'POST', `/applications/${app.id}/addPassword`, { passwordCredential: { displayName: 'rbac' } });
    const sp = (await graphCall(emulator, 'POST', '/servicePrincipals', { appId: app.appId })).body;
    await authorizationClient(emulator, SUB).roleAssignments.create(
      `/subscriptions/${SUB}/resourceGroups/rg-run`,
      '0d6f9c5e-1111-4aaa-8bbb-123456789abc',
      {
        roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`,
        principalId: sp.id,
        principalType: 'ServicePrincipal',
      },
    );
    await deployments.deployments.createOrUpdate(
      'rg-run',
      'run-1',
      { properties: { mode: 'Incremental', template: aksLikeTemplate(), parameters: aksLikeParameters('run') } },
      fast,
    );

    const state = (await adminCall(emulator, 'GET', '/state')).body;
    assert.deepEqual(
      state.resourceGroups.map((group: { name: string }) => group.name),
      ['rg-run'],
    );
    assert.deepEqual(
      state.deployments.map((d: { name: string; provisioningState: string }) => [d.name, d.provisioningState]),
      [['run-1', 'Succeeded']],
    );
    assert.equal(state.resources.length, 9);
    assert.equal(state.applications.length, 1);
    assert.equal(state.applications[0].passwordCredentials[0].secretText, null);
    assert.equal(state.servicePrincipals.length, 1);
    assert.equal(state.roleAssignments.length, 1);
    assert.ok(
      state.providers.some(
        (provider: { namespace: string; registrationState: string }) =>
          provider.namespace === 'Microsoft.DocumentDB' && provider.registrationState === 'Registered',
      ),
    );
    assert.equal(state.calls['PUT resourceGroups'], 1);
    assert.equal(state.calls['POST applications'], 1);
    assert.equal(state.calls['POST servicePrincipals'], 1);
    assert.equal(state.calls['PUT roleAssignments'], 1);
    assert.equal(state.calls['PUT deployments'], 1);
    assert.ok(state.calls['GET deployments/operationStatuses'] >= 1);

    await graphCall(emulator, 'DELETE', `/applications/${app.id}`);
    await resources.resourceGroups.delete('rg-run', fast);
    const after = (await adminCall(emulator, 'GET', '/state')).body;
    assert.deepEqual(
      [after.resourceGroups, after.deployments, after.resources, after.roleAssignments, after.applications, after.servicePrincipals],
      [[], [], [], [], [], []],
    );
    assert.equal(after.deletedItems.length, 2, 'the application and its service principal are soft-deleted');
  });

  it('resets everything, including faults, timing and counts', async () => {
    await resourceClient(emulator, SUB).resourceGroups.createOrUpdate('rg-reset', { location: 'centralus' });
    await adminCall(emulator, 'POST', '/faults', { operation: 'GET resourceGroups', status: 500, count: 3 });
    await adminCall(emulator, 'POST', '/timing', { profile: 'azure', scale: 0.5 });
    assert.equal((await adminCall(emulator, 'POST', '/reset')).status, 200);
    const state = (await adminCall(emulator, 'GET', '/state')).body;
    assert.deepEqual(state.resourceGroups, []);
    assert.deepEqual(state.calls, {});
    assert.deepEqual(state.faults, { requests: [], deployments: [] });
    assert.equal(state.timing.profile, 'zero');
    assert.equal(state.timing.effective.requestLatencyMs, 0);
  });

  it('switches latency profiles with a scale factor and explicit overrides', async () => {
    const azure = await adminCall(emulator, 'POST', '/timing', { profile: 'azure', scale: 0.01, overrides: { providerRegistrationMs: 5 } });
    assert.equal(azure.status, 200);
    assert.equal(azure.body.effective.resourceGroupDeleteMs, 600);
    assert.equal(azure.body.effective.providerRegistrationMs, 5);
    assert.equal(azure.body.effective.resourceDurationsMs['microsoft.documentdb/databaseaccounts'], 3000);
    assert.equal(azure.body.effective.pollRetryAfterSeconds, 1);
    const bad = await adminCall(emulator, 'POST', '/timing', { profile: 'slow' });
    assert.equal(bad.status, 400);
    await adminCall(emulator, 'POST', '/reset');
  });

  it('forces provider states and reports replication settings', async () => {
    const forced = await adminCall(emulator, 'POST', '/providers', {
      subscriptionId: SUB,
      namespace: 'microsoft.compute',
      registrationState: 'NotRegistered',
    });
    assert.equal(forced.status, 200);
    assert.equal(forced.body.namespace, 'Microsoft.Compute');
    assert.equal((await resourceClient(emulator, SUB).providers.get('Microsoft.Compute')).registrationState, 'NotRegistered');
    assert.equal(
      (
        await adminCall(emulator, 'POST', '/providers', {
          subscriptionId: SUB,
          namespace: 'Microsoft.Bogus',
          registrationState: 'Registered',
        })
      ).status,
      400,
    );
    assert.deepEqual((await adminCall(emulator, 'POST', '/replication', { delayMs: 10, misses: 1 })).body, { delayMs: 10, misses: 1 });
    assert.equal((await adminCall(emulator, 'GET', '/health')).body.status, 'ok');
    assert.equal((await adminCall(emulator, 'GET', '/nothing')).status, 404);
    await adminCall(emulator, 'POST', '/reset');
  });

  it('keeps the state across restarts when given a data dir, and writes its endpoints there', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'azure-emulator-test-'));
    try {
      const first = await startAzureEmulator({ dataDir });
      await resourceClient(first, SUB).resourceGroups.createOrUpdate('rg-kept', { location: 'centralus', tags: { keep: 'yes' } });
      const app = (
        await (async () => {
          trustCaForFetch(first.caPem);
          return graphCall(first, 'POST', '/applications', { displayName: 'kept' });
        })()
      ).body;
      const endpoints = JSON.parse(readFileSync(path.join(dataDir, 'endpoints.json'), 'utf8'));
      assert.equal(endpoints.armEndpoint, first.armEndpoint);
      assert.equal(endpoints.caFile, path.join(dataDir, 'ca.pem'));
      await first.close();
      assert.ok(existsSync(path.join(dataDir, 'state.json')));

      const second = await startAzureEmulator({ dataDir });
      try {
        const group = await resourceClient(second, SUB).resourceGroups.get('rg-kept');
        assert.deepEqual(group.tags, { keep: 'yes' });
        trustCaForFetch(second.caPem);
        assert.equal((await graphCall(second, 'GET', `/applications/${app.id}`)).status, 200);
      } finally {
        await second.close();
      }
      assert.ok(existsSync(dataDir), 'a given data dir is kept');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('removes its own temporary data dir on close', async () => {
    const temporary = await startAzureEmulator();
    assert.ok(existsSync(temporary.caFile));
    await temporary.close();
    assert.ok(!existsSync(temporary.dataDir));
  });
});
