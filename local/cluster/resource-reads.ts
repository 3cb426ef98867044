// get and list, as JSON or as the meta.k8s.io Table kubectl asks for, with label and field selectors.
import { negotiate } from './content-negotiation';
import { FieldSelectorError, fieldSelectorPredicate } from './field-selector';
import { listBody, reply, StatusError, statusReply, type Reply, type ResourceRequest, type Services } from './handler-context';
import type { KubeObject } from './kube-object';
import { apiVersionOf, type ResourceType } from './resources';
import { badRequest, failureStatus, objectNotFound } from './status';
import { toTable, type IncludeObject } from './tables';

export function getObject(services: Services, request: ResourceRequest): Reply {
  const form = acceptedForm(request);
  const object = services.store.get(request.type, request.name!, request.namespace);
  if (!object) return statusReply(objectNotFound(request.type, request.name!));
  if (form.form === 'object') return reply(200, object);
  return reply(200, tableOf(request, [object], services.store.resourceVersion(), form.version));
}

export function listObjects(services: Services, request: ResourceRequest): Reply {
  const form = acceptedForm(request);
  const items = selectObjects(services, request);
  const resourceVersion = services.store.resourceVersion();
  if (form.form === 'table') return reply(200, tableOf(request, items, resourceVersion, form.version));
  return reply(200, listBody(request.type, apiVersionOf(request.type), resourceVersion, items, request.url.pathname));
}

/** The objects a list, watch or deletecollection selects. */
export function selectObjects(services: Services, request: ResourceRequest): KubeObject[] {
  return services.store.list(
    request.type,
    request.namespace,
    request.url.searchParams.get('labelSelector') ?? undefined,
    fieldPredicate(request.type, request.url.searchParams.get('fieldSelector') ?? undefined),
  );
}

export function fieldPredicate(type: ResourceType, selector: string | undefined): (object: KubeObject) => boolean {
  try {
    return fieldSelectorPredicate(type, selector);
  } catch (error) {
    if (error instanceof FieldSelectorError) throw new StatusError(badRequest(error.message));
    throw error;
  }
}

export function acceptedForm(request: ResourceRequest) {
  const form = negotiate(request.headers.accept);
  if (!form) throw new StatusError(failureStatus(406, 'NotAcceptable', 'only application/json and meta.k8s.io Table are served'));
  return form;
}

export function tableOf(request: ResourceRequest, objects: KubeObject[], resourceVersion: string, version: 'v1' | 'v1beta1') {
  const includeObject = (request.url.searchParams.get('includeObject') ?? 'Metadata') as IncludeObject;
  return toTable(request.type.kind, objects, { version, includeObject, resourceVersion });
}
