// The API around the lifecycle: listing with filters and paging, deleting while provisioning, the served
// contract and health probe, and an invalid setting stopping the app at start-up.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { assertMatchesContract } from '../../support/contract';
import { nodeBinary, repoRoot, startProcess } from '../../support/process';
import { call, startTestStack, waitForState } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
const sshPublicKey = sshRsaPublicKey();

before(async () => {
  stack = await startTestStack();
});

after(async () => {
  await stack?.stop();
});

test('the list filters by state and pages with nextLink', async () => {
  stack.emulator.admin.addDeploymentFault({ resourceGroup: 'aks-cosmos-list-bad', code: 'QuotaExceeded' });
  for (const name of ['list-a', 'list-b', 'list-c', 'list-bad']) {
    assert.equal((await call('POST', `${stack.apiBaseUrl}/clusters`, { body: { name, linuxProfile: { sshPublicKey } } })).status, 202);
  }
  for (const name of ['list-a', 'list-b', 'list-c', 'list-bad']) await waitForState(stack.apiBaseUrl, name, ['Succeeded', 'Failed']);

  const seen: string[] = [];
  let next: string | null = `${stack.apiBaseUrl}/clusters?top=2&state=Succeeded`;
  let pages = 0;
  while (next) {
    const page = await call('GET', next);
    assert.equal(page.status, 200, page.text);
    assertMatchesContract('/clusters', 'get', 200, page.json());
    const body = page.json();
    assert.ok(body.value.length <= 2);
    for (const cluster of body.value) assert.equal(cluster.properties.provisioningState, 'Succeeded');
    seen.push(...body.value.map((cluster: any) => cluster.name));
    next = body.nextLink;
    pages++;
  }
  assert.deepEqual(seen, ['list-a', 'list-b', 'list-c']);
  assert.equal(pages, 2);
  const failed = (await call('GET', `${stack.apiBaseUrl}/clusters?state=failed`)).json();
  assert.deepEqual(
    failed.value.map((cluster: any) => cluster.name),
    ['list-bad'],
  );
  assert.equal(failed.value[0].properties.error.code, 'QuotaExceeded');
});

