// GET /subscriptions/{id}: every subscription id is accepted and reported Enabled.
import type { EmulatorCore } from '../core/emulator-core';
import type { Router } from '../http/router';

export function registerSubscriptionRoutes(router: Router, core: EmulatorCore): void {
  router.add('GET', '/subscriptions/([^/]+)', 'GET subscriptions', (_request, [subscriptionId]) => ({
    status: 200,
    body: {
      id: `/subscriptions/${subscriptionId}`,
      subscriptionId,
      tenantId: core.settings.tenantId,
      displayName: 'Local emulator subscription',
      state: 'Enabled',
      subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
      authorizationSource: 'RoleBased',
    },
  }));
}
