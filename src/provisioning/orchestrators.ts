// One orchestration per cluster operation. Each step is an idempotent activity; the orchestration retries
// failures that can pass with backoff, polls long-running work with durable timers, and keeps per-step
// progress in its custom status. It never holds a secret: activities pass them through Blob Storage.
import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import type { StepError } from '../azure/failures';
import type { ClusterOutputs } from '../clusters/record';
import type { OperationPolicy } from './policy';
import { retryDelaySeconds } from './policy';
import { Progress } from './progress';
import type { StepResult } from './step-result';
import type { ClusterStateChange } from './steps/cluster-state';
import type { DeploymentOutputs } from './steps/deploy';
import type { ServicePrincipalIds } from './steps/service-principal';
import type { StepInput } from './steps/step-input';

export interface OperationInput extends StepInput {
  policy: OperationPolicy;
}

export const activityNames = {
  recordState: 'recordClusterState',
  registerProviders: 'ensureProvidersRegistered',
  resourceGroup: 'ensureResourceGroup',
  servicePrincipal: 'ensureServicePrincipal',
  generate: 'generateArtifacts',
  submitDeployment: 'submitDeployment',
  checkDeployment: 'checkDeployment',
  verify: 'verifyCluster',
  removeResourceGroup: 'removeResourceGroup',
  removeServicePrincipal: 'removeServicePrincipal',
  removeArtifacts: 'removeArtifacts',
} as const;

export const orchestratorNames = { create: 'createClusterOrchestrator', delete: 'deleteClusterOrchestrator' } as const;

/** Relative effort of each step, for percentComplete. */
const createWeights = { registerProviders: 5, resourceGroup: 5, servicePrincipal: 10, generate: 10, deploy: 55, verify: 15 };
const deleteWeights = { servicePrincipal: 10, resourceGroup: 70, artifacts: 20 };

class StepFailedError extends Error {
  constructor(readonly error: StepError) {
    super(error.message);
  }
}

type Yielded = df.Task;

/** Runs a step's activity to completion: retries what can pass, polls what is still running, fails the rest. */
function* runStep<T>(
  context: OrchestrationContext,
  progress: Progress,
  step: string,
  activity: string,
  input: unknown,
  policy: OperationPolicy,
  options: { timeoutMinutes?: number; firstResult?: StepResult<T>; attemptsSoFar?: number; completesStep?: boolean } = {},
): Generator<Yielded, T, unknown> {
  const now = () => context.df.currentUtcDateTime;
  const report = () => context.df.setCustomStatus(progress.snapshot());
  const timer = (seconds: number) => context.df.createTimer(new Date(now().getTime() + seconds * 1000));
  const startedAt = now().getTime();
  let attempts = options.attemptsSoFar ?? 0;
  let result = options.firstResult;
  for (;;) {
    if (!result) {
      if (attempts === 0) attempts = 1;
      progress.attempt(step, attempts, now());
      report();
      try {
        result = (yield context.df.callActivity(activity, input)) as StepResult<T>;
      } catch (error) {
        // An activity threw instead of returning a result: a defect, reported as such.
        const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
        result = { status: 'failed', error: { code: 'InternalError', message, retryable: false, target: step } };
      }
    }
    if (result.status === 'succeeded') {
      if (options.completesStep === false) progress.update(step, result.message ?? '', 0);
      else progress.succeed(step, now(), result.message);
      report();
      return result.value;
    }
    if (result.status === 'running') {
      progress.update(step, result.message, result.percent);
      const timeoutMinutes = options.timeoutMinutes ?? policy.pollTimeoutMinutes;
      if (now().getTime() - startedAt > timeoutMinutes * 60_000) {
        result = {
          status: 'failed',
          error: {
            code: 'StepTimedOut',
            message: `Gave up after ${timeoutMinutes} minutes: ${result.message}`,
            retryable: true,
            target: step,
          },
        };
      } else {
        report();
        yield timer(policy.pollSeconds);
        result = undefined;
        continue;
      }
    }
    const error = result.error;
    if (error.retryable && attempts < policy.maxAttempts && error.code !== 'StepTimedOut') {
      const delay = retryDelaySeconds(policy, attempts);
      progress.retrying(step, `Attempt ${attempts} failed (${error.code}: ${error.message}); retrying in ${delay} s.`);
      report();
      yield timer(delay);
      attempts++;
      result = undefined;
      continue;
    }
    progress.fail(step, now(), error);
    report();
    throw new StepFailedError(error);
  }
}

function* recordState(context: OrchestrationContext, change: ClusterStateChange): Generator<Yielded, void, unknown> {
  yield context.df.callActivity(activityNames.recordState, change);
}

type OperationKey = Pick<ClusterStateChange, 'name' | 'generation' | 'operationId'>;

/** Records a successful end: the final state and the step list. */
function* finishOperation(
  context: OrchestrationContext,
  progress: Progress,
  base: OperationKey,
  state: 'Succeeded' | 'Deleted',
): Generator<Yielded, { provisioningState: string }, unknown> {
  const final = progress.snapshot();
  context.df.setCustomStatus(final);
  yield* recordState(context, { ...base, provisioningState: state, error: null, finished: { status: 'Succeeded', steps: final.steps } });
  return { provisioningState: state };
}

