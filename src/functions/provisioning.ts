// Durable registrations: the create and delete orchestrations and one activity per provisioning step.
import * as df from 'durable-functions';
import { settings } from '../config/settings';
import { activityNames, createClusterOrchestrator, deleteClusterOrchestrator, orchestratorNames } from '../provisioning/orchestrators';
import { removeArtifacts } from '../provisioning/steps/artifacts-cleanup';
import { recordClusterState } from '../provisioning/steps/cluster-state';
import { checkDeployment, submitDeployment } from '../provisioning/steps/deploy';
import { generateArtifacts } from '../provisioning/steps/generate';
import { ensureProvidersRegistered } from '../provisioning/steps/register-providers';
import { ensureResourceGroup, removeResourceGroup } from '../provisioning/steps/resource-group';
import { ensureServicePrincipal, removeServicePrincipal } from '../provisioning/steps/service-principal';
import { verifyCluster } from '../provisioning/steps/verify';

const config = settings();

df.app.orchestration(orchestratorNames.create, createClusterOrchestrator);
df.app.orchestration(orchestratorNames.delete, deleteClusterOrchestrator);

const activities: Record<(typeof activityNames)[keyof typeof activityNames], (input: never) => Promise<unknown>> = {
  [activityNames.recordState]: recordClusterState(config),
  [activityNames.registerProviders]: ensureProvidersRegistered(config),
  [activityNames.resourceGroup]: ensureResourceGroup(config),
  [activityNames.servicePrincipal]: ensureServicePrincipal(config),
  [activityNames.generate]: generateArtifacts(config),
  [activityNames.submitDeployment]: submitDeployment(config),
  [activityNames.checkDeployment]: checkDeployment(config),
  [activityNames.verify]: verifyCluster(config),
  [activityNames.removeResourceGroup]: removeResourceGroup(config),
  [activityNames.removeServicePrincipal]: removeServicePrincipal(config),
  [activityNames.removeArtifacts]: removeArtifacts(config),
};

for (const [name, handler] of Object.entries(activities)) {
  df.app.activity(name, { handler: (input: unknown) => handler(input as never) });
}
