// Azure RBAC as seen by the caller: what it may do (GET .../providers/Microsoft.Authorization/permissions at
// subscription, group or resource scope) and ARM's 403 AuthorizationFailed for a write it may not do. Permissions
// are set per principal through the admin API; a principal with none set may do everything (as before they existed).
import type { EmulatorCore } from '../core/emulator-core';
import type { PermissionRecord } from '../core/state';
import { ApiError } from '../http/errors';
import { pageOf } from '../http/paging';
import type { EmulatorRequest } from '../http/request';
import type { Router } from '../http/router';
import { requireGroup } from './resource-groups';

const FULL_ACCESS: PermissionRecord[] = [{ actions: ['*'], notActions: [], dataActions: [], notDataActions: [] }];

/** The permissions of a principal at subscription scope (and below): admin-set, or everything. */
export function permissionsOf(core: EmulatorCore, principalId: string | undefined): PermissionRecord[] {
  const set = principalId ? core.state.capacity.permissions[principalId.toLowerCase()] : undefined;
  return set ?? FULL_ACCESS;
}

function matches(pattern: string, action: string): boolean {
  const expression = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${expression}$`, 'i').test(action);
}

/** Allowed when one permission's actions match the action and none of that permission's notActions do. */
export function allows(permissions: PermissionRecord[], action: string): boolean {
  return permissions.some(
    (permission) =>
      permission.actions.some((pattern) => matches(pattern, action)) && !permission.notActions.some((pattern) => matches(pattern, action)),
  );
}

/** ARM's answer to a caller that may not perform `action` over `scope`. */
export function authorizationFailed(request: EmulatorRequest, action: string, scope: string): ApiError {
  const objectId = request.caller?.objectId ?? '';
  return new ApiError(
    403,
    'AuthorizationFailed',
    `The client '${request.caller?.clientId ?? objectId}' with object id '${objectId}' does not have authorization to perform ` +
      `action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

/** Throws AuthorizationFailed unless the caller may perform `action`; callers without a principal are not checked. */
export function requireAction(core: EmulatorCore, request: EmulatorRequest, action: string, scope: string): void {
  const principal = request.caller?.objectId;
  if (!principal || allows(permissionsOf(core, principal), action)) return;
  throw authorizationFailed(request, action, scope);
}

/** Validates and stores what a principal may do (undefined: back to everything). */
export function setPermissions(core: EmulatorCore, principalId: string, permissions: PermissionRecord[] | undefined): void {
  if (!principalId || typeof principalId !== 'string') throw new Error('principalId is required');
  const key = principalId.toLowerCase();
  if (permissions === undefined) {
    delete core.state.capacity.permissions[key];
    return;
  }
  if (!Array.isArray(permissions)) throw new Error('permissions must be an array of {actions, notActions?}');
  const strings = (value: unknown, name: string): string[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw new Error(`${name} must be an array of strings`);
    return [...(value as string[])];
  };
  core.state.capacity.permissions[key] = permissions.map((permission) => ({
    actions: strings(permission?.actions, 'actions'),
    notActions: strings(permission?.notActions, 'notActions'),
    dataActions: strings(permission?.dataActions, 'dataActions'),
    notDataActions: strings(permission?.notDataActions, 'notDataActions'),
  }));
}

function toPermission(permission: PermissionRecord): Record<string, unknown> {
  return {
    actions: permission.actions,
    notActions: permission.notActions,
    dataActions: permission.dataActions ?? [],
    notDataActions: permission.notDataActions ?? [],
  };
}

export function registerPermissionRoutes(router: Router, core: EmulatorCore): void {
  const list = (request: EmulatorRequest) => ({
    status: 200,
    body: pageOf(permissionsOf(core, request.caller?.objectId).map(toPermission), request, core.settings.pageSize),
  });
  router.add('GET', '/subscriptions/([^/]+)/providers/Microsoft\\.Authorization/permissions', 'LIST permissions', (request) =>
    list(request),
  );
  router.add(
    'GET',
    '/subscriptions/([^/]+)/resourcegroups/([^/]+)(?:/providers/.+)?/providers/Microsoft\\.Authorization/permissions',
    'LIST permissions',
    (request, [subscriptionId, groupName]) => {
      requireGroup(core, subscriptionId!, groupName!);
      return list(request);
    },
  );
}
