// Microsoft Graph applications: create, get (by id or appId), list, delete (soft: into deletedItems, with
// its service principal), addPassword (the secret is returned once and never again), removePassword.
import { randomBytes, randomUUID } from 'node:crypto';
import type { EmulatorCore } from '../core/emulator-core';
import { ApiError, badRequest } from '../http/errors';
import { pageOf } from '../http/paging';
import { isRecord, queryParam } from '../http/request';
import type { Router } from '../http/router';
import { hashSecret, SECRET_HASH } from './client-secrets';
import { findApplicationByAppId, graphNotFound, visible } from './directory';
import { applicationDefaults, applicationView, directoryObjectLocation, WRITABLE_APPLICATION_PROPERTIES } from './object-views';
import { odataContext, parseFilter } from './odata';

const V1 = '/graph/v1\\.0';

/** A client secret the way Entra shapes them: 40 characters, three-character hint, "Q~" marker. */
function newSecretText(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.~-';
  const bytes = randomBytes(38);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]!);
  return `${chars.slice(0, 3).join('')}8Q~${chars.slice(3, 37).join('')}`;
}

export { applicationView };

export function registerApplicationRoutes(router: Router, core: EmulatorCore): void {
  /** The application a path segment names: "{id}" or "(appId='{appId}')"; 404 while not replicated. */
  const resolve = (idOrAppId: string) => {
    const byAppId = /^\(appId='([^']+)'\)$/i.exec(idOrAppId)?.[1];
    const record = byAppId ? findApplicationByAppId(core, byAppId) : core.state.applications[idOrAppId.toLowerCase()];
    if (!visible(core, record)) throw graphNotFound(byAppId ?? idOrAppId);
    return record;
  };
  const APP = `${V1}/applications(/[^/]+|\\(appId='[^']+'\\))`;
  const segment = (raw: string) => raw.replace(/^\//, '');

  router.add('POST', `${V1}/applications`, 'POST applications', (request) => {
    const body = isRecord(request.body) ? request.body : {};
    if (typeof body.displayName !== 'string' || body.displayName.trim() === '') {
      throw badRequest('Request_BadRequest', "Invalid value specified for property 'displayName' of resource 'Application'.");
    }
    if (body.passwordCredentials !== undefined && !(Array.isArray(body.passwordCredentials) && body.passwordCredentials.length === 0)) {
      throw badRequest(
        'Request_BadRequest',
        "Property 'passwordCredentials' is read-only and cannot be set when creating an application; use addPassword.",
      );
    }
    const id = randomUUID();
    const object: Record<string, unknown> = applicationDefaults();
    for (const name of WRITABLE_APPLICATION_PROPERTIES) if (body[name] !== undefined) object[name] = body[name];
    Object.assign(object, {
      id,
      appId: randomUUID(),
      createdDateTime: new Date(core.now()).toISOString(),
      publisherDomain: 'emulator.onmicrosoft.com',
    });
    core.state.applications[id] = { object, replication: core.newReplication() };
    return {
      status: 201,
      body: applicationView(object, request.origin),
      headers: { location: directoryObjectLocation(request.origin, core.settings.tenantId, id, 'Application') },
    };
  });

  router.add('GET', `${V1}/applications`, 'LIST applications', (request) => {
    const matches = parseFilter(queryParam(request.query, '$filter'), ['appId', 'displayName', 'id']);
    const apps = Object.values(core.state.applications)
      .filter((record) => matches(record.object) && visible(core, record))
      .map((record) => applicationView(record.object, request.origin, false));
    return {
      status: 200,
      body: {
        '@odata.context': odataContext(request.origin, 'applications'),
        ...pageOf(apps, request, core.settings.pageSize, '@odata.nextLink'),
      },
    };
  });

  router.add('GET', APP, 'GET applications', (request, [idOrAppId]) => ({
    status: 200,
    body: applicationView(resolve(segment(idOrAppId!)).object, request.origin),
  }));

  router.add('DELETE', APP, 'DELETE applications', (_request, [idOrAppId]) => {
    const record = resolve(segment(idOrAppId!));
    const now = core.now();
    const appId = String(record.object.appId).toLowerCase();
    delete core.state.applications[String(record.object.id).toLowerCase()];
    core.state.deletedItems[String(record.object.id).toLowerCase()] = {
      kind: 'application',
      object: { ...record.object, deletedDateTime: new Date(now).toISOString() },
      deletedAt: now,
    };
    // Deleting an application also removes its service principal in the home tenant.
    for (const [key, sp] of Object.entries(core.state.servicePrincipals)) {
      if (String(sp.object.appId).toLowerCase() !== appId) continue;
      delete core.state.servicePrincipals[key];
      core.state.deletedItems[key] = {
        kind: 'servicePrincipal',
        object: { ...sp.object, deletedDateTime: new Date(now).toISOString() },
        deletedAt: now,
      };
    }
    return { status: 204 };
  });

  router.add('POST', `${APP}/addPassword`, 'POST applications/addPassword', (request, [idOrAppId]) => {
    const record = resolve(segment(idOrAppId!));
    const body = isRecord(request.body) ? request.body : {};
    const requested = isRecord(body.passwordCredential) ? body.passwordCredential : {};
    const start = typeof requested.startDateTime === 'string' ? new Date(requested.startDateTime) : new Date(core.now());
    const end =
      typeof requested.endDateTime === 'string' ? new Date(requested.endDateTime) : new Date(start.getTime() + 2 * 365 * 86_400_000);
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end <= start) {
      throw badRequest('Request_BadRequest', "Invalid value specified for property 'endDateTime' of resource 'PasswordCredential'.");
    }
    const secretText = newSecretText();
    const credential = {
      customKeyIdentifier: null,
      displayName: typeof requested.displayName === 'string' ? requested.displayName : null,
      endDateTime: end.toISOString(),
      hint: secretText.slice(0, 3),
      keyId: randomUUID(),
      secretText: null,
      startDateTime: start.toISOString(),
    };
    // Only a hash is kept, for the local identity's client secret checks; Graph never shows the secret again.
    (record.object.passwordCredentials as Array<Record<string, unknown>>).push({ ...credential, [SECRET_HASH]: hashSecret(secretText) });
    return {
      status: 200,
      body: { '@odata.context': odataContext(request.origin, 'microsoft.graph.passwordCredential'), ...credential, secretText },
    };
  });

  router.add('POST', `${APP}/removePassword`, 'POST applications/removePassword', (request, [idOrAppId]) => {
    const record = resolve(segment(idOrAppId!));
    const keyId = isRecord(request.body) && typeof request.body.keyId === 'string' ? request.body.keyId : undefined;
    if (!keyId) throw badRequest('Request_BadRequest', "The 'keyId' parameter is required.");
    const credentials = record.object.passwordCredentials as Array<Record<string, unknown>>;
    const index = credentials.findIndex((credential) => String(credential.keyId).toLowerCase() === keyId.toLowerCase());
    if (index < 0) throw new ApiError(400, 'Request_BadRequest', `No password credential found with keyId '${keyId}'.`);
    credentials.splice(index, 1);
    return { status: 204 };
  });
}
