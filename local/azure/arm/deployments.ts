// Template deployments at resource-group scope. PUT answers 201 Accepted with Azure-AsyncOperation, and the
// Location and Retry-After the specification declares; the status URL then reports Running and finally Succeeded,
// Failed or Canceled (each with an ARM error but the first). The deployment's resources appear one by one as
// their operations finish; deploymentOperations lists that progress. A template resource whose api-version its
// type does not support is refused with ARM's 400 NoRegisteredProviderFound.
import type { DeploymentStartedEvent, EmulatorCore } from '../core/emulator-core';
import { failureFor, matchesResource } from '../core/deployment-faults';
import { deploymentId, isoDuration, keyOf, newGuid, operationIdFor } from '../core/ids';
import type { DeploymentRecord, DeploymentStep, OutputValue } from '../core/state';
import { badRequest, conflict, notFound, type ApiError, type ErrorDetail } from '../http/errors';
import { pageOf } from '../http/paging';
import { apiVersionOf, queryParam, type EmulatorRequest } from '../http/request';
import type { Router } from '../http/router';
import { isSupported, noRegisteredProvider, supportedApiVersions } from './api-versions';
import { acceptedReply, startAsyncOperation } from './async-operations';
import { planDeployment, type Plan } from './deployment-planner';
import { readTags, requireGroup } from './resource-groups';
import { requireAction } from './authorization';
import { capacityProblems } from '../compute/capacity-check';
import { syncVirtualMachines, vmHookKey } from '../compute/vm-watch';
import { knownNamespace, resourceTypesOf } from './provider-catalog';
import { keepScaleSetModel } from '../compute/scale-set-update';

const GROUP = '/subscriptions/([^/]+)/resourcegroups/([^/]+)';
const DEPLOYMENTS = `${GROUP}/providers/Microsoft\\.Resources/deployments`;
const MAX_DEPLOYMENTS_PER_GROUP = 800;

type Status = 'Accepted' | 'Running' | 'Succeeded' | 'Failed' | 'Canceled';

const deploymentFailedMessage =
  'At least one resource deployment operation failed. Please list deployment operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.';

export function statusOf(deployment: DeploymentRecord, now: number): Status {
  if (deployment.finalized) return deployment.outcome!;
  return now < deployment.acceptedUntil ? 'Accepted' : 'Running';
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Outputs given through the admin API, as {type, value}. */
export function normalizeOutputs(outputs: Record<string, unknown>): Record<string, OutputValue> {
  const result: Record<string, OutputValue> = {};
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).sort().join(',') === 'type,value') {
      result[name] = value as OutputValue;
    } else {
      const type =
        typeof value === 'string'
          ? 'String'
          : typeof value === 'number'
            ? 'Int'
            : typeof value === 'boolean'
              ? 'Bool'
              : Array.isArray(value)
                ? 'Array'
                : 'Object';
      result[name] = { type, value };
    }
  }
  return result;
}

function stepEnded(step: DeploymentStep, deployment: DeploymentRecord, now: number): boolean {
  return step.endAt <= now && (deployment.canceledAt === undefined || step.endAt <= deployment.canceledAt);
}

