// A battery of malformed requests: every one gets a 4xx with the error envelope (never a 5xx) and nothing is
// created: no orchestration, no cluster record, no Azure call that changes anything.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { assertMatchesContract } from '../../support/contract';
import { call, startTestStack, type ApiAnswer } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
const key = sshRsaPublicKey();
const weakKey = sshRsaPublicKey(1024);
const valid = { name: 'valid1', linuxProfile: { sshPublicKey: key } };

before(async () => {
  stack = await startTestStack();
});

after(async () => {
  await stack?.stop();
});

function assertEnvelope(answer: ApiAnswer, what: string): void {
  assert.ok(answer.status >= 400 && answer.status < 500, `${what}: expected a 4xx, got ${answer.status} ${answer.text.slice(0, 300)}`);
  let body: any;
  try {
    body = answer.json();
  } catch {
    assert.fail(`${what}: the ${answer.status} answer is not JSON: ${answer.text.slice(0, 200)}`);
  }
  assert.equal(typeof body.error?.code, 'string', `${what}: no error.code in ${answer.text.slice(0, 300)}`);
  assert.equal(typeof body.error?.message, 'string', `${what}: no error.message`);
  assert.equal(answer.headers.get('x-ms-error-code'), body.error.code, `${what}: x-ms-error-code must repeat the code`);
}

const withBody = (patch: (body: any) => void) => {
  const body = structuredClone(valid) as any;
  patch(body);
  return body;
};

