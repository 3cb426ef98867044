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
    'GET /_admin/requests': () => ok({ requests: admin.requests() }),
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
    'POST /_admin/deployment-outputs': (body) => {
      if (!isRecord(body.outputs)) throw new Error('outputs must be an object');
      admin.setDeploymentOutputs({ resourceGroup: String(body.resourceGroup ?? ''), outputs: body.outputs });
      return ok({ resourceGroup: body.resourceGroup, outputs: body.outputs });
    },
    'DELETE /_admin/deployment-outputs': (_body, query) => {
      admin.clearDeploymentOutputs(query.get('resourceGroup') ?? undefined);
      return ok({ cleared: true });
    },
  };
}
