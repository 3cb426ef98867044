// What the groups of minted kubeconfigs mean inside the cluster: the viewers' group may read everything but
// Secrets, the admins' group is cluster-admin. Created with the admin certificate, idempotently.
import type { KubernetesClient } from './api-client';

export const accessGroups = { view: 'aks-cosmos:viewers', admin: 'aks-cosmos:admins' } as const;
export type Access = keyof typeof accessGroups;

const rbac = '/apis/rbac.authorization.k8s.io/v1';
const read = ['get', 'list', 'watch'];
/** Every core resource but Secrets (RBAC has no deny, so the readable ones are listed). */
const coreResourcesButSecrets = [
  'bindings',
  'componentstatuses',
  'configmaps',
  'endpoints',
  'events',
  'limitranges',
  'namespaces',
  'namespaces/status',
  'nodes',
  'nodes/status',
  'persistentvolumeclaims',
  'persistentvolumeclaims/status',
  'persistentvolumes',
  'pods',
  'pods/log',
  'pods/status',
  'podtemplates',
  'replicationcontrollers',
  'replicationcontrollers/scale',
  'replicationcontrollers/status',
  'resourcequotas',
  'resourcequotas/status',
  'serviceaccounts',
  'services',
  'services/status',
];
const otherGroups = [
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'events.k8s.io',
  'extensions',
  'metrics.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
];

export const viewerRoleName = 'aks-cosmos:viewer';

const objects = [
  {
    kind: 'ClusterRole',
    path: 'clusterroles',
    body: {
      metadata: { name: viewerRoleName, labels: { 'app.kubernetes.io/managed-by': 'aks-cosmos-provisioner' } },
      rules: [
        { apiGroups: [''], resources: coreResourcesButSecrets, verbs: read },
        { apiGroups: otherGroups, resources: ['*'], verbs: read },
      ],
    },
  },
  {
    kind: 'ClusterRoleBinding',
    path: 'clusterrolebindings',
    body: {
      metadata: { name: accessGroups.view, labels: { 'app.kubernetes.io/managed-by': 'aks-cosmos-provisioner' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: viewerRoleName },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: accessGroups.view }],
    },
  },
  {
    kind: 'ClusterRoleBinding',
    path: 'clusterrolebindings',
    body: {
      metadata: { name: accessGroups.admin, labels: { 'app.kubernetes.io/managed-by': 'aks-cosmos-provisioner' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: accessGroups.admin }],
    },
  },
];

/** Creates the role and bindings, or brings existing ones back to this definition. */
export async function ensureAccessBindings(client: KubernetesClient): Promise<void> {
  for (const object of objects) {
    const body = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: object.kind, ...object.body };
    const created = await client.request('POST', `${rbac}/${object.path}`, body);
    if (created.status === 201 || created.status === 200) continue;
    if (created.status !== 409) throw new Error(`Creating ${object.kind} ${object.body.metadata.name} answered HTTP ${created.status}.`);
    const path = `${rbac}/${object.path}/${encodeURIComponent(object.body.metadata.name)}`;
    const current = await client.request('GET', path);
    const resourceVersion = (current.body as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
    const updated = await client.request('PUT', path, { ...body, metadata: { ...body.metadata, resourceVersion } });
    if (updated.status !== 200) throw new Error(`Updating ${object.kind} ${object.body.metadata.name} answered HTTP ${updated.status}.`);
  }
}
