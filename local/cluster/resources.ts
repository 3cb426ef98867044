// The resources the stand-in serves: what discovery lists, which verbs each takes, and where each lives in etcd.

export interface ResourceType {
  /** Plural, as in URLs. */
  name: string;
  singularName: string;
  kind: string;
  /** '' for the core ("legacy") group served under /api. */
  group: string;
  version: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  /** "all" makes the type part of `kubectl get all`. */
  categories?: string[];
  /** The key prefix the real API server uses in etcd (nodes are still stored as "minions"); none for virtual resources. */
  registryPrefix?: string;
  /** A status subresource: updates of the main resource keep the stored status, /status changes only the status. */
  statusSubresource?: boolean;
  /** PUT of a missing object creates it (the RBAC types, services). */
  allowCreateOnUpdate?: boolean;
  /** DELETE answers with the object rather than a Status (pods, namespaces, services). */
  returnDeletedObject?: boolean;
}

/** Every verb a stored resource takes. */
const storedVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const core = (type: Omit<ResourceType, 'group' | 'version' | 'verbs'> & { verbs?: string[] }): ResourceType => ({
  group: '',
  version: 'v1',
  verbs: storedVerbs,
  ...type,
});
const rbacGroup = 'rbac.authorization.k8s.io';
const rbac = (name: string, singularName: string, kind: string, namespaced: boolean): ResourceType => ({
  name,
  singularName,
  kind,
  group: rbacGroup,
  version: 'v1',
  namespaced,
  verbs: storedVerbs,
  registryPrefix: `/registry/${name}`,
  allowCreateOnUpdate: true,
});
const apps = (name: string, singularName: string, kind: string, shortNames: string[]): ResourceType => ({
  name,
  singularName,
  kind,
  group: 'apps',
  version: 'v1',
  namespaced: true,
  verbs: storedVerbs,
  shortNames,
  categories: ['all'],
  registryPrefix: `/registry/${name}`,
  statusSubresource: true,
});
const review = (name: string, kind: string, namespaced = false): ResourceType => ({
  name,
  singularName: '',
  kind,
  group: 'authorization.k8s.io',
  version: 'v1',
  namespaced,
  verbs: ['create'],
});

export const resourceTypes: readonly ResourceType[] = [
  core({
    name: 'namespaces',
    singularName: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    registryPrefix: '/registry/namespaces',
    statusSubresource: true,
    returnDeletedObject: true,
  }),
  core({
    name: 'nodes',
    singularName: 'node',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    registryPrefix: '/registry/minions',
    statusSubresource: true,
  }),
  core({
    name: 'services',
    singularName: 'service',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    registryPrefix: '/registry/services/specs',
    statusSubresource: true,
    allowCreateOnUpdate: true,
    returnDeletedObject: true,
  }),
  core({
    name: 'endpoints',
    singularName: 'endpoints',
    kind: 'Endpoints',
    namespaced: true,
    shortNames: ['ep'],
    registryPrefix: '/registry/services/endpoints',
    allowCreateOnUpdate: true,
  }),
  core({
    name: 'configmaps',
    singularName: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
    registryPrefix: '/registry/configmaps',
  }),
  core({
    name: 'secrets',
    singularName: 'secret',
    kind: 'Secret',
    namespaced: true,
    registryPrefix: '/registry/secrets',
  }),
  core({
    name: 'serviceaccounts',
    singularName: 'serviceaccount',
    kind: 'ServiceAccount',
    namespaced: true,
    shortNames: ['sa'],
    registryPrefix: '/registry/serviceaccounts',
  }),
  core({
    name: 'pods',
    singularName: 'pod',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    registryPrefix: '/registry/pods',
    statusSubresource: true,
    returnDeletedObject: true,
  }),
  core({
    name: 'events',
    singularName: 'event',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    registryPrefix: '/registry/events',
  }),
  apps('daemonsets', 'daemonset', 'DaemonSet', ['ds']),
  apps('deployments', 'deployment', 'Deployment', ['deploy']),
  apps('replicasets', 'replicaset', 'ReplicaSet', ['rs']),
  {
    name: 'poddisruptionbudgets',
    singularName: 'poddisruptionbudget',
    kind: 'PodDisruptionBudget',
    group: 'policy',
    version: 'v1beta1',
    namespaced: true,
    verbs: storedVerbs,
    shortNames: ['pdb'],
    registryPrefix: '/registry/poddisruptionbudgets',
    statusSubresource: true,
  },
  rbac('clusterroles', 'clusterrole', 'ClusterRole', false),
  rbac('clusterrolebindings', 'clusterrolebinding', 'ClusterRoleBinding', false),
  rbac('roles', 'role', 'Role', true),
  rbac('rolebindings', 'rolebinding', 'RoleBinding', true),
  review('selfsubjectaccessreviews', 'SelfSubjectAccessReview'),
  review('selfsubjectrulesreviews', 'SelfSubjectRulesReview'),
  review('subjectaccessreviews', 'SubjectAccessReview'),
  review('localsubjectaccessreviews', 'LocalSubjectAccessReview', true),
];

