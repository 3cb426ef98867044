// Microsoft Graph faults: a dropped connection is retried like a 5xx (it does not fail the cluster), and a 404
// for an application this cluster just created (replication lag) is not taken as proof that it is gone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { azureFootprint, waitForStep } from '../../chaos/probes';
import { call, startTestStack, waitForState } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
const sshPublicKey = sshRsaPublicKey();

before(async () => {
  stack = await startTestStack();
});

after(async () => {
  await stack?.stop();
});

async function create(name: string): Promise<void> {
  const answer = await call('POST', `${stack.apiBaseUrl}/clusters`, { body: { name, linuxProfile: { sshPublicKey } } });
  assert.equal(answer.status, 202, answer.text);
}

test('a dropped connection to Graph is retried and the cluster succeeds', async () => {
  for (const [name, fault] of [
    ['gdrop1', { method: 'POST', path: '/graph/v1\\.0/applications$' }],
    ['gdrop2', { method: 'POST', path: '/graph/v1\\.0/applications/[^/]+/addPassword$' }],
  ] as const) {
    stack.emulator.admin.addFault({ ...fault, action: 'reset', count: 1 });
    await create(name);
    const done = await waitForState(stack.apiBaseUrl, name, ['Succeeded', 'Failed'], 90_000);
    assert.equal(
      done.properties.provisioningState,
      'Succeeded',
      `${name} after a dropped ${fault.method} ${fault.path}: ${JSON.stringify(done.properties.error)}`,
    );
  }
  assert.equal(stack.emulator.admin.calls().faultsInjected['POST applications'], 1, 'the dropped connection happened');
});

test('a Graph 404 during replication lag does not leave the new application behind', async () => {
  // New directory objects stay invisible to other replicas for 10 s: the delete comes in that window.
  stack.emulator.admin.setReplication({ delayMs: 10_000 });
  try {
    await create('glag1');
    await waitForStep(stack.apiBaseUrl, 'glag1', 'servicePrincipal', ['Running', 'Retrying']);
    // The application exists (invisible to lookups) before the delete is sent.
    const deadline = Date.now() + 10_000;
    while (azureFootprint(stack.emulator.admin.state(), 'glag1').applications.length === 0) {
      assert.ok(Date.now() < deadline, 'the application was never created');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    stack.emulator.admin.setReplication({ delayMs: 0 });
  }
  const deleted = await call('DELETE', `${stack.apiBaseUrl}/clusters/glag1`);
  assert.equal(deleted.status, 202, deleted.text);
  const gone = await waitForState(stack.apiBaseUrl, 'glag1', ['Deleted', 'Failed'], 90_000);
  assert.equal(gone.properties.provisioningState, 'Deleted', JSON.stringify(gone.properties.error));
  const footprint = azureFootprint(stack.emulator.admin.state(), 'glag1');
  assert.deepEqual(
    footprint.applications.map((app) => app.displayName),
    [],
    'the application is deleted, not taken as already gone because of a 404',
  );
  assert.deepEqual(footprint.servicePrincipals, [], 'no service principal is left');
});
