// Create right after delete on one name: while the teardown runs, a create is refused with 409 naming the
// Deleting state (never a 202 that creates nothing); once the cluster is Deleted, a create starts a new generation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { assertMatchesContract } from '../../support/contract';
import { call, startTestStack, waitForState } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;

before(async () => {
  stack = await startTestStack();
  // The group takes a moment to go, as in Azure, so the teardown is still running when the next create comes.
  stack.emulator.admin.setTiming({ overrides: { resourceGroupDeleteMs: 2000 } });
});

after(async () => {
  await stack?.stop();
});

test('POST, DELETE, POST back to back: 409 while deleting, a new generation once deleted', async () => {
  const body = { name: 'again2', linuxProfile: { sshPublicKey: sshRsaPublicKey() } };
  const first = await call('POST', `${stack.apiBaseUrl}/clusters`, { body });
  assert.equal(first.status, 202, first.text);
  const deleted = await call('DELETE', `${stack.apiBaseUrl}/clusters/again2`);
  assert.equal(deleted.status, 202, deleted.text);
  const third = await call('POST', `${stack.apiBaseUrl}/clusters`, { body });
  if (third.status === 409) {
    assertMatchesContract('/clusters', 'post', 409, third.json());
    assert.match(third.json().error.message, /Deleting|being deleted/i, `the refusal names the state: ${third.text}`);
  } else {
    // Accepting it is right only as a new generation that will be provisioned.
    assert.equal(third.status, 202, third.text);
    const cluster = third.json();
    assert.equal(
      cluster.properties.operation.kind,
      'create',
      `a create answered with operation ${JSON.stringify(cluster.properties.operation)}`,
    );
    assert.notEqual(cluster.properties.provisioningState, 'Deleting', 'a create is not answered with a cluster being deleted');
    assert.equal(cluster.properties.generation, 2);
  }
  const settled = await waitForState(stack.apiBaseUrl, 'again2', ['Deleted', 'Succeeded', 'Failed'], 90_000);
  if (third.status === 409) {
    assert.equal(settled.properties.provisioningState, 'Deleted');
    const fourth = await call('POST', `${stack.apiBaseUrl}/clusters`, { body });
    assert.equal(fourth.status, 202, fourth.text);
    assert.equal(fourth.json().properties.generation, 2, 'a new generation');
    assert.equal(fourth.json().properties.operation.id, 'cluster-again2-g2-create');
  }
  const done = await waitForState(stack.apiBaseUrl, 'again2', ['Succeeded', 'Failed'], 90_000);
  assert.equal(done.properties.provisioningState, 'Succeeded', JSON.stringify(done.properties.error));
  assert.equal(done.properties.generation, 2);
});
