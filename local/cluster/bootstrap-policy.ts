// The RBAC objects kube-apiserver creates in a fresh cluster (Kubernetes 1.11's bootstrap policy, the part
// clients meet): cluster-admin for system:masters, the aggregated admin/edit/view roles, discovery and
// self-review for every authenticated user, and the roles of the add-ons aks-engine deploys.
import type { PolicyRule } from './rbac-rules';

export interface RbacObject {
  apiVersion: string;
  kind: 'ClusterRole' | 'ClusterRoleBinding';
  metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
  [field: string]: unknown;
}

const read = ['get', 'list', 'watch'];
const write = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const readWrite = [...write, ...read].sort();
const rule = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({ apiGroups, resources, verbs });

const aggregateLabel = (role: 'admin' | 'edit' | 'view') => `rbac.authorization.k8s.io/aggregate-to-${role}`;

const viewRules: PolicyRule[] = [
  rule(
    [''],
    [
      'configmaps',
      'endpoints',
      'persistentvolumeclaims',
      'pods',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'serviceaccounts',
      'services',
    ],
    read,
  ),
  rule(
    [''],
    [
      'bindings',
      'events',
      'limitranges',
      'namespaces/status',
      'pods/log',
      'pods/status',
      'replicationcontrollers/status',
      'resourcequotas',
      'resourcequotas/status',
    ],
    read,
  ),
  rule([''], ['namespaces'], read),
  rule(
    ['apps'],
    [
      'controllerrevisions',
      'daemonsets',
      'deployments',
      'deployments/scale',
      'replicasets',
      'replicasets/scale',
      'statefulsets',
      'statefulsets/scale',
    ],
    read,
  ),
  rule(['autoscaling'], ['horizontalpodautoscalers'], read),
  rule(['batch'], ['cronjobs', 'jobs'], read),
  rule(
    ['extensions'],
    [
      'daemonsets',
      'deployments',
      'deployments/scale',
      'ingresses',
      'networkpolicies',
      'replicasets',
      'replicasets/scale',
      'replicationcontrollers/scale',
    ],
    read,
  ),
  rule(['policy'], ['poddisruptionbudgets'], read),
  rule(['networking.k8s.io'], ['networkpolicies'], read),
];

const editRules: PolicyRule[] = [
  rule([''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'], readWrite),
  rule([''], ['pods/eviction'], ['create']),
  rule(
    [''],
    [
      'configmaps',
      'endpoints',
      'persistentvolumeclaims',
      'replicationcontrollers',
      'replicationcontrollers/scale',
      'secrets',
      'serviceaccounts',
      'services',
      'services/proxy',
    ],
    readWrite,
  ),
  rule([''], ['serviceaccounts'], ['impersonate']),
  rule(
    ['apps'],
    [
      'daemonsets',
      'deployments',
      'deployments/rollback',
      'deployments/scale',
      'replicasets',
      'replicasets/scale',
      'statefulsets',
      'statefulsets/scale',
    ],
    readWrite,
  ),
  rule(['autoscaling'], ['horizontalpodautoscalers'], readWrite),
  rule(['batch'], ['cronjobs', 'jobs'], readWrite),
  rule(
    ['extensions'],
    [
      'daemonsets',
      'deployments',
      'deployments/rollback',
      'deployments/scale',
      'ingresses',
      'networkpolicies',
      'replicasets',
      'replicasets/scale',
      'replicationcontrollers/scale',
    ],
    readWrite,
  ),
  rule(['policy'], ['poddisruptionbudgets'], readWrite),
  rule(['networking.k8s.io'], ['networkpolicies'], readWrite),
];

const adminRules: PolicyRule[] = [
  rule(['authorization.k8s.io'], ['localsubjectaccessreviews'], ['create']),
  rule(['rbac.authorization.k8s.io'], ['rolebindings', 'roles'], readWrite),
];

function clusterRole(name: string, rules: PolicyRule[] | null, extra: { labels?: Record<string, string>; aggregates?: string } = {}) {
  const role: RbacObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: {
      name,
      labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...extra.labels },
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
    },
    // Aggregated roles start empty; the aggregation controller fills them in.
    rules: rules ?? [],
  };
  if (extra.aggregates) role.aggregationRule = { clusterRoleSelectors: [{ matchLabels: { [extra.aggregates]: 'true' } }] };
  return role;
}

function clusterRoleBinding(name: string, role: string, subjects: Array<{ kind: string; name: string; namespace?: string }>) {
  const binding: RbacObject = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: {
      name,
      labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
    },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: subjects.map((subject) =>
      subject.kind === 'ServiceAccount' ? subject : { ...subject, apiGroup: 'rbac.authorization.k8s.io' },
    ),
  };
  return binding;
}

export function bootstrapPolicy(): RbacObject[] {
  return [
    clusterRole('cluster-admin', [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ]),
    clusterRole('admin', null, { aggregates: aggregateLabel('admin') }),
    clusterRole('edit', null, { aggregates: aggregateLabel('edit'), labels: { [aggregateLabel('admin')]: 'true' } }),
    clusterRole('view', null, { aggregates: aggregateLabel('view'), labels: { [aggregateLabel('edit')]: 'true' } }),
    clusterRole('system:aggregate-to-admin', adminRules, { labels: { [aggregateLabel('admin')]: 'true' } }),
    clusterRole('system:aggregate-to-edit', editRules, { labels: { [aggregateLabel('edit')]: 'true' } }),
    clusterRole('system:aggregate-to-view', viewRules, { labels: { [aggregateLabel('view')]: 'true' } }),
    clusterRole('system:discovery', [
      {
        nonResourceURLs: [
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
          '/healthz',
          '/openapi',
          '/openapi/*',
          '/swagger-2.0.0.pb-v1',
          '/swagger.json',
          '/swaggerapi',
          '/swaggerapi/*',
          '/version',
          '/version/',
        ],
        verbs: ['get'],
      },
    ]),
    clusterRole('system:basic-user', [rule(['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], ['create'])]),
    clusterRole('system:auth-delegator', [
      rule(['authentication.k8s.io'], ['tokenreviews'], ['create']),
      rule(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
    ]),
    clusterRole('system:kube-dns', [rule([''], ['endpoints', 'services'], ['list', 'watch'])]),
    clusterRole('system:node-proxier', [
      rule([''], ['endpoints', 'services'], ['list', 'watch']),
      rule([''], ['nodes'], ['get']),
      rule(['', 'events.k8s.io'], ['events'], ['create', 'patch', 'update']),
    ]),
    clusterRole('system:heapster', [
      rule([''], ['events', 'namespaces', 'nodes', 'pods'], read),
      rule(['extensions'], ['deployments'], read),
    ]),
    clusterRoleBinding('cluster-admin', 'cluster-admin', [{ kind: 'Group', name: 'system:masters' }]),
    clusterRoleBinding('system:discovery', 'system:discovery', [
      { kind: 'Group', name: 'system:authenticated' },
      { kind: 'Group', name: 'system:unauthenticated' },
    ]),
    clusterRoleBinding('system:basic-user', 'system:basic-user', [
      { kind: 'Group', name: 'system:authenticated' },
      { kind: 'Group', name: 'system:unauthenticated' },
    ]),
    clusterRoleBinding('system:kube-dns', 'system:kube-dns', [{ kind: 'ServiceAccount', name: 'kube-dns', namespace: 'kube-system' }]),
    clusterRoleBinding('system:node-proxier', 'system:node-proxier', [{ kind: 'User', name: 'system:kube-proxy' }]),
  ];
}
