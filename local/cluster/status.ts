// metav1.Status bodies, the error shape every Kubernetes client expects, worded as kube-apiserver words them.
import { qualifiedKind, qualifiedResource, type ResourceType } from './resources';

export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

export function failureStatus(code: number, reason: string, message: string, details?: StatusDetails): StatusBody {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

export const unauthorized = () => failureStatus(401, 'Unauthorized', 'Unauthorized');

export const pathNotFound = () => failureStatus(404, 'NotFound', 'the server could not find the requested resource', {});

/** StatusDetails leave out empty fields, as Go's omitempty does. */
function details(type: { name: string; group: string }, name?: string, extra: Partial<StatusDetails> = {}): StatusDetails {
  return { ...(name ? { name } : {}), ...(type.group ? { group: type.group } : {}), kind: type.name, ...extra };
}

export const objectNotFound = (type: { name: string; group: string } | string, name: string) => {
  const resolved = typeof type === 'string' ? { name: type, group: '' } : type;
  return failureStatus(404, 'NotFound', `${qualifiedResource(resolved)} "${name}" not found`, details(resolved, name));
};

export const alreadyExists = (type: ResourceType, name: string) =>
  failureStatus(409, 'AlreadyExists', `${qualifiedResource(type)} "${name}" already exists`, details(type, name));

export const conflict = (type: ResourceType, name: string, why: string) =>
  failureStatus(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": ${why}`, details(type, name));

export const optimisticLockMessage = 'the object has been modified; please apply your changes to the latest version and try again';

/** 403 for a request RBAC did not allow; `why` is the authorizer's sentence naming the user. */
export function forbidden(resource: { name: string; group: string } | undefined, name: string, why: string): StatusBody {
  if (!resource || !resource.name) return failureStatus(403, 'Forbidden', `forbidden: ${why}`, {});
  const subject = name ? `${qualifiedResource(resource)} "${name}"` : qualifiedResource(resource);
  return failureStatus(403, 'Forbidden', `${subject} is forbidden: ${why}`, details(resource, name));
}

export function invalid(type: ResourceType, name: string, causes: StatusCause[]): StatusBody {
  const messages = causes.map((cause) => `${cause.field}: ${cause.message}`);
  const summary = messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
  return failureStatus(422, 'Invalid', `${qualifiedKind(type)} "${name}" is invalid: ${summary}`, {
    ...(name ? { name } : {}),
    ...(type.group ? { group: type.group } : {}),
    kind: type.kind,
    causes,
  });
}

export const badRequest = (message: string) => failureStatus(400, 'BadRequest', message);

export const methodNotSupported = (type: { name: string; group: string }, verb: string) =>
  failureStatus(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${qualifiedResource(type)}"`, details(type));

export const unsupportedMediaType = (contentType: string) =>
  failureStatus(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${contentType}`,
  );

/** Success for a delete that answers with a Status rather than the object. */
export function deletedStatus(type: ResourceType, name: string, uid: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: details(type, name, { uid }) };
}
