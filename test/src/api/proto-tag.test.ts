// A tag named __proto__ is either refused or kept like any other tag; it is never dropped silently.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { call, startTestStack } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;

before(async () => {
  stack = await startTestStack();
});

after(async () => {
  await stack?.stop();
});

test('a __proto__ tag is refused with a 400 naming it, or kept', async () => {
  // Written as JSON text: an object literal with __proto__ would set a prototype instead of a property.
  const raw = `{"name":"proto1","linuxProfile":{"sshPublicKey":${JSON.stringify(sshRsaPublicKey())}},"tags":{"team":"a","__proto__":"x"}}`;
  const answer = await call('POST', `${stack.apiBaseUrl}/clusters`, { rawBody: raw, headers: { 'content-type': 'application/json' } });
  if (answer.status === 400) {
    const error = answer.json().error;
    const targets = [error.target, ...(error.details ?? []).map((detail: any) => detail.target)];
    assert.ok(
      targets.some((target) => String(target).includes('__proto__')),
      `the refusal names the tag: ${answer.text}`,
    );
    return;
  }
  assert.equal(answer.status, 202, answer.text);
  const tags = answer.json().tags;
  assert.ok(Object.prototype.hasOwnProperty.call(tags, '__proto__'), `the tag is kept: ${JSON.stringify(tags)}`);
  assert.equal(tags['__proto__'], 'x');
  const read = (await call('GET', `${stack.apiBaseUrl}/clusters/proto1`)).text;
  assert.match(read, /"__proto__":"x"/, 'the stored cluster keeps it too');
});
