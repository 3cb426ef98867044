// Step "resourceGroup": the cluster's own resource group, tagged with the cluster so that nothing else is
// ever deleted by teardown. Teardown deletes the group (a long-running operation, polled).
import { RestError } from '@azure/core-rest-pipeline';
import type { Settings } from '../../config/settings';
import { armClients } from '../../azure/arm-clients';
import { appPrincipalObjectId } from '../../azure/principal';
import { resourceGroupName } from '../../clusters/record';
import { asStep, failed, running, succeeded, type StepResult } from '../step-result';
import { contributorRoleId, deterministicGuid } from './service-principal';
import type { StepInput } from './step-input';

export const clusterTagName = 'aks-cosmos-cluster';

export const ensureResourceGroup = (settings: Settings) =>
  asStep('resourceGroup', async (input: StepInput): Promise<StepResult<{ resourceGroup: string }>> => {
    const { resources } = armClients(settings);
    const name = resourceGroupName(input.name);
    const existing = await resources.resourceGroups.get(name).catch((error: unknown) => {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    });
    if (existing) {
      if (existing.tags?.[clusterTagName] !== input.name) {
        return failed({
          code: 'ResourceGroupConflict',
          message: `Resource group '${name}' already exists and does not belong to cluster '${input.name}'; it is left untouched.`,
          retryable: false,
          target: 'resourceGroup',
        });
      }
      if (existing.properties?.provisioningState === 'Deleting')
        return running(`Resource group '${name}' is still being deleted; waiting before re-creating it.`);
      await grantAppContributor(settings, name);
      return succeeded({ resourceGroup: name }, `Resource group '${name}' exists in ${existing.location}.`);
    }
    await resources.resourceGroups.createOrUpdate(name, {
      location: input.spec.location,
      tags: { ...input.spec.tags, [clusterTagName]: input.name, 'aks-cosmos-generation': String(input.generation) },
    });
    await grantAppContributor(settings, name);
    return succeeded({ resourceGroup: name }, `Resource group '${name}' created in ${input.spec.location}.`);
  });

/** The app deploys into the group and deletes it later: it needs Contributor there, and nothing wider. */
async function grantAppContributor(settings: Settings, group: string): Promise<void> {
  const principalId = await appPrincipalObjectId(settings);
  const scope = `subscriptions/${settings.subscriptionId}/resourceGroups/${group}`;
  try {
    await armClients(settings).authorization.roleAssignments.create(scope, deterministicGuid(scope, principalId, contributorRoleId), {
      roleDefinitionId: `/subscriptions/${settings.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${contributorRoleId}`,
      principalId,
      principalType: 'ServicePrincipal',
    });
  } catch (error) {
    if (!(error instanceof RestError && error.statusCode === 409 && error.code === 'RoleAssignmentExists')) throw error;
  }
}

export const removeResourceGroup = (settings: Settings) =>
  asStep('resourceGroup', async (input: StepInput): Promise<StepResult<undefined>> => {
    const { resources } = armClients(settings);
    const name = resourceGroupName(input.name);
    const existing = await resources.resourceGroups.get(name).catch((error: unknown) => {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    });
    if (!existing) return succeeded(undefined, `Resource group '${name}' is gone.`);
    if (existing.tags?.[clusterTagName] !== input.name) {
      return failed({
        code: 'ResourceGroupConflict',
        message: `Resource group '${name}' does not belong to cluster '${input.name}'; not deleting it.`,
        retryable: false,
        target: 'resourceGroup',
      });
    }
    if (existing.properties?.provisioningState !== 'Deleting') {
      // Only the request is sent here; the orchestration polls with durable timers instead of blocking.
      await resources.resourceGroups.delete(name).submitted();
    }
    return running(`Deleting resource group '${name}' (with the Cosmos DB account and the VMs).`);
  });
