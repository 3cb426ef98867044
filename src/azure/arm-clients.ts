// ARM clients pointed at the configured endpoint and token audience.
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ResourceManagementClient } from '@azure/arm-resources';
import { DeploymentsClient } from '@azure/arm-resourcesdeployments';
import { throttlingRetryPolicy } from '@azure/core-rest-pipeline';
import type { Settings } from '../config/settings';
import { appCredential } from './credential';

export interface ArmClients {
  resources: ResourceManagementClient;
  deployments: DeploymentsClient;
  /**
   * For submitting deployments: retries only what ARM refused to take (throttling, with its Retry-After). A PUT whose
   * answer was lost, or that failed with a 5xx, may have been accepted, and a deployment that failed meanwhile would
   * take a blind second PUT; the deploy step retries those, knowing what it sent.
   */
  deploymentSubmission: DeploymentsClient;
  authorization: AuthorizationManagementClient;
}

let clients: ArmClients | undefined;

export function armClients(settings: Settings): ArmClients {
  if (clients) return clients;
  const credential = appCredential(settings);
  const scopes = [`${settings.armAudience}/.default`];
  const options = { endpoint: settings.armEndpoint, credentials: { scopes } };
  clients = {
    resources: new ResourceManagementClient(credential, settings.subscriptionId, options),
    deployments: new DeploymentsClient(credential, settings.subscriptionId, options),
    deploymentSubmission: new DeploymentsClient(credential, settings.subscriptionId, {
      ...options,
      retryOptions: { maxRetries: 0 },
      additionalPolicies: [{ policy: throttlingRetryPolicy({ maxRetries: 3 }), position: 'perCall' }],
    }),
    // A client of the older generation (core-client): its scopes option has another name.
    authorization: new AuthorizationManagementClient(credential, settings.subscriptionId, {
      endpoint: settings.armEndpoint,
      credentialScopes: scopes,
    }),
  };
  return clients;
}