/** [description, body] pairs of JSON bodies that break one rule each. */
function invalidBodies(): Array<[string, unknown]> {
  const cases: Array<[string, unknown]> = [];
  const add = (what: string, patch: (body: any) => void) => cases.push([what, withBody(patch)]);
  for (const body of [[], 'text', 42, null, true, [valid]]) cases.push([`body ${JSON.stringify(body).slice(0, 20)}`, body]);
  add('name missing', (b) => delete b.name);
  for (const name of [42, null, true, ['a'], { n: 1 }]) add(`name of type ${typeof name}`, (b) => (b.name = name));
  for (const name of [
    '',
    'a',
    'ab',
    'Demo1',
    '1demo',
    'demo-',
    '-demo',
    'de_mo',
    'de.mo',
    'de mo',
    'x'.repeat(42),
    '../etc',
    'd%2e',
    'dëmo',
    'demo\n',
    'demo/x',
    'demo\u0000',
  ]) {
    add(`name ${JSON.stringify(name).slice(0, 20)}`, (b) => (b.name = name));
  }
  for (const location of ['eastus', 'CentralUS', '', 'central us', 123, null])
    add(`location ${JSON.stringify(location)}`, (b) => (b.location = location));
  add('masterProfile not an object', (b) => (b.masterProfile = 'big'));
  add('masterProfile array', (b) => (b.masterProfile = [1]));
  for (const count of [0, 2, 4, 6, -1, 1.5, '1', null, 7])
    add(`master count ${JSON.stringify(count)}`, (b) => (b.masterProfile = { count }));
  for (const vmSize of ['Standard_A1', 'bogus', '', 5, 'standard_d2_v3', 'Standard_B1s'])
    add(`master vmSize ${JSON.stringify(vmSize)}`, (b) => (b.masterProfile = { vmSize }));
  add('masterProfile unknown key', (b) => (b.masterProfile = { count: 1, dnsPrefix: 'x' }));
  add('masterProfile cosmosEtcd', (b) => (b.masterProfile = { cosmosEtcd: false }));
  add('agentPoolProfiles empty', (b) => (b.agentPoolProfiles = []));
  add('agentPoolProfiles object', (b) => (b.agentPoolProfiles = { name: 'agent' }));
  add('agentPoolProfiles 13 pools', (b) => (b.agentPoolProfiles = Array.from({ length: 13 }, (_, i) => ({ name: `pool${i}` }))));
  add('agent pool null', (b) => (b.agentPoolProfiles = [null]));
  for (const name of ['Agent', 'a-b', 'toolongpoolname1', '1pool', '', 7])
    add(`pool name ${JSON.stringify(name)}`, (b) => (b.agentPoolProfiles = [{ name }]));
  add('pool names duplicated', (b) => (b.agentPoolProfiles = [{ name: 'agent' }, { name: 'agent' }]));
  add('second pool without name', (b) => (b.agentPoolProfiles = [{ name: 'agent' }, { count: 2 }]));
  for (const count of [0, 101, 1.5, '3', null])
    add(`pool count ${JSON.stringify(count)}`, (b) => (b.agentPoolProfiles = [{ name: 'agent', count }]));
  for (const vmSize of ['Standard_A0', 'nope', ''])
    add(`pool vmSize ${JSON.stringify(vmSize)}`, (b) => (b.agentPoolProfiles = [{ name: 'agent', vmSize }]));
  for (const availabilityProfile of ['Foo', 'availabilityset', 3])
    add(
      `availabilityProfile ${JSON.stringify(availabilityProfile)}`,
      (b) => (b.agentPoolProfiles = [{ name: 'agent', availabilityProfile }]),
    );
  add(
    'mixed availability profiles',
    (b) =>
      (b.agentPoolProfiles = [
        { name: 'a', availabilityProfile: 'AvailabilitySet' },
        { name: 'b', availabilityProfile: 'VirtualMachineScaleSets' },
      ]),
  );
  add('pool unknown key', (b) => (b.agentPoolProfiles = [{ name: 'agent', osType: 'Windows' }]));
  add('linuxProfile missing', (b) => delete b.linuxProfile);
  add('linuxProfile string', (b) => (b.linuxProfile = 'ssh-rsa AAAA'));
  add('linuxProfile unknown key', (b) => (b.linuxProfile.ssh = { publicKeys: [] }));
  for (const adminUsername of ['root', 'admin', 'Admin', '1user', 'a'.repeat(65), '', 'us er', 5])
    add(`adminUsername ${JSON.stringify(adminUsername).slice(0, 20)}`, (b) => (b.linuxProfile.adminUsername = adminUsername));
  add('sshPublicKey missing', (b) => delete b.linuxProfile.sshPublicKey);
  for (const sshPublicKey of [
    '',
    'ssh-dss AAAAB3NzaC1kc3M=',
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
    'ssh-rsa not*base64',
    'ssh-rsa AAAA',
    'ssh-rsa',
    weakKey,
    12,
    'x'.repeat(20_000),
  ]) {
    add(`sshPublicKey ${JSON.stringify(sshPublicKey).slice(0, 24)}`, (b) => (b.linuxProfile.sshPublicKey = sshPublicKey));
  }
  for (const tags of [
    'team',
    ['a'],
    { team: 5 },
    { 'a<b': 'x' },
    { 'azure-x': 'y' },
    { 'aks-cosmos-cluster': 'z' },
    { t: 'v'.repeat(257) },
    { '': 'x' },
  ]) {
    add(`tags ${JSON.stringify(tags).slice(0, 24)}`, (b) => (b.tags = tags));
  }
  add('16 tags', (b) => (b.tags = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`t${i}`, 'v']))));
  for (const field of ['dnsPrefix', 'Name', 'properties', 'orchestratorProfile', 'servicePrincipalProfile'])
    add(`unknown field ${field}`, (b) => (b[field] = 'x'));
  return cases;
}

