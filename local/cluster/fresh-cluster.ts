// The objects a freshly provisioned aks-engine cluster holds: namespaces, nodes, the kubernetes service,
// a few configmaps and service accounts. The API server answers from them and etcd is seeded with them.
import { randomBytes, randomUUID } from 'node:crypto';
import type { ClusterShape } from './cluster-shape';
import { agentNodeName, masterNodeName } from './node-names';
import { resourceTypeByKind } from './resources';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  selfLink: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface FreshClusterInput {
  shape: ClusterShape;
  /** The cluster CA, published in kube-system/extension-apiserver-authentication as real clusters do. */
  caCertificatePem: string;
  createdAt?: Date;
}

/** Where aks-engine puts things on the cluster network (its defaults for azure CNI). */
const firstMasterIp = [10, 240, 255, 5];
const firstAgentIp = [10, 240, 0, 4];
/** With azure CNI every agent VM reserves its primary address plus 30 pod addresses. */
const addressesPerAgent = 31;
const kubernetesServiceIp = '10.0.0.1';
const dnsServiceIp = '10.0.0.10';

export function freshClusterObjects(input: FreshClusterInput): KubeObject[] {
  const { shape } = input;
  const created = kubeTimestamp(input.createdAt ?? new Date());
  let resourceVersion = 1;
  const meta = (kind: string, name: string, namespace?: string, extra: Partial<ObjectMeta> = {}): ObjectMeta => {
    const type = resourceTypeByKind(kind);
    const collection = namespace ? `/api/v1/namespaces/${namespace}/${type?.name}` : `/api/v1/${type?.name}`;
    return {
      name,
      ...(namespace ? { namespace } : {}),
      selfLink: `${collection}/${name}`,
      uid: randomUUID(),
      resourceVersion: String(resourceVersion++),
      creationTimestamp: created,
      ...extra,
    };
  };

  const objects: KubeObject[] = [];
  for (const name of ['default', 'kube-system', 'kube-public']) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: meta('Namespace', name),
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  const masterIps: string[] = [];
  for (let index = 0; index < shape.masters.count; index++) {
    const ip = offsetIp(firstMasterIp, index);
    masterIps.push(ip);
    const name = masterNodeName(shape.clusterId, index);
    objects.push(
      node(meta('Node', name, undefined, { labels: nodeLabels(shape, name, 'master', shape.masters.vmSize) }), {
        ip,
        kubeletVersion: shape.kubernetesVersion,
        vmSize: shape.masters.vmSize,
        created,
        taints: [{ key: 'node-role.kubernetes.io/master', value: 'true', effect: 'NoSchedule' }],
      }),
    );
  }
  let agentOrdinal = 0;
  for (const pool of shape.agentPools) {
    for (let index = 0; index < pool.count; index++) {
      const name = agentNodeName(pool.name, shape.clusterId, index, pool.availabilityProfile);
      const labels = { ...nodeLabels(shape, name, 'agent', pool.vmSize), agentpool: pool.name, storageprofile: 'managed' };
      objects.push(
        node(meta('Node', name, undefined, { labels }), {
          ip: offsetIp(firstAgentIp, addressesPerAgent * agentOrdinal++),
          kubeletVersion: shape.kubernetesVersion,
          vmSize: pool.vmSize,
          created,
        }),
      );
    }
  }

  objects.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('Service', 'kubernetes', 'default', { labels: { component: 'apiserver', provider: 'kubernetes' } }),
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
    metadata: meta('Endpoints', 'kubernetes', 'default'),
    subsets: [{ addresses: masterIps.map((ip) => ({ ip })), ports: [{ name: 'https', port: 443, protocol: 'TCP' }] }],
  });
  // kubectl cluster-info lists kube-system services labelled as cluster services.
  objects.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('Service', 'kube-dns', 'kube-system', {
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
    metadata: meta('ConfigMap', 'extension-apiserver-authentication', 'kube-system'),
    data: { 'client-ca-file': input.caCertificatePem },
  });
  objects.push({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta('ConfigMap', 'kube-dns', 'kube-system', { labels: { 'addonmanager.kubernetes.io/mode': 'EnsureExists' } }),
    data: {},
  });

  const serviceAccounts: Array<[string, string]> = [
    ['default', 'default'],
    ['kube-public', 'default'],
    ['kube-system', 'default'],
    ['kube-system', 'kube-dns'],
    ['kube-system', 'kube-proxy'],
  ];
  for (const [namespace, name] of serviceAccounts) {
    objects.push({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta('ServiceAccount', name, namespace),
      secrets: [{ name: `${name}-token-${tokenSuffix()}` }],
    });
  }
  return objects;
}

