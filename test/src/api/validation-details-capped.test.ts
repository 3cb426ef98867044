// A 400 for a request with thousands of problems stays small: the details are capped and the answer says how
// many were left out.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { assertMatchesContract } from '../../support/contract';
import { call, startTestStack } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;

before(async () => {
  stack = await startTestStack();
});

after(async () => {
  await stack?.stop();
});

test('3,000 bad tags get a short 400 that says how many problems were not listed', async () => {
  const tags: Record<string, number> = {};
  for (let i = 0; i < 3000; i++) tags[`t${i}`] = i; // numbers where strings are required
  const body = { name: 'tags1', linuxProfile: { sshPublicKey: sshRsaPublicKey() }, tags };
  assert.ok(JSON.stringify(body).length < 64 * 1024, 'the request fits the size limit');
  const answer = await call('POST', `${stack.apiBaseUrl}/clusters`, { body });
  assert.equal(answer.status, 400, answer.text.slice(0, 300));
  assertMatchesContract('/clusters', 'post', 400, answer.json());
  const details = answer.json().error.details ?? [];
  assert.ok(details.length <= 100, `${details.length} details in one answer`);
  assert.ok(answer.text.length <= 32 * 1024, `the answer is ${answer.text.length} bytes`);
  // The total (3,001 problems: 3,000 values and the tag count) or the number left out is stated.
  const omitted = 3001 - details.length;
  assert.ok(
    [3000, 3001, omitted, omitted - 1].some((count) =>
      new RegExp(`\\b${count}\\b|\\b${count.toLocaleString('en-US')}\\b`).test(answer.text),
    ),
    `the answer says how many problems it left out: ${answer.json().error.message}`,
  );
});
