// Who is calling: every protected route needs a valid Microsoft Entra ID token from the stack's local issuer.
// Every bad token is a 401 with an RFC 6750 challenge, and a refused call starts, writes and asks Azure nothing.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { call, startTestStack } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
const body = { name: 'tok1', linuxProfile: { sshPublicKey: sshRsaPublicKey() } };
const now = () => Math.floor(Date.now() / 1000);

before(async () => {
  stack = await startTestStack();
});
after(async () => stack?.stop());

async function create(token: string | null, headers: Record<string, string> = {}) {
  return call('POST', `${stack.apiBaseUrl}/clusters`, { body, token, headers });
}

function assertRefused(answer: Awaited<ReturnType<typeof create>>, description: RegExp) {
  assert.equal(answer.status, 401, answer.text);
  assert.equal(answer.json().error.code, 'InvalidAuthenticationToken');
  assert.equal(answer.headers.get('x-ms-error-code'), 'InvalidAuthenticationToken');
  const challenge = answer.headers.get('www-authenticate') ?? '';
  assert.match(challenge, /^Bearer realm="aks-cosmos-provisioner", error="invalid_token", error_description="[^"]+"$/);
  assert.match(challenge, description);
}

describe('bearer tokens', () => {
  test('every kind of bad token is a 401, and nothing is started, written or asked of Azure', async () => {
    const writesBefore = Object.entries(stack.emulator.admin.state().calls).filter(([name]) => !name.startsWith('GET'));
    const otherTenant = '0b3d5c1a-2f4e-4a6b-9c8d-7e6f5a4b3c2d';
    const foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const cases: Array<[string, string | null, RegExp, Record<string, string>?]> = [
      ['no token', null, /no bearer token/],
      ['not a bearer token', null, /not a bearer token/, { authorization: 'Basic dXNlcjpwYXNz' }],
      ['malformed', 'not.a.token', /malformed/],
      [
        'expired',
        stack.identity.issueToken('operator', { claims: { iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 } }),
        /expired/,
      ],
      ['not yet valid', stack.identity.issueToken('operator', { claims: { nbf: now() + 3600, exp: now() + 7200 } }), /not valid yet/],
      ['another audience', stack.identity.issueToken('operator', { claims: { aud: 'api://someone-else' } }), /another audience/],
      ['another issuer', stack.identity.issueToken('operator', { claims: { iss: 'https://login.example.com/x/v2.0' } }), /another issuer/],
      ['another tenant', stack.identity.issueToken('operator', { claims: { tid: otherTenant } }), /another tenant/],
      ['a foreign key', stack.identity.issueToken('operator', { key: foreignKey }), /unknown key|signature/],
      ['alg none', stack.identity.issueToken('operator', { key: 'none' }), /algorithm that is not allowed|malformed/],
    ];
    for (const [name, token, description, headers] of cases) {
      const answer = await create(token, headers);
      assert.equal(answer.status, 401, `${name}: ${answer.text}`);
      assertRefused(answer, description);
    }
    // Reads are refused the same way.
    assertRefused(await call('GET', `${stack.apiBaseUrl}/clusters`, { token: null }), /no bearer token/);
    // Nothing happened: no record, no operation, no write to Azure.
    const list = await call('GET', `${stack.apiBaseUrl}/clusters`);
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.json().value, []);
    const writesAfter = Object.entries(stack.emulator.admin.state().calls).filter(([name]) => !name.startsWith('GET'));
    assert.deepEqual(writesAfter, writesBefore);
  });

  test('the contract and the health probe stay anonymous', async () => {
    assert.equal((await call('GET', `${stack.apiBaseUrl}/health`, { token: null })).status, 200);
    assert.equal((await call('GET', `${stack.apiBaseUrl}/openapi.yaml`, { token: null })).status, 200);
  });

  test('a rotated key is fetched once; a token of a key no longer published is refused', async () => {
    const before = stack.identity.token('viewer');
    assert.equal((await call('GET', `${stack.apiBaseUrl}/clusters`, { token: before })).status, 200);
    stack.identity.rotateKeys({ keepPrevious: false });
    const fresh = stack.identity.token('viewer');
    assert.equal((await call('GET', `${stack.apiBaseUrl}/clusters`, { token: fresh })).status, 200, 'the new key is fetched');
    assertRefused(await call('GET', `${stack.apiBaseUrl}/clusters`, { token: before }), /unknown key/);
    // Rotated again at once, within a second of that fetch: the new key's first token still goes through.
    stack.identity.rotateKeys({ keepPrevious: false });
    const fresher = stack.identity.token('viewer');
    assert.equal((await call('GET', `${stack.apiBaseUrl}/clusters`, { token: fresher })).status, 200, 'a key rotated twice in a second');
  });

  test("a valid token without the route's role is a 403 naming the role; with it, the call goes through", async () => {
    const refused = await create(stack.identity.token('viewer'));
    assert.equal(refused.status, 403, refused.text);
    assert.equal(refused.json().error.code, 'MissingRole');
    assert.match(refused.json().error.message, /Clusters\.Write/);
    const none = await call('GET', `${stack.apiBaseUrl}/clusters`, { token: stack.identity.token('noroles') });
    assert.equal(none.status, 403);
    assert.match(none.json().error.message, /Clusters\.Read/);
    assert.deepEqual((await call('GET', `${stack.apiBaseUrl}/clusters`)).json().value, [], 'still nothing created');
  });
});
