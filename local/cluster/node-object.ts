// Node objects as a kubelet of aks-engine v0.32.3's VHD registers them: labels, taints, capacity, addresses,
// node info and the conditions kubectl shows as STATUS.
import { randomBytes, randomUUID } from 'node:crypto';
import type { KubeObject, ObjectMeta } from './kube-object';

export type NodeRole = 'master' | 'agent';

export interface NodeDetails {
  name: string;
  role: NodeRole;
  /** The agent pool; masters have none. */
  pool?: string;
  /** Without the leading "v". */
  kubeletVersion: string;
  vmSize?: string;
  ip: string;
  location: string;
  ready: boolean;
  /** RFC 3339, when the kubelet registered. */
  registered: string;
}

export function nodeObject(details: NodeDetails, metadata: Partial<ObjectMeta> = {}): KubeObject {
  const capacity = capacityOf(details.vmSize);
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    ...(details.vmSize ? { 'beta.kubernetes.io/instance-type': details.vmSize } : {}),
    'failure-domain.beta.kubernetes.io/region': details.location,
    // Availability-set VMs report their fault domain as the zone.
    'failure-domain.beta.kubernetes.io/zone': '0',
    'kubernetes.io/hostname': details.name,
    'kubernetes.io/role': details.role,
    [`node-role.kubernetes.io/${details.role}`]: '',
    ...(details.role === 'agent' ? { agentpool: details.pool ?? 'agent', storageprofile: 'managed' } : {}),
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      uid: randomUUID(),
      resourceVersion: '0',
      creationTimestamp: details.registered,
      ...metadata,
      name: details.name,
      labels,
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: details.role === 'master' ? { taints: [{ key: 'node-role.kubernetes.io/master', value: 'true', effect: 'NoSchedule' }] } : {},
    status: {
      capacity,
      allocatable: capacity,
      conditions: nodeConditions(details.ready, details.registered),
      addresses: [
        { type: 'Hostname', address: details.name },
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

/** Until its network plugin is up a freshly started kubelet reports NotReady, then Ready. */
export function nodeConditions(ready: boolean, since: string) {
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: since,
    lastTransitionTime: since,
    reason,
    message,
  });
  return [
    condition('OutOfDisk', 'False', 'KubeletHasSufficientDisk', 'kubelet has sufficient disk space available'),
    condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    ready
      ? condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status. AppArmor enabled')
      : condition(
          'Ready',
          'False',
          'KubeletNotReady',
          'runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:docker: network plugin is not ready: ' +
            'cni config uninitialized',
        ),
  ];
}

export function isNodeReady(node: KubeObject): boolean {
  const conditions = (node.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? [];
  return conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True');
}

export function nodeRole(node: KubeObject): NodeRole {
  return node.metadata.labels?.['kubernetes.io/role'] === 'master' ? 'master' : 'agent';
}

export function nodeInternalIp(node: KubeObject): string | undefined {
  const addresses = (node.status as { addresses?: Array<{ type: string; address: string }> } | undefined)?.addresses ?? [];
  return addresses.find((address) => address.type === 'InternalIP')?.address;
}

export function kubeletVersionOf(node: KubeObject): string {
  const info = (node.status as { nodeInfo?: { kubeletVersion?: string } } | undefined)?.nodeInfo;
  return (info?.kubeletVersion ?? '').replace(/^v/, '');
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

/** Where aks-engine puts nodes on the cluster network (its defaults for azure CNI). */
const firstMasterIp = [10, 240, 255, 5];
const firstAgentIp = [10, 240, 0, 4];
/** With azure CNI every agent VM reserves its primary address plus 30 pod addresses. */
const addressesPerAgent = 31;

export function masterIp(index: number): string {
  return offsetIp(firstMasterIp, index);
}

export function agentIp(ordinal: number): string {
  return offsetIp(firstAgentIp, addressesPerAgent * ordinal);
}

/** The address of a pod on an agent: one of the 30 azure CNI reserves after the node's own. */
export function podIpOnNode(nodeIp: string, slot: number): string {
  return offsetIp(nodeIp.split('.').map(Number), 1 + (slot % 30));
}

function offsetIp(base: number[], offset: number): string {
  const value = ((base[0]! << 24) >>> 0) + (base[1]! << 16) + (base[2]! << 8) + base[3]! + offset;
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}
