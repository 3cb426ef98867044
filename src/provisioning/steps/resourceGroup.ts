// Step "resourceGroup": the cluster's own resource group, tagged with the cluster so that nothing else is
// ever deleted by teardown. Teardown deletes the group (a long-running operation, polled).
import { RestError } from '@azure/core-rest-pipeline';
import type { Settings } from '../../config/settings';
import { armClients } from '../../azure/armClients';
import { resourceGroupName } from '../../clusters/record';
import { asStep, failed, running, succeeded, type StepResult } from '../stepResult';
import type { StepInput } from './stepInput';

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
      if (existing.properties?.provisioningState === 'Deleting') return running(`Resource group '${name}' is still being deleted; waiting before re-creating it.`);
      return succeeded({ resourceGroup: name }, `Resource group '${name}' exists in ${existing.location}.`);
    }
    await resources.resourceGroups.createOrUpdate(name, {
      location: input.spec.location,
      tags: { ...input.spec.tags, [clusterTagName]: input.name, 'aks-cosmos-generation': String(input.generation) },
    });
    return succeeded({ resourceGroup: name }, `Resource group '${name}' created in ${input.spec.location}.`);
  });

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
      return failed({ code: 'ResourceGroupConflict', message: `Resource group '${name}' does not belong to cluster '${input.name}'; not deleting it.`, retryable: false, target: 'resourceGroup' });
    }
    if (existing.properties?.provisioningState !== 'Deleting') {
      // Only the request is sent here; the orchestration polls with durable timers instead of blocking.
      await resources.resourceGroups.delete(name).submitted();
    }
    return running(`Deleting resource group '${name}' (with the Cosmos DB account and the VMs).`);
  });
