// Failure paths through the running local stack: a deployment that fails, throttling and directory
// replication delays that are retried, and a host crash in the middle of provisioning.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { assertMatchesContract } from '../../support/contract';
import { instanceUrl, type HistoryEvent } from '../../support/durable';
import { call, startTestStack, waitForState } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
const sshPublicKey = sshRsaPublicKey();
const cluster = (name: string) => ({ name, linuxProfile: { sshPublicKey } });

before(async () => {
  stack = await startTestStack();
});

after(async () => {
  await stack?.stop();
});

async function create(name: string): Promise<void> {
  const answer = await call('POST', `${stack.apiBaseUrl}/clusters`, { body: cluster(name) });
  assert.equal(answer.status, 202, answer.text);
}

function step(resource: any, name: string): any {
  return resource.properties.steps.find((candidate: any) => candidate.name === name);
}

test('a failed deployment fails the cluster with the ARM code, keeps the deployment output and can be deleted', async () => {
  stack.emulator.admin.addDeploymentFault({
    resourceGroup: 'aks-cosmos-fail1',
    code: 'VMExtensionProvisioningError',
    message: 'VM has reported a failure when processing extension cse-master-0.',
  });
  await create('fail1');
  const failed = await waitForState(stack.apiBaseUrl, 'fail1', ['Failed', 'Succeeded']);
  assertMatchesContract('/clusters/{name}', 'get', 200, failed);
  assert.equal(failed.properties.provisioningState, 'Failed');
  assert.equal(failed.properties.error.code, 'VMExtensionProvisioningError');
  assert.equal(failed.properties.error.target, 'deploy');
  assert.equal(failed.properties.error.retryable, false);
  assert.match(failed.properties.error.message, /cse-master-0/);
  assert.match(failed.properties.error.message, /logs\/deployment\.json/);
  assert.equal(step(failed, 'deploy').state, 'Failed');
  assert.equal(step(failed, 'verify').state, 'Skipped');
  assert.equal(step(failed, 'generate').state, 'Succeeded');
  const logs = await call('GET', `${stack.apiBaseUrl}/clusters/fail1/logs`);
  assertMatchesContract('/clusters/{name}/logs', 'get', 200, logs.json());
  const entry = logs.json().value.find((file: any) => file.name === 'deployment.json');
  const link = await call('GET', entry.link);
  assertMatchesContract('/clusters/{name}/logs/{file}', 'get', 200, link.json());
  const log = (await (await fetch(link.json().url)).json()) as any;
  assert.equal(log.provisioningState, 'Failed');
  assert.equal(log.failedOperations[0].error.code, 'VMExtensionProvisioningError');
  const kubeconfig = await call('GET', `${stack.apiBaseUrl}/clusters/fail1/kubeconfig`);
  assert.equal(kubeconfig.status, 409);
  assert.match(kubeconfig.json().error.message, /Failed/);
  const deleted = await call('DELETE', `${stack.apiBaseUrl}/clusters/fail1`);
  assert.equal(deleted.status, 202);
  assert.equal((await waitForState(stack.apiBaseUrl, 'fail1', ['Deleted'])).properties.provisioningState, 'Deleted');
});

test('a deployment whose accepted PUT lost its answer and that fails at once is submitted once, and its failure stands', async () => {
  // ARM throttles the first PUT (retried after its Retry-After), takes the second but its answer never arrives; by
  // the time anyone asks again, the deployment has failed.
  stack.emulator.admin.addFault({ operation: 'PUT deployments', status: 429, retryAfterSeconds: 0, count: 1 });
  stack.emulator.admin.addFault({ operation: 'PUT deployments', action: 'reset-after', count: 1 });
  stack.emulator.admin.addDeploymentFault({
    resourceGroup: 'aks-cosmos-lost1',
    code: 'SkuNotAvailable',
    message: "The requested size for resource 'k8s-master-0' is currently not available in location 'centralus'.",
  });
  const callsBefore = { ...stack.emulator.admin.calls().calls };
  await create('lost1');
  const failed = await waitForState(stack.apiBaseUrl, 'lost1', ['Failed', 'Succeeded']);
  const calls = stack.emulator.admin.calls().calls;
  assert.equal(stack.emulator.admin.calls().faultsInjected['PUT deployments'], 2, 'one PUT throttled, one answer lost');
  // The throttled PUT was refused; the other one was taken: one submission.
  assert.equal(
    (calls['PUT deployments'] ?? 0) - (callsBefore['PUT deployments'] ?? 0),
    2,
    'a PUT after the throttling, none after the loss',
  );
  assert.equal(failed.properties.provisioningState, 'Failed');
  assert.equal(failed.properties.error.code, 'SkuNotAvailable', JSON.stringify(failed.properties.error));
  // The throttling was retried within the first submission (after ARM's Retry-After); only the lost answer took a
  // second run of the step, which read the tagged deployment instead of submitting again.
  const history = (
    await call('GET', instanceUrl(stack.apiBaseUrl.replace(/\/api$/, ''), 'cluster-lost1-g1-create', 'showHistory=true'))
  ).json();
  const submissions = history.historyEvents.filter((event: HistoryEvent) => event.FunctionName === 'submitDeployment');
  assert.equal(submissions.length, 2, 'submitDeployment ran twice: the throttled PUT was retried by the SDK, not by the step');
});

