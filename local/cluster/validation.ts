// Defaulting and validation of written objects, as the API server does before storing them: object names,
// and for the RBAC types the rules, roleRef (immutable once bound) and subjects. Failures become 422 causes.
import { isRecord, type KubeObject } from './kube-object';
import type { ResourceType } from './resources';
import type { StatusCause } from './status';

const rbacGroup = 'rbac.authorization.k8s.io';
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1123SubdomainMessage =
  "a DNS-1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an " +
  "alphanumeric character (e.g. 'example.com', regex used for validation is " +
  "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** The v1 defaults of the RBAC types: roleRef and User/Group subjects in the rbac group. */
export function applyDefaults(type: ResourceType, object: KubeObject): void {
  if (type.group !== rbacGroup) return;
  if (isRecord(object.roleRef) && !object.roleRef.apiGroup) object.roleRef.apiGroup = rbacGroup;
  if (Array.isArray(object.subjects)) {
    for (const subject of object.subjects as Array<Record<string, unknown>>) {
      if (isRecord(subject) && subject.apiGroup === undefined && (subject.kind === 'User' || subject.kind === 'Group'))
        subject.apiGroup = rbacGroup;
    }
  }
}

export function validateObject(type: ResourceType, object: KubeObject, previous?: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [...validateName(type, object.metadata.name)];
  switch (type.kind) {
    case 'ClusterRole':
    case 'Role':
      causes.push(...validateRules(object.rules, type.kind === 'Role'));
      break;
    case 'ClusterRoleBinding':
    case 'RoleBinding':
      causes.push(...validateBinding(object, type.kind === 'RoleBinding', previous));
      break;
  }
  return causes;
}

function validateName(type: ResourceType, name: string): StatusCause[] {
  const field = 'metadata.name';
  if (!name) return [required(field, 'name or generateName is required')];
  if (type.group === rbacGroup) {
    // RBAC names only have to be usable as a path segment ("system:masters" is fine).
    if (name === '.' || name === '..') return [invalidValue(field, name, `may not be '${name}'`)];
    for (const forbidden of ['/', '%']) if (name.includes(forbidden)) return [invalidValue(field, name, `may not contain '${forbidden}'`)];
    return [];
  }
  if (name.length > 253) return [invalidValue(field, name, 'must be no more than 253 characters')];
  return dns1123Subdomain.test(name) ? [] : [invalidValue(field, name, dns1123SubdomainMessage)];
}

function validateRules(rules: unknown, namespaced: boolean): StatusCause[] {
  if (rules === undefined || rules === null) return [];
  if (!Array.isArray(rules)) return [invalidValue('rules', rules, 'must be a list')];
  return rules.flatMap((rule, index): StatusCause[] => {
    const at = (field: string) => `rules[${index}].${field}`;
    if (!isRecord(rule)) return [invalidValue(`rules[${index}]`, rule, 'must be an object')];
    const list = (field: string) => (Array.isArray(rule[field]) ? (rule[field] as unknown[]) : []);
    const causes: StatusCause[] = [];
    if (list('verbs').length === 0) causes.push(required(at('verbs'), 'verbs must contain at least one value'));
    if (list('nonResourceURLs').length > 0) {
      if (namespaced)
        causes.push(invalidValue(at('nonResourceURLs'), rule.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
      if (list('apiGroups').length > 0 || list('resources').length > 0)
        causes.push(
          invalidValue(at('nonResourceURLs'), rule.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'),
        );
      return causes;
    }
    if (list('apiGroups').length === 0) causes.push(required(at('apiGroups'), 'resource rules must supply at least one api group'));
    if (list('resources').length === 0) causes.push(required(at('resources'), 'resource rules must supply at least one resource'));
    return causes;
  });
}

function validateBinding(object: KubeObject, namespaced: boolean, previous?: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const roleRef = object.roleRef;
  if (!isRecord(roleRef)) return [required('roleRef', '')];
  if (roleRef.apiGroup !== rbacGroup) causes.push(notSupported('roleRef.apiGroup', roleRef.apiGroup, [rbacGroup]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(String(roleRef.kind))) causes.push(notSupported('roleRef.kind', roleRef.kind, kinds));
  if (!roleRef.name) causes.push(required('roleRef.name', ''));
  if (previous && JSON.stringify(previous.roleRef) !== JSON.stringify(roleRef)) {
    const shown = `rbac.RoleRef{APIGroup:"${roleRef.apiGroup ?? ''}", Kind:"${roleRef.kind ?? ''}", Name:"${roleRef.name ?? ''}"}`;
    causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${shown}: cannot change roleRef`, field: 'roleRef' });
  }
  const subjects = object.subjects ?? [];
  if (!Array.isArray(subjects)) return [...causes, invalidValue('subjects', subjects, 'must be a list')];
  subjects.forEach((subject, index) => {
    const at = (field: string) => `subjects[${index}].${field}`;
    if (!isRecord(subject)) return causes.push(invalidValue(`subjects[${index}]`, subject, 'must be an object'));
    if (!subject.name) causes.push(required(at('name'), ''));
    switch (subject.kind) {
      case 'ServiceAccount':
        if (subject.apiGroup) causes.push(notSupported(at('apiGroup'), subject.apiGroup, ['']));
        if (!namespaced && !subject.namespace) causes.push(required(at('namespace'), ''));
        break;
      case 'User':
      case 'Group':
        if (subject.apiGroup !== rbacGroup) causes.push(notSupported(at('apiGroup'), subject.apiGroup, [rbacGroup]));
        break;
      default:
        causes.push(notSupported(at('kind'), subject.kind, ['ServiceAccount', 'User', 'Group']));
    }
  });
  return causes;
}

function required(field: string, detail: string): StatusCause {
  return { reason: 'FieldValueRequired', message: detail ? `Required value: ${detail}` : 'Required value', field };
}

function invalidValue(field: string, value: unknown, detail: string): StatusCause {
  return { reason: 'FieldValueInvalid', message: `Invalid value: ${goValue(value)}: ${detail}`, field };
}

function notSupported(field: string, value: unknown, supported: string[]): StatusCause {
  const options = supported.map((option) => JSON.stringify(option)).join(', ');
  return { reason: 'FieldValueNotSupported', message: `Unsupported value: ${goValue(value)}: supported values: ${options}`, field };
}

/** Values as Go's %#v prints them in field errors: strings quoted, lists as []string{...}. */
function goValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined || value === null) return '""';
  if (Array.isArray(value)) return `[]string{${value.map((item) => JSON.stringify(String(item))).join(', ')}}`;
  return JSON.stringify(value);
}
