// ARM clients pointed at the configured endpoint and token audience.
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ResourceManagementClient } from '@azure/arm-resources';
import { DeploymentsClient } from '@azure/arm-resourcesdeployments';
import type { Settings } from '../config/settings';
import { appCredential } from './credential';

export interface ArmClients {
  resources: ResourceManagementClient;
  deployments: DeploymentsClient;
  authorization: AuthorizationManagementClient;
}

let clients: ArmClients | undefined;

export function armClients(settings: Settings): ArmClients {
  if (clients) return clients;
  const credential = appCredential(settings);
  const scopes = [`${settings.armAudience}/.default`];
  clients = {
    resources: new ResourceManagementClient(credential, settings.subscriptionId, {
      endpoint: settings.armEndpoint,
      credentials: { scopes },
    }),
    deployments: new DeploymentsClient(credential, settings.subscriptionId, { endpoint: settings.armEndpoint, credentials: { scopes } }),
    authorization: new AuthorizationManagementClient(credential, settings.subscriptionId, {
      endpoint: settings.armEndpoint,
      credentialScopes: scopes,
    }),
  };
  return clients;
}
