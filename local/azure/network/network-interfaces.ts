// Network interfaces (Network): delete one as a long-running operation (Azure-AsyncOperation and a Location that
// answers 202, then 204). A NIC still attached to an existing VM is refused with 400 NicInUse, as Azure does.
import type { EmulatorCore } from '../core/emulator-core';
import { badRequest } from '../http/errors';
import type { Router } from '../http/router';
import { deleteResource } from '../compute/operations';

const NICS = '/subscriptions/([^/]+)/resourcegroups/([^/]+)/providers/Microsoft\\.Network/networkInterfaces';

export function registerNetworkInterfaceRoutes(router: Router, core: EmulatorCore): void {
  router.add('DELETE', `${NICS}/([^/]+)`, 'DELETE networkInterfaces', (request, [subscriptionId, groupName, name]) =>
    deleteResource(
      core,
      request,
      { subscriptionId: subscriptionId!, groupName: groupName!, type: 'Microsoft.Network/networkInterfaces', name: name! },
      'operations',
      (entry, id) => {
        const vm = (entry.resource.properties as { virtualMachine?: { id?: string } }).virtualMachine?.id;
        if (vm)
          throw badRequest(
            'NicInUse',
            `Network Interface ${id} is used by existing resource ${vm}. In order to delete the network interface, ` +
              'it must be dissociated from the resource. To learn more, see aka.ms/deletenic.',
          );
      },
    ),
  );
}