test('throttling beyond the SDK retries and directory replication delays are retried until the cluster succeeds', async () => {
  // Five 429s outlast the SDK's own three retries, so the step itself must retry.
  stack.emulator.admin.addFault({ operation: 'PUT resourceGroups', status: 429, count: 5, retryAfterSeconds: 0 });
  // A new application is invisible to the next lookups, so creating its service principal fails a few times.
  stack.emulator.admin.setReplication({ misses: 3 });
  try {
    await create('retry1');
    const done = await waitForState(stack.apiBaseUrl, 'retry1', ['Succeeded', 'Failed'], 120_000);
    assert.equal(done.properties.provisioningState, 'Succeeded', JSON.stringify(done.properties.error));
    assert.ok(step(done, 'resourceGroup').attempts >= 2, `resourceGroup attempts: ${step(done, 'resourceGroup').attempts}`);
    assert.ok(step(done, 'servicePrincipal').attempts >= 2, `servicePrincipal attempts: ${step(done, 'servicePrincipal').attempts}`);
  } finally {
    stack.emulator.admin.setReplication({ misses: 0 });
  }
  const state = stack.emulator.admin.state();
  assert.equal(
    state.applications.filter((app) => String(app.displayName).startsWith('aks-cosmos-retry1-')).length,
    1,
    'one application despite retries',
  );
  assert.equal(state.resourceGroups.filter((group) => group.name === 'aks-cosmos-retry1').length, 1);
});

test('a host killed in the middle of provisioning resumes after a restart and creates nothing twice', async () => {
  // Slow the deployment down so the kill lands while it runs.
  stack.emulator.admin.setTiming({ overrides: { deploymentResourceMs: 400 } });
  const callsBefore = { ...stack.emulator.admin.calls().calls };
  try {
    await create('crash1');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const answer = await call('GET', `${stack.apiBaseUrl}/clusters/crash1`);
      assert.equal(answer.status, 200, answer.text);
      const status = answer.json();
      if (step(status, 'deploy')?.state === 'Running' && step(status, 'generate')?.state === 'Succeeded') break;
      assert.ok(Date.now() < deadline, `deploy never started: ${JSON.stringify(status.properties.steps)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await stack.killHost();
    await stack.startHost();
    const done = await waitForState(stack.apiBaseUrl, 'crash1', ['Succeeded', 'Failed'], 120_000);
    assert.equal(done.properties.provisioningState, 'Succeeded', JSON.stringify(done.properties.error));
  } finally {
    stack.emulator.admin.setTiming({ overrides: { deploymentResourceMs: 0 } });
  }
  const calls = stack.emulator.admin.calls().calls;
  const made = (operation: string) => (calls[operation] ?? 0) - (callsBefore[operation] ?? 0);
  assert.equal(made('PUT resourceGroups'), 1, 'the group was created once');
  assert.equal(made('POST applications'), 1, 'the application was created once');
  assert.equal(made('PUT deployments'), 1, 'the deployment was submitted once');
  assert.match(stack.hostOutput(), /Resumed \d+ unfinished orchestration instance/);
});

test('a failed create can be retried: finished steps are not redone and the cluster succeeds', async () => {
  stack.emulator.admin.addDeploymentFault({
    resourceGroup: 'aks-cosmos-again1',
    code: 'OperationNotAllowed',
    message: 'Operation could not be completed as it results in exceeding approved standardDSv3Family Cores quota.',
    count: 2,
  });
  await create('again1');
  const failed = await waitForState(stack.apiBaseUrl, 'again1', ['Failed', 'Succeeded']);
  assert.equal(failed.properties.error.code, 'OperationNotAllowed');
  const notYet = await call('POST', `${stack.apiBaseUrl}/clusters/again1/retry`);
  assert.equal(notYet.status, 202, notYet.text);
  assertMatchesContract('/clusters/{name}/retry', 'post', 202, notYet.json());
  // The quota fault is still in place, so the retry fails the same way, as a new operation.
  const failedAgain = await waitForState(stack.apiBaseUrl, 'again1', ['Failed', 'Succeeded']);
  assert.equal(failedAgain.properties.error.code, 'OperationNotAllowed');
  assert.equal(failedAgain.properties.operation.id, 'cluster-again1-g1-create-2');
  stack.emulator.admin.clearFaults();
  const callsBefore = { ...stack.emulator.admin.calls().calls };
  const retried = await call('POST', `${stack.apiBaseUrl}/clusters/again1/retry`);
  assert.equal(retried.status, 202, retried.text);
  assert.equal(retried.json().properties.operation.id, 'cluster-again1-g1-create-3');
  const done = await waitForState(stack.apiBaseUrl, 'again1', ['Succeeded', 'Failed']);
  assert.equal(done.properties.provisioningState, 'Succeeded', JSON.stringify(done.properties.error));
  const calls = stack.emulator.admin.calls().calls;
  const made = (operation: string) => (calls[operation] ?? 0) - (callsBefore[operation] ?? 0);
  assert.equal(made('PUT resourceGroups'), 0, 'the existing group was kept');
  assert.equal(made('POST applications'), 0, 'the existing application was kept');
  assert.equal(made('PUT deployments'), 1, 'only the failed deployment was submitted again');
  const again = await call('POST', `${stack.apiBaseUrl}/clusters/again1/retry`);
  assert.equal(again.status, 409, 'a Succeeded cluster has nothing to retry');
  assert.equal(again.json().error.code, 'OperationNotRetryable');
  const operations = (await call('GET', `${stack.apiBaseUrl}/clusters/again1/operations`)).json().value;
  assert.deepEqual(
    operations.map((operation: any) => operation.status),
    ['Succeeded', 'Failed', 'Failed'],
  );
});
