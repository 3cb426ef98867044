// The orchestrations as lists of steps, run against a fake Durable context: order, retries with backoff,
// polling, timeouts, fail-fast and the records written. Pure logic: no host, no Azure.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createClusterOrchestrator, deleteClusterOrchestrator } from '../../../src/provisioning/orchestrators';
import type { OperationProgress } from '../../../src/domain/progress';
import { FakeOrchestration } from '../../support/fake-orchestration';

const policy = {
  maxAttempts: 3,
  firstRetrySeconds: 2,
  maxRetrySeconds: 5,
  pollSeconds: 1,
  verifyTimeoutMinutes: 1,
  pollTimeoutMinutes: 2,
  artifactRetentionDays: 0,
};
const spec = {
  name: 'unit1',
  location: 'centralus',
  orchestratorProfile: { orchestratorVersion: '1.11.8' },
  masterProfile: { count: 1, vmSize: 'Standard_D2_v3' },
  agentPoolProfiles: [{ name: 'agent', count: 1, vmSize: 'Standard_D2_v3', availabilityProfile: 'AvailabilitySet' }],
  linuxProfile: { adminUsername: 'azureuser', sshPublicKey: 'ssh-rsa AAAA' },
  tags: {},
};
const input = { name: 'unit1', generation: 1, operationId: 'cluster-unit1-g1-create', spec, policy, kind: 'create' };

const ok = (value: unknown = undefined, message = 'done') => ({ status: 'succeeded', value, message });
const running = (message = 'working') => ({ status: 'running', message });
const fail = (code: string, retryable: boolean, target = 'x') => ({
  status: 'failed',
  error: { code, message: `${code} happened`, retryable, target },
});

const happy: Record<string, unknown> = {
  recordClusterState: ok(true),
  awaitEarlierActivities: ok(),
  ensureProvidersRegistered: ok(),
  ensureResourceGroup: ok({ resourceGroup: 'aks-cosmos-unit1' }),
  ensureServicePrincipal: ok({
    applicationId: 'app',
    applicationObjectId: 'obj',
    servicePrincipalObjectId: 'sp',
    roleAssignmentName: 'ra',
  }),
  generateArtifacts: ok({ files: 3 }),
  submitDeployment: ok({ deploymentName: 'aks-cosmos-g1', resourceCount: 7 }),
  checkDeployment: ok({ deploymentName: 'aks-cosmos-g1', apiServerUrl: 'https://api', etcdEndpoint: 'https://etcd:2379' }),
  verifyCluster: ok({ readyNodes: 2 }),
};

function orchestration(overrides: Record<string, (call: number, input: any) => unknown> = {}, operationInput: unknown = input) {
  return new FakeOrchestration(operationInput, (name, activityInput, call) => overrides[name]?.(call, activityInput) ?? happy[name]);
}

const records = (fake: FakeOrchestration) =>
  fake.calls.filter((call) => call.name === 'recordClusterState').map((call) => call.input as any);
const progress = (fake: FakeOrchestration) => fake.customStatus as OperationProgress;