/** Records a failed end with the step's coded error; the orchestration itself completes normally. */
function* failOperation(
  context: OrchestrationContext,
  progress: Progress,
  base: OperationKey,
  error: unknown,
): Generator<Yielded, unknown, unknown> {
  const stepError: StepError =
    error instanceof StepFailedError
      ? error.error
      : { code: 'InternalError', message: error instanceof Error ? error.message : String(error), retryable: false };
  progress.skipRemaining();
  const final = progress.snapshot();
  context.df.setCustomStatus(final);
  yield* recordState(context, {
    ...base,
    provisioningState: 'Failed',
    error: stepError,
    finished: { status: 'Failed', steps: final.steps },
  });
  return { provisioningState: 'Failed', error: { code: stepError.code, target: stepError.target } };
}

/** What every operation starts from: its input, the step input passed to activities, and fresh progress. */
function beginOperation(context: OrchestrationContext, kind: 'create' | 'delete', weights: Record<string, number>) {
  const input = context.df.getInput() as OperationInput;
  const base: OperationKey = { name: input.name, generation: input.generation, operationId: input.operationId };
  const stepInput: StepInput = { ...base, spec: input.spec };
  const progress = new Progress(kind, weights);
  context.df.setCustomStatus(progress.snapshot());
  return { policy: input.policy, stepInput, progress, base };
}

export function* createClusterOrchestrator(context: OrchestrationContext): Generator<Yielded, unknown, unknown> {
  const { policy, stepInput, progress, base } = beginOperation(context, 'create', createWeights);
  yield* recordState(context, { ...base, provisioningState: 'Provisioning', error: null });
  try {
    // Registration runs on in Azure while the group, identity and templates are prepared.
    const now = context.df.currentUtcDateTime;
    progress.attempt('registerProviders', 1, now);
    progress.attempt('resourceGroup', 1, now);
    context.df.setCustomStatus(progress.snapshot());
    const [providers, group] = (yield context.df.Task.all([
      context.df.callActivity(activityNames.registerProviders, stepInput),
      context.df.callActivity(activityNames.resourceGroup, stepInput),
    ])) as [StepResult<undefined>, StepResult<{ resourceGroup: string }>];
    yield* runStep(context, progress, 'resourceGroup', activityNames.resourceGroup, stepInput, policy, {
      firstResult: group,
      attemptsSoFar: 1,
    });
    if (providers.status === 'running') progress.update('registerProviders', providers.message, providers.percent);
    const providersDone = providers.status === 'succeeded';
    if (providersDone) progress.succeed('registerProviders', context.df.currentUtcDateTime, providers.message);
    else if (providers.status === 'failed' && !providers.error.retryable) {
      progress.fail('registerProviders', context.df.currentUtcDateTime, providers.error);
      throw new StepFailedError(providers.error);
    }

    const identity = (yield* runStep<ServicePrincipalIds>(
      context,
      progress,
      'servicePrincipal',
      activityNames.servicePrincipal,
      stepInput,
      policy,
    )) as ServicePrincipalIds;
    yield* runStep(context, progress, 'generate', activityNames.generate, stepInput, policy);
    if (!providersDone) {
      yield* runStep(context, progress, 'registerProviders', activityNames.registerProviders, stepInput, policy, {
        firstResult: providers,
        attemptsSoFar: 1,
      });
    }
    const submitted = (yield* runStep<{ resourceCount: number }>(
      context,
      progress,
      'deploy',
      activityNames.submitDeployment,
      stepInput,
      policy,
      { completesStep: false },
    )) as {
      resourceCount: number;
    };
    const checkInput = { ...stepInput, expectedResources: submitted.resourceCount };
    const deployment = (yield* runStep<DeploymentOutputs>(
      context,
      progress,
      'deploy',
      activityNames.checkDeployment,
      checkInput,
      policy,
    )) as DeploymentOutputs;
    const outputs: Partial<ClusterOutputs> = {
      apiServerUrl: deployment.apiServerUrl,
      etcdEndpoint: deployment.etcdEndpoint,
      deploymentName: deployment.deploymentName,
      applicationId: identity.applicationId,
    };
    yield* recordState(context, { ...base, provisioningState: 'Provisioning', outputs });
    yield* runStep(context, progress, 'verify', activityNames.verify, stepInput, policy, { timeoutMinutes: policy.verifyTimeoutMinutes });
    return yield* finishOperation(context, progress, base, 'Succeeded');
  } catch (error) {
    return yield* failOperation(context, progress, base, error);
  }
}

export function* deleteClusterOrchestrator(context: OrchestrationContext): Generator<Yielded, unknown, unknown> {
  const { policy, stepInput, progress, base } = beginOperation(context, 'delete', deleteWeights);
  yield* recordState(context, { ...base, provisioningState: 'Deleting' });
  try {
    // The group goes first (with the Cosmos DB account, the VMs and the role assignments on it); the
    // application last, once nothing can use its secret any more.
    yield* runStep(context, progress, 'resourceGroup', activityNames.removeResourceGroup, stepInput, policy);
    yield* runStep(context, progress, 'servicePrincipal', activityNames.removeServicePrincipal, stepInput, policy);
    const retentionDays = policy.artifactRetentionDays;
    const deleteAfter = retentionDays > 0 ? new Date(context.df.currentUtcDateTime.getTime() + retentionDays * 86_400_000) : undefined;
    yield* runStep(
      context,
      progress,
      'artifacts',
      activityNames.removeArtifacts,
      { ...stepInput, deleteAfter: deleteAfter?.toISOString() },
      policy,
    );
    const result = yield* finishOperation(context, progress, base, 'Deleted');
    if (deleteAfter) {
      // Kept artifacts go when the retention period ends; the cluster is already Deleted.
      yield context.df.createTimer(deleteAfter);
      yield context.df.callActivity(activityNames.removeArtifacts, stepInput);
    }
    return result;
  } catch (error) {
    return yield* failOperation(context, progress, base, error);
  }
}
