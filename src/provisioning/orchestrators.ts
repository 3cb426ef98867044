// One orchestration per cluster operation, reading as the list of its steps. Each step is an idempotent
// activity (see OperationRun for retries, polling and progress). An orchestration never holds a secret:
// activities pass them through Blob Storage.
import type { OrchestrationContext } from 'durable-functions';
import type { OperationKind } from '../domain/progress';
import { OperationRun, type Flow } from './operation-run';
import type { StepPlan } from './progress-tracker';
import { purgeRetainedArtifacts, removeArtifacts } from './steps/artifacts-cleanup';
import { checkDeployment, submitDeployment } from './steps/deploy';
import { generateArtifacts } from './steps/generate';
import { ensureProvidersRegistered } from './steps/register-providers';
import { ensureResourceGroup, removeResourceGroup } from './steps/resource-group';
import { ensureServicePrincipal, removeServicePrincipal } from './steps/service-principal';
import { verifyCluster } from './steps/verify';

export const orchestratorNames: Record<OperationKind, string> = {
  create: 'createClusterOrchestrator',
  delete: 'deleteClusterOrchestrator',
};

/** The steps clients see, in order, with their share of the work. */
const createPlan: StepPlan = [
  { step: 'registerProviders', weight: 5 },
  { step: 'resourceGroup', weight: 5 },
  { step: 'servicePrincipal', weight: 10 },
  { step: 'generate', weight: 10 },
  { step: 'deploy', weight: 55 },
  { step: 'verify', weight: 15 },
];
const deletePlan: StepPlan = [
  { step: 'resourceGroup', weight: 70 },
  { step: 'servicePrincipal', weight: 10 },
  { step: 'artifacts', weight: 20 },
];

export function* createClusterOrchestrator(context: OrchestrationContext): Flow<unknown> {
  const operation = new OperationRun(context, 'create', createPlan);
  yield* operation.record({ provisioningState: 'Provisioning', error: null });
  try {
    yield* operation.awaitEarlierWork();
    // Registration runs on in Azure while the group, identity and templates are prepared.
    const [providers, group] = yield* operation.startTogether(ensureProvidersRegistered, ensureResourceGroup);
    yield* operation.finish(group!);
    operation.settle(providers!);
    const identity = yield* operation.run(ensureServicePrincipal);
    const { applicationId, applicationObjectId, servicePrincipalObjectId, roleAssignmentName } = identity;
    yield* operation.record({ outputs: { applicationId, applicationObjectId, servicePrincipalObjectId, roleAssignmentName } });
    yield* operation.run(generateArtifacts);
    yield* operation.finish(providers!);
    const submitted = yield* operation.run(submitDeployment, { completesStep: false });
    const deployment = yield* operation.run(checkDeployment, {
      input: { ...operation.stepInput, expectedResources: submitted.resourceCount },
    });
    const { apiServerUrl, etcdEndpoint, deploymentName } = deployment;
    yield* operation.record({ outputs: { apiServerUrl, etcdEndpoint, deploymentName } });
    yield* operation.run(verifyCluster, { timeoutMinutes: operation.policy.verifyTimeoutMinutes });
    return yield* operation.succeed('Succeeded');
  } catch (error) {
    return yield* operation.fail(error);
  }
}

export function* deleteClusterOrchestrator(context: OrchestrationContext): Flow<unknown> {
  const operation = new OperationRun(context, 'delete', deletePlan);
  yield* operation.record({ provisioningState: 'Deleting' });
  try {
    // A create stopped by this delete may still be making something: teardown starts once it has stopped.
    yield* operation.awaitEarlierWork();
    // The group goes first (with the Cosmos DB account, the VMs and the role assignments on it); the
    // application last, once nothing can use its secret any more.
    yield* operation.run(removeResourceGroup);
    yield* operation.run(removeServicePrincipal);
    const retentionDays = operation.policy.artifactRetentionDays;
    const deleteAfter = retentionDays > 0 ? new Date(context.df.currentUtcDateTime.getTime() + retentionDays * 86_400_000) : undefined;
    yield* operation.run(removeArtifacts, { input: { ...operation.stepInput, deleteAfter: deleteAfter?.toISOString() } });
    const result = yield* operation.succeed('Deleted');
    if (deleteAfter) {
      // Kept artifacts go when the retention period ends; the cluster is already Deleted.
      yield context.df.createTimer(deleteAfter);
      yield context.df.callActivity(purgeRetainedArtifacts.name, operation.stepInput);
    }
    return result;
  } catch (error) {
    return yield* operation.fail(error);
  }
}
