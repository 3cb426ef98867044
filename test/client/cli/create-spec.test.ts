// `aks-cosmos create` builds its request from a spec file and flags, flags winning; mistakes of the command line
// itself are usage errors before anything is sent.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { buildCreateRequest, parseAgentPool } from '../../../client/cli/create-spec';
import { UsageError } from '../../../client/cli/exit-codes';

let home: string;
const key = 'ssh-rsa AAAAB3NzaC1yc2E test@host';

before(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'create-spec-'));
});

after(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

const sources = (stdin = '') => ({ readStdin: () => stdin, home });

test('flags override the spec file, field by field', () => {
  const file = path.join(home, 'spec.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      name: 'from-file',
      location: 'centralus',
      masterProfile: { count: 3, vmSize: 'Standard_D4_v3' },
      linuxProfile: { adminUsername: 'ops', sshPublicKey: key },
      tags: { team: 'a', cost: 'x' },
    }),
  );
  const body = buildCreateRequest('named', { file, masterCount: 1, agentCount: 2, tag: ['team=b', 'env=dev=1'] }, sources());
  assert.deepEqual(body, {
    name: 'named',
    location: 'centralus',
    masterProfile: { count: 1, vmSize: 'Standard_D4_v3' },
    agentPoolProfiles: [{ count: 2 }],
    linuxProfile: { adminUsername: 'ops', sshPublicKey: key },
    tags: { team: 'b', cost: 'x', env: 'dev=1' },
  });
  // From stdin with -f -, the name from the file.
  assert.equal(
    buildCreateRequest(undefined, { file: '-' }, sources(JSON.stringify({ name: 'piped', linuxProfile: { sshPublicKey: key } }))).name,
    'piped',
  );
});

test('agent pools from --agent-pool, and the SSH key from @FILE or ~/.ssh/id_rsa.pub', () => {
  assert.deepEqual(parseAgentPool('name=pool2,count=3,vmSize=Standard_D2_v3,availabilityProfile=VirtualMachineScaleSets'), {
    name: 'pool2',
    count: 3,
    vmSize: 'Standard_D2_v3',
    availabilityProfile: 'VirtualMachineScaleSets',
  });
  const keyFile = path.join(home, 'key.pub');
  fs.writeFileSync(keyFile, `${key}\n`);
  const body = buildCreateRequest('pools', { agentPool: ['name=a,count=1', 'name=b,count=2'], sshPublicKey: `@${keyFile}` }, sources());
  assert.deepEqual(body.agentPoolProfiles, [
    { name: 'a', count: 1 },
    { name: 'b', count: 2 },
  ]);
  assert.equal(body.linuxProfile.sshPublicKey, key);
  assert.throws(() => buildCreateRequest('nokey', {}, sources()), /An SSH public key is needed/);
  fs.mkdirSync(path.join(home, '.ssh'));
  fs.writeFileSync(path.join(home, '.ssh', 'id_rsa.pub'), `${key}\n`);
  assert.equal(buildCreateRequest('default', {}, sources()).linuxProfile.sshPublicKey, key);
});

test('mistakes of the command line are usage errors', () => {
  const cases: Array<[string | undefined, Parameters<typeof buildCreateRequest>[1], RegExp]> = [
    [undefined, {}, /cluster name is required/],
    ['x1', { file: path.join(home, 'none.json') }, /Cannot read the spec file/],
    ['x1', { file: '-' }, /is not JSON/],
    ['x1', { agentPool: ['name=a', 'name=b'], agentCount: 2 }, /for one pool/],
    ['x1', { agentPool: ['size=large'] }, /not 'size'/],
    ['x1', { agentPool: ['name=a,count=two'] }, /whole number/],
    ['x1', { tag: ['novalue'] }, /key=value/],
    ['x1', { sshPublicKey: '@/nonexistent/key.pub' }, /Cannot read the SSH public key/],
  ];
  for (const [name, flags, message] of cases) {
    assert.throws(
      () => buildCreateRequest(name, flags, sources('{not json')),
      (error: unknown) => error instanceof UsageError && message.test(error.message),
    );
  }
});
