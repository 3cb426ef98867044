// The local Entra ID over HTTPS, driven as clients drive Entra: discovery documents, the JWKS (thumbprints of
// real certificates), the v2 and v1 token endpoints with their claims and AADSTS errors, key rotation (in process
// and over HTTP), tokens minted for tests, the managed identity endpoint, and the curl command npm start prints.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startLocalIdentity, type ClientSecretCheck, type LocalIdentity } from '../../../local/identity';
import { tokenCurlCommand } from '../../../local/identity/curl-examples';
import { trustCaForFetch } from '../../support/azure-emulator';

const GRAPH_APP = {
  appId: '0d9c1a64-8d3b-4c8e-9b1e-3f0a2c4d5e6f',
  secret: 'graph-app-secret',
  spId: '5e6f7a8b-1c2d-4e3f-8a9b-0c1d2e3f4a5b',
};
const NO_SP_APP = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const EXPIRED_APP = '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e';

type Json = Record<string, any>;

async function getJson(url: string): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Json, headers: response.headers };
}

async function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as Json, headers: response.headers };
}

function claimsOf(token: string): { header: Json; claims: Json; signature: string } {
  const [header, claims, signature] = token.split('.');
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Json;
  return { header: decode(header!), claims: decode(claims!), signature: signature! };
}

