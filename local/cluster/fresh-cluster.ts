// The objects a freshly provisioned aks-engine cluster holds: namespaces, nodes, the kubernetes service,
// configmaps, service accounts with their token secrets, the RBAC bootstrap policy and the add-on workloads.
// The API server answers from them and etcd is seeded with them; the controllers add the pods.
import { randomUUID } from 'node:crypto';
import { bootstrapPolicy } from './bootstrap-policy';
import type { ClusterShape } from './cluster-shape';
import { kubeTimestamp, randomSuffix, type KubeObject, type ObjectMeta } from './kube-object';
import { agentIp, masterIp, nodeObject } from './node-object';
import { agentNodeName, masterNodeName } from './node-names';
import { signServiceAccountToken, tokenSecret } from './service-account-tokens';
import { systemServiceAccountNames, systemWorkloads } from './system-workloads';

export type { KubeObject, ObjectMeta } from './kube-object';
export { kubeTimestamp } from './kube-object';

export interface FreshClusterInput {
  shape: ClusterShape;
  /** The cluster CA, published in kube-system/extension-apiserver-authentication as real clusters do. */
  caCertificatePem: string;
  /** The key service account tokens are signed with (aks-engine's apiserver.key); without it, no token secrets. */
  serviceAccountKeyPem?: string;
  createdAt?: Date;
}

const kubernetesServiceIp = '10.0.0.1';
const dnsServiceIp = '10.0.0.10';

export function freshClusterObjects(input: FreshClusterInput): KubeObject[] {
  const { shape } = input;
  const created = kubeTimestamp(input.createdAt ?? new Date());
  let resourceVersion = 1;
  const meta = (name: string, namespace?: string, extra: Partial<ObjectMeta> = {}): ObjectMeta => ({
    name,
    ...(namespace ? { namespace } : {}),
    uid: randomUUID(),
    resourceVersion: String(resourceVersion++),
    creationTimestamp: created,
    ...extra,
  });
  const stamp = (object: KubeObject): KubeObject => ({
    ...object,
    metadata: { ...object.metadata, uid: object.metadata.uid || randomUUID(), resourceVersion: String(resourceVersion++) },
  });

  const objects: KubeObject[] = [];
  for (const name of ['default', 'kube-system', 'kube-public']) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: meta(name),
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  const masterIps: string[] = [];
  for (let index = 0; index < shape.masters.count; index++) {
    const ip = masterIp(index);
    masterIps.push(ip);
    const name = masterNodeName(shape.clusterId, index);
    const details = { name, role: 'master' as const, kubeletVersion: shape.kubernetesVersion, vmSize: shape.masters.vmSize, ip };
    objects.push(nodeObject({ ...details, location: shape.location, ready: true, registered: created }, meta(name)));
  }
  let agentOrdinal = 0;
  for (const pool of shape.agentPools) {
    for (let index = 0; index < pool.count; index++) {
      const name = agentNodeName(pool.name, shape.clusterId, index, pool.availabilityProfile);
      const details = { name, role: 'agent' as const, pool: pool.name, kubeletVersion: shape.kubernetesVersion, vmSize: pool.vmSize };
      objects.push(
        nodeObject({ ...details, ip: agentIp(agentOrdinal++), location: shape.location, ready: true, registered: created }, meta(name)),
      );
    }
  }

  objects.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('kubernetes', 'default', { labels: { component: 'apiserver', provider: 'kubernetes' } }),
    spec: {
      ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 443 }],
      clusterIP: kubernetesServiceIp,
      type: 'ClusterIP',
      sessionAffinity: 'None',
    },
    status: { loadBalancer: {} },
  });
  objects.push({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: meta('kubernetes', 'default'),
    subsets: [{ addresses: masterIps.map((ip) => ({ ip })), ports: [{ name: 'https', port: 443, protocol: 'TCP' }] }],
  });
  // kubectl cluster-info lists kube-system services labelled as cluster services.
  objects.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('kube-dns', 'kube-system', {
      labels: {
        'k8s-app': 'kube-dns',
        'kubernetes.io/cluster-service': 'true',
        'kubernetes.io/name': 'KubeDNS',
        'addonmanager.kubernetes.io/mode': 'Reconcile',
      },
    }),
    spec: {
      ports: [
        { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 },
        { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 53 },
      ],
      selector: { 'k8s-app': 'kube-dns' },
      clusterIP: dnsServiceIp,
      type: 'ClusterIP',
      sessionAffinity: 'None',
    },
    status: { loadBalancer: {} },
  });

  objects.push({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta('extension-apiserver-authentication', 'kube-system'),
    data: { 'client-ca-file': input.caCertificatePem },
  });
  objects.push({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta('kube-dns', 'kube-system', { labels: { 'addonmanager.kubernetes.io/mode': 'EnsureExists' } }),
    data: {},
  });

  const serviceAccounts: Array<[string, string]> = [
    ['default', 'default'],
    ['kube-public', 'default'],
    ['kube-system', 'default'],
    ...systemServiceAccountNames(shape.kubernetesVersion).map((name): [string, string] => ['kube-system', name]),
  ];
  for (const [namespace, name] of serviceAccounts) {
    const secretName = `${name}-token-${randomSuffix()}`;
    const serviceAccount: KubeObject = {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(name, namespace),
      secrets: [{ name: secretName }],
    };
    objects.push(serviceAccount);
    if (input.serviceAccountKeyPem) {
      const token = signServiceAccountToken(input.serviceAccountKeyPem, {
        namespace,
        serviceAccountName: name,
        serviceAccountUid: serviceAccount.metadata.uid,
        secretName,
      });
      objects.push(stamp(tokenSecret(serviceAccount, secretName, input.caCertificatePem, token)));
    }
  }

  for (const object of bootstrapPolicy())
    objects.push(stamp({ ...object, metadata: { ...meta(object.metadata.name), ...object.metadata } }));
  for (const object of systemWorkloads({ kubernetesVersion: shape.kubernetesVersion, created })) objects.push(stamp(object));
  return objects;
}
