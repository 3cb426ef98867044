// Microsoft Graph service principals: create from an appId, get, list (with $filter=appId eq '...'), delete.
// Creating one right after its application can fail with NoBackingApplicationObject while the application
// has not replicated yet.
import { randomUUID } from 'node:crypto';
import type { EmulatorCore } from '../core/emulator-core';
import { ApiError, badRequest } from '../http/errors';
import { pageOf } from '../http/paging';
import { isRecord, queryParam } from '../http/request';
import type { Router } from '../http/router';
import { findApplicationByAppId, graphNotFound, visible } from './directory';
import { directoryObjectLocation, servicePrincipalDefaults, servicePrincipalView } from './object-views';
import { odataContext, parseFilter } from './odata';

const V1 = '/graph/v1\\.0';

export function registerServicePrincipalRoutes(router: Router, core: EmulatorCore): void {
  const SP = `${V1}/servicePrincipals(/[^/]+|\\(appId='[^']+'\\))`;
  const resolve = (raw: string) => {
    const segment = raw.replace(/^\//, '');
    const byAppId = /^\(appId='([^']+)'\)$/i.exec(segment)?.[1];
    const record = byAppId
      ? Object.values(core.state.servicePrincipals).find((sp) => String(sp.object.appId).toLowerCase() === byAppId.toLowerCase())
      : core.state.servicePrincipals[segment.toLowerCase()];
    if (!visible(core, record)) throw graphNotFound(byAppId ?? segment);
    return record;
  };

  router.add('POST', `${V1}/servicePrincipals`, 'POST servicePrincipals', (request) => {
    const body = isRecord(request.body) ? request.body : {};
    if (typeof body.appId !== 'string' || body.appId === '')
      throw badRequest('Request_BadRequest', "Invalid value specified for property 'appId' of resource 'ServicePrincipal'.");
    const app = findApplicationByAppId(core, body.appId);
    if (!visible(core, app)) {
      throw new ApiError(
        400,
        'Request_BadRequest',
        `The appId '${body.appId}' of the service principal does not reference a valid application object.`,
        {
          details: [
            {
              code: 'NoBackingApplicationObject',
              message: `The appId '${body.appId}' of the service principal does not reference a valid application object.`,
              target: 'appId',
            },
          ],
        },
      );
    }
    const duplicate = Object.values(core.state.servicePrincipals).some(
      (sp) => String(sp.object.appId).toLowerCase() === body.appId!.toString().toLowerCase(),
    );
    if (duplicate) {
      throw new ApiError(
        409,
        'Request_MultipleObjectsWithSameKeyValue',
        'Another object with the same value for property servicePrincipalNames already exists.',
        {
          details: [
            {
              code: 'ObjectConflict',
              message: 'Another object with the same value for property servicePrincipalNames already exists.',
              target: 'servicePrincipalNames',
            },
          ],
        },
      );
    }
    const id = randomUUID();
    const appObject = app.object;
    const object: Record<string, unknown> = {
      ...servicePrincipalDefaults(),
      id,
      accountEnabled: body.accountEnabled === false ? false : true,
      appDisplayName: appObject.displayName,
      appDescription: appObject.description ?? null,
      appId: appObject.appId,
      appOwnerOrganizationId: core.settings.tenantId,
      appRoleAssignmentRequired: body.appRoleAssignmentRequired === true,
      createdDateTime: new Date(core.now()).toISOString(),
      displayName: appObject.displayName,
      notes: typeof body.notes === 'string' ? body.notes : null,
      servicePrincipalNames: [appObject.appId, ...((appObject.identifierUris as string[]) ?? [])],
      servicePrincipalType: 'Application',
      signInAudience: appObject.signInAudience,
      tags: Array.isArray(body.tags) ? body.tags : [],
      appRoles: Array.isArray(appObject.appRoles) ? appObject.appRoles : [],
      info: appObject.info ?? servicePrincipalDefaults().info,
      oauth2PermissionScopes: (appObject.api as { oauth2PermissionScopes?: unknown[] } | undefined)?.oauth2PermissionScopes ?? [],
      verifiedPublisher: appObject.verifiedPublisher ?? servicePrincipalDefaults().verifiedPublisher,
    };
    core.state.servicePrincipals[id] = { object, replication: core.newReplication() };
    return {
      status: 201,
      body: servicePrincipalView(object, request.origin),
      headers: { location: directoryObjectLocation(request.origin, core.settings.tenantId, id, 'ServicePrincipal') },
    };
  });

  router.add('GET', `${V1}/servicePrincipals`, 'LIST servicePrincipals', (request) => {
    const matches = parseFilter(queryParam(request.query, '$filter'), ['appId', 'displayName', 'id', 'servicePrincipalType']);
    const principals = Object.values(core.state.servicePrincipals)
      .filter((record) => matches(record.object) && visible(core, record))
      .map((record) => servicePrincipalView(record.object, request.origin, false));
    return {
      status: 200,
      body: {
        '@odata.context': odataContext(request.origin, 'servicePrincipals'),
        ...pageOf(principals, request, core.settings.pageSize, '@odata.nextLink'),
      },
    };
  });

  router.add('GET', SP, 'GET servicePrincipals', (request, [raw]) => ({
    status: 200,
    body: servicePrincipalView(resolve(raw!).object, request.origin),
  }));

  router.add('DELETE', SP, 'DELETE servicePrincipals', (_request, [raw]) => {
    const record = resolve(raw!);
    const now = core.now();
    const key = String(record.object.id).toLowerCase();
    delete core.state.servicePrincipals[key];
    core.state.deletedItems[key] = {
      kind: 'servicePrincipal',
      object: { ...record.object, deletedDateTime: new Date(now).toISOString() },
      deletedAt: now,
    };
    return { status: 204 };
  });
}
