// Role assignments at any scope (PUT/GET/DELETE by name, list at a scope). Follows ARM's checks: the name is
// a GUID, the role definition exists, the principal exists in the directory — unless principalType is given,
// which skips the lookup that replication delay breaks (400 PrincipalNotFound) — and a duplicate assignment
// under another name is 409 RoleAssignmentExists.
import type { EmulatorCore } from '../core/emulator-core';
import { isGuid, keyOf } from '../core/ids';
import type { RoleAssignmentRecord } from '../core/state';
import { badRequest, conflict, notFound, resourceGroupNotFound } from '../http/errors';
import { pageOf } from '../http/paging';
import { isRecord, queryParam } from '../http/request';
import type { Router } from '../http/router';
import { findServicePrincipalRecord } from '../graph/directory';
import { findGroup } from './resource-groups';
import { requireAction } from './authorization';
import { findBuiltInRole } from './role-definitions';

/** The identity the emulator's callers act as (createdBy/updatedBy). */
const CALLER_OBJECT_ID = '6d1c1b5e-0f8a-4c1e-9f6b-5a3e7c2d1b00';

/** Canonical scope: collapse case of the well-known segments, keep the stored name of the group. */
function canonicalScope(core: EmulatorCore, raw: string): string {
  const scope = raw === '' ? '/' : raw;
  const match = /^\/subscriptions\/([^/]+)(?:\/resourcegroups\/([^/]+)(\/providers\/.+)?)?$/i.exec(scope);
  if (!match) return scope;
  const [, subscriptionId, groupName, rest] = match;
  if (!groupName) return `/subscriptions/${subscriptionId}`;
  const group = findGroup(core, subscriptionId!, groupName);
  return `/subscriptions/${subscriptionId}/resourceGroups/${group?.name ?? groupName}${rest ?? ''}`;
}

function requireScope(core: EmulatorCore, scope: string): void {
  const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)(\/providers\/.+)?$/i.exec(scope);
  if (!match) return;
  const [, subscriptionId, groupName, rest] = match;
  if (!findGroup(core, subscriptionId!, groupName!)) throw resourceGroupNotFound(groupName!);
  if (rest && !core.state.resources[keyOf(scope)])
    throw notFound(
      'ResourceNotFound',
      `The Resource '${rest.replace(/^\/providers\//, '')}' under resource group '${groupName}' was not found.`,
    );
}

function toRoleAssignment(record: RoleAssignmentRecord): Record<string, unknown> {
  return {
    id: record.id,
    name: record.name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      roleDefinitionId: record.roleDefinitionId,
      principalId: record.principalId,
      principalType: record.principalType,
      scope: record.scope,
      condition: record.condition,
      conditionVersion: record.conditionVersion,
      createdOn: record.createdOn,
      updatedOn: record.updatedOn,
      createdBy: record.createdBy,
      updatedBy: record.updatedBy,
      delegatedManagedIdentityResourceId: null,
      description: record.description,
    },
  };
}