describe('create orchestration', () => {
  test('runs the steps in order and records outputs and the final state', () => {
    const fake = orchestration();
    const result = fake.run(createClusterOrchestrator(fake.context));
    assert.deepEqual(result, { provisioningState: 'Succeeded' });
    assert.deepEqual(fake.names(), [
      'recordClusterState',
      'awaitEarlierActivities',
      'ensureProvidersRegistered',
      'ensureResourceGroup',
      'ensureServicePrincipal',
      'recordClusterState',
      'generateArtifacts',
      'submitDeployment',
      'checkDeployment',
      'recordClusterState',
      'verifyCluster',
      'recordClusterState',
    ]);
    const written = records(fake);
    assert.equal(written[0].provisioningState, 'Provisioning');
    assert.deepEqual(written[1].outputs, {
      applicationId: 'app',
      applicationObjectId: 'obj',
      servicePrincipalObjectId: 'sp',
      roleAssignmentName: 'ra',
    });
    assert.deepEqual(written[2].outputs, {
      apiServerUrl: 'https://api',
      etcdEndpoint: 'https://etcd:2379',
      deploymentName: 'aks-cosmos-g1',
    });
    assert.equal(written[3].provisioningState, 'Succeeded');
    assert.equal(written[3].finished.status, 'Succeeded');
    assert.deepEqual(
      progress(fake).steps.map((step) => [step.name, step.state, step.attempts]),
      [
        ['registerProviders', 'Succeeded', 1],
        ['resourceGroup', 'Succeeded', 1],
        ['servicePrincipal', 'Succeeded', 1],
        ['generate', 'Succeeded', 1],
        ['deploy', 'Succeeded', 1],
        ['verify', 'Succeeded', 1],
      ],
    );
    assert.equal(progress(fake).percentComplete, 100);
    for (const call of fake.calls) assert.equal(JSON.stringify(call.input).includes('secret'), false, 'no secret in any activity input');
  });

  test('retries a failure that can pass with exponential backoff, then goes on', () => {
    const fake = orchestration({ ensureServicePrincipal: (call) => (call < 2 ? fail('Http503', true) : undefined) });
    assert.deepEqual(fake.run(createClusterOrchestrator(fake.context)), { provisioningState: 'Succeeded' });
    assert.equal(fake.names().filter((name) => name === 'ensureServicePrincipal').length, 3);
    assert.deepEqual(fake.timers, [2, 4]);
    assert.equal(progress(fake).steps.find((step) => step.name === 'servicePrincipal')!.attempts, 3);
  });

  test("gives up after the policy's attempts and records the coded error; later steps are skipped", () => {
    const fake = orchestration({ generateArtifacts: () => fail('Http500', true, 'generate') });
    const result = fake.run(createClusterOrchestrator(fake.context)) as any;
    assert.equal(result.provisioningState, 'Failed');
    assert.equal(fake.names().filter((name) => name === 'generateArtifacts').length, 3);
    const final = records(fake).at(-1);
    assert.equal(final.provisioningState, 'Failed');
    assert.equal(final.error.code, 'Http500');
    assert.deepEqual(
      progress(fake).steps.map((step) => step.state),
      ['Succeeded', 'Succeeded', 'Succeeded', 'Failed', 'Skipped', 'Skipped'],
    );
    assert.equal(fake.names().includes('submitDeployment'), false);
  });

  test('a failure no retry can fix stops at once', () => {
    const fake = orchestration({ ensureResourceGroup: () => fail('ResourceGroupConflict', false, 'resourceGroup') });
    fake.run(createClusterOrchestrator(fake.context));
    assert.equal(fake.names().filter((name) => name === 'ensureResourceGroup').length, 1);
    assert.equal(records(fake).at(-1).error.code, 'ResourceGroupConflict');
    assert.equal(fake.names().includes('ensureServicePrincipal'), false);
  });

  test('a provider refusal fails fast, before the identity is made', () => {
    const fake = orchestration({ ensureProvidersRegistered: () => fail('AuthorizationFailed', false, 'registerProviders') });
    fake.run(createClusterOrchestrator(fake.context));
    assert.equal(records(fake).at(-1).error.code, 'AuthorizationFailed');
    assert.equal(fake.names().includes('ensureServicePrincipal'), false);
  });

  test('registration still running is finished before the deployment, polling with the policy interval', () => {
    const fake = orchestration({ ensureProvidersRegistered: (call) => (call < 3 ? running('Registering') : undefined) });
    fake.run(createClusterOrchestrator(fake.context));
    const names = fake.names();
    assert.ok(names.lastIndexOf('ensureProvidersRegistered') > names.indexOf('generateArtifacts'));
    assert.ok(names.lastIndexOf('ensureProvidersRegistered') < names.indexOf('submitDeployment'));
    assert.equal(names.filter((name) => name === 'ensureProvidersRegistered').length, 4);
    assert.deepEqual(fake.timers, [1, 1, 1]);
  });

  test('a step that keeps running times out with StepTimedOut after its limit', () => {
    const fake = orchestration({ verifyCluster: () => running('0 of 2 nodes are Ready.') });
    fake.run(createClusterOrchestrator(fake.context));
    const final = records(fake).at(-1);
    assert.equal(final.error.code, 'StepTimedOut');
    assert.match(final.error.message, /Gave up after 1 minutes: 0 of 2 nodes are Ready/);
    assert.ok(fake.names().filter((name) => name === 'verifyCluster').length >= 60);
  });

  test('waits for earlier work of the cluster to stop before acting', () => {
    const fake = orchestration({ awaitEarlierActivities: (call) => (call < 2 ? running('Waiting for earlier work') : undefined) });
    fake.run(createClusterOrchestrator(fake.context));
    assert.deepEqual(fake.names().slice(0, 4), [
      'recordClusterState',
      'awaitEarlierActivities',
      'awaitEarlierActivities',
      'awaitEarlierActivities',
    ]);
  });

  test('a record write that fails for a while is retried, not lost', () => {
    let writes = 0;
    const fake = orchestration({ recordClusterState: () => (writes++ === 3 ? fail('Http503', true) : undefined) });
    assert.deepEqual(fake.run(createClusterOrchestrator(fake.context)), { provisioningState: 'Succeeded' });
    assert.equal(records(fake).at(-1).provisioningState, 'Succeeded');
  });
});

describe('delete orchestration', () => {
  const deleteInput = { ...input, operationId: 'cluster-unit1-g1-delete', kind: 'delete' };

  test('removes the group, then the application, then the artifacts', () => {
    const fake = orchestration(
      {
        removeResourceGroup: (call) => (call < 2 ? running('Deleting') : ok()),
        removeServicePrincipal: () => ok(),
        removeArtifacts: () => ok({ deleted: 4 }),
      },
      deleteInput,
    );
    assert.deepEqual(fake.run(deleteClusterOrchestrator(fake.context)), { provisioningState: 'Deleted' });
    assert.deepEqual(fake.names(), [
      'recordClusterState',
      'awaitEarlierActivities',
      'removeResourceGroup',
      'removeResourceGroup',
      'removeResourceGroup',
      'removeServicePrincipal',
      'removeArtifacts',
      'recordClusterState',
    ]);
    assert.equal(records(fake)[0].provisioningState, 'Deleting');
    assert.equal(records(fake).at(-1).provisioningState, 'Deleted');
  });

  test('with retention, the artifacts are marked and purged by a durable timer after the operation ended', () => {
    const fake = orchestration(
      {
        removeResourceGroup: () => ok(),
        removeServicePrincipal: () => ok(),
        removeArtifacts: () => ok({ deleted: 0 }),
        purgeRetainedArtifacts: () => ok({ deleted: 4 }),
      },
      { ...deleteInput, policy: { ...policy, artifactRetentionDays: 2 } },
    );
    fake.run(deleteClusterOrchestrator(fake.context));
    const marked = fake.calls.find((call) => call.name === 'removeArtifacts')!.input as any;
    assert.equal(marked.deleteAfter, '2026-01-03T00:00:00.000Z');
    assert.deepEqual(fake.names().slice(-2), ['recordClusterState', 'purgeRetainedArtifacts']);
    assert.equal(fake.timers.at(-1), 2 * 86400);
  });
});
