// The core/v1 resources the stand-in knows: what discovery lists and where each lives in etcd.

export interface ResourceType {
  /** Plural, as in URLs. */
  name: string;
  singularName: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  /** "all" makes the type part of `kubectl get all`. */
  categories?: string[];
  /** The key prefix the real API server uses in etcd (nodes are still stored as "minions"). */
  registryPrefix: string;
}

export const resourceTypes: readonly ResourceType[] = [
  {
    name: 'namespaces',
    singularName: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    registryPrefix: '/registry/namespaces',
  },
  { name: 'nodes', singularName: 'node', kind: 'Node', namespaced: false, shortNames: ['no'], registryPrefix: '/registry/minions' },
  {
    name: 'services',
    singularName: 'service',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    registryPrefix: '/registry/services/specs',
  },
  {
    name: 'endpoints',
    singularName: 'endpoints',
    kind: 'Endpoints',
    namespaced: true,
    shortNames: ['ep'],
    registryPrefix: '/registry/services/endpoints',
  },
  {
    name: 'configmaps',
    singularName: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
    registryPrefix: '/registry/configmaps',
  },
  {
    name: 'serviceaccounts',
    singularName: 'serviceaccount',
    kind: 'ServiceAccount',
    namespaced: true,
    shortNames: ['sa'],
    registryPrefix: '/registry/serviceaccounts',
  },
  {
    name: 'pods',
    singularName: 'pod',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    registryPrefix: '/registry/pods',
  },
];

export function resourceTypeByName(name: string): ResourceType | undefined {
  return resourceTypes.find((type) => type.name === name);
}

export function resourceTypeByKind(kind: string): ResourceType | undefined {
  return resourceTypes.find((type) => type.kind === kind);
}
