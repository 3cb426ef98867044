// Step "deploy": submits the ARM deployment of aks-engine's azuredeploy.json, then reports its progress from
// the deployment operations each time the orchestration polls (with durable timers, never a blocking wait).
import type { DeploymentExtended, DeploymentOperation } from '@azure/arm-resourcesdeployments';
import type { Settings } from '../../config/settings';
import type { StepError } from '../../domain/step-error';
import { armClients } from '../../azure/arm-clients';
import { armRequest } from '../../azure/arm-requests';
import { classifyError, isNotFound } from '../../azure/failures';
import { artifactPaths, cosmosAccountName, etcdEndpoint, resourceGroupName } from '../../clusters/record';
import { ClusterArtifacts } from '../artifacts';
import { activity, type ActivityRun, type StepInput } from '../activity';
import { failed, running, succeeded, type StepResult } from '../step-result';

/** The Microsoft.Resources version of the validation call (one ARM accepts for deployments). */
const validationApiVersion = '2024-11-01';

export interface DeploymentOutputs {
  deploymentName: string;
  apiServerUrl: string;
  etcdEndpoint: string;
}

/** The deployment tag naming the operation that submitted it. */
export const submittedByTag = 'aks-cosmos-operation';

export function deploymentName(generation: number): string {
  return `aks-cosmos-g${generation}`;
}

type ArmError = { code?: string; message?: string; details?: ArmError[] };

/** The innermost coded error explains a failure best (DeploymentFailed wraps the resource's own code). */
function innermost(error: ArmError | undefined): ArmError | undefined {
  let current = error;
  while (current?.details && current.details.length > 0) current = current.details[0];
  return current;
}