/** Subresources as discovery lists them (kind and verbs; eviction names the policy group it speaks). */
export interface SubresourceType {
  name: string;
  kind: string;
  verbs: string[];
  group?: string;
  version?: string;
}

export const subresources: Readonly<Record<string, SubresourceType[]>> = {
  namespaces: [{ name: 'status', kind: 'Namespace', verbs: ['get', 'patch', 'update'] }],
  nodes: [{ name: 'status', kind: 'Node', verbs: ['get', 'patch', 'update'] }],
  services: [{ name: 'status', kind: 'Service', verbs: ['get', 'patch', 'update'] }],
  pods: [
    { name: 'eviction', kind: 'Eviction', verbs: ['create'], group: 'policy', version: 'v1beta1' },
    { name: 'status', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
  ],
  daemonsets: [{ name: 'status', kind: 'DaemonSet', verbs: ['get', 'patch', 'update'] }],
  deployments: [{ name: 'status', kind: 'Deployment', verbs: ['get', 'patch', 'update'] }],
  replicasets: [{ name: 'status', kind: 'ReplicaSet', verbs: ['get', 'patch', 'update'] }],
  poddisruptionbudgets: [{ name: 'status', kind: 'PodDisruptionBudget', verbs: ['get', 'patch', 'update'] }],
};

export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** "nodes" or "clusterroles.rbac.authorization.k8s.io", as error messages name a resource. */
export function qualifiedResource(type: { name: string; group: string }): string {
  return type.group ? `${type.name}.${type.group}` : type.name;
}

/** "ClusterRole.rbac.authorization.k8s.io", as validation errors name a kind. */
export function qualifiedKind(type: ResourceType): string {
  return type.group ? `${type.kind}.${type.group}` : type.kind;
}

/** The groups and versions served, in discovery order (core first). */
export function servedGroupVersions(): Array<{ group: string; version: string }> {
  const seen = new Map<string, { group: string; version: string }>();
  for (const type of resourceTypes) seen.set(`${type.group}/${type.version}`, { group: type.group, version: type.version });
  return [...seen.values()];
}

export function resourceTypeFor(group: string, version: string, name: string): ResourceType | undefined {
  return resourceTypes.find((type) => type.group === group && type.version === version && type.name === name);
}

/** The core/v1 type of that plural name (older callers know only core/v1). */
export function resourceTypeByName(name: string): ResourceType | undefined {
  return resourceTypes.find((type) => type.group === '' && type.name === name);
}

/** The stored type of an object's kind, found by its apiVersion when it has one. */
export function resourceTypeByKind(kind: string, apiVersion?: string): ResourceType | undefined {
  return resourceTypes.find(
    (type) => type.kind === kind && type.registryPrefix !== undefined && (apiVersion === undefined || apiVersionOf(type) === apiVersion),
  );
}

export function isStored(type: ResourceType): boolean {
  return type.registryPrefix !== undefined;
}