describe('local Entra ID', () => {
  let identity: LocalIdentity;
  let dataDir: string;
  const checks: Array<[string, string]> = [];

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-identity-'));
    identity = await startLocalIdentity({
      dataDir,
      managedIdentity: { clientId: '4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f', objectId: '6e7f8a9b-0c1d-4e2f-8a3b-4c5d6e7f8a9b' },
      verifyClientSecret: (clientId, secret): ClientSecretCheck => {
        checks.push([clientId, secret]);
        if (clientId === GRAPH_APP.appId)
          return secret === GRAPH_APP.secret
            ? { result: 'valid', appId: clientId, displayName: 'cluster-sp', servicePrincipalId: GRAPH_APP.spId }
            : { result: 'invalidSecret' };
        if (clientId === NO_SP_APP) return { result: 'valid', appId: clientId, displayName: 'no-sp' };
        if (clientId === EXPIRED_APP) return { result: 'expiredSecret' };
        return { result: 'unknownClient' };
      },
    });
    trustCaForFetch(identity.caPem);
  });
  after(async () => {
    await identity.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const operatorForm = () => ({
    grant_type: 'client_credentials',
    client_id: identity.clients.operator.clientId,
    client_secret: identity.clients.operator.secret,
    scope: 'api://aks-cosmos-provisioner/.default',
  });

  it('serves the v2.0 and v1 OpenID configuration documents as Entra shapes them', async () => {
    const v2 = await getJson(identity.openidConfigurationUrl);
    assert.equal(v2.status, 200);
    assert.equal(v2.body.issuer, identity.issuer);
    assert.match(identity.issuer, new RegExp(`^https://127\\.0\\.0\\.1:\\d+/${identity.tenantId}/v2\\.0$`));
    assert.equal(v2.body.jwks_uri, identity.jwksUri);
    assert.equal(v2.body.token_endpoint, identity.tokenEndpoint);
    assert.deepEqual(v2.body.id_token_signing_alg_values_supported, ['RS256']);
    assert.ok(v2.body.authorization_endpoint.startsWith(`${identity.authorityHost}/${identity.tenantId}/oauth2/v2.0/`));

    const v1 = await getJson(`${identity.authorityHost}/${identity.tenantId}/.well-known/openid-configuration`);
    assert.equal(v1.status, 200);
    assert.equal(v1.body.issuer, `https://sts.windows.net/${identity.tenantId}/`);
    assert.equal(v1.body.token_endpoint, identity.v1TokenEndpoint);

    const unknown = await getJson(`${identity.authorityHost}/11111111-2222-3333-4444-555555555555/v2.0/.well-known/openid-configuration`);
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error, 'invalid_tenant');
    assert.deepEqual(unknown.body.error_codes, [90002]);
    assert.match(unknown.body.error_description, /^AADSTS90002: Tenant '11111111-2222-3333-4444-555555555555' not found\./);
  });

  it('publishes RS256 keys whose kid and x5t are the thumbprint of the certificate in x5c', async () => {
    const jwks = await getJson(identity.jwksUri);
    assert.equal(jwks.status, 200);
    assert.equal(jwks.body.keys.length, 1);
    const [key] = jwks.body.keys;
    assert.equal(key.kty, 'RSA');
    assert.equal(key.use, 'sig');
    const certificate = new X509Certificate(Buffer.from(key.x5c[0], 'base64'));
    const thumbprint = Buffer.from(certificate.fingerprint.replace(/:/g, ''), 'hex').toString('base64url');
    assert.equal(key.x5t, thumbprint);
    assert.equal(key.kid, thumbprint);
    const publicJwk = certificate.publicKey.export({ format: 'jwk' });
    assert.equal(publicJwk.n, key.n, 'the certificate certifies the published key');
    assert.equal(publicJwk.e, key.e);
    const common = await getJson(`${identity.authorityHost}/common/discovery/keys`);
    assert.deepEqual(common.body, jwks.body);
  });

  it('issues v2.0 tokens for the API with the caller, its app roles and app_displayname', async () => {
    const { status, body } = await postForm(identity.tokenEndpoint, operatorForm());
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.token_type, 'Bearer');
    assert.ok(body.expires_in > 3500 && body.expires_in <= 3600);
    const { header, claims } = claimsOf(body.access_token);
    assert.equal(header.alg, 'RS256');
    assert.equal(header.kid, identity.jwks().keys[0]!.kid);
    const operator = identity.clients.operator;
    assert.equal(claims.iss, identity.issuer);
    assert.equal(claims.aud, identity.api.clientId, 'v2.0 tokens carry the API client id as audience');
    assert.equal(claims.tid, identity.tenantId);
    assert.equal(claims.oid, operator.objectId);
    assert.equal(claims.sub, operator.objectId);
    assert.equal(claims.azp, operator.clientId);
    assert.equal(claims.ver, '2.0');
    assert.equal(claims.app_displayname, 'local-operator');
    assert.deepEqual(claims.roles, ['Clusters.Read', 'Clusters.Write', 'Clusters.Credentials']);
    assert.ok(claims.nbf <= claims.iat && claims.exp - claims.iat === 3600);

    const noRoles = await postForm(identity.tokenEndpoint, {
      ...operatorForm(),
      client_id: identity.clients.noroles.clientId,
      client_secret: identity.clients.noroles.secret,
    });
    assert.equal(claimsOf(noRoles.body.access_token).claims.roles, undefined, 'no roles, no roles claim');
    const admin = claimsOf(identity.token('admin')).claims;
    assert.deepEqual(admin.roles, ['Clusters.Read', 'Clusters.Write', 'Clusters.Credentials', 'Clusters.Admin']);
    assert.notEqual(claimsOf(identity.token('operator2')).claims.oid, operator.objectId, 'operator2 is another identity');
  });

  it('issues v1.0 tokens from the v1 endpoint for ARM, and the resource decides the shape', async () => {
    const form = {
      grant_type: 'client_credentials',
      client_id: identity.clients.admin.clientId,
      client_secret: identity.clients.admin.secret,
    };
    const arm = await postForm(identity.v1TokenEndpoint, { ...form, resource: 'https://management.core.windows.net/' });
    assert.equal(arm.status, 200, JSON.stringify(arm.body));
    assert.equal(typeof arm.body.expires_on, 'string', 'the v1 endpoint answers numbers as strings');
    assert.equal(arm.body.resource, 'https://management.core.windows.net/');
    const { header, claims } = claimsOf(arm.body.access_token);
    assert.equal(header.x5t, header.kid);
    assert.equal(claims.aud, 'https://management.core.windows.net/');
    assert.equal(claims.iss, `https://sts.windows.net/${identity.tenantId}/`);
    assert.equal(claims.appid, identity.clients.admin.clientId);
    assert.equal(claims.ver, '1.0');
    assert.equal(claims.roles, undefined, 'app roles of the API are not in tokens for ARM');

    const api = await postForm(identity.v1TokenEndpoint, { ...form, resource: 'api://aks-cosmos-provisioner' });
    assert.equal(claimsOf(api.body.access_token).claims.ver, '2.0');
    const basic = Buffer.from(`${encodeURIComponent(form.client_id)}:${encodeURIComponent(form.client_secret)}`).toString('base64');
    const viaBasic = await postForm(
      identity.tokenEndpoint,
      { grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default' },
      { authorization: `Basic ${basic}` },
    );
    assert.equal(viaBasic.status, 200, 'client_secret_basic works too');
    assert.equal(claimsOf(viaBasic.body.access_token).claims.aud, 'https://graph.microsoft.com');
  });

  it("answers Entra's errors: wrong secret, unknown client, bad scope, unknown resource, missing parameters", async () => {
    const cases: Array<[Record<string, string>, number, string, number]> = [
      [{ ...operatorForm(), client_secret: 'wrong' }, 401, 'invalid_client', 7000215],
      [{ ...operatorForm(), client_id: '00000000-1111-2222-3333-444444444444' }, 400, 'unauthorized_client', 700016],
      [{ ...operatorForm(), scope: 'api://aks-cosmos-provisioner/Clusters.Read' }, 400, 'invalid_scope', 1002012],
      [{ ...operatorForm(), scope: 'api://nothing-here/.default' }, 400, 'invalid_resource', 500011],
      [{ ...operatorForm(), grant_type: '' }, 400, 'invalid_request', 900144],
      [{ ...operatorForm(), grant_type: 'password' }, 400, 'unsupported_grant_type', 70003],
      [{ ...operatorForm(), client_secret: '' }, 401, 'invalid_client', 7000218],
      [{ ...operatorForm(), client_id: EXPIRED_APP, client_secret: 'x' }, 401, 'invalid_client', 7000222],
      [{ ...operatorForm(), client_id: NO_SP_APP, client_secret: 'x' }, 400, 'invalid_client', 7000229],
    ];
    for (const [form, status, error, code] of cases) {
      const reply = await postForm(identity.tokenEndpoint, form);
      assert.equal(reply.status, status, `${error} ${code}: ${JSON.stringify(reply.body)}`);
      assert.equal(reply.body.error, error);
      assert.deepEqual(reply.body.error_codes, [code]);
      assert.match(reply.body.error_description, new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: `));
      assert.match(reply.body.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
      assert.equal(reply.headers.get('cache-control'), 'no-store, no-cache');
      assert.ok(!JSON.stringify(reply.body).includes(identity.clients.operator.secret), 'no secret in an error');
    }
    const otherTenant = await postForm(identity.tokenEndpoint.replace(identity.tenantId, 'contoso.onmicrosoft.com'), operatorForm());
    assert.equal(otherTenant.status, 400);
    assert.deepEqual(otherTenant.body.error_codes, [90002]);
  });

  it('signs in applications of the directory through verifyClientSecret, with their service principal as oid', async () => {
    checks.length = 0;
    const form = { grant_type: 'client_credentials', client_id: GRAPH_APP.appId, client_secret: GRAPH_APP.secret };
    const reply = await postForm(identity.v1TokenEndpoint, { ...form, resource: 'https://management.azure.com/' });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const { claims } = claimsOf(reply.body.access_token);
    assert.equal(claims.appid, GRAPH_APP.appId);
    assert.equal(claims.oid, GRAPH_APP.spId);
    assert.deepEqual(checks, [[GRAPH_APP.appId, GRAPH_APP.secret]]);
    const wrong = await postForm(identity.v1TokenEndpoint, { ...form, client_secret: 'nope', resource: 'https://management.azure.com/' });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body.error_codes, [7000215]);
  });

  it('rotates keys in process and over HTTP, keeping or dropping the old ones', async () => {
    const before = identity.jwks().keys.map((key) => key.kid);
    const oldToken = identity.token('viewer');
    const rotated = identity.rotateKeys();
    assert.ok(!before.includes(rotated.kid));
    assert.deepEqual(rotated.kids, [rotated.kid, ...before]);
    assert.equal(claimsOf(identity.token('viewer')).header.kid, rotated.kid, 'the new key signs');
    assert.equal(claimsOf(oldToken).header.kid, before[0]);
    const published = await getJson(identity.jwksUri);
    assert.deepEqual(
      published.body.keys.map((key: Json) => key.kid),
      [rotated.kid, ...before],
    );

    const response = await fetch(`${identity.adminEndpoint}/rotate-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ keepPrevious: false }),
    });
    const dropped = (await response.json()) as { kid: string; kids: string[] };
    assert.equal(response.status, 200);
    assert.deepEqual(dropped.kids, [dropped.kid], 'old keys dropped: tokens they signed now have an unknown kid');
    assert.deepEqual(
      (await getJson(identity.jwksUri)).body.keys.map((key: Json) => key.kid),
      [dropped.kid],
    );
  });

  it('mints tokens for tests with any claim, header or key', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = claimsOf(identity.issueToken('operator', { claims: { exp: now - 7200, iat: now - 10800, nbf: now - 10800 } }));
    assert.equal(expired.claims.exp, now - 7200);
    assert.equal(expired.claims.roles.length, 3);
    const withoutRoles = claimsOf(identity.issueToken('admin', { claims: { roles: undefined, tid: 'another-tenant' } })).claims;
    assert.equal(withoutRoles.roles, undefined);
    assert.equal(withoutRoles.tid, 'another-tenant');
    const unsigned = claimsOf(identity.issueToken('operator', { key: 'none' }));
    assert.deepEqual(unsigned.header, { typ: 'JWT', alg: 'none' });
    assert.equal(unsigned.signature, '');
    const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = claimsOf(identity.issueToken('operator', { key: foreign, header: { kid: 'not-published' } }));
    assert.equal(forged.header.kid, 'not-published');
    assert.ok(forged.signature.length > 300);
    const arm = claimsOf(identity.issueToken('operator', { resource: 'https://management.azure.com' })).claims;
    assert.equal(arm.ver, '1.0');
    assert.equal(arm.aud, 'https://management.azure.com');
  });

  it('serves managed identity tokens to callers with the IDENTITY_HEADER, signed by the same keys', async () => {
    const mi = identity.managedIdentity!;
    const url = `${mi.endpoint}?resource=${encodeURIComponent('https://management.azure.com')}&api-version=2019-08-01`;
    const refused = await fetch(url);
    assert.equal(refused.status, 401);
    const response = await fetch(url, { headers: { 'x-identity-header': mi.header } });
    const body = (await response.json()) as Json;
    assert.equal(response.status, 200);
    assert.equal(body.client_id, mi.clientId);
    const { header, claims } = claimsOf(body.access_token);
    assert.equal(header.alg, 'RS256');
    assert.ok(identity.jwks().keys.some((key) => key.kid === header.kid));
    assert.equal(claims.iss, `https://sts.windows.net/${identity.tenantId}/`);
    assert.equal(claims.aud, 'https://management.azure.com');
    assert.equal(claims.oid, mi.objectId);
    assert.equal(claims.appid, mi.clientId);
    assert.equal(Number(body.expires_on), claims.exp);
    const unknown = await fetch(`${mi.endpoint}?resource=https%3A%2F%2Fnothing.example&api-version=2019-08-01`, {
      headers: { 'x-identity-header': mi.header },
    });
    assert.equal(unknown.status, 400);
    assert.equal(identity.issued()['https://management.azure.com'], 1);
  });

  it('writes the CA and the clients secrets (mode 0600), and the printed curl command gets a token', async () => {
    assert.equal(fs.readFileSync(identity.caFile!, 'utf8'), identity.caPem);
    const secretFile = identity.secretFile('operator')!;
    assert.equal(fs.readFileSync(secretFile, 'utf8'), identity.clients.operator.secret);
    assert.equal(fs.statSync(secretFile).mode & 0o777, 0o600);
    const command = tokenCurlCommand(identity, 'operator', identity.caFile!);
    assert.ok(!command.includes(identity.clients.operator.secret), 'the command names the secret file, not the secret');
    const token = await new Promise<string>((resolve, reject) =>
      execFile('sh', ['-c', `${command}; printf %s "$TOKEN"`], (error, stdout, stderr) =>
        error ? reject(new Error(stderr)) : resolve(stdout),
      ),
    );
    const { claims } = claimsOf(token);
    assert.equal(claims.azp, identity.clients.operator.clientId);
    assert.equal(claims.aud, identity.api.clientId);
  });
});