async function getDeployment(settings: Settings, group: string, name: string): Promise<DeploymentExtended | undefined> {
  try {
    return await armClients(settings).deployments.deployments.get(group, name);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** How many resources the template declares (copy loops with a literal count included), for progress. */
export function declaredResourceCount(template: { resources?: Array<{ copy?: { count?: unknown } }> }): number {
  return (template.resources ?? []).reduce(
    (sum, resource) => sum + (typeof resource.copy?.count === 'number' ? resource.copy.count : 1),
    0,
  );
}

/**
 * ARM's verdict on the deployment, as a failed result when it refuses it. Asked through the pipeline rather than
 * the SDK's validate poller: ARM answers a refusal with a synchronous 400 whose body is the reason, and the poller
 * drops that body.
 */
async function validationFailure(
  settings: Settings,
  group: string,
  name: string,
  deployment: unknown,
): Promise<StepResult<never> | undefined> {
  const path = `/subscriptions/${settings.subscriptionId}/resourcegroups/${group}/providers/Microsoft.Resources/deployments/${name}/validate`;
  let answer;
  try {
    answer = await armRequest(settings, 'POST', path, validationApiVersion, { body: deployment, accept: [400] });
  } catch (error) {
    // Throttling, 5xx and a role assignment not yet in effect pass.
    return failed(classifyError(error, 'deploy', true));
  }
  const refusal = (answer.body as { error?: ArmError } | undefined)?.error;
  if (answer.status === 400 || refusal) return failed(refusedBy(refusal ?? { code: 'InvalidTemplateDeployment' }, name));
  return undefined;
}

function refusedBy(error: ArmError, name: string): StepError {
  const cause = innermost(error);
  return {
    code: cause?.code ?? error.code ?? 'InvalidTemplateDeployment',
    message: `ARM refused deployment '${name}' in validation: ${cause?.message ?? error.message ?? 'no reason given'}`,
    retryable: false,
    target: 'deploy',
    details: (error.details ?? [])
      .slice(0, 10)
      .map((detail) => ({ code: detail.code ?? 'ValidationError', message: detail.message ?? '' })),
  };
}

export interface SubmittedDeployment {
  deploymentName: string;
  resourceCount: number;
}

export const submitDeployment = activity(
  'deploy',
  async function submitDeployment(settings: Settings, input: StepInput, run: ActivityRun): Promise<StepResult<SubmittedDeployment>> {
    const group = resourceGroupName(input.name);
    const name = deploymentName(input.generation);
    const artifacts = await ClusterArtifacts.open(settings, input.name, input.generation, run.signal);
    const templateText = await artifacts.readText(`${artifactPaths.output}azuredeploy.json`);
    const parameters = await artifacts.readText(`${artifactPaths.output}azuredeploy.parameters.json`);
    if (!templateText || !parameters) {
      return failed({
        code: 'ArtifactsMissing',
        message: 'azuredeploy.json or its parameters are missing; the generate step must run first.',
        retryable: false,
        target: 'deploy',
      });
    }
    const template = JSON.parse(templateText) as Record<string, unknown>;
    const resourceCount = declaredResourceCount(template);
    const existing = await getDeployment(settings, group, name);
    const state = existing?.properties?.provisioningState;
    // A Failed or Canceled deployment is submitted again for a later operation (a retry), never for the one that
    // submitted it (this activity run again after a crash or a lost answer): that failure is this operation's outcome.
    const ended = state === 'Failed' || state === 'Canceled';
    if (existing && (!ended || existing.tags?.[submittedByTag] === input.operationId))
      return succeeded({ deploymentName: name, resourceCount }, `Deployment '${name}' is ${state}.`);
    const deployment = {
      tags: { [submittedByTag]: input.operationId },
      properties: {
        mode: 'Incremental' as const,
        template,
        parameters: (JSON.parse(parameters) as { parameters: Record<string, { value?: unknown }> }).parameters,
      },
    };
    // ARM's own validation first: a template it would refuse fails here, with its details, before anything is deployed.
    const refusal = await validationFailure(settings, group, name, deployment);
    if (refusal) return refusal;
    const poller = armClients(settings).deploymentSubmission.deployments.createOrUpdate(group, name, deployment);
    // Only the submission is awaited; the orchestration polls the deployment with durable timers.
    try {
      await poller.submitted();
    } catch (error) {
      // The app's Contributor assignment on the new group may not have taken effect yet.
      return failed(classifyError(error, 'deploy', true));
    }
    return succeeded({ deploymentName: name, resourceCount }, `Deployment '${name}' submitted (${resourceCount} resources).`);
  },
);

export interface DeploymentCheckInput extends StepInput {
  expectedResources?: number;
}

export const checkDeployment = activity(
  'deploy',
  async function checkDeployment(
    settings: Settings,
    input: DeploymentCheckInput,
    run: ActivityRun,
  ): Promise<StepResult<DeploymentOutputs>> {
    const group = resourceGroupName(input.name);
    const name = deploymentName(input.generation);
    const deployment = await getDeployment(settings, group, name);
    if (!deployment)
      return failed({
        code: 'DeploymentNotFound',
        message: `Deployment '${name}' was not found in '${group}'.`,
        retryable: false,
        target: 'deploy',
      });
    const state = deployment.properties?.provisioningState ?? 'Accepted';
    const operations: DeploymentOperation[] = [];
    for await (const operation of armClients(settings).deployments.deploymentOperations.list(group, name)) operations.push(operation);
    const finished = operations.filter((operation) => operation.properties?.provisioningState === 'Succeeded').length;

    if (state === 'Failed' || state === 'Canceled') {
      const artifacts = await ClusterArtifacts.open(settings, input.name, input.generation, run.signal);
      const failedOperations = operations
        .filter((operation) => operation.properties?.provisioningState === 'Failed')
        .map((operation) => ({
          resource: operation.properties?.targetResource?.id,
          statusCode: operation.properties?.statusCode,
          error: (operation.properties?.statusMessage as { error?: ArmError } | undefined)?.error,
        }));
      const error = deployment.properties?.error as ArmError | undefined;
      await artifacts.writeText(
        `${artifactPaths.logs}deployment.json`,
        JSON.stringify({ deployment: name, provisioningState: state, error, failedOperations }, null, 2),
      );
      const cause = innermost(failedOperations[0]?.error) ?? innermost(error);
      return failed({
        code: cause?.code ?? (state === 'Canceled' ? 'DeploymentCanceled' : 'DeploymentFailed'),
        message:
          `ARM deployment '${name}' ${state.toLowerCase()}: ${cause?.message ?? error?.message ?? 'no reason given'} ` +
          `(details: GET /api/clusters/${input.name}/logs/deployment.json)`,
        retryable: false,
        target: 'deploy',
        details: failedOperations.slice(0, 10).map((operation) => ({
          code: innermost(operation.error)?.code ?? 'ResourceDeploymentFailed',
          message: innermost(operation.error)?.message ?? `Status ${operation.statusCode ?? 'unknown'}`,
          target: operation.resource,
        })),
      });
    }
    if (state !== 'Succeeded') {
      const total = Math.max(operations.length, input.expectedResources ?? 0);
      const percent = total === 0 ? 0 : (finished / total) * 100;
      return running(`Deployment '${name}' is ${state}: ${finished} of ${total} resources deployed.`, percent);
    }

    const outputs = (deployment.properties?.outputs ?? {}) as Record<string, { value?: unknown }>;
    const outputText = (key: string) => (typeof outputs[key]?.value === 'string' ? (outputs[key]!.value as string) : undefined);
    const masterFqdn = outputText('masterFQDN') ?? `${input.name}.${input.spec.location}.cloudapp.azure.com`;
    const result: DeploymentOutputs = {
      deploymentName: name,
      apiServerUrl: outputText('apiServerUrl') ?? `https://${masterFqdn}`,
      etcdEndpoint: outputText('etcdEndpoint') ?? etcdEndpoint({ resourceGroup: group, cosmosAccountName: cosmosAccountName(input.name) }),
    };
    await writeFinalKubeconfig(settings, input, result.apiServerUrl, run.signal);
    return succeeded(result, `Deployment '${name}' succeeded (${operations.length} resources).`);
  },
);

/** The kubeconfig users download: aks-engine's, pointed at the API server endpoint ARM reported. */
async function writeFinalKubeconfig(settings: Settings, input: StepInput, apiServerUrl: string, signal: AbortSignal): Promise<void> {
  const artifacts = await ClusterArtifacts.open(settings, input.name, input.generation, signal);
  const generated = await artifacts.readText(`${artifactPaths.output}kubeconfig/kubeconfig.${input.spec.location}.json`);
  if (!generated) throw new Error(`aks-engine wrote no kubeconfig for ${input.spec.location}.`);
  const kubeconfig = JSON.parse(generated) as { clusters?: Array<{ cluster?: { server?: string } }> };
  for (const cluster of kubeconfig.clusters ?? []) if (cluster.cluster) cluster.cluster.server = apiServerUrl;
  await artifacts.writeText(artifactPaths.kubeconfig, JSON.stringify(kubeconfig, null, 4));
}
