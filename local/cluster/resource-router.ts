// Which handler serves a resource request: the type from group, version and plural, its namespace, name and
// subresource from the path, the operation from the method. Unknown paths get 404, unknown methods 405.
import type { IncomingHttpHeaders } from 'node:http';
import { review } from './access-reviews';
import { evictPod } from './evictions';
import { statusReply, StatusError, type Reply, type ResourceRequest, type Services } from './handler-context';
import type { User } from './rbac-authorizer';
import type { RequestInfo } from './request-info';
import { getObject, listObjects } from './resource-reads';
import { createObject, deleteCollection, deleteObject, patchObject, updateObject } from './resource-writes';
import { isStored, resourceTypeFor } from './resources';
import { failureStatus, pathNotFound } from './status';

export type Route =
  { kind: 'reply'; reply: Reply } | { kind: 'watch'; request: ResourceRequest } | { kind: 'handle'; request: ResourceRequest };

const methodNotAllowed = () =>
  failureStatus(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});

export function routeResource(info: RequestInfo, url: URL, method: string, headers: IncomingHttpHeaders, body: Buffer, user: User): Route {
  const notFound: Route = { kind: 'reply', reply: statusReply(pathNotFound()) };
  const type = resourceTypeFor(info.apiGroup, info.apiVersion, info.resource);
  if (!type || info.parts.length > 3) return notFound;
  const name = info.parts[1];
  const subresource = info.parts[2];
  const inNamespacePath = info.namespace !== '' && info.resource !== 'namespaces';
  if (!type.namespaced && inNamespacePath) return notFound;
  const namespace = type.namespaced && inNamespacePath ? info.namespace : undefined;
  const request: ResourceRequest = { info, url, method, headers, body, user, type, namespace, name, subresource };

  if (!isStored(type)) {
    if (method !== 'POST' || name !== undefined) return { kind: 'reply', reply: statusReply(methodNotAllowed()) };
    if (type.namespaced && namespace === undefined) return notFound;
    return { kind: 'handle', request };
  }
  // A namespaced type is listed or watched across namespaces, but written and read one namespace at a time.
  if (type.namespaced && namespace === undefined && (name !== undefined || method !== 'GET')) return notFound;
  if (subresource !== undefined) {
    const known = (subresource === 'status' && type.statusSubresource) || (subresource === 'eviction' && type.name === 'pods');
    if (!known) return notFound;
  }
  const watch = ['true', '1'].includes(url.searchParams.get('watch') ?? '') || info.verb === 'watch';
  if ((method === 'GET' || method === 'HEAD') && watch && subresource === undefined) return { kind: 'watch', request };
  return { kind: 'handle', request };
}

export function handleResource(services: Services, request: ResourceRequest): Reply {
  try {
    return dispatch(services, request);
  } catch (error) {
    if (error instanceof StatusError) return statusReply(error.status);
    throw error;
  }
}

function dispatch(services: Services, request: ResourceRequest): Reply {
  const { method, name, subresource } = request;
  if (!isStored(request.type)) return review(services, request);
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (subresource === 'eviction') return statusReply(methodNotAllowed());
      return name === undefined ? listObjects(services, request) : getObject(services, request);
    case 'POST':
      if (subresource === 'eviction') return evictPod(services, request);
      return name === undefined ? createObject(services, request) : statusReply(methodNotAllowed());
    case 'PUT':
      return name === undefined || subresource === 'eviction' ? statusReply(methodNotAllowed()) : updateObject(services, request);
    case 'PATCH':
      return name === undefined || subresource === 'eviction' ? statusReply(methodNotAllowed()) : patchObject(services, request);
    case 'DELETE':
      if (subresource !== undefined) return statusReply(methodNotAllowed());
      return name === undefined ? deleteCollection(services, request) : deleteObject(services, request);
    default:
      return statusReply(methodNotAllowed());
  }
}
