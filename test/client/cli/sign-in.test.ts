// How the CLI signs in, end to end against a scripted API and a scripted Entra ID token endpoint: a token given
// outright, a client secret from the environment (through a private authority host, without instance discovery),
// no credential at all, and what a 401 then says.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createLocalCertificates } from '../../../local/azure/tls/local-ca';
import { nodeBinary } from '../../support/process';
import { runCli, shown } from '../support/cli-process';
import { clusterAnswer, startFakeServer, type FakeServer } from '../support/fake-api';

let api: FakeServer;
let authority: https.Server;
let authorityUrl: string;
let caFile: string;
let workDir: string;
const tokenRequests: URLSearchParams[] = [];
const challenge = 'Bearer realm="aks-cosmos", error="invalid_token"';

before(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-sign-in-'));
  api = await startFakeServer();
  // The token endpoint of a tenant, as a private authority host serves it: OpenID metadata, then client credentials.
  const certificates = await createLocalCertificates();
  caFile = path.join(workDir, 'ca.pem');
  fs.writeFileSync(caFile, certificates.caPem);
  authority = https.createServer({ cert: certificates.certPem, key: certificates.keyPem }, (req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const tenant = (req.url ?? '').split('/')[1];
      const base = `${authorityUrl}/${tenant}`;
      res.setHeader('content-type', 'application/json');
      if (req.url?.endsWith('/v2.0/.well-known/openid-configuration')) {
        return res.end(
          JSON.stringify({
            issuer: `${base}/v2.0`,
            token_endpoint: `${base}/oauth2/v2.0/token`,
            authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
            jwks_uri: `${base}/discovery/v2.0/keys`,
          }),
        );
      }
      if (req.url?.startsWith(`/${tenant}/oauth2/v2.0/token`)) {
        const form = new URLSearchParams(body);
        tokenRequests.push(form);
        if (form.get('client_secret') !== 'right-secret') {
          res.statusCode = 401;
          return res.end(JSON.stringify({ error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' }));
        }
        return res.end(
          JSON.stringify({
            token_type: 'Bearer',
            expires_in: 3600,
            ext_expires_in: 3600,
            access_token: `issued-for-${form.get('client_id')}`,
          }),
        );
      }
      res.statusCode = 404;
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => authority.listen(0, '127.0.0.1', resolve));
  authorityUrl = `https://127.0.0.1:${(authority.address() as AddressInfo).port}`;
  // The API: a cluster for callers with a token it knows, a 401 with a challenge for everyone else.
  api.handle((request) => {
    if (['Bearer given-token', 'Bearer issued-for-tool-app'].includes(request.headers.authorization ?? '')) {
      return { body: clusterAnswer(api.url, request.path.split('/').pop()!, 'Succeeded', 100) };
    }
    return {
      status: 401,
      headers: { 'www-authenticate': challenge },
      body: { error: { code: 'Unauthorized', message: 'Sign in first.' } },
    };
  });
});

after(async () => {
  await api?.close();
  await new Promise((resolve) => authority?.close(resolve));
  fs.rmSync(workDir, { recursive: true, force: true });
});

/** A run with no Azure CLI on PATH (only Node's folder), so that the developer's sign-in never applies here. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runCli(['--api', `${api.url}/api`, ...args], { env: { PATH: path.dirname(nodeBinary), HOME: workDir, ...env }, cwd: workDir });
}

/** The Authorization header the API got for a cluster name (each run asks for its own). */
function authorizationFor(name: string): string | undefined {
  const request = api.requests.find((candidate) => candidate.path === `/api/clusters/${name}`);
  assert.ok(request, `the API was asked for ${name}`);
  return request.headers.authorization;
}

test('without any credential the request goes without a token, and a 401 says how to sign in (exit 5)', async () => {
  const [result, json] = await Promise.all([cli(['get', 'anon1']), cli(['get', 'anon2', '-o', 'json'])]);
  assert.equal(result.code, 5, shown(result));
  assert.equal(authorizationFor('anon1'), undefined);
  assert.match(result.stderr, /Unauthorized: Sign in first\./);
  assert.ok(result.stderr.includes(challenge), 'the challenge is shown');
  assert.match(result.stderr, /No token was sent: the Azure CLI \(az\) is not on PATH/);
  for (const way of [
    'az login',
    'AZURE_TENANT_ID',
    'AZURE_CLIENT_ID',
    'AZURE_CLIENT_SECRET',
    '--token',
    'api://aks-cosmos-provisioner/.default',
  ]) {
    assert.ok(result.stderr.includes(way), `mentions ${way}:\n${result.stderr}`);
  }
  assert.equal(json.code, 5);
  assert.deepEqual(JSON.parse(json.stderr), { error: { code: 'Unauthorized', message: 'Sign in first.' } });
});

test('a token given with --token or AKS_COSMOS_TOKEN is sent as is, the flag first', async () => {
  const [flag, variable, both, refused] = await Promise.all([
    cli(['--token', 'given-token', 'get', 'flag1', '-o', 'json']),
    cli(['get', 'variable1'], { AKS_COSMOS_TOKEN: 'given-token' }),
    cli(['--token', 'given-token', 'get', 'both1'], { AKS_COSMOS_TOKEN: 'stale-token' }),
    cli(['get', 'stale1'], { AKS_COSMOS_TOKEN: 'stale-token' }),
  ]);
  assert.equal(flag.code, 0, shown(flag));
  assert.equal(JSON.parse(flag.stdout).name, 'flag1');
  assert.equal(authorizationFor('flag1'), 'Bearer given-token');
  assert.equal(variable.code, 0, shown(variable));
  assert.equal(authorizationFor('variable1'), 'Bearer given-token');
  assert.equal(both.code, 0, shown(both));
  assert.equal(authorizationFor('both1'), 'Bearer given-token');
  assert.equal(refused.code, 5, shown(refused));
  assert.equal(authorizationFor('stale1'), 'Bearer stale-token');
  assert.match(refused.stderr, /refused the token from --token or AKS_COSMOS_TOKEN/);
});

test('a client secret in the environment gets a token from the authority host, for AKS_COSMOS_SCOPE', async () => {
  const secretEnv = {
    AZURE_TENANT_ID: 'tenant-1',
    AZURE_CLIENT_ID: 'tool-app',
    AZURE_CLIENT_SECRET: 'right-secret',
    // A private authority: MSAL must not ask the public cloud's instance discovery (this machine could not reach it).
    AZURE_AUTHORITY_HOST: authorityUrl,
    AKS_COSMOS_SCOPE: 'api://custom-provisioner/.default',
    NODE_EXTRA_CA_CERTS: caFile,
  };
  const [result, wrong] = await Promise.all([
    cli(['get', 'secret1', '-o', 'json'], secretEnv),
    cli(['get', 'secret2'], { ...secretEnv, AZURE_CLIENT_SECRET: 'wrong-secret' }),
  ]);
  assert.equal(result.code, 0, shown(result));
  assert.equal(authorizationFor('secret1'), 'Bearer issued-for-tool-app');
  const form = tokenRequests.find((candidate) => candidate.get('client_secret') === 'right-secret');
  assert.ok(form, 'the authority was asked for a token');
  assert.equal(form.get('grant_type'), 'client_credentials');
  assert.equal(form.get('client_id'), 'tool-app');
  assert.equal(form.get('scope'), 'api://custom-provisioner/.default');

  assert.equal(wrong.code, 5, shown(wrong));
  assert.match(wrong.stderr, /Sign-in with the client secret in the environment failed/);
  assert.doesNotMatch(wrong.stderr + wrong.stdout, /wrong-secret/, 'the secret is never printed');
  assert.ok(!api.requests.some((request) => request.path === '/api/clusters/secret2'), 'the API is not called without the token');
});
