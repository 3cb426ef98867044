// Validates a deployment PUT the way ARM does before answering (template, parameters, provider registration,
// preflight) and plans its run: which resources it creates, in which order and when, which one fails and
// why, and what its outputs will be. Errors found here are answered synchronously.
import { createHash } from 'node:crypto';
import type { EmulatorCore } from '../core/emulator-core';
import { failureFor, matchesResource } from '../core/deployment-faults';
import { deploymentId, keyOf, newGuid, operationIdFor } from '../core/ids';
import type { ArmResource, DeploymentRecord, DeploymentStep, ResourceGroupRecord } from '../core/state';
import { resourceDuration } from '../core/timing';
import { ApiError, badRequest, conflict, type ErrorDetail } from '../http/errors';
import { isRecord } from '../http/request';
import { evaluateTemplate, type DeclaredResource, type EvaluatedTemplate } from '../template-evaluation/template-evaluator';
import { buildResourceId } from '../template-evaluation/template-functions';
import { TemplateError } from '../template-evaluation/template-error';
import { isRegistered } from './providers';
import { knownNamespace } from './provider-catalog';
import { buildResource, listActionResult } from './resource-bodies';

export interface PlanRequest {
  subscriptionId: string;
  group: ResourceGroupRecord;
  deploymentName: string;
  body: unknown;
  /** validate: check everything but leave run-time fault rules for the real deployment. */
  validateOnly?: boolean;
}

export interface Plan {
  record: DeploymentRecord;
  /** Resources declared (for validate's validatedResources). */
  declared: DeclaredResource[];
}

function invalidTemplate(error: TemplateError): ApiError {
  return badRequest('InvalidTemplate', `Deployment template validation failed: '${error.message}'.`, {
    additionalInfo: [{ type: 'TemplateViolation', info: { lineNumber: 0, linePosition: 0, path: error.path } }],
  });
}

function invalidContent(reason: string): ApiError {
  return badRequest('InvalidRequestContent', `The request content was invalid and could not be deserialized: '${reason}'.`);
}

function templateHashOf(template: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(template)).digest();
  return digest.readBigUInt64BE(0).toString();
}

/** Finds what a dependsOn entry or reference() target names: a full id, "type/name", a plain name or a copy loop. */
class ResourceIndex {
  private readonly byId = new Map<string, DeclaredResource[]>();
  private readonly byTypeName = new Map<string, DeclaredResource[]>();
  private readonly byName = new Map<string, DeclaredResource[]>();
  private readonly skippedKeys = new Set<string>();

  constructor(resources: DeclaredResource[], skipped: EvaluatedTemplate['skipped']) {
    const add = (map: Map<string, DeclaredResource[]>, key: string, resource: DeclaredResource) =>
      map.set(key, [...(map.get(key) ?? []), resource]);
    for (const resource of resources) {
      add(this.byId, keyOf(resource.id), resource);
      add(this.byTypeName, `${resource.type}/${resource.name}`.toLowerCase(), resource);
      add(this.byName, resource.name.toLowerCase(), resource);
      if (resource.copyLoop) add(this.byName, resource.copyLoop.toLowerCase(), resource);
    }
    for (const entry of skipped) {
      this.skippedKeys.add(keyOf(entry.id));
      this.skippedKeys.add(`${entry.type}/${entry.name}`.toLowerCase());
      this.skippedKeys.add(entry.name.toLowerCase());
      if (entry.copyLoop) this.skippedKeys.add(entry.copyLoop.toLowerCase());
    }
  }

  private keyFor(target: string): { map: Map<string, DeclaredResource[]>; key: string } {
    const key = target.toLowerCase().replace(/^\/+/, '');
    if (key.startsWith('subscriptions/')) return { map: this.byId, key: `/${key}` };
    if (key.includes('/')) {
      // "Microsoft.Network/publicIPAddresses/ip" → type "Microsoft.Network/publicIPAddresses", name "ip"
      const [namespace, ...rest] = key.split('/');
      const types = rest.filter((_, i) => i % 2 === 0);
      const names = rest.filter((_, i) => i % 2 === 1);
      return { map: this.byTypeName, key: `${namespace}/${types.join('/')}/${names.join('/')}` };
    }
    return { map: this.byName, key };
  }

  find(target: string): DeclaredResource[] {
    const { map, key } = this.keyFor(target);
    return map.get(key) ?? [];
  }

