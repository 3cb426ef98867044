// Built-in role definitions (Owner, Contributor, Reader, User Access Administrator): get by id and list with
// $filter=roleName eq '...'. They are the same at every scope.
import type { EmulatorCore } from '../core/emulator-core';
import { notFound } from '../http/errors';
import { pageOf } from '../http/paging';
import { queryParam } from '../http/request';
import type { Router } from '../http/router';

interface BuiltInRole {
  id: string;
  roleName: string;
  description: string;
  actions: string[];
  notActions: string[];
}

export const CONTRIBUTOR_ROLE_ID = 'b24988ac-6180-42a0-ab88-20f7382dd24c';

const builtInRoles: BuiltInRole[] = [
  {
    id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    roleName: 'Owner',
    description: 'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
    actions: ['*'],
    notActions: [],
  },
  {
    id: CONTRIBUTOR_ROLE_ID,
    roleName: 'Contributor',
    description:
      'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, ' +
      'manage assignments in Azure Blueprints, or share image galleries.',
    actions: ['*'],
    notActions: [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action',
      'Microsoft.Blueprint/blueprintAssignments/write',
      'Microsoft.Blueprint/blueprintAssignments/delete',
      'Microsoft.Compute/galleries/share/action',
      'Microsoft.Purview/consents/write',
      'Microsoft.Purview/consents/delete',
      'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
      'Microsoft.Subscription/cancel/action',
      'Microsoft.Subscription/enable/action',
    ],
  },
  {
    id: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
    roleName: 'Reader',
    description: 'View all resources, but does not allow you to make any changes.',
    actions: ['*/read'],
    notActions: [],
  },
  {
    id: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
    roleName: 'User Access Administrator',
    description: 'Lets you manage user access to Azure resources.',
    actions: ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'],
    notActions: [],
  },
];

export function findBuiltInRole(roleDefinitionId: string): BuiltInRole | undefined {
  const guid = roleDefinitionId.split('/').pop()!.toLowerCase();
  return builtInRoles.find((role) => role.id === guid);
}

/** Role definition ids are reported under the subscription of the scope (or at the root for tenant scopes). */
function definitionScope(scope: string): string {
  const subscription = /^\/subscriptions\/[^/]+/i.exec(scope)?.[0];
  return subscription ?? '';
}

function toRoleDefinition(role: BuiltInRole, scope: string): Record<string, unknown> {
  return {
    id: `${definitionScope(scope)}/providers/Microsoft.Authorization/roleDefinitions/${role.id}`,
    name: role.id,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName: role.roleName,
      type: 'BuiltInRole',
      description: role.description,
      assignableScopes: ['/'],
      permissions: [{ actions: role.actions, notActions: role.notActions, dataActions: [], notDataActions: [] }],
      createdOn: '2015-02-02T21:55:09.8806423Z',
      updatedOn: '2024-01-01T00:00:00.0000000Z',
      createdBy: null,
      updatedBy: null,
    },
  };
}

export function registerRoleDefinitionRoutes(router: Router, core: EmulatorCore): void {
  const base = '(.*)/providers/Microsoft\\.Authorization/roleDefinitions';
  router.add('GET', base, 'LIST roleDefinitions', (request, [scope]) => {
    const filter = queryParam(request.query, '$filter');
    const roleName = filter ? /roleName\s+eq\s+'([^']*)'/i.exec(filter)?.[1] : undefined;
    const roles = builtInRoles.filter((role) => roleName === undefined || role.roleName.toLowerCase() === roleName.toLowerCase());
    return {
      status: 200,
      body: pageOf(
        roles.map((role) => toRoleDefinition(role, scope!)),
        request,
        core.settings.pageSize,
      ),
    };
  });
  router.add('GET', `${base}/([^/]+)`, 'GET roleDefinitions', (_request, [scope, id]) => {
    const role = findBuiltInRole(id!);
    if (!role) throw notFound('RoleDefinitionDoesNotExist', `The specified role definition with ID '${id}' does not exist.`);
    return { status: 200, body: toRoleDefinition(role, scope!) };
  });
}
