// Contributor on a cluster's resource group, for the app itself and for the cluster's service principal:
// one deterministic assignment name per scope and principal, so every attempt writes the same assignment.
import { createHash } from 'node:crypto';
import { RestError } from '@azure/core-rest-pipeline';
import type { Settings } from '../config/settings';
import { armClients } from './arm-clients';

export const contributorRoleId = 'b24988ac-6180-42a0-ab88-20f7382dd24c';

/** A GUID derived from its inputs, so the role assignment has the same name on every attempt. */
export function deterministicGuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function resourceGroupScope(settings: Settings, group: string): string {
  return `subscriptions/${settings.subscriptionId}/resourceGroups/${group}`;
}

/** Grants Contributor on the group; an assignment that exists already counts as done. Returns its name. */
export async function ensureContributor(settings: Settings, group: string, principalId: string): Promise<string> {
  const scope = resourceGroupScope(settings, group);
  const name = deterministicGuid(scope, principalId, contributorRoleId);
  try {
    await armClients(settings).authorization.roleAssignments.create(scope, name, {
      roleDefinitionId: `/subscriptions/${settings.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${contributorRoleId}`,
      principalId,
      // Tells ARM not to look the principal up, which fails while Entra replicates a new principal.
      principalType: 'ServicePrincipal',
    });
  } catch (error) {
    if (!(error instanceof RestError && error.statusCode === 409 && error.code === 'RoleAssignmentExists')) throw error;
  }
  return name;
}

/** Removes the assignment if it is there. */
export async function removeContributor(settings: Settings, group: string, principalId: string): Promise<void> {
  const scope = resourceGroupScope(settings, group);
  await armClients(settings)
    .authorization.roleAssignments.delete(scope, deterministicGuid(scope, principalId, contributorRoleId))
    .catch((error: unknown) => {
      if (!(error instanceof RestError && error.statusCode === 404)) throw error;
    });
}
