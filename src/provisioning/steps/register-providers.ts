// Step "registerProviders": Microsoft.DocumentDB is not registered by aks-engine, and Compute, Network and
// Storage must be too. Registering is not a long-running operation: register, then poll until Registered.
import type { Settings } from '../../config/settings';
import { armClients } from '../../azure/arm-clients';
import { activity, type StepInput } from '../activity';
import { running, succeeded, type StepResult } from '../step-result';

export const requiredProviders = ['Microsoft.DocumentDB', 'Microsoft.Compute', 'Microsoft.Network', 'Microsoft.Storage'];

export const ensureProvidersRegistered = activity(
  'registerProviders',
  async function ensureProvidersRegistered(settings: Settings, _input: StepInput): Promise<StepResult<undefined>> {
    const { resources } = armClients(settings);
    const waiting: string[] = [];
    for (const namespace of requiredProviders) {
      const provider = await resources.providers.get(namespace);
      const state = provider.registrationState ?? 'NotRegistered';
      if (state === 'Registered') continue;
      if (state === 'NotRegistered' || state === 'Unregistered') await resources.providers.register(namespace);
      waiting.push(`${namespace} (${state === 'Registering' ? 'Registering' : 'registration requested'})`);
    }
    if (waiting.length > 0) {
      const percent = ((requiredProviders.length - waiting.length) / requiredProviders.length) * 100;
      return running(`Waiting for resource provider registration: ${waiting.join(', ')}.`, percent);
    }
    return succeeded(undefined, `Registered: ${requiredProviders.join(', ')}.`);
  },
);
