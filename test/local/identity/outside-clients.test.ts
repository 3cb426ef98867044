// Real clients written against Entra ID work against the local one unchanged: @azure/identity's
// ClientSecretCredential (MSAL does the discovery and token calls) gets a token, and jose validates it with the
// key set found at the jwks_uri, including after a key rotation; a wrong secret surfaces Entra's AADSTS error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClientSecretCredential } from '@azure/identity';
import { startLocalIdentity, type LocalIdentity } from '../../../local/identity';
import { trustCaForFetch } from '../../support/azure-emulator';

describe('outside clients against the local Entra ID', () => {
  let identity: LocalIdentity;
  let jose: typeof import('jose', { with: { 'resolution-mode': 'import' } });

  before(async () => {
    jose = await import('jose');
    identity = await startLocalIdentity();
    // MSAL (node:https) and jose (fetch) both use the default CA list.
    trustCaForFetch(identity.caPem);
  });
  after(() => identity.close());

  const credentialFor = (name: 'operator' | 'viewer', secret = identity.clients[name].secret) =>
    new ClientSecretCredential(identity.tenantId, identity.clients[name].clientId, secret, {
      authorityHost: identity.authorityHost,
      disableInstanceDiscovery: true,
    });

  it('ClientSecretCredential gets an API token that jose verifies with the remote JWKS', async () => {
    const token = await credentialFor('operator').getToken('api://aks-cosmos-provisioner/.default');
    assert.ok(token?.token);
    assert.ok(token.expiresOnTimestamp > Date.now() + 3000_000);

    const configuration = (await (await fetch(identity.openidConfigurationUrl)).json()) as { jwks_uri: string; issuer: string };
    const keys = jose.createRemoteJWKSet(new URL(configuration.jwks_uri));
    const { payload, protectedHeader } = await jose.jwtVerify(token.token, keys, {
      issuer: configuration.issuer,
      audience: identity.api.audiences,
      algorithms: ['RS256'],
    });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.equal(payload.azp, identity.clients.operator.clientId);
    assert.equal(payload.tid, identity.tenantId);
    assert.deepEqual(payload.roles, ['Clusters.Read', 'Clusters.Write', 'Clusters.Credentials']);

    // After a rotation jose refetches the set on the unknown kid (its cooldown set to none here) and finds the new
    // key at the same jwks_uri; a token of a dropped key is refused.
    const refetching = jose.createRemoteJWKSet(new URL(configuration.jwks_uri), { cooldownDuration: 0 });
    await jose.jwtVerify(token.token, refetching);
    identity.rotateKeys({ keepPrevious: false });
    const fresh = await credentialFor('viewer').getToken('api://aks-cosmos-provisioner/.default');
    const verified = await jose.jwtVerify(fresh!.token, refetching, { issuer: identity.issuer, audience: identity.api.clientId });
    assert.deepEqual(verified.payload.roles, ['Clusters.Read']);
    await assert.rejects(jose.jwtVerify(token.token, jose.createRemoteJWKSet(new URL(identity.jwksUri))), jose.errors.JWKSNoMatchingKey);
  });

  it('ClientSecretCredential gets v1.0 tokens for ARM and reports a wrong secret with its AADSTS code', async () => {
    const arm = await credentialFor('operator').getToken('https://management.azure.com/.default');
    const claims = jose.decodeJwt(arm!.token);
    assert.equal(claims.aud, 'https://management.azure.com');
    assert.equal(claims.ver, '1.0');
    await assert.rejects(credentialFor('operator', 'not-the-secret').getToken('api://aks-cosmos-provisioner/.default'), (error: Error) => {
      // MSAL parsed the answer as it parses Entra's: the error, its codes and the AADSTS description.
      assert.match(
        error.message,
        /^invalid_client: Error\(s\): 7000215 - Timestamp: .* - Description: AADSTS7000215: Invalid client secret/,
      );
      return true;
    });
  });
});
