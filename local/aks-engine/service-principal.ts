// What deploy does when the apimodel asks for a service principal to be made (pkg/armhelpers CreateApp and
// CreateRoleAssignmentSimple): an application with a password, its service principal, and Contributor on the
// resource group. aks-engine v0.32.3 used AAD Graph 1.6; the simulator speaks Microsoft Graph v1.0 (the only
// Graph the local emulator and today's Azure offer), in the same order and with the same failure behaviour.
import { randomUUID } from 'node:crypto';
import { autorestErrorText, statusCodeOf } from './arm-errors';
import type { AzureClients } from './azure-clients';
import { log } from './log';

/** The built-in Contributor role (AADContributorRoleID). */
export const CONTRIBUTOR_ROLE_ID = 'b24988ac-6180-42a0-ab88-20f7382dd24c';

export interface CreatedApplication {
  applicationId: string;
  servicePrincipalObjectId: string;
  secret: string;
}

export async function createApplication(clients: AzureClients, appName: string, appUrl: string): Promise<CreatedApplication> {
  let application: { id: string; appId: string };
  try {
    application = await clients.graph.post('/applications', '/applications', {
      displayName: appName,
      signInAudience: 'AzureADMyOrg',
      web: { homePageUrl: appUrl },
    });
  } catch (error) {
    throw new Error(autorestErrorText('graphrbac.ApplicationsClient#Create', error), { cause: error });
  }
  let password: { secretText: string };
  try {
    const endDateTime = new Date(Date.now() + 365 * 24 * 3600_000).toISOString();
    password = await clients.graph.post('/addPassword', `/applications/${application.id}/addPassword`, {
      passwordCredential: { displayName: 'aks-engine', endDateTime },
    });
  } catch (error) {
    throw new Error(autorestErrorText('graphrbac.ApplicationsClient#UpdatePasswordCredentials', error), { cause: error });
  }
  let servicePrincipal: { id: string };
  try {
    servicePrincipal = await clients.graph.post('/servicePrincipals', '/servicePrincipals', {
      appId: application.appId,
      accountEnabled: true,
    });
  } catch (error) {
    throw new Error(autorestErrorText('graphrbac.ServicePrincipalsClient#Create', error), { cause: error });
  }
  return { applicationId: application.appId, servicePrincipalObjectId: servicePrincipal.id, secret: password.secretText };
}

/**
 * CreateRoleAssignmentSimple: Contributor on the resource group for the new principal, without principalType (as
 * the 2015-07-01 API had none), retried every interval on any error but 403 until the ARM timeout.
 */
export async function assignContributor(
  clients: AzureClients,
  resourceGroup: string,
  principalId: string,
  retryIntervalMs: number,
  deadline: number,
): Promise<void> {
  const name = randomUUID();
  const roleDefinitionId =
    `/subscriptions/${clients.subscriptionId}/providers/Microsoft.Authorization` + `/roleDefinitions/${CONTRIBUTOR_ROLE_ID}`;
  // The SDK puts the scope after a "/" of its own; leaving ours out keeps the path free of "//".
  const scope = `subscriptions/${clients.subscriptionId}/resourceGroups/${resourceGroup}`;
  for (;;) {
    try {
      await clients.authorization.roleAssignments.create(scope, name, { roleDefinitionId, principalId });
      return;
    } catch (error) {
      const text = autorestErrorText('authorization.RoleAssignmentsClient#Create', error);
      if (statusCodeOf(error) === 403 || Date.now() + retryIntervalMs > deadline) {
        log.debug(`Failed to create role assignment (will abort now): ${JSON.stringify(text)}`);
        throw new Error(text, { cause: error });
      }
      log.debug(`Failed to create role assignment (will retry): ${JSON.stringify(text)}`);
      await new Promise((resolve) => setTimeout(resolve, retryIntervalMs));
    }
  }
}