/** Applies finished steps to the resource map and records the outcome once the run is over. */
export function advanceDeployments(core: EmulatorCore, now: number): void {
  let applied = false;
  for (const deployment of Object.values(core.state.deployments)) {
    if (deployment.finalized) continue;
    for (const step of [...deployment.steps].sort((a, b) => a.endAt - b.endAt)) {
      if (step.applied || step.failure || !stepEnded(step, deployment, now)) continue;
      if (!core.state.resourceGroups[deployment.resourceGroupKey]) continue;
      core.state.resources[keyOf(step.resourceId)] = {
        resource: keepScaleSetModel(core.state.resources[keyOf(step.resourceId)]?.resource, step.resource),
        resourceGroupKey: deployment.resourceGroupKey,
        deploymentId: deployment.id,
        createdAt: step.endAt,
      };
      step.applied = true;
      applied = true;
    }
  }
  // New VMs (and scale set capacities) take effect now; the deployment ends once the VM hook has heard of them.
  if (applied) syncVirtualMachines(core);
  for (const deployment of Object.values(core.state.deployments)) {
    if (deployment.finalized) continue;
    if (deployment.canceledAt !== undefined) {
      deployment.finalized = true;
      deployment.outcome = 'Canceled';
      continue;
    }
    if (now < deployment.endAt || core.pendingHooks.has(deployment.runId)) continue;
    if (core.pendingHooks.has(vmHookKey(deployment.resourceGroupKey))) continue;
    deployment.finalized = true;
    const failed = deployment.steps.filter((step) => step.failure);
    if (deployment.hookError) {
      deployment.outcome = 'Failed';
      deployment.error = { code: 'DeploymentFailed', message: deploymentFailedMessage, details: [deployment.hookError] };
    } else if (failed.length > 0) {
      deployment.outcome = 'Failed';
      deployment.error = {
        code: 'DeploymentFailed',
        message: deploymentFailedMessage,
        details: failed.map((step) => ({ code: step.failure!.code, message: step.failure!.message, target: step.resourceId })),
      };
    } else if (deployment.outputsError) {
      deployment.outcome = 'Failed';
      deployment.error = deployment.outputsError;
    } else {
      deployment.outcome = 'Succeeded';
      const overrides = core.outputOverrides.get(deployment.resourceGroupName.toLowerCase()) ?? {};
      deployment.outputs = { ...deployment.plannedOutputs, ...(deployment.hookOutputs ?? {}), ...overrides };
      if (deployment.mode === 'Complete') removeUndeclared(core, deployment);
    }
  }
}

/** Complete mode: resources of the group that the template does not declare are deleted. */
function removeUndeclared(core: EmulatorCore, deployment: DeploymentRecord): void {
  const declared = new Set(deployment.steps.map((step) => keyOf(step.resourceId)));
  for (const [key, entry] of Object.entries(core.state.resources)) {
    if (entry.resourceGroupKey === deployment.resourceGroupKey && !declared.has(key)) delete core.state.resources[key];
  }
}

function toDeployment(deployment: DeploymentRecord, now: number): Record<string, unknown> {
  const status = statusOf(deployment, now);
  const end = deployment.finalized ? Math.min(deployment.canceledAt ?? deployment.endAt, deployment.endAt) : now;
  const properties: Record<string, unknown> = {
    templateHash: deployment.templateHash,
    parameters: deployment.parameters,
    mode: deployment.mode,
    provisioningState: status,
    timestamp: iso(end),
    duration: isoDuration(end - deployment.createdAt),
    correlationId: deployment.correlationId,
    providers: deployment.providers,
    dependencies: deployment.dependencies,
  };
  if (status === 'Succeeded') {
    properties.outputs = deployment.outputs ?? {};
    properties.outputResources = deployment.steps.map((step) => ({ id: step.resourceId }));
  }
  if (status === 'Failed') properties.error = deployment.error;
  const body: Record<string, unknown> = { id: deployment.id, name: deployment.name, type: 'Microsoft.Resources/deployments' };
  if (deployment.tags && Object.keys(deployment.tags).length > 0) body.tags = deployment.tags;
  return { ...body, properties };
}

function toOperations(deployment: DeploymentRecord, now: number): Array<Record<string, unknown>> {
  const operations: Array<Record<string, unknown>> = [];
  const started = deployment.steps
    .filter((step) => step.startAt <= now && (deployment.canceledAt === undefined || step.startAt < deployment.canceledAt))
    .sort((a, b) => a.startAt - b.startAt);
  for (const step of started) {
    const ended = stepEnded(step, deployment, now);
    const state = !ended ? (deployment.canceledAt !== undefined ? 'Canceled' : 'Running') : step.failure ? 'Failed' : 'Succeeded';
    const properties: Record<string, unknown> = {
      provisioningOperation: 'Create',
      provisioningState: state,
      timestamp: iso(ended ? step.endAt : now),
      duration: isoDuration((ended ? step.endAt : now) - step.startAt),
      trackingId: operationIdFor('tracking', step.operationId).toLowerCase(),
      serviceRequestId: operationIdFor('request', step.operationId).toLowerCase(),
      targetResource: { id: step.resourceId, resourceType: step.type, resourceName: step.name },
    };
    if (ended) {
      properties.statusCode = step.failure ? step.failure.statusCode : step.existed ? 'OK' : 'Created';
      if (step.failure) properties.statusMessage = { status: 'Failed', error: { code: step.failure.code, message: step.failure.message } };
    }
    operations.push({ id: `${deployment.id}/operations/${step.operationId}`, operationId: step.operationId, properties });
  }
  if (deployment.finalized && deployment.outcome === 'Succeeded') {
    const operationId = operationIdFor(deployment.id, deployment.runId, 'outputs');
    operations.push({
      id: `${deployment.id}/operations/${operationId}`,
      operationId,
      properties: {
        provisioningOperation: 'EvaluateDeploymentOutput',
        provisioningState: 'Succeeded',
        timestamp: iso(deployment.endAt),
        duration: 'PT0S',
        statusCode: 'OK',
        statusMessage: { status: 'Succeeded' },
      },
    });
  }
  return operations;
}

