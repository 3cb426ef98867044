// Role assignments and definitions through @azure/arm-authorization v9, against service principals created
// on the emulator's Graph side: PrincipalNotFound while the principal replicates (unless principalType is
// sent), RoleAssignmentExists for duplicates, the "//" scope the SDK sends, and cleanup with the group.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import { startAzureEmulator, type AzureEmulator } from '../../../local/azure';
import { adminCall, authorizationClient, graphCall, recordResponses, resourceClient, trustCaForFetch } from '../../support/azure-emulator';

const SUB = '44444444-2222-3333-4444-555555555555';
const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
const contributorId = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}`;

describe('ARM emulator: role assignments and definitions', () => {
  let emulator: AzureEmulator;
  let authorization: AuthorizationManagementClient;
  const scope = `/subscriptions/${SUB}/resourceGroups/rg-rbac`;

  /** App + service principal; a replication delay, if given, applies to the service principal only. */
  async function newServicePrincipal(name: string, replicationDelayMs?: number): Promise<{ appId: string; id: string }> {
    const app = await graphCall(emulator, 'POST', '/applications', { displayName: name });
    assert.equal(app.status, 201);
    if (replicationDelayMs !== undefined) await adminCall(emulator, 'POST', '/replication', { delayMs: replicationDelayMs });
    const sp = await graphCall(emulator, 'POST', '/servicePrincipals', { appId: app.body.appId });
    assert.equal(sp.status, 201, JSON.stringify(sp.body));
    return { appId: app.body.appId, id: sp.body.id };
  }

  before(async () => {
    emulator = await startAzureEmulator();
    trustCaForFetch(emulator.caPem);
  });
  after(() => emulator.close());
  beforeEach(async () => {
    emulator.admin.reset();
    authorization = authorizationClient(emulator, SUB);
    await resourceClient(emulator, SUB).resourceGroups.createOrUpdate('rg-rbac', { location: 'centralus' });
  });

  it('serves the Contributor role definition by id and by roleName filter', async () => {
    const contributor = await authorization.roleDefinitions.get(scope, CONTRIBUTOR);
    assert.equal(contributor.id, contributorId);
    assert.equal(contributor.roleName, 'Contributor');
    assert.equal(contributor.roleType, 'BuiltInRole');
    assert.deepEqual(contributor.permissions?.[0]?.actions, ['*']);
    const found = [];
    for await (const definition of authorization.roleDefinitions.list(scope, { filter: "roleName eq 'Contributor'" }))
      found.push(definition.name);
    assert.deepEqual(found, [CONTRIBUTOR]);
    await assert.rejects(
      authorization.roleDefinitions.get(scope, '00000000-0000-0000-0000-000000000000'),
      (error: any) => error.statusCode === 404 && error.code === 'RoleDefinitionDoesNotExist',
    );
  });

  it('answers PrincipalNotFound until a new service principal has replicated, then 201', async () => {
    const principal = await newServicePrincipal('rbac-sp', 600);
    const name = randomUUID();
    const create = () => authorization.roleAssignments.create(scope, name, { roleDefinitionId: contributorId, principalId: principal.id });
    await assert.rejects(
      create(),
      (error: any) =>
        error.statusCode === 400 && error.code === 'PrincipalNotFound' && / does not exist in the directory /.test(error.message),
    );
    let attempts = 1;
    let assignment;
    for (;;) {
      try {
        assignment = await create();
        break;
      } catch (error: any) {
        assert.equal(error.code, 'PrincipalNotFound');
        attempts++;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    assert.ok(attempts >= 2, `failed ${attempts} times before succeeding`);
    assert.equal(assignment.principalId, principal.id);
    assert.equal(assignment.principalType, 'ServicePrincipal');
    assert.equal(assignment.scope, scope);
    assert.equal(assignment.id, `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`);
  });

  it('accepts the assignment at once when principalType is ServicePrincipal, even while the principal replicates', async () => {
    const principal = await newServicePrincipal('fresh-sp', 60_000);
    const recorded = recordResponses(authorization.pipeline);
    const assignment = await authorization.roleAssignments.create(scope, randomUUID(), {
      roleDefinitionId: contributorId,
      principalId: principal.id,
      principalType: 'ServicePrincipal',
    });
    assert.equal(assignment.principalType, 'ServicePrincipal');
    assert.equal(recorded[0]!.status, 201);
    // The SDK does not encode the scope, so a scope with a leading slash goes out as "//subscriptions/...".
    assert.match(new URL(recorded[0]!.url).pathname, /^\/\/subscriptions\//);
  });

  it('answers 409 RoleAssignmentExists for the same role, principal and scope under another name; a repeat PUT is idempotent', async () => {
    const principal = await newServicePrincipal('dup-sp');
    const name = randomUUID();
    const parameters = { roleDefinitionId: contributorId, principalId: principal.id, principalType: 'ServicePrincipal' as const };
    await authorization.roleAssignments.create(scope, name, parameters);
    await assert.rejects(
      authorization.roleAssignments.create(scope, randomUUID(), parameters),
      (error: any) =>
        error.statusCode === 409 && error.code === 'RoleAssignmentExists' && error.message === 'The role assignment already exists.',
    );
    const again = await authorization.roleAssignments.create(scope, name, parameters);
    assert.equal(again.name, name);
    const other = await newServicePrincipal('other-sp');
    await assert.rejects(
      authorization.roleAssignments.create(scope, name, { ...parameters, principalId: other.id }),
      (error: any) => error.statusCode === 400 && error.code === 'RoleAssignmentUpdateNotPermitted',
    );
    assert.equal((emulator.admin.state() as { roleAssignments: unknown[] }).roleAssignments.length, 1);
  });

  it('refuses unknown principals (an appId is not a principal id), unknown roles, non-GUID names and missing groups', async () => {
    const principal = await newServicePrincipal('check-sp');
    const create = (overrides: Record<string, string>, name: string = randomUUID(), at = scope) =>
      authorization.roleAssignments.create(at, name, {
        roleDefinitionId: contributorId,
        principalId: principal.id,
        principalType: 'ServicePrincipal',
        ...overrides,
      });
    await assert.rejects(create({ principalId: principal.appId }), (error: any) => error.code === 'PrincipalNotFound');
    await assert.rejects(create({ principalId: randomUUID() }), (error: any) => error.code === 'PrincipalNotFound');
    await assert.rejects(
      create({ roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${randomUUID()}` }),
      (error: any) => error.statusCode === 400 && error.code === 'RoleDefinitionDoesNotExist',
    );
    await assert.rejects(create({}, 'not-a-guid'), (error: any) => error.statusCode === 400 && error.code === 'InvalidRoleAssignmentId');
    await assert.rejects(
      create({}, randomUUID(), `/subscriptions/${SUB}/resourceGroups/rg-nope`),
      (error: any) => error.statusCode === 404 && error.code === 'ResourceGroupNotFound',
    );
    await assert.rejects(
      create({ principalType: 'User' }),
      (error: any) => error.statusCode === 400 && error.code === 'UnmatchedPrincipalType',
    );
  });

  it('gets, lists (with filters) and deletes assignments; deleting the group removes the ones scoped to it', async () => {
    const principal = await newServicePrincipal('list-sp');
    const name = randomUUID();
    await authorization.roleAssignments.create(scope.slice(1), name, {
      roleDefinitionId: contributorId,
      principalId: principal.id,
      principalType: 'ServicePrincipal',
    });
    const got = await authorization.roleAssignments.get(scope, name);
    assert.equal(got.principalId, principal.id);
    const listAt = async (at: string, filter?: string) => {
      const names = [];
      for await (const assignment of authorization.roleAssignments.listForScope(at, filter ? { filter } : {})) names.push(assignment.name);
      return names;
    };
    assert.deepEqual(await listAt(scope), [name]);
    assert.deepEqual(await listAt(`/subscriptions/${SUB}`), [name], 'assignments below the scope are listed too');
    assert.deepEqual(await listAt(`/subscriptions/${SUB}`, 'atScope()'), [], 'but not with atScope()');
    assert.deepEqual(await listAt(scope, `principalId eq '${principal.id}'`), [name]);
    assert.deepEqual(await listAt(scope, `principalId eq '${randomUUID()}'`), []);

    const second = randomUUID();
    const other = await newServicePrincipal('list-sp-2');
    await authorization.roleAssignments.create(scope, second, {
      roleDefinitionId: contributorId,
      principalId: other.id,
      principalType: 'ServicePrincipal',
    });
    const deleted = await authorization.roleAssignments.delete(scope, second);
    assert.equal(deleted.name, second);
    await assert.rejects(
      authorization.roleAssignments.get(scope, second),
      (error: any) => error.statusCode === 404 && error.code === 'RoleAssignmentNotFound',
    );

    await resourceClient(emulator, SUB).resourceGroups.delete('rg-rbac', { updateIntervalInMs: 5 });
    assert.deepEqual((emulator.admin.state() as { roleAssignments: unknown[] }).roleAssignments, []);
  });
});
