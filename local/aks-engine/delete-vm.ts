// operations.CleanDeleteVirtualMachine (pkg/operations/deletevm.go): delete a VM, then its NIC and its managed OS
// disk (Azure keeps both after the VM), then the role assignments of its managed identity; v0.32.3's log lines.
import type { AzureClients } from './azure-clients';
import type { ComputeClient } from './compute-client';
import type { EntryLogger } from './entry-log';
import { resourceName } from './vm-names';

export async function cleanDeleteVirtualMachine(
  compute: ComputeClient,
  clients: AzureClients,
  logger: EntryLogger,
  subscriptionId: string,
  resourceGroup: string,
  name: string,
): Promise<void> {
  logger.info(`fetching VM: ${resourceGroup}/${name}`);
  let vm;
  try {
    vm = await compute.getVirtualMachine(resourceGroup, name);
  } catch (error) {
    logger.error(`failed to get VM: ${resourceGroup}/${name}: ${(error as Error).message}`);
    throw error;
  }
  const osDisk = vm.properties?.storageProfile?.osDisk;
  if (!osDisk?.vhd && !osDisk?.managedDisk) {
    logger.error(`failed to get a valid os disk URI for VM: ${resourceGroup}/${name}`);
    throw new Error('os disk does not have a VHD URI');
  }
  const nicId = vm.properties?.networkProfile?.networkInterfaces?.[0]?.id;
  let nicName = '';
  if (!nicId) logger.warn(`NIC ID is not set for VM (${resourceGroup}/${name})`);
  else {
    nicName = resourceName(nicId);
    logger.info(`found nic name for VM (${resourceGroup}/${name}): ${nicName}`);
  }
  logger.info(`deleting VM: ${resourceGroup}/${name}`);
  logger.info(`waiting for vm deletion: ${resourceGroup}/${name}`);
  await compute.deleteVirtualMachine(resourceGroup, name);
  if (nicName) {
    logger.info(`deleting nic: ${resourceGroup}/${nicName}`);
    logger.info(`waiting for nic deletion: ${resourceGroup}/${nicName}`);
    await compute.deleteNetworkInterface(resourceGroup, nicName);
  }
  if (osDisk.vhd) {
    // Unmanaged disks live as page blobs in the cluster's storage accounts, which the local emulator does not serve.
    throw new Error(`deleting the OS disk blob ${osDisk.vhd.uri ?? ''} of an unmanaged disk is not simulated`);
  } else if (!osDisk.name) {
    logger.warn(`osDisk is not set for VM ${resourceGroup}/${name}`);
  } else {
    logger.info(`deleting managed disk: ${resourceGroup}/${osDisk.name}`);
    await compute.deleteManagedDisk(resourceGroup, osDisk.name);
  }
  const principalId = vm.identity?.principalId;
  if (principalId) {
    // Role assignments outlive the VM, so aks-engine removes those of its identity itself.
    const scope = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
    logger.info(`fetching roleAssignments: ${scope} with principal ${principalId}`);
    const assignments = clients.authorization.roleAssignments.listForScope(scope, { filter: `principalId eq '${principalId}'` });
    try {
      for await (const assignment of assignments) {
        logger.info(`deleting role assignment: ${assignment.id}`);
        try {
          await clients.authorization.roleAssignments.deleteById(assignment.id!);
        } catch (error) {
          logger.error(`failed to delete role assignment: ${assignment.id}: ${(error as Error).message}`);
          throw error;
        }
      }
    } catch (error) {
      logger.error(`failed to list role assignments: ${scope}/${principalId}: ${(error as Error).message}`);
      throw error;
    }
  }
}
