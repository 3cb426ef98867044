// The admin API over HTTP under /_admin (no token needed): JSON in, JSON out.
import type { EmulatorAdmin } from './emulator-admin';
import { isRecord, type Reply } from '../http/request';

type AdminHandler = (body: Record<string, unknown>, query: URLSearchParams) => Reply;

export function adminRoutes(admin: EmulatorAdmin): Record<string, AdminHandler> {
  const ok = (body: unknown): Reply => ({ status: 200, body });
  return {
    'GET /_admin/health': () => ok({ status: 'ok' }),
    'GET /_admin/state': () => ok(admin.state()),
    'GET /_admin/calls': () => ok(admin.calls()),
    'POST /_admin/reset': () => {
      admin.reset();
      return ok({ reset: true });
    },
    'GET /_admin/timing': () => ok(admin.timing()),
    'POST /_admin/timing': (body) => ok({ effective: admin.setTiming(body as never) }),
    'GET /_admin/faults': () => ok(admin.faults()),
    'POST /_admin/faults': (body) => ok(admin.addFault(body as never)),
    'DELETE /_admin/faults': () => {
      admin.clearFaults();
      return ok(admin.faults());
    },
    'POST /_admin/deployment-faults': (body) => ok(admin.addDeploymentFault(body as never)),
    'GET /_admin/replication': () => ok(admin.replication()),
    'POST /_admin/replication': (body) => ok(admin.setReplication(body as never)),
    'POST /_admin/providers': (body) => ok(admin.setProviderState(body as never)),
    'POST /_admin/verify-client-secret': (body) => {
      if (typeof body.clientId !== 'string' || typeof body.secret !== 'string') throw new Error('clientId and secret are required');
      return ok(admin.verifyClientSecret(body.clientId, body.secret));
    },
    'POST /_admin/deployment-outputs': (body) => {
      if (!isRecord(body.outputs)) throw new Error('outputs must be an object');
      admin.setDeploymentOutputs({ resourceGroup: String(body.resourceGroup ?? ''), outputs: body.outputs });
      return ok({ resourceGroup: body.resourceGroup, outputs: body.outputs });
    },
    'POST /_admin/cosmos-account-names': (body) => {
      admin.takeCosmosAccountName(String(body.name ?? ''));
      return ok({ name: body.name, taken: true });
    },
    'POST /_admin/dns-labels': (body) => {
      admin.takeDnsLabel(String(body.location ?? ''), String(body.label ?? ''));
      return ok({ location: body.location, label: body.label, available: false });
    },
    'POST /_admin/compute-quotas': (body) =>
      ok(
        admin.setComputeQuota(String(body.location ?? ''), String(body.family ?? ''), {
          limit: body.limit as number | undefined,
          used: body.used as number | undefined,
        }),
      ),
    'GET /_admin/compute-usages': (_body, query) =>
      ok({ value: admin.computeUsage(query.get('location') ?? '', query.get('subscriptionId') ?? '') }),
    'POST /_admin/vm-size-restrictions': (body) => {
      admin.restrictVmSize(String(body.location ?? ''), String(body.size ?? ''), body.reasonCode as never);
      return ok(admin.vmSizeAvailability(String(body.location), String(body.size)));
    },
    'POST /_admin/vm-size-removals': (body) => {
      admin.removeVmSize(String(body.location ?? ''), String(body.size ?? ''));
      return ok(admin.vmSizeAvailability(String(body.location), String(body.size)));
    },
    'POST /_admin/permissions': (body) => {
      if (!Array.isArray(body.permissions)) throw new Error('permissions must be an array of {actions, notActions?}');
      return ok({ principalId: body.principalId, permissions: admin.setPermissions(String(body.principalId ?? ''), body.permissions) });
    },
    'DELETE /_admin/permissions': (_body, query) => {
      admin.clearPermissions(query.get('principalId') ?? '');
      return ok({ principalId: query.get('principalId'), permissions: null });
    },
    'DELETE /_admin/deployment-outputs': (_body, query) => {
      admin.clearDeploymentOutputs(query.get('resourceGroup') ?? undefined);
      return ok({ cleared: true });
    },
  };
}