/** Lets an in-process hook (the local stack) act on the new deployment; the run waits for it. */
function callDeploymentStarted(core: EmulatorCore, record: DeploymentRecord, body: unknown): void {
  const hook = core.hooks.deploymentStarted;
  if (!hook) return;
  const properties = (body as { properties: { parameters?: DeploymentStartedEvent['parameters']; template: unknown } }).properties;
  const event: DeploymentStartedEvent = {
    subscriptionId: record.subscriptionId,
    resourceGroup: record.resourceGroupName,
    deploymentName: record.name,
    parameters: properties.parameters ?? {},
    template: properties.template,
  };
  core.trackHook(
    record.runId,
    () => hook(event),
    ({ value, error }) => {
      const current = core.state.deployments[keyOf(record.id)];
      if (!current || current.runId !== record.runId) return;
      if (error !== undefined) {
        core.log(
          `azure emulator: deploymentStarted hook failed for ${record.id}: ${error instanceof Error ? error.message : String(error)}`,
        );
        current.hookError = {
          code: 'LocalStandInFailed',
          message:
            `The local stand-in for deployment '${record.name}' could not be started: ` +
            `${error instanceof Error ? error.message : String(error)}`,
        };
      } else if (value && typeof value === 'object') {
        current.hookOutputs = normalizeOutputs(value as Record<string, unknown>);
      }
    },
  );
}

function findDeployment(core: EmulatorCore, subscriptionId: string, groupName: string, name: string): DeploymentRecord | undefined {
  return core.state.deployments[keyOf(deploymentId(subscriptionId, groupName, name))];
}

function requireDeployment(core: EmulatorCore, subscriptionId: string, groupName: string, name: string): DeploymentRecord {
  requireGroup(core, subscriptionId, groupName);
  const deployment = findDeployment(core, subscriptionId, groupName, name);
  if (!deployment) throw notFound('DeploymentNotFound', `Deployment '${name}' could not be found.`);
  return deployment;
}

function validateName(name: string): void {
  if (name.length > 64)
    throw badRequest(
      'DeploymentNameLengthLimitExceeded',
      `The provided deployment name '${name}' has a length of '${name.length}' which exceeds the maximum length of '64'. Please see https://aka.ms/arm-deploy for usage details.`,
    );
  if (!/^[-\w.()]+$/.test(name))
    throw badRequest(
      'DeploymentNameInvalidCharacters',
      `The provided deployment name '${name}' has these invalid characters: '${[...new Set(name.replace(/[-\w.()]/g, ''))].join('')}'. The name can only be a letter, digit, '-', '.' or '_'. Please see https://aka.ms/arm-deploy for usage details.`,
    );
}

const apiVersionQuery = (request: EmulatorRequest) => `api-version=${encodeURIComponent(apiVersionOf(request))}`;

function deploymentUrl(request: EmulatorRequest, deployment: DeploymentRecord): string {
  const group = `${request.origin}/subscriptions/${deployment.subscriptionId}/resourcegroups/${deployment.resourceGroupName}`;
  return `${group}/providers/Microsoft.Resources/deployments/${deployment.name}`;
}

