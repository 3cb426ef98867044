// Long-running Compute and Network operations (deletes of VMs, scale set instances, disks and NICs; scale set
// updates), as those providers run them: the request answers 202 (or 200/201 for an update) with
// Azure-AsyncOperation (.../providers/{provider}/locations/{location}/operations/{id}, answering {status:
// InProgress|Succeeded, startTime, endTime, name}) and Location (Compute: the same URL with monitor=true; Network:
// .../operationResults/{id}), which answers 202 until the operation is over. The change applies when its time is
// up; the operation succeeds once the virtualMachinesChanged hook has heard of it.
import type { EmulatorCore } from '../core/emulator-core';
import { keyOf, opaqueId, resourceGroupId } from '../core/ids';
import type { ResourceOperationRecord, ResourceRecord } from '../core/state';
import { deleteDuration } from '../core/timing';
import { notFound } from '../http/errors';
import { apiVersionOf, queryParam, type EmulatorRequest, type Reply } from '../http/request';
import type { Router } from '../http/router';
import { requireAction } from '../arm/authorization';
import { requireGroup } from '../arm/resource-groups';
import { scaleSetSku } from './inventory';
import { syncVirtualMachines, vmHookKey } from './vm-watch';

export type OperationInput = Omit<ResourceOperationRecord, 'id' | 'startedAt' | 'completesAt' | 'status'> & { durationMs: number };

export function startResourceOperation(core: EmulatorCore, input: OperationInput): ResourceOperationRecord {
  const now = core.now();
  const { durationMs, ...rest } = input;
  const record: ResourceOperationRecord = { ...rest, id: opaqueId(), startedAt: now, completesAt: now + durationMs, status: 'InProgress' };
  core.state.resourceOperations[record.id] = record;
  return record;
}

function operationBase(request: EmulatorRequest, operation: ResourceOperationRecord): string {
  return `${request.origin}/subscriptions/${operation.subscriptionId}/providers/${operation.provider}/locations/${operation.location}`;
}

function statusUrl(request: EmulatorRequest, operation: ResourceOperationRecord): string {
  const query = `api-version=${encodeURIComponent(apiVersionOf(request))}`;
  return `${operationBase(request, operation)}/${operation.family}/${operation.id}?${query}`;
}

function resultUrl(request: EmulatorRequest, operation: ResourceOperationRecord): string {
  const query = `api-version=${encodeURIComponent(apiVersionOf(request))}`;
  return operation.provider === 'Microsoft.Network'
    ? `${operationBase(request, operation)}/operationResults/${operation.id}?${query}`
    : `${operationBase(request, operation)}/${operation.family}/${operation.id}?monitor=true&${query}`;
}

/**
 * Compute and Network send Retry-After with every answer of an unfinished operation, and clients wait for it: Go's
 * autorest waits a whole minute between polls when it is absent. So it is never left out here (at least 1 s).
 */
function retryAfter(core: EmulatorCore): Record<string, string> {
  return { 'retry-after': String(Math.max(core.timing.pollRetryAfterSeconds, 1)) };
}

/** The headers of a request that started an operation. */
export function operationHeaders(core: EmulatorCore, request: EmulatorRequest, operation: ResourceOperationRecord): Record<string, string> {
  return { 'azure-asyncoperation': statusUrl(request, operation), location: resultUrl(request, operation), ...retryAfter(core) };
}

/** The 202 a delete answers with. */
export function acceptedOperation(core: EmulatorCore, request: EmulatorRequest, operation: ResourceOperationRecord): Reply {
  return { status: 202, headers: operationHeaders(core, request, operation) };
}

/** A resource of a group to delete, named as its DELETE route names it. */
export interface DeleteTarget {
  subscriptionId: string;
  groupName: string;
  /** e.g. Microsoft.Compute/disks */
  type: `${'Microsoft.Compute' | 'Microsoft.Network'}/${string}`;
  name: string;
}

/**
 * DELETE of a group's VM, disk or NIC as its provider runs it: 204 when it is not there, the delete already running
 * when there is one, else a new long-running delete (the resource shows Deleting until it is gone). `refuse` throws
 * the provider's error for a resource that may not go yet (an attached disk, a NIC in use).
 */
