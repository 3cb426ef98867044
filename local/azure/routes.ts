// All ARM and Graph routes, in matching order: specific paths before the generic resource-by-id route.
import { registerAsyncOperationRoutes } from './arm/async-operations';
import { advanceDeployments, registerDeploymentRoutes } from './arm/deployments';
import { advanceProviders, registerProviderRoutes } from './arm/providers';
import { advanceAsyncOperations, registerResourceGroupRoutes } from './arm/resource-groups';
import { registerResourceRoutes } from './arm/resources';
import { registerRoleAssignmentRoutes } from './arm/role-assignments';
import { registerRoleDefinitionRoutes } from './arm/role-definitions';
import { registerSubscriptionRoutes } from './arm/subscriptions';
import type { EmulatorCore } from './core/emulator-core';
import { registerApplicationRoutes } from './graph/applications';
import { registerDeletedItemRoutes } from './graph/deleted-items';
import { registerServicePrincipalRoutes } from './graph/service-principals';
import { Router } from './http/router';

export function buildRouter(core: EmulatorCore): Router {
  const router = new Router();
  registerRoleAssignmentRoutes(router, core);
  registerRoleDefinitionRoutes(router, core);
  registerProviderRoutes(router, core);
  registerAsyncOperationRoutes(router, core);
  registerDeploymentRoutes(router, core);
  registerResourceGroupRoutes(router, core);
  registerResourceRoutes(router, core);
  registerSubscriptionRoutes(router, core);
  registerApplicationRoutes(router, core);
  registerServicePrincipalRoutes(router, core);
  registerDeletedItemRoutes(router, core);

  // Time-driven transitions, in this order: a group deleted now also drops its finished deployments.
  core.onAdvance(advanceProviders);
  core.onAdvance(advanceDeployments);
  core.onAdvance(advanceAsyncOperations);
  return router;
}
