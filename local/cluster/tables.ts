// Server-side printing: kubectl asks for a meta.k8s.io Table and prints its cells as they are.
import type { KubeObject } from './kube-object';

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

interface Printer {
  columns: ColumnDefinition[];
  cells(object: KubeObject, now: Date): unknown[];
}

export type TableVersion = 'v1' | 'v1beta1';
/** What the caller wants in each row's `object`: nothing, metadata only (the default), or the whole object. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

const column = (name: string, type: string, description: string, priority = 0, format = ''): ColumnDefinition => ({
  name,
  type,
  format,
  description,
  priority,
});
const nameColumn = column('Name', 'string', 'Name must be unique within a namespace.', 0, 'name');
const ageColumn = column('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created.');

const printers: Record<string, Printer> = {
  Node: {
    columns: [
      nameColumn,
      column('Status', 'string', 'The status of the node'),
      column('Roles', 'string', 'The roles of the node'),
      ageColumn,
      column('Version', 'string', 'Kubelet Version reported by the node.'),
      column('Internal-IP', 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
      column('External-IP', 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
      column('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
      column('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
      column(
        'Container-Runtime',
        'string',
        'ContainerRuntime Version reported by the node through runtime remote API (e.g. docker://1.5.0).',
        1,
      ),
    ],
    cells(node, now) {
      const status = node.status as {
        conditions: Array<{ type: string; status: string }>;
        addresses: Array<{ type: string; address: string }>;
        nodeInfo: Record<string, string>;
      };
      const ready = status.conditions.find((condition) => condition.type === 'Ready')?.status === 'True';
      const address = (type: string) => status.addresses.find((entry) => entry.type === type)?.address ?? '<none>';
      // A cordoned node prints as Ready,SchedulingDisabled.
      const unschedulable = (node.spec as { unschedulable?: boolean } | undefined)?.unschedulable;
      return [
        node.metadata.name,
        `${ready ? 'Ready' : 'NotReady'}${unschedulable ? ',SchedulingDisabled' : ''}`,
        nodeRoles(node.metadata.labels ?? {}),
        humanDuration(now.getTime() - Date.parse(node.metadata.creationTimestamp)),
        status.nodeInfo.kubeletVersion,
        address('InternalIP'),
        address('ExternalIP'),
        status.nodeInfo.osImage,
        status.nodeInfo.kernelVersion,
        status.nodeInfo.containerRuntimeVersion,
      ];
    },
  },
  Service: {
    columns: [
      nameColumn,
      column('Type', 'string', 'type determines how the Service is exposed.'),
      column('Cluster-IP', 'string', 'clusterIP is the IP address of the service.'),
      column(
        'External-IP',
        'string',
        'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
      ),
      column('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
      ageColumn,
      column('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', 1),
    ],
    cells(service, now) {
      const spec = service.spec as {
        type: string;
        clusterIP: string;
        ports?: Array<{ port: number; protocol: string }>;
        selector?: Record<string, string>;
      };
      const selector = Object.entries(spec.selector ?? {})
        .map(([key, value]) => `${key}=${value}`)
        .join(',');
      return [
        service.metadata.name,
        spec.type,
        spec.clusterIP,
        '<none>',
        (spec.ports ?? []).map((port) => `${port.port}/${port.protocol}`).join(',') || '<none>',
        humanDuration(now.getTime() - Date.parse(service.metadata.creationTimestamp)),
        selector || '<none>',
      ];
    },
  },
  Pod: {
    columns: [
      nameColumn,
      column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
      column('Status', 'string', 'The aggregate status of the containers in this pod.'),
      column('Restarts', 'integer', 'The number of times the containers in this pod have been restarted.'),
      ageColumn,
      column('IP', 'string', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
      column('Node', 'string', 'NodeName is a request to schedule this pod onto a specific node.', 1),
      column('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node.', 1),
    ],
    cells(pod, now) {
      const spec = pod.spec as { containers?: unknown[]; nodeName?: string };
      const status = pod.status as {
        phase?: string;
        podIP?: string;
        nominatedNodeName?: string;
        containerStatuses?: Array<{ ready?: boolean; restartCount?: number; state?: { waiting?: { reason?: string } } }>;
      };
      const statuses = status.containerStatuses ?? [];
      const waiting = statuses.find((container) => container.state?.waiting?.reason)?.state?.waiting?.reason;
      return [
        pod.metadata.name,
        `${statuses.filter((container) => container.ready).length}/${spec.containers?.length ?? 0}`,
        waiting ?? status.phase ?? 'Unknown',
        statuses.reduce((sum, container) => sum + (container.restartCount ?? 0), 0),
        humanDuration(now.getTime() - Date.parse(pod.metadata.creationTimestamp)),
        status.podIP || '<none>',
        spec.nodeName || '<none>',
        status.nominatedNodeName || '<none>',
      ];
    },
  },
  Secret: {
    columns: [
      nameColumn,
      column('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
      column('Data', 'string', 'Data contains the secret data.'),
      ageColumn,
    ],
    cells(secret, now) {
      return [
        secret.metadata.name,
        (secret.type as string | undefined) ?? 'Opaque',
        Object.keys((secret.data as Record<string, string> | undefined) ?? {}).length,
        humanDuration(now.getTime() - Date.parse(secret.metadata.creationTimestamp)),
      ];
    },
  },
  Deployment: {
    columns: [
      nameColumn,
      column('Desired', 'integer', 'Number of desired pods.'),
      column('Current', 'integer', 'Total number of non-terminated pods targeted by this deployment.'),
      column(
        'Up-to-date',
        'integer',
        'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      ),
      column('Available', 'integer', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
      ageColumn,
    ],
    cells(deployment, now) {
      const status = (deployment.status ?? {}) as Record<string, number | undefined>;
      return [
        deployment.metadata.name,
        (deployment.spec as { replicas?: number }).replicas ?? 1,
        status.replicas ?? 0,
        status.updatedReplicas ?? 0,
        status.availableReplicas ?? 0,
        humanDuration(now.getTime() - Date.parse(deployment.metadata.creationTimestamp)),
      ];
    },
  },
  DaemonSet: {
    columns: [
      nameColumn,
      column('Desired', 'integer', 'The total number of nodes that should be running the daemon pod.'),
      column('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
      column('Ready', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of it running and ready.'),
      column('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
      column('Available', 'integer', 'The number of nodes that should be running the daemon pod and have it running and available.'),
      column('Node Selector', 'string', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
      ageColumn,
    ],
    cells(daemonSet, now) {
      const status = (daemonSet.status ?? {}) as Record<string, number | undefined>;
      const selector = (daemonSet.spec as { template?: { spec?: { nodeSelector?: Record<string, string> } } }).template?.spec?.nodeSelector;
      return [
        daemonSet.metadata.name,
        status.desiredNumberScheduled ?? 0,
        status.currentNumberScheduled ?? 0,
        status.numberReady ?? 0,
        status.updatedNumberScheduled ?? 0,
        status.numberAvailable ?? 0,
        Object.entries(selector ?? {})
          .map(([key, value]) => `${key}=${value}`)
          .join(',') || '<none>',
        humanDuration(now.getTime() - Date.parse(daemonSet.metadata.creationTimestamp)),
      ];
    },
  },
  ReplicaSet: {
    columns: [
      nameColumn,
      column('Desired', 'integer', 'Number of desired pods.'),
      column('Current', 'integer', 'Number of actual pods.'),
      column('Ready', 'integer', 'Number of ready pods.'),
      ageColumn,
    ],
    cells(replicaSet, now) {
      const status = (replicaSet.status ?? {}) as Record<string, number | undefined>;
      return [
        replicaSet.metadata.name,
        (replicaSet.spec as { replicas?: number }).replicas ?? 1,
        status.replicas ?? 0,
        status.readyReplicas ?? 0,
        humanDuration(now.getTime() - Date.parse(replicaSet.metadata.creationTimestamp)),
      ];
    },
  },
  Namespace: {
    columns: [nameColumn, column('Status', 'string', 'The status of the namespace'), ageColumn],
    cells(namespace, now) {
      return [
        namespace.metadata.name,
        (namespace.status as { phase: string }).phase,
        humanDuration(now.getTime() - Date.parse(namespace.metadata.creationTimestamp)),
      ];
    },
  },
};

/** Kinds without a printer get name and age, like the API server's default table convertor. */
const defaultPrinter: Printer = {
  columns: [nameColumn, ageColumn],
  cells: (object, now) => [object.metadata.name, humanDuration(now.getTime() - Date.parse(object.metadata.creationTimestamp))],
};

export function toTable(
  kind: string,
  objects: KubeObject[],
  options: { version: TableVersion; includeObject: IncludeObject; resourceVersion: string; now?: Date },
) {
  const printer = printers[kind] ?? defaultPrinter;
  const now = options.now ?? new Date();
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: { resourceVersion: options.resourceVersion },
    columnDefinitions: printer.columns,
    rows: objects.map((object) => ({
      cells: printer.cells(object, now),
      ...(options.includeObject === 'None' ? {} : { object: rowObject(object, options) }),
    })),
  };
}

function rowObject(object: KubeObject, options: { version: TableVersion; includeObject: IncludeObject }) {
  if (options.includeObject === 'Object') return object;
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${options.version}`, metadata: object.metadata };
}

/** Roles come from node-role.kubernetes.io/<role> labels and the older kubernetes.io/role label. */
export function nodeRoles(labels: Record<string, string>): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith('node-role.kubernetes.io/') && key.length > 'node-role.kubernetes.io/'.length)
      roles.add(key.slice('node-role.kubernetes.io/'.length));
    if (key === 'kubernetes.io/role' && value) roles.add(value);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

/** Kubernetes' duration.HumanDuration, so AGE reads as it does on a real cluster. */
export function humanDuration(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}
