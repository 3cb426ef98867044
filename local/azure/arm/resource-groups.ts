// Resource groups: PUT (201 created / 200 updated), GET, HEAD, PATCH, LIST, and DELETE as a long-running
// operation. When the delete completes, everything inside the group goes with it: deployments, resources
// and role assignments scoped to it.
import type { EmulatorCore } from '../core/emulator-core';
import { keyOf, resourceGroupId } from '../core/ids';
import type { ResourceGroupRecord } from '../core/state';
import { badRequest, conflict, resourceGroupNotFound } from '../http/errors';
import { pageOf } from '../http/paging';
import { isRecord, queryParam } from '../http/request';
import type { Router } from '../http/router';
import { acceptedReply, startAsyncOperation } from './async-operations';
import { requireAction } from './authorization';
import { allLocationNames, normalizeLocation } from './locations';

const GROUP = '/subscriptions/([^/]+)/resourcegroups/([^/]+)';

export function findGroup(core: EmulatorCore, subscriptionId: string, name: string): ResourceGroupRecord | undefined {
  return core.state.resourceGroups[keyOf(resourceGroupId(subscriptionId, name))];
}

export function requireGroup(core: EmulatorCore, subscriptionId: string, name: string): ResourceGroupRecord {
  const group = findGroup(core, subscriptionId, name);
  if (!group) throw resourceGroupNotFound(name);
  return group;
}

export function toResourceGroup(group: ResourceGroupRecord): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: group.id,
    name: group.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: group.location,
    tags: group.tags,
    properties: { provisioningState: group.provisioningState },
  };
  if (group.managedBy) body.managedBy = group.managedBy;
  return body;
}

/** A request body's tags, refused as ARM refuses them when they are not an object of strings. */
export function readTags(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value) || Object.values(value).some((tag) => typeof tag !== 'string'))
    throw badRequest(
      'InvalidRequestContent',
      "The request content was invalid and could not be deserialized: 'tags' must be an object of strings.",
    );
  return { ...(value as Record<string, string>) };
}

/** Removes a group and everything in it (the end of a delete). */
export function purgeGroup(core: EmulatorCore, groupKey: string): void {
  const prefix = `${groupKey}/`;
  delete core.state.resourceGroups[groupKey];
  for (const key of Object.keys(core.state.resources)) if (key.startsWith(prefix)) delete core.state.resources[key];
  for (const [key, deployment] of Object.entries(core.state.deployments))
    if (deployment.resourceGroupKey === groupKey) delete core.state.deployments[key];
  for (const [key, assignment] of Object.entries(core.state.roleAssignments)) {
    const scope = keyOf(assignment.scope);
    if (scope === groupKey || scope.startsWith(prefix)) delete core.state.roleAssignments[key];
  }
}

export function advanceAsyncOperations(core: EmulatorCore, now: number): void {
  for (const operation of Object.values(core.state.asyncOperations)) {
    if (operation.status !== 'Running' || now < operation.completesAt || core.pendingHooks.has(operation.id)) continue;
    const hook = core.hooks.resourceGroupDeleted;
    const group = core.state.resourceGroups[operation.targetKey];
    if (operation.kind === 'resourceGroupDelete' && hook && group && !operation.hookCalled) {
      // The group is gone once the hook (e.g. stopping a local stand-in) has finished.
      operation.hookCalled = true;
      core.trackHook(
        operation.id,
        () => hook(group.name, group.subscriptionId),
        ({ error }) => {
          if (error !== undefined)
            core.log(
              `azure emulator: resourceGroupDeleted hook failed for ${group.id}: ${error instanceof Error ? error.message : String(error)}`,
            );
        },
      );
      continue;
    }
    operation.status = 'Succeeded';
    if (operation.kind === 'resourceGroupDelete') purgeGroup(core, operation.targetKey);
    if (operation.kind === 'deploymentDelete') delete core.state.deployments[operation.targetKey];
  }
}

/** $filter=tagName eq 'x' [and tagValue eq 'y'], the only filters ARM supports on this list. */
function tagFilter(filter: string | undefined): ((group: ResourceGroupRecord) => boolean) | undefined {
  if (!filter) return undefined;
  const name = /tagname\s+eq\s+'([^']*)'/i.exec(filter)?.[1];
  const value = /tagvalue\s+eq\s+'([^']*)'/i.exec(filter)?.[1];
  if (name === undefined)
    throw badRequest(
      'InvalidFilterInQueryString',
      `The $filter '${filter}' is not supported. Only tagName and tagValue filters are supported.`,
    );
  return (group) => {
    const key = Object.keys(group.tags).find((tag) => tag.toLowerCase() === name.toLowerCase());
    return key !== undefined && (value === undefined || group.tags[key] === value);
  };
}

