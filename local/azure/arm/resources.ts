// Deployed resources, readable by id (GET /subscriptions/.../resourceGroups/rg/providers/Ns/type/name[/child/name])
// and listed per group (with $filter on type, name or tag); list* actions (listKeys); delete. Only deployments create
// them; Compute and Network resources with long-running deletes have their own routes (compute/, network/).
import type { EmulatorCore } from '../core/emulator-core';
import { keyOf, resourceGroupId } from '../core/ids';
import type { ArmResource } from '../core/state';
import { badRequest, notFound } from '../http/errors';
import { pageOf } from '../http/paging';
import { queryParam } from '../http/request';
import type { Router } from '../http/router';
import { listActionResult } from './resource-bodies';
import { requireGroup } from './resource-groups';

const GROUP = '/subscriptions/([^/]+)/resourcegroups/([^/]+)';

/** $filter of Resources_ListByResourceGroup: resourceType eq, name eq, tagName eq [and tagValue eq] (joined by and). */
function resourceFilter(filter: string | undefined): (resource: ArmResource) => boolean {
  if (!filter) return () => true;
  const value = (name: string) => new RegExp(`${name}\\s+eq\\s+'([^']*)'`, 'i').exec(filter)?.[1];
  const type = value('resourceType');
  const name = value('name');
  const tagName = value('tagName');
  const tagValue = value('tagValue');
  if (type === undefined && name === undefined && tagName === undefined)
    throw badRequest('InvalidFilterInQueryString', `The $filter '${filter}' is not supported.`);
  return (resource) => {
    if (type !== undefined && resource.type.toLowerCase() !== type.toLowerCase()) return false;
    if (name !== undefined && resource.name.toLowerCase() !== name.toLowerCase()) return false;
    if (tagName === undefined) return true;
    const tags = (resource.tags ?? {}) as Record<string, string>;
    const key = Object.keys(tags).find((tag) => tag.toLowerCase() === tagName.toLowerCase());
    return key !== undefined && (tagValue === undefined || tags[key] === tagValue);
  };
}

export function registerResourceRoutes(router: Router, core: EmulatorCore): void {
  router.add('GET', `${GROUP}/resources`, 'LIST resources', (request, [subscriptionId, groupName]) => {
    const group = requireGroup(core, subscriptionId!, groupName!);
    const groupKey = keyOf(group.id);
    const filter = resourceFilter(queryParam(request.query, '$filter'));
    const resources = Object.values(core.state.resources)
      .filter((entry) => entry.resourceGroupKey === groupKey)
      .filter((entry) => filter(entry.resource))
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((entry) => entry.resource);
    return { status: 200, body: pageOf(resources, request, core.settings.pageSize) };
  });

  const byId = (subscriptionId: string, groupName: string, rest: string) => {
    requireGroup(core, subscriptionId, groupName);
    const id = `${resourceGroupId(subscriptionId, groupName)}/providers/${rest}`;
    const entry = core.state.resources[keyOf(id)];
    if (!entry) {
      const [namespace, ...parts] = rest.split('/');
      const type = [namespace, ...parts.filter((_, i) => i % 2 === 0)].join('/');
      const name = parts.filter((_, i) => i % 2 === 1).join('/');
      throw notFound(
        'ResourceNotFound',
        `The Resource '${type}/${name}' under resource group '${groupName}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      );
    }
    return { id, entry };
  };

  router.add('GET', `${GROUP}/providers/(.+)`, 'GET resources', (_request, [subscriptionId, groupName, rest]) => ({
    status: 200,
    body: byId(subscriptionId!, groupName!, rest!).entry.resource,
  }));

  router.add(
    'POST',
    `${GROUP}/providers/(.+)/(list[A-Za-z]*)`,
    'POST resources/list',
    (_request, [subscriptionId, groupName, rest, action]) => {
      const { id } = byId(subscriptionId!, groupName!, rest!);
      return { status: 200, body: listActionResult(action!, id) };
    },
  );

  router.add('DELETE', `${GROUP}/providers/(.+)`, 'DELETE resources', (_request, [subscriptionId, groupName, rest]) => {
    const id = `${resourceGroupId(subscriptionId!, groupName!)}/providers/${rest}`;
    requireGroup(core, subscriptionId!, groupName!);
    const key = keyOf(id);
    if (!core.state.resources[key]) return { status: 204 };
    for (const other of Object.keys(core.state.resources))
      if (other === key || other.startsWith(`${key}/`)) delete core.state.resources[other];
    return { status: 200 };
  });
}
