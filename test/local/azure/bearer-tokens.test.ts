// The emulator checks bearer tokens as ARM and Graph do, against the local identity's keys: a real sign-in
// (ClientSecretCredential with a password Graph gave) works through the real SDK clients, and each bad token gets
// the service's 401 body and WWW-Authenticate; refused calls reach no handler. Also with the keys fetched from
// the identity's jwks_uri, across a key rotation.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { TokenCredential } from '@azure/core-auth';
import { ClientSecretCredential } from '@azure/identity';
import { startAzureEmulator, type AzureEmulator } from '../../../local/azure';
import type { IssueTokenOptions, LocalIdentity } from '../../../local/identity';
import { armCall, fastRetries, graphCall, startEmulatorWithIdentity, trustCaForFetch } from '../../support/azure-emulator';

const SUB = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const ARM = 'https://management.azure.com';
const GRAPH = 'https://graph.microsoft.com';

describe('bearer tokens checked against the local identity', () => {
  let identity: LocalIdentity;
  let emulator: AzureEmulator;

  before(async () => {
    ({ emulator, identity } = await startEmulatorWithIdentity());
  });
  after(async () => {
    await emulator.close();
    await identity.close();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const token = (options: IssueTokenOptions = {}) => identity.issueToken('operator', { resource: ARM, ...options });
  const credential = (make: () => string): TokenCredential => ({
    getToken: async () => ({ token: make(), expiresOnTimestamp: Date.now() + 3600_000 }),
  });
  const client = (auth: TokenCredential) =>
    new ResourceManagementClient(auth, SUB, {
      endpoint: emulator.armEndpoint,
      tlsOptions: { ca: identity.caPem },
      retryOptions: fastRetries,
    });

  it('a service principal made through Graph signs in with ClientSecretCredential and calls ARM with the SDK', async () => {
    const graphToken = token({ resource: GRAPH });
    const app = await graphCall(emulator, 'POST', '/applications', { displayName: 'signed-in-app' }, graphToken);
    assert.equal(app.status, 201, JSON.stringify(app.body));
    const sp = await graphCall(emulator, 'POST', '/servicePrincipals', { appId: app.body.appId }, graphToken);
    assert.equal(sp.status, 201);
    const password = await graphCall(emulator, 'POST', `/applications/${app.body.id}/addPassword`, { passwordCredential: {} }, graphToken);
    const signIn = new ClientSecretCredential(identity.tenantId, app.body.appId, password.body.secretText, {
      authorityHost: identity.authorityHost,
      disableInstanceDiscovery: true,
    });
    const group = await client(signIn).resourceGroups.createOrUpdate('signed-in', { location: 'centralus' });
    assert.equal(group.name, 'signed-in');
    const wrong = new ClientSecretCredential(identity.tenantId, app.body.appId, 'not-it', {
      authorityHost: identity.authorityHost,
      disableInstanceDiscovery: true,
    });
    await assert.rejects(client(wrong).resourceGroups.get('signed-in'), /AADSTS7000215/);
  });

  it('accepts a token within ARM clock skew and refuses each bad one with ARM 401 code and WWW-Authenticate', async () => {
    // Resolves (a 401 would throw): a minute past exp is within ARM's five minutes of skew.
    const withinSkew = client(credential(() => token({ claims: { exp: now() - 60 } })));
    assert.ok(await withinSkew.resourceGroups.get('signed-in').catch((error: any) => error.statusCode === 404));
    const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const invalid = 'The access token is invalid.';
    const cases: Array<[string, () => string, string, RegExp | string]> = [
      [
        'expired',
        () => token({ claims: { exp: now() - 3600 } }),
        'ExpiredAuthenticationToken',
        /^The access token expiry UTC time '\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d\d:\d\d [AP]M' is earlier than current UTC time '.+'\.$/,
      ],
      ['not yet valid', () => token({ claims: { nbf: now() + 3600 } }), 'InvalidAuthenticationToken', invalid],
      [
        'for Graph',
        () => token({ resource: GRAPH }),
        'InvalidAuthenticationTokenAudience',
        "The access token has been obtained for wrong audience or resource 'https://graph.microsoft.com'. It should exactly match with one " +
          "of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net'," +
          "'https://management.azure.com/','https://management.azure.com'.",
      ],
      [
        'for the provisioning API',
        () => identity.token('operator'),
        'InvalidAuthenticationTokenAudience',
        /wrong audience or resource '36242928-/,
      ],
      [
        'from another issuer',
        () => token({ claims: { iss: 'https://sts.windows.net/0a0b0c0d-1111-2222-3333-444455556666/' } }),
        'InvalidAuthenticationTokenTenant',
        /^The access token is from the wrong issuer 'https:\/\/sts\.windows\.net\/0a0b0c0d-1111-2222-3333-444455556666\/'\. It must match/,
      ],
      [
        'from another tenant',
        () => token({ claims: { tid: '0a0b0c0d-1111-2222-3333-444455556666' } }),
        'InvalidAuthenticationTokenTenant',
        /wrong issuer/,
      ],
      ['signed by another key', () => token({ key: foreign }), 'InvalidAuthenticationToken', invalid],
      [
        'with an unknown kid',
        () => token({ key: foreign, header: { kid: 'unknown', x5t: 'unknown' } }),
        'InvalidAuthenticationToken',
        invalid,
      ],
      ['alg none', () => token({ key: 'none' }), 'InvalidAuthenticationToken', invalid],
      ['not a JWT', () => 'not-a-jwt', 'InvalidAuthenticationToken', invalid],
      [
        'without oid',
        () => token({ claims: { oid: undefined } }),
        'InvalidAuthenticationToken',
        /at least one of the claims 'puid' or 'altsecid' or 'oid'/,
      ],
    ];
    const calls = emulator.admin.calls().calls['GET resourceGroups'] ?? 0;
    for (const [name, make, code, message] of cases) {
      await assert.rejects(client(credential(make)).resourceGroups.get('signed-in'), (error: any) => {
        assert.equal(error.statusCode, 401, name);
        assert.equal(error.code, code, name);
        if (typeof message === 'string') assert.equal(error.message, message, name);
        else assert.match(error.message, message, name);
        return true;
      });
      const raw = await armCall(emulator, 'GET', `/subscriptions/${SUB}/resourcegroups?api-version=2025-04-01`, { token: make() });
      assert.equal(raw.body.error.code, code);
      const challenge = raw.headers.get('www-authenticate') ?? '';
      assert.ok(
        challenge.startsWith(`Bearer authorization_uri="${identity.authorityHost}/${identity.tenantId}", error="invalid_token", `),
        challenge,
      );
      assert.ok(challenge.includes(`error_description="${raw.body.error.message}"`), challenge);
    }
    assert.equal(emulator.admin.calls().calls['GET resourceGroups'] ?? 0, calls, 'refused requests reach no handler');
    const basic = await armCall(emulator, 'GET', `/subscriptions/${SUB}/resourcegroups?api-version=2025-04-01`);
    assert.equal(basic.body.error.code, 'AuthenticationFailed');
  });

  it('refuses bad Graph tokens with Graph 401 body and challenge, and accepts Graph tokens only', async () => {
    const graph = (options: IssueTokenOptions = {}) => identity.issueToken('operator', { resource: GRAPH, ...options });
    assert.equal((await graphCall(emulator, 'GET', '/applications', undefined, graph())).status, 200);
    const cases: Array<[string, string]> = [
      [graph({ claims: { exp: now() - 3600 } }), 'Lifetime validation failed, the token is expired.'],
      [graph({ claims: { nbf: now() + 3600 } }), 'Access token has expired or is not yet valid.'],
      [token(), 'Access token validation failure. Invalid audience.'],
      [
        graph({ claims: { iss: 'https://sts.windows.net/0a0b0c0d-1111-2222-3333-444455556666/' } }),
        'Access token validation failure. Invalid issuer.',
      ],
      [graph({ key: 'none' }), 'Access token validation failure.'],
      ['not-a-jwt', 'CompactToken parsing failed with error code: 80049217'],
    ];
    for (const [bad, message] of cases) {
      const response = await graphCall(emulator, 'POST', '/applications', { displayName: 'never' }, bad);
      assert.equal(response.status, 401, message);
      assert.equal(response.body.error.code, 'InvalidAuthenticationToken');
      assert.equal(response.body.error.message, message);
      assert.ok(response.body.error.innerError['request-id']);
      assert.equal(
        response.headers.get('www-authenticate'),
        `Bearer realm="", authorization_uri="${identity.authorityHost}/common/oauth2/authorize", ` +
          'client_id="00000003-0000-0000-c000-000000000000"',
      );
    }
    assert.ok(!emulator.admin.state().applications.some((app) => app.displayName === 'never'), 'nothing was created');
  });

  it("fetches the keys from the identity's jwks_uri, again when a rotated key signs", async () => {
    const remote = await startAzureEmulator({
      tenantId: identity.tenantId,
      auth: { jwks: identity.jwksUri, caPem: identity.caPem, issuers: [identity.issuer], authorityHost: identity.authorityHost },
    });
    trustCaForFetch(remote.caPem);
    try {
      const list = (bearer: string) =>
        armCall(remote, 'GET', `/subscriptions/${SUB}/resourcegroups?api-version=2025-04-01`, { token: bearer }).then((r) => r.status);
      const old = token();
      assert.equal(await list(old), 200);
      identity.rotateKeys({ keepPrevious: false });
      assert.equal(await list(token()), 200, 'the new kid made the emulator fetch the set again');
      assert.equal(await list(old), 401, 'a token of a dropped key is refused');
    } finally {
      await remote.close();
    }
  });

  it('a token it accepted before is refused once its key is dropped from the in-process set', async () => {
    const list = (bearer: string) =>
      armCall(emulator, 'GET', `/subscriptions/${SUB}/resourcegroups?api-version=2025-04-01`, { token: bearer }).then((r) => r.status);
    const old = token();
    assert.equal(await list(old), 200);
    assert.equal(await list(old), 200, 'accepted again');
    identity.rotateKeys({ keepPrevious: false });
    assert.equal(await list(old), 401, 'the signature is checked again against the new set');
    assert.equal(await list(token()), 200);
  });
});
