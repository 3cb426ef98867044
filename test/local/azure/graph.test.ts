// Microsoft Graph v1.0 over fetch with a bearer token, as the product calls it: applications, passwords
// (the secret is returned once), service principals (list by appId), deletion, and replication delay; creates
// answer with Location and objects carry every property Graph v1.0 returns by default; client secrets can be
// checked (for the local identity) without the state holding them.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startAzureEmulator, type AzureEmulator } from '../../../local/azure';
import { adminCall, graphCall, trustCaForFetch } from '../../support/azure-emulator';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Graph emulator: applications and service principals', () => {
  let emulator: AzureEmulator;

  before(async () => {
    emulator = await startAzureEmulator();
    trustCaForFetch(emulator.caPem);
  });
  after(() => emulator.close());
  beforeEach(() => emulator.admin.reset());

  async function createApp(displayName: string): Promise<{ id: string; appId: string }> {
    const response = await graphCall(emulator, 'POST', '/applications', { displayName, signInAudience: 'AzureADMyOrg' });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body;
  }

  it('answers 401 without a token, in the Graph error shape', async () => {
    const response = await graphCall(emulator, 'GET', '/applications', undefined, null);
    assert.equal(response.status, 401);
    assert.equal(response.body.error.code, 'InvalidAuthenticationToken');
    assert.ok(response.body.error.innerError.date);
    assert.ok(response.headers.get('request-id'));
  });

  it('creates an application (201) with object id and appId, and requires displayName', async () => {
    const created = await graphCall(emulator, 'POST', '/applications', { displayName: 'cluster-demo' });
    assert.equal(created.status, 201);
    assert.match(created.body.id, GUID);
    assert.match(created.body.appId, GUID);
    assert.notEqual(created.body.id, created.body.appId);
    assert.deepEqual(created.body.passwordCredentials, []);
    assert.equal(created.body.signInAudience, 'AzureADandPersonalMicrosoftAccount', "Graph's default");
    assert.match(created.body['@odata.context'], /\/graph\/v1\.0\/\$metadata#applications\/\$entity$/);
    const got = await graphCall(emulator, 'GET', `/applications/${created.body.id}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.displayName, 'cluster-demo');
    const byAppId = await graphCall(emulator, 'GET', `/applications(appId='${created.body.appId}')`);
    assert.equal(byAppId.body.id, created.body.id);
    const missing = await graphCall(emulator, 'POST', '/applications', { signInAudience: 'AzureADMyOrg' });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.code, 'Request_BadRequest');
  });

  it('returns the secret of addPassword once; reads show only its metadata; removePassword deletes it', async () => {
    const app = await createApp('with-secret');
    const added = await graphCall(emulator, 'POST', `/applications/${app.id}/addPassword`, {
      passwordCredential: { displayName: 'rbac', endDateTime: '2030-01-01T00:00:00Z' },
    });
    assert.equal(added.status, 200);
    const secret: string = added.body.secretText;
    assert.equal(secret.length, 40);
    assert.equal(added.body.hint, secret.slice(0, 3));
    assert.equal(added.body.displayName, 'rbac');
    assert.equal(added.body.endDateTime, '2030-01-01T00:00:00.000Z');
    assert.match(added.body.keyId, GUID);

    const read = await graphCall(emulator, 'GET', `/applications/${app.id}`);
    assert.equal(read.body.passwordCredentials.length, 1);
    assert.equal(read.body.passwordCredentials[0].keyId, added.body.keyId);
    assert.equal(read.body.passwordCredentials[0].secretText, null);
    assert.equal(read.body.passwordCredentials[0].hint, secret.slice(0, 3));
    assert.ok(!JSON.stringify(emulator.admin.state()).includes(secret), 'the secret is not kept anywhere');

    const second = await graphCall(emulator, 'POST', `/applications(appId='${app.appId}')/addPassword`, {});
    assert.equal(second.status, 200);
    assert.notEqual(second.body.secretText, secret);

    const removed = await graphCall(emulator, 'POST', `/applications/${app.id}/removePassword`, { keyId: added.body.keyId });
    assert.equal(removed.status, 204);
    const after = await graphCall(emulator, 'GET', `/applications/${app.id}`);
    assert.deepEqual(
      after.body.passwordCredentials.map((credential: { keyId: string }) => credential.keyId),
      [second.body.keyId],
    );
    const unknown = await graphCall(emulator, 'POST', `/applications/${app.id}/removePassword`, { keyId: added.body.keyId });
    assert.equal(unknown.status, 400);
  });

  it('creates a service principal from an appId and finds it with $filter=appId eq', async () => {
    const app = await createApp('sp-app');
    const other = await createApp('other-app');
    const sp = await graphCall(emulator, 'POST', '/servicePrincipals', { appId: app.appId });
    assert.equal(sp.status, 201);
    assert.match(sp.body.id, GUID);
    assert.equal(sp.body.appId, app.appId);
    assert.ok(sp.body.servicePrincipalNames.includes(app.appId));
    assert.equal(sp.body.appOwnerOrganizationId, emulator.tenantId);
    await graphCall(emulator, 'POST', '/servicePrincipals', { appId: other.appId });

    const listed = await graphCall(emulator, 'GET', `/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${app.appId}'`)}`);
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.value.map((item: { id: string }) => item.id),
      [sp.body.id],
    );
    const lowercasePath = await graphCall(emulator, 'GET', `/serviceprincipals?$filter=${encodeURIComponent(`appId eq '${app.appId}'`)}`);
    assert.equal(lowercasePath.body.value.length, 1, 'paths are case-insensitive');
    const none = await graphCall(
      emulator,
      'GET',
      `/servicePrincipals?$filter=${encodeURIComponent("appId eq '00000000-0000-0000-0000-000000000000'")}`,
    );
    assert.deepEqual(none.body.value, []);
    const unsupported = await graphCall(emulator, 'GET', `/servicePrincipals?$filter=${encodeURIComponent("startswith(displayName,'a')")}`);
    assert.equal(unsupported.status, 400);

    const duplicate = await graphCall(emulator, 'POST', '/servicePrincipals', { appId: app.appId });
    assert.equal(duplicate.status, 409);
    const orphan = await graphCall(emulator, 'POST', '/servicePrincipals', { appId: '00000000-0000-0000-0000-000000000000' });
    assert.equal(orphan.status, 400);
    assert.equal(orphan.body.error.details[0].code, 'NoBackingApplicationObject');
  });

  it('models replication delay: new objects miss for the first N reads from another replica', async () => {
    await adminCall(emulator, 'POST', '/replication', { misses: 2 });
    const app = await createApp('replicating');
    for (let i = 0; i < 2; i++) {
      const miss = await graphCall(emulator, 'GET', `/applications/${app.id}`);
      assert.equal(miss.status, 404);
      assert.equal(miss.body.error.code, 'Request_ResourceNotFound');
      assert.match(miss.body.error.message, /does not exist or one of its queried reference-property objects are not present/);
    }
    assert.equal((await graphCall(emulator, 'GET', `/applications/${app.id}`)).status, 200);
  });

  it('models replication delay in time: the service principal cannot be created until the application has replicated', async () => {
    await adminCall(emulator, 'POST', '/replication', { delayMs: 600 });
    const app = await createApp('slow');
    const early = await graphCall(emulator, 'POST', '/servicePrincipals', { appId: app.appId });
    assert.equal(early.status, 400);
    assert.equal(early.body.error.code, 'Request_BadRequest');
    assert.match(early.body.error.message, /does not reference a valid application object/);
    const addPassword = await graphCall(emulator, 'POST', `/applications/${app.id}/addPassword`, {});
    assert.equal(addPassword.status, 404);
    await new Promise((resolve) => setTimeout(resolve, 650));
    const later = await graphCall(emulator, 'POST', '/servicePrincipals', { appId: app.appId });
    assert.equal(later.status, 201);
    const listed = await graphCall(emulator, 'GET', `/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${app.appId}'`)}`);
    assert.deepEqual(listed.body.value, [], 'the new service principal is not listed while it replicates');
  });

  it('deletes an application (204) together with its service principal; deleted items can be purged', async () => {
    const app = await createApp('to-delete');
    const sp = await graphCall(emulator, 'POST', '/servicePrincipals', { appId: app.appId });
    assert.equal((await graphCall(emulator, 'DELETE', `/applications/${app.id}`)).status, 204);
    assert.equal((await graphCall(emulator, 'GET', `/applications/${app.id}`)).status, 404);
    assert.equal((await graphCall(emulator, 'GET', `/servicePrincipals/${sp.body.id}`)).status, 404);
    assert.equal((await graphCall(emulator, 'DELETE', `/applications/${app.id}`)).status, 404);
    const deleted = await graphCall(emulator, 'GET', '/directory/deletedItems/microsoft.graph.application');
    assert.deepEqual(
      deleted.body.value.map((item: { id: string }) => item.id),
      [app.id],
    );
    assert.ok(deleted.body.value[0].deletedDateTime);
    assert.equal((await graphCall(emulator, 'DELETE', `/directory/deletedItems/${app.id}`)).status, 204);
    assert.equal((await graphCall(emulator, 'GET', `/directory/deletedItems/${app.id}`)).status, 404);
    const state = emulator.admin.state() as { applications: unknown[]; servicePrincipals: unknown[] };
    assert.deepEqual([state.applications.length, state.servicePrincipals.length], [0, 0]);
    const counts = emulator.admin.calls().calls;
    assert.equal(counts['POST applications'], 1);
    assert.equal(counts['POST servicePrincipals'], 1);
    assert.equal(counts['DELETE applications'], 2);
  });

  /** Properties the Graph v1.0 metadata declares for each type (streams such as application.logo are not returned). */
  const APPLICATION_PROPERTIES = [
    'addIns',
    'api',
    'appId',
    'applicationTemplateId',
    'appRoles',
    'certification',
    'createdDateTime',
    'defaultRedirectUri',
    'deletedDateTime',
    'description',
    'disabledByMicrosoftStatus',
    'displayName',
    'groupMembershipClaims',
    'id',
    'identifierUris',
    'info',
    'isDeviceOnlyAuthSupported',
    'isFallbackPublicClient',
    'keyCredentials',
    'notes',
    'oauth2RequirePostResponse',
    'optionalClaims',
    'parentalControlSettings',
    'passwordCredentials',
    'publicClient',
    'publisherDomain',
    'requestSignatureVerification',
    'requiredResourceAccess',
    'samlMetadataUrl',
    'serviceManagementReference',
    'servicePrincipalLockConfiguration',
    'signInAudience',
    'spa',
    'tags',
    'tokenEncryptionKeyId',
    'verifiedPublisher',
    'web',
  ];
  const SERVICE_PRINCIPAL_PROPERTIES = [
    'accountEnabled',
    'addIns',
    'alternativeNames',
    'appDescription',
    'appDisplayName',
    'appId',
    'applicationTemplateId',
    'appOwnerOrganizationId',
    'appRoleAssignmentRequired',
    'appRoles',
    'createdDateTime',
    'deletedDateTime',
    'description',
    'disabledByMicrosoftStatus',
    'displayName',
    'homepage',
    'id',
    'info',
    'keyCredentials',
    'loginUrl',
    'logoutUrl',
    'notes',
    'notificationEmailAddresses',
    'oauth2PermissionScopes',
    'passwordCredentials',
    'preferredSingleSignOnMode',
    'preferredTokenSigningKeyThumbprint',
    'replyUrls',
    'resourceSpecificApplicationPermissions',
    'samlSingleSignOnSettings',
    'servicePrincipalNames',
    'servicePrincipalType',
    'signInAudience',
    'tags',
    'tokenEncryptionKeyId',
    'verifiedPublisher',
  ];

  it('answers creates with Location and returns every default property of applications and service principals', async () => {
    const app = await graphCall(emulator, 'POST', '/applications', {
      displayName: 'full-view',
      appRoles: [{ id: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', value: 'Things.Read', allowedMemberTypes: ['Application'] }],
    });
    assert.equal(app.status, 201);
    const tenant = emulator.tenantId;
    assert.equal(
      app.headers.get('location'),
      `${emulator.graphEndpoint}/v2/${tenant}/directoryObjects/${app.body.id}/Microsoft.DirectoryServices.Application`,
    );
    const { '@odata.context': appContext, ...appProperties } = (await graphCall(emulator, 'GET', `/applications/${app.body.id}`)).body;
    assert.ok(appContext);
    assert.deepEqual(Object.keys(appProperties).sort(), [...APPLICATION_PROPERTIES].sort());
    assert.deepEqual(appProperties.web.implicitGrantSettings, { enableAccessTokenIssuance: false, enableIdTokenIssuance: false });
    assert.equal(appProperties.appRoles[0].value, 'Things.Read');

    const sp = await graphCall(emulator, 'POST', '/servicePrincipals', { appId: app.body.appId });
    assert.equal(sp.status, 201);
    assert.equal(
      sp.headers.get('location'),
      `${emulator.graphEndpoint}/v2/${tenant}/directoryObjects/${sp.body.id}/Microsoft.DirectoryServices.ServicePrincipal`,
    );
    const { '@odata.context': spContext, ...spProperties } = (await graphCall(emulator, 'GET', `/servicePrincipals/${sp.body.id}`)).body;
    assert.ok(spContext);
    assert.deepEqual(Object.keys(spProperties).sort(), [...SERVICE_PRINCIPAL_PROPERTIES].sort());
    assert.equal(spProperties.appOwnerOrganizationId, tenant);
    assert.deepEqual(spProperties.servicePrincipalNames, [app.body.appId]);
    assert.equal(spProperties.appRoles[0].value, 'Things.Read', 'a service principal shows its application roles');
  });

  it('checks client secrets against a hash only: valid, wrong, expired, unknown, in process and over the admin API', async () => {
    const app = (await graphCall(emulator, 'POST', '/applications', { displayName: 'signs-in' })).body;
    const password = await graphCall(emulator, 'POST', `/applications/${app.id}/addPassword`, { passwordCredential: {} });
    const secret: string = password.body.secretText;
    const serialized = JSON.stringify(emulator.admin.state());
    assert.ok(!serialized.includes(secret), 'the state does not hold the secret');
    assert.ok(!serialized.includes('secretHash'), 'views never show the hash either');
    assert.deepEqual(emulator.admin.verifyClientSecret(app.appId, secret), { result: 'valid', appId: app.appId, displayName: 'signs-in' });
    const sp = (await graphCall(emulator, 'POST', '/servicePrincipals', { appId: app.appId })).body;
    assert.equal(emulator.admin.verifyClientSecret(app.appId, secret).result, 'valid');
    assert.deepEqual(emulator.admin.verifyClientSecret(app.appId, secret), {
      result: 'valid',
      appId: app.appId,
      displayName: 'signs-in',
      servicePrincipalId: sp.id,
    });
    assert.deepEqual(emulator.admin.verifyClientSecret(app.appId, `${secret}x`), { result: 'invalidSecret' });
    assert.deepEqual(emulator.admin.verifyClientSecret('7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b', secret), { result: 'unknownClient' });

    const past = await graphCall(emulator, 'POST', `/applications/${app.id}/addPassword`, {
      passwordCredential: { startDateTime: '2020-01-01T00:00:00Z', endDateTime: '2021-01-01T00:00:00Z' },
    });
    const overHttp = await adminCall(emulator, 'POST', '/verify-client-secret', { clientId: app.appId, secret: past.body.secretText });
    assert.equal(overHttp.status, 200);
    assert.deepEqual(overHttp.body, { result: 'expiredSecret' });
  });
});