interface NodeDetails {
  ip: string;
  kubeletVersion: string;
  vmSize?: string;
  created: string;
  taints?: Array<{ key: string; value: string; effect: string }>;
}

function node(metadata: ObjectMeta, details: NodeDetails): KubeObject {
  const capacity = capacityOf(details.vmSize);
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: details.created,
    lastTransitionTime: details.created,
    reason,
    message,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      ...metadata,
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: { ...(details.taints ? { taints: details.taints } : {}) },
    status: {
      capacity,
      allocatable: capacity,
      conditions: [
        condition('OutOfDisk', 'False', 'KubeletHasSufficientDisk', 'kubelet has sufficient disk space available'),
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status. AppArmor enabled'),
      ],
      addresses: [
        { type: 'Hostname', address: metadata.name },
        { type: 'InternalIP', address: details.ip },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: randomBytes(16).toString('hex'),
        systemUUID: randomUUID().toUpperCase(),
        bootID: randomUUID(),
        // The Ubuntu 16.04 image and Moby engine of aks-engine v0.32.3's VHD.
        kernelVersion: '4.15.0-1040-azure',
        osImage: 'Ubuntu 16.04.6 LTS',
        containerRuntimeVersion: 'docker://3.0.4',
        kubeletVersion: `v${details.kubeletVersion}`,
        kubeProxyVersion: `v${details.kubeletVersion}`,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

function nodeLabels(shape: ClusterShape, name: string, role: 'master' | 'agent', vmSize?: string): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    ...(vmSize ? { 'beta.kubernetes.io/instance-type': vmSize } : {}),
    'failure-domain.beta.kubernetes.io/region': shape.location,
    // Availability-set VMs report their fault domain as the zone.
    'failure-domain.beta.kubernetes.io/zone': '0',
    'kubernetes.io/hostname': name,
    'kubernetes.io/role': role,
    [`node-role.kubernetes.io/${role}`]: '',
  };
}

/** A few common sizes; anything else reports a D2-sized machine, which is what tests use. */
const sizes: Record<string, { cpu: number; memoryGiB: number }> = {
  standard_d2_v2: { cpu: 2, memoryGiB: 7 },
  standard_ds2_v2: { cpu: 2, memoryGiB: 7 },
  standard_d2_v3: { cpu: 2, memoryGiB: 8 },
  standard_d2s_v3: { cpu: 2, memoryGiB: 8 },
  standard_d4_v3: { cpu: 4, memoryGiB: 16 },
  standard_d4s_v3: { cpu: 4, memoryGiB: 16 },
  standard_d8_v3: { cpu: 8, memoryGiB: 32 },
  standard_d8s_v3: { cpu: 8, memoryGiB: 32 },
};

function capacityOf(vmSize: string | undefined): Record<string, string> {
  const size = sizes[(vmSize ?? '').toLowerCase()] ?? sizes.standard_d2_v3!;
  return {
    cpu: String(size.cpu),
    'ephemeral-storage': '30428648Ki',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    // The VM keeps a little memory for itself, so kubelet reports slightly less than the size's GiB.
    memory: `${size.memoryGiB * 1024 * 1024 - 160_000}Ki`,
    // azure CNI's default maximum pods per node.
    pods: '30',
  };
}

function offsetIp(base: number[], offset: number): string {
  const value = ((base[0]! << 24) >>> 0) + (base[1]! << 16) + (base[2]! << 8) + base[3]! + offset;
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

function tokenSuffix(): string {
  // Kubernetes picks token-secret suffixes from consonants and digits.
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return Array.from(randomBytes(5), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** RFC 3339 to the second, as the API server writes timestamps. */
export function kubeTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
