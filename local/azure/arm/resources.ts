// Deployed resources, readable by id (GET /subscriptions/.../resourceGroups/rg/providers/Ns/type/name[/child/name])
// and listed per group. Only deployments create them.
import type { EmulatorCore } from '../core/emulator-core';
import { keyOf, resourceGroupId } from '../core/ids';
import { notFound } from '../http/errors';
import { pageOf } from '../http/paging';
import type { Router } from '../http/router';
import { requireGroup } from './resource-groups';

const GROUP = '/subscriptions/([^/]+)/resourcegroups/([^/]+)';

export function registerResourceRoutes(router: Router, core: EmulatorCore): void {
  router.add('GET', `${GROUP}/resources`, 'LIST resources', (request, [subscriptionId, groupName]) => {
    const group = requireGroup(core, subscriptionId!, groupName!);
    const groupKey = keyOf(group.id);
    const resources = Object.values(core.state.resources)
      .filter((entry) => entry.resourceGroupKey === groupKey)
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
