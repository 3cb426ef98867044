// Every provisioning activity, for the registrations: the orchestrations call them by these definitions.
import type { Activity } from './activity';
import { purgeRetainedArtifacts, removeArtifacts } from './steps/artifacts-cleanup';
import { recordClusterState } from './steps/cluster-state';
import { scaleAgentPools, upgradeKubernetes } from './steps/change-cluster';
import { checkDeployment, submitDeployment } from './steps/deploy';
import { generateArtifacts } from './steps/generate';
import { awaitEarlierActivities } from './steps/other-operations';
import { ensureProvidersRegistered } from './steps/register-providers';
import { ensureResourceGroup, removeResourceGroup } from './steps/resource-group';
import { ensureServicePrincipal, removeServicePrincipal } from './steps/service-principal';
import { verifyCluster } from './steps/verify';

export const allActivities: ReadonlyArray<Activity<never, unknown>> = [
  recordClusterState,
  awaitEarlierActivities,
  ensureProvidersRegistered,
  ensureResourceGroup,
  ensureServicePrincipal,
  generateArtifacts,
  submitDeployment,
  checkDeployment,
  verifyCluster,
  removeResourceGroup,
  removeServicePrincipal,
  removeArtifacts,
  purgeRetainedArtifacts,
  scaleAgentPools,
  upgradeKubernetes,
];
