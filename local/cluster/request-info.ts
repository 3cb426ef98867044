// What a request asks for, read from its method and path the way kube-apiserver's RequestInfoFactory reads
// it: resource requests (/api/v1/..., /apis/<group>/<version>/...) get a verb, group, resource, subresource,
// namespace and name for authorization; everything else is a non-resource request on a path.
import { exactName } from './field-selector';

export interface RequestInfo {
  isResourceRequest: boolean;
  /** The URL path, without query. */
  path: string;
  /** get, list, watch, create, update, patch, delete, deletecollection; for non-resource requests the lower-case method. */
  verb: string;
  apiPrefix: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** The path segments from the resource on: resource[/name[/subresource...]]. */
  parts: string[];
}

/** Namespace subresources that are not resources of their own (/namespaces/<name>/status). */
const namespaceSubresources = new Set(['status', 'finalize']);

export function requestInfo(method: string, url: URL): RequestInfo {
  const path = url.pathname;
  const nonResource: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
  };
  let parts = splitPath(path);
  if (parts.length < 3) return nonResource;
  const info: RequestInfo = { ...nonResource };
  info.apiPrefix = parts[0]!;
  if (info.apiPrefix !== 'api' && info.apiPrefix !== 'apis') return nonResource;
  parts = parts.slice(1);
  if (info.apiPrefix === 'apis') {
    if (parts.length < 3) return nonResource;
    info.apiGroup = parts[0]!;
    parts = parts.slice(1);
  }
  info.isResourceRequest = true;
  info.apiVersion = parts[0]!;
  parts = parts.slice(1);

  // The old /api/v1/watch/<resource> form.
  if (parts[0] === 'watch' && parts.length >= 2) {
    info.verb = 'watch';
    parts = parts.slice(1);
  } else {
    info.verb = { POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[method] ?? '';
  }

  if (parts[0] === 'namespaces') {
    if (parts.length > 1) {
      info.namespace = parts[1]!;
      if (parts.length > 2 && !namespaceSubresources.has(parts[2]!)) parts = parts.slice(2);
    }
  }
  info.parts = parts;
  info.resource = parts[0] ?? '';
  info.name = parts[1] ?? '';
  info.subresource = parts[2] ?? '';

  if (!info.name && info.verb === 'get') {
    const watch = url.searchParams.get('watch');
    info.verb = watch === 'true' || watch === '1' ? 'watch' : 'list';
  }
  if (!info.name && (info.verb === 'list' || info.verb === 'watch')) {
    // A list for one name is authorized as a request for that name.
    const name = exactName(url.searchParams.get('fieldSelector') ?? undefined);
    if (name && !name.includes('/') && name !== '.' && name !== '..') info.name = name;
  }
  if (!info.name && info.verb === 'delete') info.verb = 'deletecollection';
  return info;
}

function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  if (!trimmed) return [];
  return trimmed.split('/').map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
}