function statusUrl(request: EmulatorRequest, deployment: DeploymentRecord): string {
  return `${deploymentUrl(request, deployment)}/operationStatuses/${deployment.runId}?${apiVersionQuery(request)}`;
}

/** The URL the 201's Location names: 202 while the deployment runs, then 200 with the deployment (final-state-via location). */
function resultUrl(request: EmulatorRequest, deployment: DeploymentRecord): string {
  return `${deploymentUrl(request, deployment)}/operationResults/${deployment.runId}?${apiVersionQuery(request)}`;
}

/**
 * ARM refuses a template resource whose type its provider does not have (InvalidResourceType) or does not support
 * at its api-version (NoRegisteredProviderFound, for the types the emulator lists versions of).
 */
function checkTemplateApiVersions(plan: Plan, location: string): void {
  for (const resource of plan.declared) {
    const [namespace, ...rest] = resource.type.split('/');
    const known = knownNamespace(namespace!);
    const typeName = rest.join('/').toLowerCase();
    if (known && !resourceTypesOf(known).some((entry) => entry.resourceType.toLowerCase() === typeName)) {
      throw badRequest(
        'InvalidResourceType',
        `The resource type '${rest.join('/')}' could not be found in the namespace '${known}' ` +
          `for api version '${resource.apiVersion ?? ''}'.`,
      );
    }
  }
  for (const resource of plan.declared) {
    const supported = supportedApiVersions(resource.type);
    if (!supported || resource.apiVersion === undefined || isSupported(supported, resource.apiVersion)) continue;
    const resourceLocation = plan.record.steps.find((step) => step.resourceId === resource.id)?.resource.location;
    throw noRegisteredProvider(resource.type, resource.apiVersion, resourceLocation ?? location, supported);
  }
}

/** ARM's preflight refusal of a deployment, with what was wrong as details. */
function invalidTemplateDeployment(deploymentName: string, details: ErrorDetail[]): ApiError {
  return badRequest(
    'InvalidTemplateDeployment',
    `The template deployment '${deploymentName}' is not valid according to the validation procedure. ` +
      `The tracking id is '${newGuid()}'. See inner errors for details.`,
    { details },
  );
}

/** Compute's preflight: sizes offered and not restricted, vCPU quota left (what a deployment would add). */
function checkCapacity(core: EmulatorCore, plan: Plan, subscriptionId: string, location: string): void {
  const problems = capacityProblems(
    core,
    subscriptionId,
    plan.record.steps.map((step) => step.resource),
    location,
  );
  if (problems.length > 0) throw invalidTemplateDeployment(plan.record.name, problems);
}

/** What a Canceled run reports as its error, as ARM does for an operation that ended Canceled. */
const canceledError: ErrorDetail = {
  code: 'ResourceDeploymentFailure',
  message: "The resource operation completed with terminal provisioning state 'Canceled'.",
};

function errorOf(error: ApiError): ErrorDetail {
  return error.toDetail();
}

