// The local stack runs the local Entra ID: the app gets AUTH_TENANT_ID, AUTH_ISSUER and AUTH_AUDIENCE, the
// trusted CA file covers the identity, the curl command npm start prints gets an operator token, and the app's
// managed identity tokens (RS256, signed by the identity) are what the emulator accepts.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { tokenCurlCommand } from '../../../local/identity/curl-examples';
import { bearer, startTestStack } from '../../support/stack';

function sh(command: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('sh', ['-c', command], (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

describe('the local stack with the local Entra ID', () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let stopped = false;
  before(async () => {
    stack = await startTestStack();
  });
  after(() => (stopped ? undefined : stack?.stop()));

  it('hands issuer, audience and tenant to the app as settings', () => {
    const { identity, settings } = stack;
    assert.equal(settings.AUTH_TENANT_ID, identity.tenantId);
    assert.equal(settings.AUTH_ISSUER, identity.issuer);
    assert.match(settings.AUTH_ISSUER!, /^https:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]{36}\/v2\.0$/);
    assert.equal(settings.AUTH_AUDIENCE, `${identity.api.clientId},api://aks-cosmos-provisioner`);
    assert.equal(settings.AKS_ENGINE_ACTIVE_DIRECTORY_ENDPOINT, `${identity.authorityHost}/`);
    assert.equal(settings.IDENTITY_ENDPOINT, identity.managedIdentity!.endpoint);
    assert.deepEqual(Object.keys(identity.clients).sort(), ['admin', 'noroles', 'operator', 'operator2', 'viewer']);
  });

  it('gets a token with the printed curl (trusted CA file) and calls the API with it', async () => {
    const command = tokenCurlCommand(stack.identity, 'operator', stack.trustedCaFile);
    const output = await sh(
      `${command}; curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" ${stack.apiBaseUrl}/clusters; ` +
        'echo; echo "$TOKEN"',
    );
    const [status, token] = output.trim().split('\n');
    assert.equal(status, '200');
    const claims = JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString('utf8'));
    assert.equal(claims.iss, stack.settings.AUTH_ISSUER);
    assert.ok(stack.settings.AUTH_AUDIENCE!.split(',').includes(claims.aud));
    assert.deepEqual(claims.roles, ['Clusters.Read', 'Clusters.Write', 'Clusters.Credentials']);
    const discovery = await sh(`curl -s --cacert "${stack.trustedCaFile}" ${stack.identity.openidConfigurationUrl}`);
    assert.equal(JSON.parse(discovery).issuer, stack.identity.issuer, 'the trusted CA file covers the identity');
  });

  it("accepts the app's managed identity tokens and refuses any other bearer", async () => {
    const mi = stack.identity.managedIdentity!;
    const token = (
      await sh(`curl -s -H "X-IDENTITY-HEADER: ${mi.header}" "${mi.endpoint}?resource=https://management.azure.com&api-version=2019-08-01"`)
    ).trim();
    const accessToken = JSON.parse(token).access_token as string;
    const list = (bearer: string) =>
      sh(
        `curl -s -o /dev/null -w '%{http_code}' --cacert "${stack.trustedCaFile}" -H "Authorization: Bearer ${bearer}" ` +
          `"${stack.emulator.armEndpoint}/subscriptions/${stack.settings.AZURE_SUBSCRIPTION_ID}/resourcegroups?api-version=2025-04-01"`,
      );
    assert.equal(await list(accessToken), '200');
    assert.equal(await list('anything'), '401', 'the emulator checks tokens in the stack');
  });

  // The suite runs several test files in one process: a file after this one must not send this stack's token.
  it("its stop clears the admin token that the tests' calls carry by default", async () => {
    assert.match(bearer().authorization ?? '', /^Bearer \S+$/);
    stopped = true;
    await stack.stop();
    assert.deepEqual(bearer(), {});
  });
});
