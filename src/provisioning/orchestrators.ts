// One orchestration per cluster operation, reading as the list of its steps. Each step is an idempotent
// activity (see OperationRun for retries, polling and progress). An orchestration never holds a secret:
// activities pass them through Blob Storage.
import type { OrchestrationContext } from 'durable-functions';
import { applyChange } from '../domain/cluster-spec';
import type { OperationKind } from '../domain/progress';
import { OperationRun, type Flow } from './operation-run';
import type { StepPlan } from './progress-tracker';
import { purgeRetainedArtifacts, removeArtifacts } from './steps/artifacts-cleanup';
import { scaleAgentPools, upgradeKubernetes } from './steps/change-cluster';
import { checkDeployment, submitDeployment } from './steps/deploy';
import { generateArtifacts } from './steps/generate';
import { ensureProvidersRegistered } from './steps/register-providers';
import { ensureResourceGroup, removeResourceGroup } from './steps/resource-group';
import { ensureServicePrincipal, removeServicePrincipal } from './steps/service-principal';
import { verifyCluster } from './steps/verify';

export const orchestratorNames: Record<OperationKind, string> = {
  create: 'createClusterOrchestrator',
  delete: 'deleteClusterOrchestrator',
  scale: 'changeClusterOrchestrator',
  upgrade: 'changeClusterOrchestrator',
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
const scalePlan: StepPlan = [
  { step: 'scale', weight: 85 },
  { step: 'verify', weight: 15 },
];
const upgradePlan: StepPlan = [
  { step: 'upgrade', weight: 85 },
  { step: 'verify', weight: 15 },
];
const deletePlan: StepPlan = [
  { step: 'resourceGroup', weight: 70 },
  { step: 'servicePrincipal', weight: 10 },
  { step: 'artifacts', weight: 20 },
];

export function* createClusterOrchestrator(context: OrchestrationContext): Flow<unknown> {
  const operation = new OperationRun(context, createPlan);
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
  const operation = new OperationRun(context, deletePlan);
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

/** A scale or an upgrade: aks-engine's command, then the nodes as asked; the spec takes on the change at the end. */
export function* changeClusterOrchestrator(context: OrchestrationContext): Flow<unknown> {
  const kind = (context.df.getInput() as { kind: OperationKind }).kind;
  const operation = new OperationRun(context, kind === 'upgrade' ? upgradePlan : scalePlan);
  const change = operation.input.change ?? {};
  const target = applyChange(operation.stepInput.spec, change);
  yield* operation.record({ provisioningState: kind === 'upgrade' ? 'Upgrading' : 'Scaling', error: null });
  try {
    yield* operation.awaitEarlierWork();
    yield* operation.run(kind === 'upgrade' ? upgradeKubernetes : scaleAgentPools, {
      input: { ...operation.stepInput, change },
      timeoutMinutes: 2 * operation.policy.pollTimeoutMinutes,
    });
    yield* operation.run(verifyCluster, {
      input: { ...operation.stepInput, spec: target },
      timeoutMinutes: operation.policy.verifyTimeoutMinutes,
    });
    yield* operation.record({ newSpec: target });
    return yield* operation.succeed('Succeeded');
  } catch (error) {
    return yield* operation.fail(error);
  }
}
