// Managed disks (Compute): list a group's disks and delete one as a long-running operation (DiskOperations). A VM's
// OS disk exists as a disk from the VM's creation on and stays when the VM is deleted; deleting it while its VM
// exists is refused with 409 OperationNotAllowed, as Azure does.
import type { EmulatorCore } from '../core/emulator-core';
import { keyOf } from '../core/ids';
import { ApiError } from '../http/errors';
import { pageOf } from '../http/paging';
import type { Router } from '../http/router';
import { requireGroup } from '../arm/resource-groups';
import { deleteResource } from './operations';

const DISKS = '/subscriptions/([^/]+)/resourcegroups/([^/]+)/providers/Microsoft\\.Compute/disks';

export function registerDiskRoutes(router: Router, core: EmulatorCore): void {
  router.add('GET', DISKS, 'LIST disks', (request, [subscriptionId, groupName]) => {
    const group = requireGroup(core, subscriptionId!, groupName!);
    const disks = Object.values(core.state.resources)
      .filter((entry) => entry.resourceGroupKey === keyOf(group.id) && entry.resource.type.toLowerCase() === 'microsoft.compute/disks')
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((entry) => entry.resource);
    return { status: 200, body: pageOf(disks, request, core.settings.pageSize) };
  });

  router.add('DELETE', `${DISKS}/([^/]+)`, 'DELETE disks', (request, [subscriptionId, groupName, name]) =>
    deleteResource(
      core,
      request,
      { subscriptionId: subscriptionId!, groupName: groupName!, type: 'Microsoft.Compute/disks', name: name! },
      'DiskOperations',
      (entry, id) => {
        if (typeof entry.resource.managedBy === 'string')
          throw new ApiError(409, 'OperationNotAllowed', `Disk ${entry.resource.name} is attached to VM ${entry.resource.managedBy}.`, {
            target: id,
          });
      },
    ),
  );
}