test('deleting a cluster while it provisions stops the provisioning and tears down what it made', async () => {
  // Slow the deployment so that the delete arrives while it runs.
  stack.emulator.admin.setTiming({ overrides: { deploymentResourceMs: 1000 } });
  try {
    assert.equal(
      (await call('POST', `${stack.apiBaseUrl}/clusters`, { body: { name: 'early1', linuxProfile: { sshPublicKey } } })).status,
      202,
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      const status = (await call('GET', `${stack.apiBaseUrl}/clusters/early1`)).json();
      if (status.properties.steps.find((step: any) => step.name === 'deploy')?.state === 'Running') break;
      assert.ok(Date.now() < deadline, 'the deployment never started');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const deleting = await call('DELETE', `${stack.apiBaseUrl}/clusters/early1`);
    assert.equal(deleting.status, 202, deleting.text);
    assert.equal(deleting.json().properties.provisioningState, 'Deleting');
    const again = await call('DELETE', `${stack.apiBaseUrl}/clusters/early1`);
    assert.equal(again.status, 202, 'a repeated delete joins the running one');
    assert.equal(again.json().properties.operation.id, deleting.json().properties.operation.id);
  } finally {
    stack.emulator.admin.setTiming({ overrides: { deploymentResourceMs: 0 } });
  }
  const gone = await waitForState(stack.apiBaseUrl, 'early1', ['Deleted', 'Failed']);
  assert.equal(gone.properties.provisioningState, 'Deleted', JSON.stringify(gone.properties.error));
  const operations = (await call('GET', `${stack.apiBaseUrl}/clusters/early1/operations`)).json().value;
  assertMatchesContract('/clusters/{name}/operations', 'get', 200, { value: operations });
  assert.deepEqual(
    operations.map((operation: any) => [operation.kind, operation.status]),
    [
      ['delete', 'Succeeded'],
      ['create', 'Canceled'],
    ],
  );
  const instances = (
    await call('GET', `${stack.apiBaseUrl.replace(/\/api$/, '')}/runtime/webhooks/durabletask/instances/?instanceIdPrefix=cluster-early1-`)
  ).json();
  const create = instances.find((instance: any) => instance.instanceId.endsWith('-create'));
  assert.equal(create.runtimeStatus, 'Terminated');
  const state = stack.emulator.admin.state();
  assert.equal(state.resourceGroups.filter((group) => group.name === 'aks-cosmos-early1').length, 0);
  assert.equal(state.applications.filter((app) => String(app.displayName).startsWith('aks-cosmos-early1-')).length, 0);
  // The name can be used again: a new generation with its own operation.
  const recreated = await call('POST', `${stack.apiBaseUrl}/clusters`, { body: { name: 'early1', linuxProfile: { sshPublicKey } } });
  assert.equal(recreated.status, 202, recreated.text);
  assert.equal(recreated.json().properties.generation, 2);
  assert.equal((await waitForState(stack.apiBaseUrl, 'early1', ['Succeeded', 'Failed'])).properties.provisioningState, 'Succeeded');
});

test('a running create can be canceled, and the canceled cluster retried to success', async () => {
  stack.emulator.admin.setTiming({ overrides: { deploymentResourceMs: 1000 } });
  try {
    assert.equal(
      (await call('POST', `${stack.apiBaseUrl}/clusters`, { body: { name: 'stop1', linuxProfile: { sshPublicKey } } })).status,
      202,
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      const status = (await call('GET', `${stack.apiBaseUrl}/clusters/stop1`)).json();
      if (status.properties.steps.find((step: any) => step.name === 'deploy')?.state === 'Running') break;
      assert.ok(Date.now() < deadline, 'the deployment never started');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const canceled = await call('POST', `${stack.apiBaseUrl}/clusters/stop1/cancel`);
    assert.equal(canceled.status, 200, canceled.text);
    assertMatchesContract('/clusters/{name}/cancel', 'post', 200, canceled.json());
    const body = canceled.json();
    assert.equal(body.properties.provisioningState, 'Canceled');
    assert.equal(body.properties.error.code, 'OperationCanceled');
    assert.deepEqual(
      body.properties.steps.map((step: any) => [step.name, step.state]),
      [
        ['registerProviders', 'Succeeded'],
        ['resourceGroup', 'Succeeded'],
        ['servicePrincipal', 'Succeeded'],
        ['generate', 'Succeeded'],
        ['deploy', 'Canceled'],
        ['verify', 'Skipped'],
      ],
    );
    const twice = await call('POST', `${stack.apiBaseUrl}/clusters/stop1/cancel`);
    assert.equal(twice.status, 409);
    assert.equal(twice.json().error.code, 'OperationNotCancelable');
    // Anything the stopped orchestration still had in flight must not bring the cluster back to life.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal((await call('GET', `${stack.apiBaseUrl}/clusters/stop1`)).json().properties.provisioningState, 'Canceled');
  } finally {
    stack.emulator.admin.setTiming({ overrides: { deploymentResourceMs: 0 } });
  }
  const retried = await call('POST', `${stack.apiBaseUrl}/clusters/stop1/retry`);
  assert.equal(retried.status, 202, retried.text);
  const done = await waitForState(stack.apiBaseUrl, 'stop1', ['Succeeded', 'Failed']);
  assert.equal(done.properties.provisioningState, 'Succeeded', JSON.stringify(done.properties.error));
  assert.equal(done.properties.error, null);
  const late = await call('POST', `${stack.apiBaseUrl}/clusters/stop1/cancel`);
  assert.equal(late.status, 409, 'nothing to cancel once the cluster has Succeeded');
});

test('the contract and the health probe are served without a key', async () => {
  const contract = await call('GET', `${stack.apiBaseUrl}/openapi.yaml`);
  assert.equal(contract.status, 200);
  assert.match(contract.headers.get('content-type') ?? '', /yaml/);
  assert.equal(parse(contract.text).openapi, '3.1.0');
  const health = await call('GET', `${stack.apiBaseUrl}/health`);
  assert.equal(health.status, 200);
  assert.deepEqual(health.json(), { status: 'Healthy' });
});

test('an invalid setting stops the app at start-up with a message naming it', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-settings-'));
  try {
    const settingsFile = path.join(folder, 'local.settings.json');
    const values = { ...stack.settings, DEPLOYMENT_POLL_SECONDS: 'soon' };
    fs.writeFileSync(settingsFile, JSON.stringify({ IsEncrypted: false, Values: values }));
    const host = await startProcess(
      nodeBinary,
      [path.join(repoRoot, 'dist/local/host/cli.js'), '--app', repoRoot, '--port', '0', '--data-dir', folder, '--settings', settingsFile],
      {
        env: { DEPLOYMENT_POLL_SECONDS: undefined },
      },
    );
    const exit = await new Promise<number | null>((resolve) => host.child.once('exit', resolve));
    assert.notEqual(exit, 0);
    assert.match(host.output(), /App setting DEPLOYMENT_POLL_SECONDS: must be a whole number from 1 to 600, got "soon"/);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