  isSkipped(target: string): boolean {
    const { key } = this.keyFor(target);
    return this.skippedKeys.has(key) || this.skippedKeys.has(target.toLowerCase());
  }
}

function dependencyGraph(resources: DeclaredResource[], index: ResourceIndex): Map<DeclaredResource, DeclaredResource[]> {
  const graph = new Map<DeclaredResource, DeclaredResource[]>();
  for (const resource of resources) {
    const deps: DeclaredResource[] = [];
    for (const entry of resource.dependsOn) {
      const found = index.find(entry);
      if (found.length === 0) {
        if (index.isSkipped(entry)) continue;
        throw new TemplateError(
          `The resource '${entry}' is not defined in the template. Please see https://aka.ms/arm-syntax for usage details.`,
          `${resource.path}.dependsOn`,
        );
      }
      for (const dep of found) if (dep !== resource && !deps.includes(dep)) deps.push(dep);
    }
    graph.set(resource, deps);
  }
  return graph;
}

/** Template order, adjusted so that every resource comes after what it depends on. */
function topologicalOrder(resources: DeclaredResource[], graph: Map<DeclaredResource, DeclaredResource[]>): DeclaredResource[] {
  const order: DeclaredResource[] = [];
  const state = new Map<DeclaredResource, 'visiting' | 'done'>();
  const visit = (resource: DeclaredResource) => {
    const mark = state.get(resource);
    if (mark === 'done') return;
    if (mark === 'visiting')
      throw new TemplateError(
        `Circular dependency detected on resource: '${resource.id}'. Please see https://aka.ms/arm-syntax-resources for usage details.`,
        resource.path,
      );
    state.set(resource, 'visiting');
    for (const dep of graph.get(resource) ?? []) visit(dep);
    state.set(resource, 'done');
    order.push(resource);
  };
  resources.forEach(visit);
  return order;
}

/** Resource ids that belong to another group of the subscription, for the global Cosmos DB name check. */
function cosmosNameTaken(core: EmulatorCore, name: string, groupKey: string): boolean {
  const sameName = (resource: { type: string; id: string; name: string }) =>
    resource.type.toLowerCase() === 'microsoft.documentdb/databaseaccounts' &&
    resource.name.split('/').pop()!.toLowerCase() === name.toLowerCase() &&
    !keyOf(resource.id).startsWith(`${groupKey}/`);
  if (core.state.capacity.takenCosmosAccountNames.includes(name.toLowerCase())) return true;
  if (Object.values(core.state.resources).some((entry) => sameName(entry.resource))) return true;
  return Object.values(core.state.deployments).some(
    (deployment) =>
      !deployment.finalized &&
      deployment.steps.some((step) => !step.failure && sameName({ type: step.type, id: step.resourceId, name: step.name })),
  );
}

function naturalFailure(core: EmulatorCore, resource: DeclaredResource, built: ArmResource, groupKey: string): DeploymentStep['failure'] {
  if (resource.type.toLowerCase() !== 'microsoft.documentdb/databaseaccounts') return undefined;
  if (!/^[a-z0-9][a-z0-9-]{1,42}[a-z0-9]$/.test(resource.name)) {
    return {
      code: 'BadRequest',
      message: `Database account name '${resource.name}' is invalid: it must be 3-44 characters long and contain only lowercase letters, numbers and '-', and must not start or end with '-'.`,
      target: built.id,
      statusCode: 'BadRequest',
    };
  }
  if (cosmosNameTaken(core, resource.name, groupKey)) {
    return {
      code: 'BadRequest',
      message: `DatabaseAccount name '${resource.name}' already exists.`,
      target: built.id,
      statusCode: 'BadRequest',
    };
  }
  return undefined;
}

/** "Microsoft.Network/virtualNetworks/vnet/subnets/sn" → the full id in the deployment's group. */
function idFromTypeAndName(subscriptionId: string, groupName: string, target: string): string | undefined {
  const [namespace, ...rest] = target.split('/');
  if (rest.length < 2 || rest.length % 2 !== 0) return undefined;
  const types = rest.filter((_, i) => i % 2 === 0);
  const names = rest.filter((_, i) => i % 2 === 1);
  return buildResourceId(subscriptionId, groupName, `${namespace}/${types.join('/')}`, names, 'reference');
}

