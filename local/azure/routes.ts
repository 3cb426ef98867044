// All ARM and Graph routes, in matching order: specific paths before the generic resource-by-id route, and the
// time-driven transitions that advance() runs before each request.
import { registerAsyncOperationRoutes } from './arm/async-operations';
import { registerPermissionRoutes } from './arm/authorization';
import { registerNameAvailabilityRoutes } from './arm/name-availability';
import { advanceDeployments, registerDeploymentRoutes } from './arm/deployments';
import { advanceProviders, registerProviderRoutes } from './arm/providers';
import { advanceAsyncOperations, registerResourceGroupRoutes } from './arm/resource-groups';
import { registerResourceRoutes } from './arm/resources';
import { registerRoleAssignmentRoutes } from './arm/role-assignments';
import { registerRoleDefinitionRoutes } from './arm/role-definitions';
import { registerSubscriptionRoutes } from './arm/subscriptions';
import { registerDiskRoutes } from './compute/disks';
import { advanceResourceOperations, registerOperationRoutes } from './compute/operations';
import { registerResourceSkuRoutes } from './compute/resource-skus';
import { registerScaleSetRoutes } from './compute/scale-sets';
import { registerUsageRoutes } from './compute/usages';
import { registerVirtualMachineRoutes } from './compute/virtual-machines';
import { syncVirtualMachines } from './compute/vm-watch';
import type { EmulatorCore } from './core/emulator-core';
import { registerApplicationRoutes } from './graph/applications';
import { registerDeletedItemRoutes } from './graph/deleted-items';
import { registerServicePrincipalRoutes } from './graph/service-principals';
import { Router } from './http/router';
import { registerNetworkInterfaceRoutes } from './network/network-interfaces';

export function buildRouter(core: EmulatorCore): Router {
  const router = new Router();
  registerRoleAssignmentRoutes(router, core);
  registerRoleDefinitionRoutes(router, core);
  registerPermissionRoutes(router, core);
  registerProviderRoutes(router, core);
  registerNameAvailabilityRoutes(router, core);
  registerUsageRoutes(router, core);
  registerResourceSkuRoutes(router, core);
  registerOperationRoutes(router, core);
  registerAsyncOperationRoutes(router, core);
  registerDeploymentRoutes(router, core);
  registerResourceGroupRoutes(router, core);
  // Compute and Network resources with their own behaviour come before the generic resource-by-id routes.
  registerVirtualMachineRoutes(router, core);
  registerScaleSetRoutes(router, core);
  registerDiskRoutes(router, core);
  registerNetworkInterfaceRoutes(router, core);
  registerResourceRoutes(router, core);
  registerSubscriptionRoutes(router, core);
  registerApplicationRoutes(router, core);
  registerServicePrincipalRoutes(router, core);
  registerDeletedItemRoutes(router, core);

  // Time-driven transitions, in this order: a group deleted now also drops its finished deployments.
  core.onAdvance(advanceProviders);
  core.onAdvance(advanceDeployments);
  core.onAdvance(advanceAsyncOperations);
  core.onAdvance(advanceResourceOperations);
  // Derived Compute state and the VM hook follow every change, timed or requested.
  core.onAdvance(syncVirtualMachines);
  core.onChange(() => syncVirtualMachines(core));
  return router;
}