export function deleteResource(
  core: EmulatorCore,
  request: EmulatorRequest,
  target: DeleteTarget,
  family: ResourceOperationRecord['family'],
  refuse?: (entry: ResourceRecord, id: string) => void,
): Reply {
  const group = requireGroup(core, target.subscriptionId, target.groupName);
  const id = `${resourceGroupId(target.subscriptionId, group.name)}/providers/${target.type}/${target.name}`;
  requireAction(core, request, `${target.type}/delete`, id);
  const targetKey = keyOf(id);
  const entry = core.state.resources[targetKey];
  if (!entry) return { status: 204 };
  refuse?.(entry, id);
  const running = Object.values(core.state.resourceOperations).find(
    (operation) => operation.targetKey === targetKey && operation.kind === 'delete' && operation.status === 'InProgress',
  );
  if (running) return acceptedOperation(core, request, running);
  entry.resource.properties.provisioningState = 'Deleting';
  const operation = startResourceOperation(core, {
    subscriptionId: target.subscriptionId,
    provider: target.type.split('/')[0] as ResourceOperationRecord['provider'],
    family,
    location: entry.resource.location ?? group.location,
    kind: 'delete',
    targetKey,
    groupKey: keyOf(group.id),
    durationMs: deleteDuration(core.timing, entry.resource.type),
  });
  return acceptedOperation(core, request, operation);
}

/** The resource (and its children) this operation removes, or its new body. */
function apply(core: EmulatorCore, operation: ResourceOperationRecord): void {
  const target = core.state.resources[operation.targetKey];
  if (operation.kind === 'delete') {
    for (const key of Object.keys(core.state.resources))
      if (key === operation.targetKey || key.startsWith(`${operation.targetKey}/`)) delete core.state.resources[key];
    delete core.state.scaleSets[operation.targetKey];
  } else if (operation.kind === 'update' && operation.resource) {
    if (target) target.resource = operation.resource;
  } else if (operation.kind === 'deleteInstances' && target) {
    const set = core.state.scaleSets[operation.targetKey];
    const gone = new Set(operation.instanceIds ?? []);
    const before = set?.instances.length ?? 0;
    if (set) set.instances = set.instances.filter((instance) => !gone.has(instance.instanceId));
    // Deleting instances lowers the capacity by as many, so that they are not replaced.
    const sku = scaleSetSku(target.resource);
    target.resource.sku = {
      ...(target.resource.sku as object),
      capacity: Math.max(0, sku.capacity - (before - (set?.instances.length ?? 0))),
    };
  }
}

export function advanceResourceOperations(core: EmulatorCore, now: number): void {
  let applied = false;
  for (const operation of Object.values(core.state.resourceOperations)) {
    if (operation.status !== 'InProgress' || operation.applied || now < operation.completesAt) continue;
    apply(core, operation);
    operation.applied = true;
    applied = true;
  }
  if (applied) syncVirtualMachines(core);
  for (const operation of Object.values(core.state.resourceOperations)) {
    if (operation.status !== 'InProgress' || !operation.applied || core.pendingHooks.has(vmHookKey(operation.groupKey))) continue;
    operation.status = 'Succeeded';
    operation.endedAt = now;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function find(core: EmulatorCore, subscriptionId: string, id: string): ResourceOperationRecord {
  const operation = core.state.resourceOperations[id];
  if (!operation || operation.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase())
    throw notFound('NotFound', `The operation '${id}' could not be found.`);
  return operation;
}

export function registerOperationRoutes(router: Router, core: EmulatorCore): void {
  const status = (_request: EmulatorRequest, operation: ResourceOperationRecord): Reply => {
    const body: Record<string, unknown> = { startTime: iso(operation.startedAt), status: operation.status, name: operation.id };
    if (operation.endedAt !== undefined) body.endTime = iso(operation.endedAt);
    if (operation.error) body.error = operation.error;
    return { status: 200, body, headers: operation.status === 'InProgress' ? retryAfter(core) : {} };
  };
  const result = (request: EmulatorRequest, operation: ResourceOperationRecord): Reply => {
    if (operation.status === 'InProgress')
      return { status: 202, headers: { location: resultUrl(request, operation), ...retryAfter(core) } };
    if (operation.provider === 'Microsoft.Network') return { status: 204 };
    return { status: 200 };
  };

  router.add(
    'GET',
    '/subscriptions/([^/]+)/providers/Microsoft\\.Compute/locations/([^/]+)/(?:operations|DiskOperations)/([^/]+)',
    'GET computeOperations',
    (request, [subscriptionId, , id]) => {
      const operation = find(core, subscriptionId!, id!);
      return queryParam(request.query, 'monitor') === 'true' ? result(request, operation) : status(request, operation);
    },
  );
  router.add(
    'GET',
    '/subscriptions/([^/]+)/providers/Microsoft\\.Network/locations/([^/]+)/operations/([^/]+)',
    'GET networkOperations',
    (request, [subscriptionId, , id]) => status(request, find(core, subscriptionId!, id!)),
  );
  router.add(
    'GET',
    '/subscriptions/([^/]+)/providers/Microsoft\\.Network/locations/([^/]+)/operationResults/([^/]+)',
    'GET networkOperationResults',
    (request, [subscriptionId, , id]) => result(request, find(core, subscriptionId!, id!)),
  );
}
