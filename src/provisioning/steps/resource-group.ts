// Step "resourceGroup": the cluster's own resource group, tagged with the cluster so that nothing else is
// ever deleted by teardown. Teardown deletes the group (a long-running operation, polled).
import type { Settings } from '../../config/settings';
import { armClients } from '../../azure/arm-clients';
import { isNotFound } from '../../azure/failures';
import { appPrincipalObjectId } from '../../azure/principal';
import { ensureContributor } from '../../azure/role-assignments';
import { resourceGroupName } from '../../clusters/record';
import { activity, type StepInput } from '../activity';
import { failed, running, succeeded, type StepResult } from '../step-result';

export const clusterTagName = 'aks-cosmos-cluster';

async function findGroup(settings: Settings, name: string) {
  return armClients(settings)
    .resources.resourceGroups.get(name)
    .catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    });
}

function notOurs(group: string, cluster: string, action: string): StepResult<never> {
  return failed({
    code: 'ResourceGroupConflict',
    message: `Resource group '${group}' already exists and does not belong to cluster '${cluster}'; ${action}.`,
    retryable: false,
    target: 'resourceGroup',
  });
}

export const ensureResourceGroup = activity(
  'resourceGroup',
  async function ensureResourceGroup(settings: Settings, input: StepInput): Promise<StepResult<{ resourceGroup: string }>> {
    const name = resourceGroupName(input.name);
    const existing = await findGroup(settings, name);
    if (existing) {
      if (existing.tags?.[clusterTagName] !== input.name) return notOurs(name, input.name, 'it is left untouched');
      if (existing.properties?.provisioningState === 'Deleting') {
        return running(`Resource group '${name}' is still being deleted; waiting before re-creating it.`);
      }
    } else {
      await armClients(settings).resources.resourceGroups.createOrUpdate(name, {
        location: input.spec.location,
        tags: { ...input.spec.tags, [clusterTagName]: input.name, 'aks-cosmos-generation': String(input.generation) },
      });
    }
    // The app deploys into the group and deletes it later: it needs Contributor there, and nothing wider.
    await ensureContributor(settings, name, await appPrincipalObjectId(settings));
    return succeeded(
      { resourceGroup: name },
      existing ? `Resource group '${name}' exists in ${existing.location}.` : `Resource group '${name}' created in ${input.spec.location}.`,
    );
  },
);

export const removeResourceGroup = activity(
  'resourceGroup',
  async function removeResourceGroup(settings: Settings, input: StepInput): Promise<StepResult<undefined>> {
    const name = resourceGroupName(input.name);
    const existing = await findGroup(settings, name);
    if (!existing) return succeeded(undefined, `Resource group '${name}' is gone.`);
    if (existing.tags?.[clusterTagName] !== input.name) return notOurs(name, input.name, 'not deleting it');
    if (existing.properties?.provisioningState !== 'Deleting') {
      // Only the request is sent here; the orchestration polls with durable timers instead of blocking.
      await armClients(settings).resources.resourceGroups.delete(name).submitted();
    }
    return running(`Deleting resource group '${name}' (with the Cosmos DB account and the VMs).`);
  },
);
