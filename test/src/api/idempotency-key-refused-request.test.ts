// An Idempotency-Key binds to a request that was accepted: a request refused with 409 (or 400) does not use
// the key up, so the client can send its corrected request with the same key.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { call, startTestStack } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
const sshPublicKey = sshRsaPublicKey();

before(async () => {
  stack = await startTestStack();
});

after(async () => {
  await stack?.stop();
});

test('a key sent with a refused request can be used by the next request', async () => {
  const first = await call('POST', `${stack.apiBaseUrl}/clusters`, { body: { name: 'idem1', linuxProfile: { sshPublicKey } } });
  assert.equal(first.status, 202, first.text);
  // Same name, another specification: 409, and the key is not bound to it.
  const conflicting = { name: 'idem1', masterProfile: { count: 3 }, linuxProfile: { sshPublicKey } };
  const refused = await call('POST', `${stack.apiBaseUrl}/clusters`, { body: conflicting, headers: { 'idempotency-key': 'idem-key-1' } });
  assert.equal(refused.status, 409, refused.text);
  assert.equal(refused.json().error.code, 'ClusterConflict');
  const corrected = await call('POST', `${stack.apiBaseUrl}/clusters`, {
    body: { name: 'idem2', linuxProfile: { sshPublicKey } },
    headers: { 'idempotency-key': 'idem-key-1' },
  });
  assert.equal(corrected.status, 202, `the key of a refused request is still free: ${corrected.status} ${corrected.text}`);
  assert.equal(corrected.json().name, 'idem2');
});

test('a key sent with an invalid request can be used by the next request', async () => {
  const invalid = await call('POST', `${stack.apiBaseUrl}/clusters`, {
    body: { name: 'idem3', linuxProfile: { sshPublicKey: 'ssh-rsa not-a-key' } },
    headers: { 'idempotency-key': 'idem-key-2' },
  });
  assert.equal(invalid.status, 400, invalid.text);
  const corrected = await call('POST', `${stack.apiBaseUrl}/clusters`, {
    body: { name: 'idem3', linuxProfile: { sshPublicKey } },
    headers: { 'idempotency-key': 'idem-key-2' },
  });
  assert.equal(corrected.status, 202, `the key of an invalid request is still free: ${corrected.status} ${corrected.text}`);
});