export function planDeployment(core: EmulatorCore, request: PlanRequest): Plan {
  const { subscriptionId, group, deploymentName } = request;
  const now = core.now();
  if (!isRecord(request.body) || !isRecord(request.body.properties))
    throw invalidContent("Required property 'properties' not found in JSON");
  const properties = request.body.properties;
  if (typeof properties.mode !== 'string') throw invalidContent("Required property 'mode' not found in JSON");
  const mode =
    properties.mode.toLowerCase() === 'complete' ? 'Complete' : properties.mode.toLowerCase() === 'incremental' ? 'Incremental' : undefined;
  if (!mode) throw invalidContent(`Error converting value "${properties.mode}" to type 'DeploymentMode'`);
  if (properties.templateLink !== undefined || properties.parametersLink !== undefined) {
    throw badRequest(
      'InvalidRequestContent',
      'The local Azure emulator does not fetch templateLink/parametersLink: send the template and parameters inline.',
    );
  }
  if (properties.template === undefined)
    throw badRequest('InvalidDeployment', "The deployment must have either 'template' or 'templateLink'.");

  const groupKey = keyOf(group.id);
  const id = deploymentId(subscriptionId, group.name, deploymentName);
  const built = new Map<DeclaredResource, ArmResource>();
  const building = new Set<DeclaredResource>();
  let index: ResourceIndex | undefined;

  const bodyOf = (resource: DeclaredResource): ArmResource => {
    const done = built.get(resource);
    if (done) return done;
    if (building.has(resource)) throw new TemplateError(`Circular dependency detected on resource: '${resource.id}'.`, resource.path);
    building.add(resource);
    try {
      const existing = core.state.resources[keyOf(resource.id)]?.resource;
      const resourceBody = buildResource(core, resource, resource.evaluateBody(), existing);
      built.set(resource, resourceBody);
      return resourceBody;
    } finally {
      building.delete(resource);
    }
  };

  const runtime = {
    deploymentName,
    subscriptionId,
    tenantId: core.settings.tenantId,
    resourceGroup: { id: group.id, name: group.name, location: group.location, tags: group.tags },
    reference(target: string, full: boolean): unknown {
      const planned = index?.find(target) ?? [];
      let resource: ArmResource | undefined;
      if (planned.length === 1) resource = bodyOf(planned[0]!);
      else {
        const resolvedId = target.toLowerCase().startsWith('/subscriptions/')
          ? target
          : target.includes('/')
            ? idFromTypeAndName(subscriptionId, group.name, target)
            : undefined;
        resource = resolvedId ? core.state.resources[keyOf(resolvedId)]?.resource : undefined;
      }
      if (!resource)
        throw new TemplateError(
          `The Resource '${target}' under resource group '${group.name}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
        );
      return full ? { ...resource, apiVersion: '2025-04-01' } : resource.properties;
    },
    list: (action: string, resourceId: string) => listActionResult(action, resourceId),
  };

  let evaluated: EvaluatedTemplate;
  let order: DeclaredResource[];
  let graph: Map<DeclaredResource, DeclaredResource[]>;
  try {
    evaluated = evaluateTemplate(properties.template, properties.parameters, runtime);
    index = new ResourceIndex(evaluated.resources, evaluated.skipped);
    graph = dependencyGraph(evaluated.resources, index);
    order = topologicalOrder(evaluated.resources, graph);
  } catch (error) {
    if (error instanceof TemplateError) throw invalidTemplate(error);
    throw error;
  }

  // Every namespace the template uses must be registered in the subscription.
  const namespaces = [...new Set(evaluated.resources.map((resource) => resource.type.split('/')[0]!.toLowerCase()))];
  for (const namespace of namespaces) {
    const known = knownNamespace(namespace);
    if (!known) throw badRequest('InvalidResourceNamespace', `The resource namespace '${namespace}' is invalid.`);
    if (!isRegistered(core, subscriptionId, known)) {
      const message = `The subscription is not registered to use namespace '${known}'. See https://aka.ms/rps-not-found for how to register subscriptions.`;
      throw conflict('MissingSubscriptionRegistration', message, {
        details: [{ code: 'MissingSubscriptionRegistration', target: known, message }],
      });
    }
  }

  const preflight = core.deploymentFaults.candidates('preflight', group.name, deploymentName)[0];
  if (preflight) {
    core.deploymentFaults.consume(preflight);
    const target = evaluated.resources.find((resource) => matchesResource(preflight, resource)) ?? evaluated.resources[0];
    const failure = failureFor(preflight, { name: target?.name ?? deploymentName, id: target?.id ?? id, location: group.location });
    throw badRequest(
      'InvalidTemplateDeployment',
      `The template deployment '${deploymentName}' is not valid according to the validation procedure. The tracking id is '${newGuid()}'. See inner errors for details.`,
      {
        details: [{ code: failure.code, message: failure.message, target: failure.target }],
      },
    );
  }

  // Evaluate every resource body now: template errors in properties are validation errors.
  try {
    for (const resource of order) bodyOf(resource);
  } catch (error) {
    if (error instanceof TemplateError) throw invalidTemplate(error);
    throw error;
  }

  // Schedule: each resource starts when what it depends on has finished; a failure blocks its dependants.
  const acceptedUntil = now + core.timing.deploymentAcceptedMs;
  const fault = request.validateOnly
    ? undefined
    : core.deploymentFaults
        .candidates('deployment', group.name, deploymentName)
        .find((rule) => order.some((resource) => matchesResource(rule, resource)));
  const faultTarget = fault ? order.find((resource) => matchesResource(fault, resource)) : undefined;
  if (fault) core.deploymentFaults.consume(fault);
  const steps = new Map<DeclaredResource, DeploymentStep>();
  const blocked = new Set<DeclaredResource>();
  for (const resource of order) {
    const deps = graph.get(resource) ?? [];
    if (deps.some((dep) => blocked.has(dep) || steps.get(dep)?.failure)) {
      blocked.add(resource);
      continue;
    }
    const startAt = Math.max(acceptedUntil, ...deps.map((dep) => steps.get(dep)!.endAt));
    const resourceBody = bodyOf(resource);
    const failure =
      resource === faultTarget
        ? failureFor(fault!, { name: resource.name, id: resource.id, location: resourceBody.location ?? group.location })
        : naturalFailure(core, resource, resourceBody, groupKey);
    steps.set(resource, {
      operationId: operationIdFor(id, resource.id, String(now)),
      resourceId: resource.id,
      type: resource.type,
      name: resource.name,
      startAt,
      endAt: startAt + resourceDuration(core.timing, resource.type),
      existed: core.state.resources[keyOf(resource.id)] !== undefined,
      failure,
      resource: resourceBody,
      applied: false,
    });
  }
  const scheduled = [...steps.values()];
  const failed = scheduled.filter((step) => step.failure);

  let plannedOutputs: DeploymentRecord['plannedOutputs'] = {};
  let outputsError: ErrorDetail | undefined;
  if (failed.length === 0) {
    try {
      plannedOutputs = evaluated.evaluateOutputs();
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      outputsError = {
        code: 'DeploymentOutputEvaluationFailed',
        message: `Unable to evaluate template outputs: '${error.path.replace(/^outputs\./, '').split('.')[0]}'. Please see error details and deployment operations. Please see https://aka.ms/arm-common-errors for usage details.`,
        details: [{ code: 'DeploymentOutputEvaluationFailed', message: error.message, target: error.path }],
      };
    }
  }

  const byNamespace = new Map<string, Set<string>>();
  for (const resource of evaluated.resources) {
    const [namespace, ...types] = resource.type.split('/');
    const known = knownNamespace(namespace!)!;
    byNamespace.set(known, (byNamespace.get(known) ?? new Set()).add(types.join('/')));
  }

  const record: DeploymentRecord = {
    id,
    name: deploymentName,
    subscriptionId,
    resourceGroupName: group.name,
    resourceGroupKey: groupKey,
    runId: operationIdFor(id, newGuid()),
    correlationId: newGuid(),
    mode,
    createdAt: now,
    acceptedUntil,
    endAt: Math.max(acceptedUntil, ...scheduled.map((step) => step.endAt)),
    templateHash: templateHashOf(properties.template),
    contentVersion: String((properties.template as Record<string, unknown>).contentVersion),
    parameters: evaluated.parameters,
    providers: [...byNamespace].map(([namespace, types]) => ({
      namespace,
      resourceTypes: [...types].map((resourceType) => ({ resourceType, locations: [group.location] })),
    })),
    dependencies: evaluated.resources
      .filter((resource) => (graph.get(resource) ?? []).length > 0)
      .map((resource) => ({
        id: resource.id,
        resourceType: resource.type,
        resourceName: resource.name,
        dependsOn: graph.get(resource)!.map((dep) => ({ id: dep.id, resourceType: dep.type, resourceName: dep.name })),
      })),
    steps: scheduled,
    plannedOutputs,
    outputsError,
    finalized: false,
  };
  return { record, declared: evaluated.resources };
}