test('malformed create requests get a 4xx error envelope and start nothing', async (t) => {
  const api = stack.apiBaseUrl;
  const requests: Array<[string, () => Promise<ApiAnswer>]> = [];
  for (const [what, body] of invalidBodies()) requests.push([what, () => call('POST', `${api}/clusters`, { body })]);
  const raw = (what: string, rawBody: string | Buffer, contentType = 'application/json') =>
    requests.push([what, () => call('POST', `${api}/clusters`, { rawBody, headers: { 'content-type': contentType } })]);
  for (const text of [
    '{',
    '{"name":',
    "{'name':'x'}",
    '{"name":"a",}',
    'nul',
    '{"a":1}{"b":2}',
    '\u0000',
    '[1,2',
    '"unterminated',
    '{"name":"x"',
  ])
    raw(`bad JSON ${JSON.stringify(text)}`, text);
  raw('empty body', '');
  raw('invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
  raw('body over 64 KiB', JSON.stringify({ ...valid, tags: { big: 'x'.repeat(70_000) } }));
  for (const type of [
    'text/plain',
    'application/xml',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonx',
  ])
    raw(`content type ${type}`, JSON.stringify(valid), type);
  requests.push(['no content type', () => call('POST', `${api}/clusters`, { rawBody: JSON.stringify(valid) })]);
  for (const idempotencyKey of ['x'.repeat(300), 'has space', 'tab\there']) {
    requests.push([
      `Idempotency-Key ${idempotencyKey.slice(0, 10)}`,
      () => call('POST', `${api}/clusters`, { body: valid, headers: { 'idempotency-key': idempotencyKey } }),
    ]);
  }
  assert.ok(requests.length >= 100, `the battery has ${requests.length} requests`);
  t.diagnostic(`${requests.length} malformed create requests`);
  for (const [what, send] of requests) {
    const answer = await send();
    assertEnvelope(answer, what);
    if (answer.status === 400) assertMatchesContract('/clusters', 'post', 400, answer.json());
  }
  // Far over the app's limit, the host itself refuses the body before reading it (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT),
  // as the Functions host in Azure does: a bare 413, and the app never sees it.
  const huge = await call('POST', `${api}/clusters`, {
    rawBody: 'x'.repeat(2 * 1024 * 1024),
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(huge.status, 413);
  await assertNothingStarted();
});

test('malformed reads and deletes get a 4xx error envelope', async (t) => {
  const api = stack.apiBaseUrl;
  const urls: Array<[string, string]> = [];
  for (const name of ['A', 'ab', 'UPPER', 'a_b', 'a%2Fb', '%00', 'x'.repeat(45), 'demo-']) {
    for (const suffix of ['', '/kubeconfig', '/artifacts', '/operations']) urls.push(['GET', `${api}/clusters/${name}${suffix}`]);
    urls.push(['DELETE', `${api}/clusters/${name}`]);
  }
  for (const suffix of ['', '/kubeconfig', '/artifacts', '/artifacts/ca.crt', '/operations'])
    urls.push(['GET', `${api}/clusters/nosuch${suffix}`]);
  urls.push(['DELETE', `${api}/clusters/nosuch`]);
  for (const query of ['top=0', 'top=101', 'top=abc', 'top=-1', 'state=Bogus', 'state=Succeeded,Nope', 'skipToken=..%2F'])
    urls.push(['GET', `${api}/clusters?${query}`]);
  t.diagnostic(`${urls.length} malformed reads and deletes`);
  for (const [method, url] of urls) assertEnvelope(await call(method, url), `${method} ${url}`);
  await assertNothingStarted();
});

async function assertNothingStarted(): Promise<void> {
  const instances = await call('GET', `${stack.apiBaseUrl.replace(/\/api$/, '')}/runtime/webhooks/durabletask/instances/`);
  assert.equal(instances.status, 200);
  assert.deepEqual(instances.json(), [], 'no orchestration may start for a bad request');
  const list = await call('GET', `${stack.apiBaseUrl}/clusters`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.json().value, [], 'no cluster record may be written for a bad request');
  const calls = stack.emulator.admin.calls().calls;
  const writes = Object.entries(calls).filter(([operation]) => /^(PUT|POST|DELETE|PATCH)/.test(operation));
  assert.deepEqual(writes, [], 'no Azure resource may be touched for a bad request');
}
