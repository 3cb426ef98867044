// create, update (PUT), patch, delete and deletecollection, with what the API server checks on the way: the
// body's kind, name and namespace against the URL, optimistic concurrency on resourceVersion, defaulting and
// validation, RBAC escalation prevention, the namespace lifecycle, and status kept apart from the spec.
import {
  isDryRun,
  listBody,
  parseJsonBody,
  reply,
  statusReply,
  StatusError,
  type Reply,
  type ResourceRequest,
  type Services,
} from './handler-context';
import { isRecord, kubeTimestamp, randomSuffix, type KubeObject } from './kube-object';
import { applyPatch, PatchError, patchContentTypes } from './patch';
import { escalationRefusal } from './rbac-escalation';
import { selectObjects } from './resource-reads';
import { apiVersionOf, resourceTypeFor, resourceTypes, type ResourceType } from './resources';
import {
  alreadyExists,
  badRequest,
  conflict,
  deletedStatus,
  failureStatus,
  forbidden,
  invalid,
  objectNotFound,
  optimisticLockMessage,
  unsupportedMediaType,
} from './status';
import { applyDefaults, validateObject } from './validation';

const namespaces = resourceTypeFor('', 'v1', 'namespaces')!;
/** The namespaces the NamespaceLifecycle admission plugin never lets go. */
const immortalNamespaces = ['default', 'kube-system', 'kube-public'];

export function createObject(services: Services, request: ResourceRequest): Reply {
  const object = decodeObject(request, parseJsonBody(request));
  const metadata = object.metadata;
  if (!metadata.name && metadata.generateName) metadata.name = `${metadata.generateName}${randomSuffix()}`;
  for (const field of ['uid', 'resourceVersion', 'selfLink', 'deletionTimestamp'] as const) delete metadata[field];
  metadata.creationTimestamp = kubeTimestamp(new Date());
  if (request.type.group === 'apps') metadata.generation = 1;
  if (request.type.kind === 'Pod') object.status = { phase: 'Pending', qosClass: 'BestEffort' };
  return store(services, request, object, undefined, 201);
}

export function updateObject(services: Services, request: ResourceRequest): Reply {
  const object = decodeObject(request, parseJsonBody(request));
  const existing = services.store.get(request.type, request.name!, request.namespace);
  if (!existing) {
    if (request.subresource || !request.type.allowCreateOnUpdate) return statusReply(objectNotFound(request.type, request.name!));
    return createObject(services, request);
  }
  return store(services, request, object, existing, 200);
}

