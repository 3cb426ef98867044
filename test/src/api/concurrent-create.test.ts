// Identical requests sent together: eight creates (or deletes) of one cluster within a few milliseconds get
// the same 202 and the same operation, never a 500 or a 503, and the cluster's record stays.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { call, startTestStack, waitForState, type ApiAnswer } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
const sshPublicKey = sshRsaPublicKey();

before(async () => {
  stack = await startTestStack();
});

after(async () => {
  await stack?.stop();
});

/** Sends `copies` requests at once (all started within a few milliseconds) and waits for every answer. */
async function together(copies: number, send: () => Promise<ApiAnswer>): Promise<ApiAnswer[]> {
  return Promise.all(Array.from({ length: copies }, () => send()));
}

function summary(answers: ApiAnswer[]): string {
  return answers.map((answer) => `${answer.status} ${answer.text.slice(0, 160)}`).join('\n');
}

test('eight identical concurrent creates get the same 202 and operation, and the cluster is provisioned once', async () => {
  // Several rounds: the race shows in some rounds only.
  for (const name of ['burst1', 'burst2', 'burst3']) {
    const body = { name, linuxProfile: { sshPublicKey } };
    const answers = await together(8, () => call('POST', `${stack.apiBaseUrl}/clusters`, { body }));
    assert.ok(
      answers.every((answer) => answer.status === 202 || answer.status === 200),
      `every identical create is accepted:\n${summary(answers)}`,
    );
    const operations = new Set(answers.map((answer) => answer.json().properties.operation.id));
    assert.deepEqual([...operations], [`cluster-${name}-g1-create`], 'one operation for all of them');
    const record = await call('GET', `${stack.apiBaseUrl}/clusters/${name}`);
    assert.equal(record.status, 200, `the cluster's record exists: ${record.text}`);
  }
  for (const name of ['burst1', 'burst2', 'burst3']) {
    const done = await waitForState(stack.apiBaseUrl, name, ['Succeeded', 'Failed'], 90_000);
    assert.equal(done.properties.provisioningState, 'Succeeded', JSON.stringify(done.properties.error));
  }
  const calls = stack.emulator.admin.calls().calls;
  assert.equal(calls['PUT resourceGroups'], 3, 'each group was created once');
  assert.equal(calls['POST applications'], 3, 'each application was created once');
});

test('eight identical concurrent deletes get the same 202 and operation', async () => {
  for (const name of ['dburst1', 'dburst2']) {
    const created = await call('POST', `${stack.apiBaseUrl}/clusters`, { body: { name, linuxProfile: { sshPublicKey } } });
    assert.equal(created.status, 202, created.text);
  }
  for (const name of ['dburst1', 'dburst2']) await waitForState(stack.apiBaseUrl, name, ['Succeeded', 'Failed'], 90_000);
  for (const name of ['dburst1', 'dburst2']) {
    const answers = await together(8, () => call('DELETE', `${stack.apiBaseUrl}/clusters/${name}`));
    assert.ok(
      answers.every((answer) => answer.status === 202 || answer.status === 204),
      `every identical delete is accepted:\n${summary(answers)}`,
    );
    const operations = new Set(answers.filter((answer) => answer.status === 202).map((answer) => answer.json().properties.operation.id));
    assert.deepEqual([...operations], [`cluster-${name}-g1-delete`], 'one teardown operation for all of them');
  }
  for (const name of ['dburst1', 'dburst2']) {
    const gone = await waitForState(stack.apiBaseUrl, name, ['Deleted', 'Failed'], 60_000);
    assert.equal(gone.properties.provisioningState, 'Deleted', JSON.stringify(gone.properties.error));
  }
});
