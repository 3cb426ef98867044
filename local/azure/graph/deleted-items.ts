// Soft-deleted directory objects: deleted applications stay restorable for 30 days in Entra; here until
// purged (DELETE /directory/deletedItems/{id}) or restored (POST .../restore).
import type { EmulatorCore } from '../core/emulator-core';
import { pageOf } from '../http/paging';
import type { EmulatorRequest } from '../http/request';
import type { Router } from '../http/router';
import { applicationView, servicePrincipalView } from './object-views';
import { graphNotFound } from './directory';
import { odataContext } from './odata';

const ITEMS = '/graph/v1\\.0/directory/deletedItems';

function viewOf(kind: 'application' | 'servicePrincipal', object: Record<string, unknown>, origin: string): Record<string, unknown> {
  return kind === 'application' ? applicationView(object, origin) : servicePrincipalView(object, origin);
}

export function registerDeletedItemRoutes(router: Router, core: EmulatorCore): void {
  const listOf = (kind: 'application' | 'servicePrincipal') => (request: EmulatorRequest) => {
    const items = Object.values(core.state.deletedItems)
      .filter((item) => item.kind === kind)
      .map((item) =>
        kind === 'application'
          ? applicationView(item.object, request.origin, false)
          : servicePrincipalView(item.object, request.origin, false),
      );
    return {
      status: 200,
      body: {
        '@odata.context': odataContext(request.origin, `directory/deletedItems/microsoft.graph.${kind}`),
        ...pageOf(items, request, core.settings.pageSize, '@odata.nextLink'),
      },
    };
  };
  router.add('GET', `${ITEMS}/microsoft\\.graph\\.application`, 'LIST deletedItems', listOf('application'));
  router.add('GET', `${ITEMS}/microsoft\\.graph\\.servicePrincipal`, 'LIST deletedItems', listOf('servicePrincipal'));

  router.add('GET', `${ITEMS}/([^/]+)`, 'GET deletedItems', (request, [id]) => {
    const item = core.state.deletedItems[id!.toLowerCase()];
    if (!item) throw graphNotFound(id!);
    return { status: 200, body: viewOf(item.kind, item.object, request.origin) };
  });

  router.add('DELETE', `${ITEMS}/([^/]+)`, 'DELETE deletedItems', (_request, [id]) => {
    if (!core.state.deletedItems[id!.toLowerCase()]) throw graphNotFound(id!);
    delete core.state.deletedItems[id!.toLowerCase()];
    return { status: 204 };
  });

  router.add('POST', `${ITEMS}/([^/]+)/restore`, 'POST deletedItems/restore', (request, [id]) => {
    const key = id!.toLowerCase();
    const item = core.state.deletedItems[key];
    if (!item) throw graphNotFound(id!);
    delete core.state.deletedItems[key];
    const object = { ...item.object, deletedDateTime: null };
    const target = item.kind === 'application' ? core.state.applications : core.state.servicePrincipals;
    target[key] = { object, replication: { visibleAt: 0, missesLeft: 0 } };
    return { status: 200, body: viewOf(item.kind, object, request.origin) };
  });
}