export function patchObject(services: Services, request: ResourceRequest): Reply {
  const contentType = String(request.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (!patchContentTypes.includes(contentType)) return statusReply(unsupportedMediaType(patchContentTypes.join(', ')));
  const existing = services.store.get(request.type, request.name!, request.namespace);
  if (!existing) return statusReply(objectNotFound(request.type, request.name!));
  let patched: unknown;
  try {
    patched = applyPatch(contentType, existing, parseJsonBody(request));
  } catch (error) {
    if (!(error instanceof PatchError)) throw error;
    return statusReply(error.code === 400 ? badRequest(error.message) : failureStatus(422, 'Invalid', error.message));
  }
  return store(services, request, decodeObject(request, patched), existing, 200);
}

export function deleteObject(services: Services, request: ResourceRequest): Reply {
  const { type } = request;
  const existing = services.store.get(type, request.name!, request.namespace);
  if (!existing) return statusReply(objectNotFound(type, request.name!));
  const preconditions = deleteOptions(request).preconditions;
  if (preconditions?.uid && preconditions.uid !== existing.metadata.uid) {
    const why = `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${existing.metadata.uid}`;
    return statusReply(conflict(type, existing.metadata.name, why));
  }
  if (preconditions?.resourceVersion && preconditions.resourceVersion !== existing.metadata.resourceVersion) {
    const why =
      `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ` +
      `ResourceVersion in object meta: ${existing.metadata.resourceVersion}`;
    return statusReply(conflict(type, existing.metadata.name, why));
  }
  if (type === namespaces && immortalNamespaces.includes(existing.metadata.name))
    return statusReply(forbidden(type, existing.metadata.name, 'this namespace may not be deleted'));
  if (!isDryRun(request)) removeObject(services, type, existing);
  return type.returnDeletedObject ? reply(200, existing) : reply(200, deletedStatus(type, existing.metadata.name, existing.metadata.uid));
}

export function deleteCollection(services: Services, request: ResourceRequest): Reply {
  const { type } = request;
  const selected = selectObjects(services, request).filter(
    (object) => type !== namespaces || !immortalNamespaces.includes(object.metadata.name),
  );
  if (!isDryRun(request)) for (const object of selected) removeObject(services, type, object);
  return reply(200, listBody(type, apiVersionOf(type), services.store.resourceVersion(), selected, request.url.pathname));
}

/** Deletes an object; a namespace takes everything in it along (at once, where a real one is Terminating first). */
function removeObject(services: Services, type: ResourceType, object: KubeObject): void {
  if (type === namespaces) {
    for (const namespaced of resourceTypes.filter((candidate) => candidate.namespaced && candidate.registryPrefix)) {
      for (const item of services.store.list(namespaced, object.metadata.name))
        services.store.delete(namespaced, item.metadata.name, item.metadata.namespace);
    }
  }
  services.store.delete(type, object.metadata.name, object.metadata.namespace);
}

/** Admission, validation and the write itself; `existing` is undefined for a create. */
function store(services: Services, request: ResourceRequest, incoming: KubeObject, existing: KubeObject | undefined, code: number): Reply {
  const { type } = request;
  const object = existing ? mergeForUpdate(request, incoming, existing) : incoming;
  if (type.namespaced) {
    if (!services.store.get(namespaces, request.namespace!)) return statusReply(objectNotFound(namespaces, request.namespace!));
  } else delete object.metadata.namespace;

  applyDefaults(type, object);
  const causes = validateObject(type, object, existing);
  if (causes.length) return statusReply(invalid(type, object.metadata.name, causes));
  const refusal = escalationRefusal(services.store, services.authorizer, request.user, type, object);
  if (refusal) return statusReply(refusal);

  if (!existing) {
    if (services.store.get(type, object.metadata.name, object.metadata.namespace))
      return statusReply(alreadyExists(type, object.metadata.name));
    if (isDryRun(request)) return reply(code, { ...object, apiVersion: apiVersionOf(type), kind: type.kind });
    return reply(code, services.store.create(type, object));
  }
  // Nothing changed: nothing is written and the resourceVersion stays, as etcd3's store skips equal writes.
  if (sameContent(object, existing)) return reply(code, existing);
  if (isDryRun(request)) return reply(code, object);
  return reply(code, services.store.update(type, object));
}

/** The server-owned fields of the stored object, and the spec or the status (whichever the request does not own). */
function mergeForUpdate(request: ResourceRequest, incoming: KubeObject, existing: KubeObject): KubeObject {
  const { type } = request;
  const wanted = incoming.metadata.resourceVersion;
  if (wanted && wanted !== existing.metadata.resourceVersion)
    throw new StatusError(conflict(type, existing.metadata.name, optimisticLockMessage));
  let object: KubeObject;
  if (request.subresource === 'status') {
    object = { ...structuredClone(existing), status: incoming.status };
  } else {
    object = incoming;
    if (type.statusSubresource) {
      if (existing.status === undefined) delete object.status;
      else object.status = structuredClone(existing.status);
    }
  }
  object.metadata.uid = existing.metadata.uid;
  object.metadata.creationTimestamp = existing.metadata.creationTimestamp;
  object.metadata.resourceVersion = existing.metadata.resourceVersion;
  if (existing.metadata.generation !== undefined) {
    const specChanged = JSON.stringify(object.spec) !== JSON.stringify(existing.spec);
    object.metadata.generation = existing.metadata.generation + (specChanged ? 1 : 0);
  }
  return object;
}

function sameContent(a: KubeObject, b: KubeObject): boolean {
  const comparable = (object: KubeObject) =>
    canonicalJson({ ...object, metadata: { ...object.metadata, resourceVersion: '', selfLink: '' } });
  return comparable(a) === comparable(b);
}

/** JSON with object keys sorted, so that field order does not make two equal objects differ. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const entries = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The body as an object of the request's type, named and namespaced as the URL says. */
function decodeObject(request: ResourceRequest, body: unknown): KubeObject {
  const { type } = request;
  if (!isRecord(body)) throw new StatusError(badRequest(`the object provided is unrecognized (must be of type ${type.kind})`));
  const expected = apiVersionOf(type);
  if (body.kind !== undefined && body.kind !== type.kind)
    throw new StatusError(badRequest(`the object provided is unrecognized (must be of type ${type.kind}): ${body.kind}`));
  if (body.apiVersion !== undefined && body.apiVersion !== expected)
    throw new StatusError(
      badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (${expected})`),
    );
  const object = structuredClone(body) as KubeObject;
  object.apiVersion = expected;
  object.kind = type.kind;
  if (!isRecord(object.metadata)) object.metadata = {} as KubeObject['metadata'];
  const metadata = object.metadata;
  if (request.name !== undefined) {
    if (metadata.name && metadata.name !== request.name)
      throw new StatusError(badRequest(`the name of the object (${metadata.name}) does not match the name on the URL (${request.name})`));
    metadata.name = request.name;
  }
  if (type.namespaced) {
    if (metadata.namespace && metadata.namespace !== request.namespace)
      throw new StatusError(badRequest('the namespace of the provided object does not match the namespace sent on the request'));
    metadata.namespace = request.namespace;
  }
  metadata.name ??= '';
  return object;
}

interface DeleteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
}

function deleteOptions(request: ResourceRequest): DeleteOptions {
  if (request.body.length === 0) return {};
  try {
    const parsed = JSON.parse(request.body.toString('utf8')) as unknown;
    return isRecord(parsed) ? (parsed as DeleteOptions) : {};
  } catch {
    throw new StatusError(badRequest('the body of the delete request is not a DeleteOptions object'));
  }
}