export function registerResourceGroupRoutes(router: Router, core: EmulatorCore): void {
  router.add('GET', '/subscriptions/([^/]+)/resourcegroups', 'LIST resourceGroups', (request, [subscriptionId]) => {
    const filter = tagFilter(queryParam(request.query, '$filter'));
    const groups = Object.values(core.state.resourceGroups)
      .filter((group) => group.subscriptionId.toLowerCase() === subscriptionId!.toLowerCase())
      .filter((group) => !filter || filter(group))
      .sort((a, b) => a.createdAt - b.createdAt)
      .map(toResourceGroup);
    return { status: 200, body: pageOf(groups, request, core.settings.pageSize) };
  });

  router.add('PUT', GROUP, 'PUT resourceGroups', (request, [subscriptionId, name]) => {
    requireAction(core, request, 'Microsoft.Resources/subscriptions/resourceGroups/write', resourceGroupId(subscriptionId!, name!));
    const body = isRecord(request.body) ? request.body : {};
    if (typeof body.location !== 'string' || body.location === '')
      throw badRequest('LocationRequired', 'The location property is required for this definition.');
    const location = normalizeLocation(body.location);
    if (!location) {
      throw badRequest(
        'LocationNotAvailableForResourceGroup',
        `The provided location '${body.location}' is not available for resource group. ` +
          `List of available regions is '${allLocationNames().join(',')}'.`,
      );
    }
    const tags = readTags(body.tags);
    const existing = findGroup(core, subscriptionId!, name!);
    if (existing) {
      if (existing.provisioningState === 'Deleting')
        throw conflict(
          'ResourceGroupBeingDeleted',
          `The resource group '${existing.name}' is in deprovisioning state and cannot perform this operation.`,
        );
      if (existing.location !== location)
        throw conflict(
          'InvalidResourceGroupLocation',
          `Invalid resource group location '${location}'. The Resource group already exists in location '${existing.location}'.`,
        );
      existing.tags = tags;
      if (typeof body.managedBy === 'string') existing.managedBy = body.managedBy;
      return { status: 200, body: toResourceGroup(existing) };
    }
    const id = resourceGroupId(subscriptionId!, name!);
    const group: ResourceGroupRecord = {
      id,
      subscriptionId: subscriptionId!,
      name: name!,
      location,
      tags,
      provisioningState: 'Succeeded',
      createdAt: core.now(),
    };
    if (typeof body.managedBy === 'string') group.managedBy = body.managedBy;
    core.state.resourceGroups[keyOf(id)] = group;
    return { status: 201, body: toResourceGroup(group) };
  });

  router.add('PATCH', GROUP, 'PATCH resourceGroups', (request, [subscriptionId, name]) => {
    const group = requireGroup(core, subscriptionId!, name!);
    const body = isRecord(request.body) ? request.body : {};
    if (body.tags !== undefined) group.tags = readTags(body.tags);
    return { status: 200, body: toResourceGroup(group) };
  });

  router.add('GET', GROUP, 'GET resourceGroups', (_request, [subscriptionId, name]) => ({
    status: 200,
    body: toResourceGroup(requireGroup(core, subscriptionId!, name!)),
  }));

  router.add('HEAD', GROUP, 'HEAD resourceGroups', (_request, [subscriptionId, name]) => ({
    status: findGroup(core, subscriptionId!, name!) ? 204 : 404,
  }));

  router.add('DELETE', GROUP, 'DELETE resourceGroups', (request, [subscriptionId, name]) => {
    requireAction(core, request, 'Microsoft.Resources/subscriptions/resourceGroups/delete', resourceGroupId(subscriptionId!, name!));
    const group = requireGroup(core, subscriptionId!, name!);
    const running = group.deleteOperationId ? core.state.asyncOperations[group.deleteOperationId] : undefined;
    if (running) return acceptedReply(core, request, running);
    group.provisioningState = 'Deleting';
    const operation = startAsyncOperation(core, subscriptionId!, 'resourceGroupDelete', keyOf(group.id), core.timing.resourceGroupDeleteMs);
    group.deleteOperationId = operation.id;
    return acceptedReply(core, request, operation);
  });
}