function principalNotFound(core: EmulatorCore, principalId: string) {
  return badRequest(
    'PrincipalNotFound',
    `Principal ${principalId.replace(/-/g, '')} does not exist in the directory ${core.settings.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
  );
}

/** Whether an assignment at `assigned` applies at or around `scope` (at, above or below it). */
function related(assigned: string, scope: string, atScopeOnly: boolean): boolean {
  const a = assigned.toLowerCase().replace(/\/$/, '');
  const s = scope.toLowerCase().replace(/\/$/, '');
  const above = a === '' || s === a || s.startsWith(`${a}/`);
  const below = a.startsWith(`${s}/`) || s === '';
  return atScopeOnly ? above : above || below;
}

export function registerRoleAssignmentRoutes(router: Router, core: EmulatorCore): void {
  const base = '(.*)/providers/Microsoft\\.Authorization/roleAssignments';

  router.add('GET', base, 'LIST roleAssignments', (request, [rawScope]) => {
    const scope = canonicalScope(core, rawScope!);
    requireScope(core, scope);
    const filter = queryParam(request.query, '$filter') ?? '';
    const atScope = /atScope\(\)/i.test(filter);
    const principalId = /principalId\s+eq\s+'([^']+)'/i.exec(filter)?.[1] ?? /assignedTo\('([^']+)'\)/i.exec(filter)?.[1];
    const assignments = Object.values(core.state.roleAssignments)
      .filter((assignment) => related(assignment.scope, scope, atScope))
      .filter((assignment) => !principalId || assignment.principalId.toLowerCase() === principalId.toLowerCase())
      .map(toRoleAssignment);
    return { status: 200, body: pageOf(assignments, request, core.settings.pageSize) };
  });

  router.add('PUT', `${base}/([^/]+)`, 'PUT roleAssignments', (request, [rawScope, name]) => {
    if (!isGuid(name!))
      throw badRequest('InvalidRoleAssignmentId', `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
    const scope = canonicalScope(core, rawScope!);
    requireAction(
      core,
      request,
      'Microsoft.Authorization/roleAssignments/write',
      `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    );
    requireScope(core, scope);
    const properties = isRecord(request.body) && isRecord(request.body.properties) ? request.body.properties : undefined;
    if (!properties || typeof properties.roleDefinitionId !== 'string' || typeof properties.principalId !== 'string') {
      throw badRequest(
        'InvalidRequestContent',
        'The request content was invalid and could not be deserialized: ' +
          "'properties.roleDefinitionId and properties.principalId are required'.",
      );
    }
    const roleDefinitionId = properties.roleDefinitionId;
    const principalId = properties.principalId;
    const requestedType = typeof properties.principalType === 'string' ? properties.principalType : undefined;
    if (!findBuiltInRole(roleDefinitionId))
      throw badRequest(
        'RoleDefinitionDoesNotExist',
        `The specified role definition with ID '${roleDefinitionId.split('/').pop()}' does not exist.`,
      );

    const principal = findServicePrincipalRecord(core, principalId);
    if (!principal) {
      if (!core.settings.acceptUnknownPrincipals) throw principalNotFound(core, principalId);
    } else if (requestedType === undefined) {
      // Without principalType ARM looks the principal up in a directory replica that may not have it yet.
      if (!core.isReplicated(principal.replication)) throw principalNotFound(core, principalId);
    } else if (requestedType.toLowerCase() !== 'serviceprincipal') {
      throw badRequest(
        'UnmatchedPrincipalType',
        `The PrincipalId '${principalId.replace(/-/g, '')}' has type 'ServicePrincipal' , which is different from specified PrincipalType '${requestedType}'.`,
      );
    }
    const principalType = requestedType ?? 'ServicePrincipal';

    const existing = core.state.roleAssignments[name!.toLowerCase()];
    if (existing) {
      const same =
        existing.scope.toLowerCase() === scope.toLowerCase() &&
        existing.principalId.toLowerCase() === principalId.toLowerCase() &&
        findBuiltInRole(existing.roleDefinitionId) === findBuiltInRole(roleDefinitionId);
      if (!same)
        throw badRequest(
          'RoleAssignmentUpdateNotPermitted',
          'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
        );
      return { status: 200, body: toRoleAssignment(existing) };
    }
    const duplicate = Object.values(core.state.roleAssignments).find(
      (assignment) =>
        assignment.scope.toLowerCase() === scope.toLowerCase() &&
        assignment.principalId.toLowerCase() === principalId.toLowerCase() &&
        findBuiltInRole(assignment.roleDefinitionId) === findBuiltInRole(roleDefinitionId),
    );
    if (duplicate) throw conflict('RoleAssignmentExists', 'The role assignment already exists.');
    const now = new Date(core.now()).toISOString();
    const record: RoleAssignmentRecord = {
      id: `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      name: name!.toLowerCase(),
      scope,
      roleDefinitionId,
      principalId,
      principalType,
      description: typeof properties.description === 'string' ? properties.description : null,
      condition: typeof properties.condition === 'string' ? properties.condition : null,
      conditionVersion: typeof properties.conditionVersion === 'string' ? properties.conditionVersion : null,
      createdOn: now,
      updatedOn: now,
      createdBy: CALLER_OBJECT_ID,
      updatedBy: CALLER_OBJECT_ID,
    };
    core.state.roleAssignments[record.name] = record;
    return { status: 201, body: toRoleAssignment(record) };
  });

  const lookup = (rawScope: string, name: string): RoleAssignmentRecord | undefined => {
    const record = core.state.roleAssignments[name.toLowerCase()];
    if (!record) return undefined;
    return record.scope.toLowerCase() === canonicalScope(core, rawScope).toLowerCase() ? record : undefined;
  };

  router.add('GET', `${base}/([^/]+)`, 'GET roleAssignments', (_request, [rawScope, name]) => {
    const record = lookup(rawScope!, name!);
    if (!record) throw notFound('RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
    return { status: 200, body: toRoleAssignment(record) };
  });

  router.add('DELETE', `${base}/([^/]+)`, 'DELETE roleAssignments', (_request, [rawScope, name]) => {
    const record = lookup(rawScope!, name!);
    if (!record) return { status: 204 };
    delete core.state.roleAssignments[record.name];
    return { status: 200, body: toRoleAssignment(record) };
  });
}
