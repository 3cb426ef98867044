// Field selectors (`spec.nodeName=k8s-agent-1,status.phase!=Succeeded`) over the fields each resource
// indexes in the real API server; any other field is refused as it refuses it.
import type { KubeObject } from './kube-object';
import type { ResourceType } from './resources';

type FieldGetter = (object: KubeObject) => string;

const path =
  (...keys: string[]): FieldGetter =>
  (object) => {
    let value: unknown = object;
    for (const key of keys) value = (value as Record<string, unknown> | undefined)?.[key];
    return value === undefined || value === null ? '' : String(value);
  };

/** Fields beyond metadata.name (and metadata.namespace for namespaced types), per resource. */
const indexedFields: Record<string, Record<string, FieldGetter>> = {
  pods: {
    'spec.nodeName': path('spec', 'nodeName'),
    'spec.restartPolicy': path('spec', 'restartPolicy'),
    'spec.schedulerName': path('spec', 'schedulerName'),
    'spec.serviceAccountName': path('spec', 'serviceAccountName'),
    'status.phase': path('status', 'phase'),
    'status.podIP': path('status', 'podIP'),
    'status.nominatedNodeName': path('status', 'nominatedNodeName'),
  },
  // An unset spec.unschedulable reads as "false", as Go formats the zero bool.
  nodes: { 'spec.unschedulable': (node) => String(Boolean((node.spec as { unschedulable?: boolean } | undefined)?.unschedulable)) },
  namespaces: { 'status.phase': path('status', 'phase') },
  secrets: { type: path('type') },
  events: {
    'involvedObject.kind': path('involvedObject', 'kind'),
    'involvedObject.namespace': path('involvedObject', 'namespace'),
    'involvedObject.name': path('involvedObject', 'name'),
    'involvedObject.uid': path('involvedObject', 'uid'),
    'involvedObject.apiVersion': path('involvedObject', 'apiVersion'),
    'involvedObject.resourceVersion': path('involvedObject', 'resourceVersion'),
    'involvedObject.fieldPath': path('involvedObject', 'fieldPath'),
    reason: path('reason'),
    source: path('source', 'component'),
    type: path('type'),
  },
  replicasets: { 'status.replicas': path('status', 'replicas') },
};

export class FieldSelectorError extends Error {}

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** Parses a selector into requirements; throws FieldSelectorError with the API server's wording. */
export function parseFieldSelector(selector: string | undefined): FieldRequirement[] {
  if (!selector || selector.trim() === '') return [];
  return selector.split(',').map((term) => {
    const match = /^([^!=]+)(==|=|!=)(.*)$/.exec(term.trim());
    if (!match) throw new FieldSelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
    return { field: match[1]!.trim(), operator: match[2] === '!=' ? '!=' : '=', value: match[3]!.trim() };
  });
}

export function fieldSelectorPredicate(type: ResourceType, selector: string | undefined): (object: KubeObject) => boolean {
  const requirements = parseFieldSelector(selector).map(({ field, operator, value }) => {
    const getter = fieldGetter(type, field);
    if (!getter) throw new FieldSelectorError(`field label not supported: ${field}`);
    return (object: KubeObject) => (getter(object) === value) === (operator === '=');
  });
  return (object) => requirements.every((requirement) => requirement(object));
}

/** The exact metadata.name a selector asks for, which RBAC then treats as the requested name (as kube-apiserver does). */
export function exactName(selector: string | undefined): string | undefined {
  try {
    const requirements = parseFieldSelector(selector);
    const names = requirements.filter((requirement) => requirement.field === 'metadata.name' && requirement.operator === '=');
    return names.length === 1 ? names[0]!.value : undefined;
  } catch {
    return undefined;
  }
}

function fieldGetter(type: ResourceType, field: string): FieldGetter | undefined {
  if (field === 'metadata.name') return path('metadata', 'name');
  if (field === 'metadata.namespace' && type.namespaced) return path('metadata', 'namespace');
  return indexedFields[type.name]?.[field];
}