export function registerDeploymentRoutes(router: Router, core: EmulatorCore): void {
  router.add('GET', DEPLOYMENTS, 'LIST deployments', (request, [subscriptionId, groupName]) => {
    requireGroup(core, subscriptionId!, groupName!);
    const now = core.now();
    const filter = queryParam(request.query, '$filter');
    const wanted = filter ? /provisioningState\s+eq\s+'([^']+)'/i.exec(filter)?.[1]?.toLowerCase() : undefined;
    const deployments = Object.values(core.state.deployments)
      .filter((deployment) => deployment.resourceGroupKey === keyOf(`/subscriptions/${subscriptionId}/resourceGroups/${groupName}`))
      .filter((deployment) => !wanted || statusOf(deployment, now).toLowerCase() === wanted)
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((deployment) => toDeployment(deployment, now));
    return { status: 200, body: pageOf(deployments, request, core.settings.pageSize) };
  });

  router.add('PUT', `${DEPLOYMENTS}/([^/]+)`, 'PUT deployments', (request, [subscriptionId, groupName, name]) => {
    requireAction(core, request, 'Microsoft.Resources/deployments/write', deploymentId(subscriptionId!, groupName!, name!));
    validateName(name!);
    const group = requireGroup(core, subscriptionId!, groupName!);
    if (group.provisioningState === 'Deleting')
      throw conflict(
        'ResourceGroupBeingDeleted',
        `The resource group '${group.name}' is in deprovisioning state and cannot perform this operation.`,
      );
    const existing = findDeployment(core, subscriptionId!, group.name, name!);
    if (existing && !existing.finalized) {
      throw conflict(
        'DeploymentActiveAndUneditable',
        `Unable to edit or replace deployment '${name}': previous deployment from '${iso(existing.createdAt)}' is still active (expiration time is '${iso(existing.createdAt + 14 * 86_400_000)}'). Please see https://aka.ms/arm-deploy for usage details.`,
      );
    }
    const count = Object.values(core.state.deployments).filter((deployment) => deployment.resourceGroupKey === keyOf(group.id)).length;
    if (!existing && count >= MAX_DEPLOYMENTS_PER_GROUP) {
      throw badRequest(
        'DeploymentQuotaExceeded',
        `Creating the deployment '${name}' would exceed the quota of '${MAX_DEPLOYMENTS_PER_GROUP}'. ` +
          `The current deployment count is '${count}'. Please delete some deployments before creating a new one.`,
      );
    }
    const tags = readTags((request.body as { tags?: unknown } | undefined)?.tags);
    const plan = planDeployment(core, { subscriptionId: subscriptionId!, group, deploymentName: name!, body: request.body });
    checkTemplateApiVersions(plan, group.location);
    checkCapacity(core, plan, subscriptionId!, group.location);
    const { record } = plan;
    record.tags = tags;
    core.state.deployments[keyOf(record.id)] = record;
    callDeploymentStarted(core, record, request.body);
    const headers: Record<string, string> = { 'azure-asyncoperation': statusUrl(request, record) };
    if (!existing) {
      headers.location = resultUrl(request, record);
      headers['retry-after'] = String(Math.max(core.timing.pollRetryAfterSeconds, 1));
    }
    return { status: existing ? 200 : 201, body: toDeployment(record, core.now()), headers };
  });

  router.add('GET', `${DEPLOYMENTS}/([^/]+)`, 'GET deployments', (_request, [subscriptionId, groupName, name]) => ({
    status: 200,
    body: toDeployment(requireDeployment(core, subscriptionId!, groupName!, name!), core.now()),
  }));

  router.add('HEAD', `${DEPLOYMENTS}/([^/]+)`, 'HEAD deployments', (_request, [subscriptionId, groupName, name]) => ({
    status: findDeployment(core, subscriptionId!, groupName!, name!) ? 204 : 404,
  }));

  router.add('DELETE', `${DEPLOYMENTS}/([^/]+)`, 'DELETE deployments', (request, [subscriptionId, groupName, name]) => {
    requireGroup(core, subscriptionId!, groupName!);
    const deployment = findDeployment(core, subscriptionId!, groupName!, name!);
    if (!deployment) return { status: 204 };
    if (!deployment.finalized)
      throw conflict(
        'DeploymentActiveAndUneditable',
        `Unable to delete deployment '${name}': the deployment is still active. Cancel it first.`,
      );
    const operation = startAsyncOperation(core, subscriptionId!, 'deploymentDelete', keyOf(deployment.id), 0);
    return acceptedReply(core, request, operation);
  });

  router.add('POST', `${DEPLOYMENTS}/([^/]+)/cancel`, 'POST deployments/cancel', (_request, [subscriptionId, groupName, name]) => {
    const deployment = requireDeployment(core, subscriptionId!, groupName!, name!);
    if (deployment.finalized)
      throw conflict(
        'DeploymentCannotBeCancelled',
        `The deployment '${name}' cannot be cancelled because it is in the terminal state '${deployment.outcome}'.`,
      );
    deployment.canceledAt = core.now();
    return { status: 204 };
  });

  router.add('POST', `${DEPLOYMENTS}/([^/]+)/validate`, 'POST deployments/validate', (request, [subscriptionId, groupName, name]) => {
    requireAction(core, request, 'Microsoft.Resources/deployments/validate/action', deploymentId(subscriptionId!, groupName!, name!));
    validateName(name!);
    const group = requireGroup(core, subscriptionId!, groupName!);
    try {
      const plan = planDeployment(core, {
        subscriptionId: subscriptionId!,
        group,
        deploymentName: name!,
        body: request.body,
        validateOnly: true,
      });
      checkTemplateApiVersions(plan, group.location);
      checkCapacity(core, plan, subscriptionId!, group.location);
      const forced = core.deploymentFaults.candidates('validate', group.name, name!)[0];
      if (forced) {
        core.deploymentFaults.consume(forced);
        const target = plan.declared.find((resource) => matchesResource(forced, resource)) ?? plan.declared[0];
        const failure = failureFor(forced, { name: target?.name ?? name!, id: target?.id ?? plan.record.id, location: group.location });
        throw invalidTemplateDeployment(name!, [{ code: failure.code, message: failure.message, target: failure.target }]);
      }
      const { record, declared } = plan;
      const body = toDeployment(record, core.now()) as { properties: Record<string, unknown> };
      body.properties.provisioningState = 'Succeeded';
      body.properties.duration = 'PT0S';
      body.properties.validatedResources = declared.map((resource) => ({ id: resource.id }));
      return { status: 200, body };
    } catch (error) {
      if (error && typeof (error as ApiError).toDetail === 'function' && (error as ApiError).status === 400)
        return { status: 400, body: { error: errorOf(error as ApiError) } };
      throw error;
    }
  });

  router.add(
    'GET',
    `${DEPLOYMENTS}/([^/]+)/operationStatuses/([^/]+)`,
    'GET deployments/operationStatuses',
    (_request, [subscriptionId, groupName, name, runId]) => {
      const deployment = requireDeployment(core, subscriptionId!, groupName!, name!);
      if (deployment.runId !== runId) throw notFound('DeploymentNotFound', `Deployment operation status '${runId}' could not be found.`);
      const status = statusOf(deployment, core.now());
      const body: Record<string, unknown> = { status };
      if (status === 'Failed') body.error = deployment.error;
      if (status === 'Canceled') body.error = canceledError;
      const headers: Record<string, string> = {};
      if ((status === 'Accepted' || status === 'Running') && core.timing.pollRetryAfterSeconds > 0)
        headers['retry-after'] = String(core.timing.pollRetryAfterSeconds);
      return { status: 200, body, headers };
    },
  );

  router.add(
    'GET',
    `${DEPLOYMENTS}/([^/]+)/operationResults/([^/]+)`,
    'GET deployments/operationResults',
    (request, [subscriptionId, groupName, name, runId]) => {
      const deployment = requireDeployment(core, subscriptionId!, groupName!, name!);
      if (deployment.runId !== runId) throw notFound('DeploymentNotFound', `Deployment operation result '${runId}' could not be found.`);
      if (!deployment.finalized) {
        const headers: Record<string, string> = { location: resultUrl(request, deployment) };
        if (core.timing.pollRetryAfterSeconds > 0) headers['retry-after'] = String(core.timing.pollRetryAfterSeconds);
        return { status: 202, headers };
      }
      return { status: 200, body: toDeployment(deployment, core.now()) };
    },
  );

  // deploymentOperations: the SDK uses the path without providers/Microsoft.Resources; accept both.
  const operationsPath = `${GROUP}(?:/providers/Microsoft\\.Resources)?/deployments/([^/]+)/operations`;
  router.add('GET', operationsPath, 'LIST deploymentOperations', (request, [subscriptionId, groupName, name]) => {
    const deployment = requireDeployment(core, subscriptionId!, groupName!, name!);
    return { status: 200, body: pageOf(toOperations(deployment, core.now()), request, core.settings.pageSize) };
  });

  router.add('GET', `${operationsPath}/([^/]+)`, 'GET deploymentOperations', (_request, [subscriptionId, groupName, name, operationId]) => {
    const deployment = requireDeployment(core, subscriptionId!, groupName!, name!);
    const operation = toOperations(deployment, core.now()).find(
      (candidate) => String(candidate.operationId).toLowerCase() === operationId!.toLowerCase(),
    );
    if (!operation) throw notFound('DeploymentOperationNotFound', `Deployment operation '${operationId}' could not be found.`);
    return { status: 200, body: operation };
  });
}
