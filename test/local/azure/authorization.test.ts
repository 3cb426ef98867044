// RBAC of the caller (the token's oid): a write its admin-set permissions do not allow gets ARM's 403
// AuthorizationFailed naming the client, the action and the scope; principals with no permissions set, and callers
// whose token names none, may do everything, as before permissions existed.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ResourceManagementClient } from '@azure/arm-resources';
import { DeploymentsClient } from '@azure/arm-resourcesdeployments';
import { startAzureEmulator, type AzureEmulator } from '../../../local/azure';
import { fastRetries, resourceClient } from '../../support/azure-emulator';
import { armSend, principalCredential } from './fixtures/arm-pipeline';
import { nodePoolDeployment } from './fixtures/node-pool-template';

const SUB = '4c3b2a19-8f7e-4d6c-9b5a-0e1f2a3b4c5d';
const LIMITED = { objectId: '7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918', appId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' };
const OTHER = { objectId: '11111111-2222-4333-8444-555555555555', appId: '66666666-7777-4888-9999-000000000000' };
const CONTRIBUTOR = '/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c';

function denied(action: string, scope: string) {
  return (error: any) => {
    assert.equal(error.statusCode, 403);
    assert.equal(error.code, 'AuthorizationFailed');
    assert.equal(
      error.message,
      `The client '${LIMITED.appId}' with object id '${LIMITED.objectId}' does not have authorization to perform action ` +
        `'${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
    return true;
  };
}

describe('Azure emulator: authorization of the caller', () => {
  let emulator: AzureEmulator;
  const options = () => ({ endpoint: emulator.armEndpoint, tlsOptions: { ca: emulator.caPem }, retryOptions: fastRetries });
  const clientsOf = (principal: { objectId: string; appId: string }) => {
    const credential = principalCredential(principal.objectId, principal.appId);
    return {
      resources: new ResourceManagementClient(credential, SUB, options()),
      deployments: new DeploymentsClient(credential, SUB, options()),
      authorization: new AuthorizationManagementClient(credential, SUB, {
        ...options(),
        credentialScopes: ['https://management.azure.com/.default'],
      }),
    };
  };

  before(async () => {
    emulator = await startAzureEmulator({ acceptUnknownPrincipals: true });
  });
  after(() => emulator.close());
  beforeEach(() => emulator.admin.reset());

  it('refuses the writes a principal may not do with 403 AuthorizationFailed, and changes nothing', async () => {
    emulator.admin.setPermissions(LIMITED.objectId, [{ actions: ['*/read'] }]);
    const limited = clientsOf(LIMITED);
    const group = `/subscriptions/${SUB}/resourceGroups/rg-auth`;
    await assert.rejects(
      limited.resources.resourceGroups.createOrUpdate('rg-auth', { location: 'centralus' }),
      denied('Microsoft.Resources/subscriptions/resourceGroups/write', group),
    );
    assert.equal(emulator.admin.state().resourceGroups.length, 0);

    await resourceClient(emulator, SUB).resourceGroups.createOrUpdate('rg-auth', { location: 'centralus' });
    await assert.rejects(
      limited.resources.resourceGroups.beginDeleteAndWait('rg-auth', { updateIntervalInMs: 5 }),
      denied('Microsoft.Resources/subscriptions/resourceGroups/delete', group),
    );
    const assignment = '0f0e0d0c-0b0a-4909-8807-060504030201';
    await assert.rejects(
      limited.authorization.roleAssignments.create(group, assignment, {
        roleDefinitionId: `/subscriptions/${SUB}${CONTRIBUTOR}`,
        principalId: OTHER.objectId,
        principalType: 'ServicePrincipal',
      }),
      denied('Microsoft.Authorization/roleAssignments/write', `${group}/providers/Microsoft.Authorization/roleAssignments/${assignment}`),
    );
    await assert.rejects(
      limited.resources.providers.register('Microsoft.DocumentDB'),
      denied('Microsoft.DocumentDB/register/action', `/subscriptions/${SUB}`),
    );
    const deploymentId = `${group}/providers/Microsoft.Resources/deployments/d`;
    await assert.rejects(
      limited.deployments.deployments.validate('rg-auth', 'd', nodePoolDeployment()).pollUntilDone(),
      denied('Microsoft.Resources/deployments/validate/action', deploymentId),
    );
    await assert.rejects(
      limited.deployments.deployments.createOrUpdate('rg-auth', 'd', nodePoolDeployment(), { updateIntervalInMs: 5 }),
      denied('Microsoft.Resources/deployments/write', deploymentId),
    );
    const state = emulator.admin.state();
    assert.deepEqual([state.resourceGroups.length, state.deployments.length, state.roleAssignments.length], [1, 0, 0]);
    assert.equal(state.providers.find((provider) => provider.namespace === 'Microsoft.DocumentDB')?.registrationState, 'NotRegistered');
    // Reads stay allowed.
    assert.equal((await limited.resources.resourceGroups.get('rg-auth')).name, 'rg-auth');
    assert.equal(emulator.admin.calls().calls['PUT resourceGroups'], 2, 'refused calls are counted');
  });

  it('applies actions and notActions with wildcards, as Contributor-like permissions read', async () => {
    emulator.admin.setPermissions(LIMITED.objectId, [
      { actions: ['*'], notActions: ['Microsoft.Authorization/*/Write', 'Microsoft.Authorization/*/Delete'] },
    ]);
    const limited = clientsOf(LIMITED);
    await limited.resources.resourceGroups.createOrUpdate('rg-contributor', { location: 'centralus' });
    await limited.resources.providers.register('Microsoft.DocumentDB');
    await limited.deployments.deployments.createOrUpdate('rg-contributor', 'd', nodePoolDeployment(), { updateIntervalInMs: 5 });
    const group = `/subscriptions/${SUB}/resourceGroups/rg-contributor`;
    await assert.rejects(
      limited.authorization.roleAssignments.create(group, '0f0e0d0c-0b0a-4909-8807-060504030202', {
        roleDefinitionId: `/subscriptions/${SUB}${CONTRIBUTOR}`,
        principalId: OTHER.objectId,
        principalType: 'ServicePrincipal',
      }),
      (error: any) => error.statusCode === 403 && error.code === 'AuthorizationFailed',
    );
    // A VM delete is a write too.
    const vm = `${group}/providers/Microsoft.Compute/virtualMachines/k8s-agentpool-12345678-0`;
    emulator.admin.setPermissions(LIMITED.objectId, [{ actions: ['*'], notActions: ['Microsoft.Compute/virtualMachines/delete'] }]);
    const refused = await armSend(limited.resources, emulator.armEndpoint, 'DELETE', vm, { apiVersion: '2018-10-01' });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'AuthorizationFailed');
  });

  it('lets principals without permissions set, and tokens without a principal, do everything', async () => {
    emulator.admin.setPermissions(LIMITED.objectId, [{ actions: ['*/read'] }]);
    const other = clientsOf(OTHER);
    await other.resources.resourceGroups.createOrUpdate('rg-other', { location: 'centralus' });
    await other.authorization.roleAssignments.create(
      `/subscriptions/${SUB}/resourceGroups/rg-other`,
      '0f0e0d0c-0b0a-4909-8807-060504030203',
      { roleDefinitionId: `/subscriptions/${SUB}${CONTRIBUTOR}`, principalId: LIMITED.objectId, principalType: 'ServicePrincipal' },
    );
    await resourceClient(emulator, SUB).resourceGroups.beginDeleteAndWait('rg-other', { updateIntervalInMs: 5 });
    // Back to the default once cleared.
    emulator.admin.clearPermissions(LIMITED.objectId);
    await clientsOf(LIMITED).resources.resourceGroups.createOrUpdate('rg-limited', { location: 'centralus' });
    assert.deepEqual(
      emulator.admin
        .state()
        .resourceGroups.map((group) => group.name)
        .sort(),
      ['rg-limited'],
    );
  });
});
