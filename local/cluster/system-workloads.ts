// The kube-system workloads aks-engine v0.32.3 deploys as add-ons: DaemonSets on every node (kube-proxy,
// the IP masquerade agent) and Deployments (with their ReplicaSets) that run on agents. Their pods are made
// by the controllers (controllers.ts), so a drain has something to evict and a new node gets its pods.
import { randomUUID } from 'node:crypto';
import { randomSuffix, type KubeObject } from './kube-object';

export interface WorkloadInput {
  kubernetesVersion: string;
  created: string;
}

interface ContainerSpec {
  name: string;
  image: string;
}

interface PodTemplate {
  labels: Record<string, string>;
  containers: ContainerSpec[];
  serviceAccountName?: string;
  hostNetwork?: boolean;
  /** Tolerates every taint (DaemonSets that must run on masters too). */
  tolerateAll?: boolean;
}

const meta = (name: string, created: string, labels: Record<string, string>) => ({
  name,
  namespace: 'kube-system',
  uid: randomUUID(),
  resourceVersion: '0',
  generation: 1,
  creationTimestamp: created,
  labels: { ...labels, 'addonmanager.kubernetes.io/mode': 'Reconcile' },
});

function podTemplateSpec(template: PodTemplate, extraLabels: Record<string, string> = {}) {
  return {
    metadata: { creationTimestamp: null, labels: { ...template.labels, ...extraLabels } },
    spec: {
      containers: template.containers.map((container) => ({
        ...container,
        imagePullPolicy: 'IfNotPresent',
        resources: {},
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      })),
      dnsPolicy: template.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
      ...(template.hostNetwork ? { hostNetwork: true } : {}),
      nodeSelector: { 'beta.kubernetes.io/os': 'linux' },
      priorityClassName: 'system-node-critical',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      ...(template.serviceAccountName
        ? { serviceAccountName: template.serviceAccountName, serviceAccount: template.serviceAccountName }
        : {}),
      terminationGracePeriodSeconds: 30,
      tolerations: template.tolerateAll ? [{ operator: 'Exists' }] : [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
    },
  };
}

function daemonSet(name: string, template: PodTemplate, created: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta(name, created, template.labels),
    spec: {
      selector: { matchLabels: template.labels },
      template: podTemplateSpec(template),
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      revisionHistoryLimit: 10,
    },
    status: { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, observedGeneration: 1 },
  };
}

/** A Deployment and the ReplicaSet it owns; the pod-template-hash ties pods to the ReplicaSet. */
function deployment(name: string, replicas: number, template: PodTemplate, created: string): KubeObject[] {
  const hash = randomSuffix(10);
  const owner = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, created, template.labels),
    spec: {
      replicas,
      selector: { matchLabels: template.labels },
      template: podTemplateSpec(template),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: { observedGeneration: 1, replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0 },
  };
  const replicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      ...meta(`${name}-${hash}`, created, { ...template.labels, 'pod-template-hash': hash }),
      annotations: { 'deployment.kubernetes.io/desired-replicas': String(replicas), 'deployment.kubernetes.io/revision': '1' },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true },
      ],
    },
    spec: {
      replicas,
      selector: { matchLabels: { ...template.labels, 'pod-template-hash': hash } },
      template: podTemplateSpec(template, { 'pod-template-hash': hash }),
    },
    status: { observedGeneration: 1, replicas: 0, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0 },
  };
  return [owner, replicaSet];
}

export function systemWorkloads(input: WorkloadInput): KubeObject[] {
  const version = input.kubernetesVersion;
  const minor = Number(version.split('.')[1] ?? 0);
  const created = input.created;
  // aks-engine v0.32.3 deploys kube-dns up to Kubernetes 1.11 and CoreDNS from 1.12 on.
  const dns =
    minor >= 12
      ? deployment(
          'coredns',
          2,
          {
            labels: { 'k8s-app': 'kube-dns' },
            containers: [{ name: 'coredns', image: 'k8s.gcr.io/coredns:1.2.6' }],
            serviceAccountName: 'coredns',
          },
          created,
        )
      : deployment(
          'kube-dns-v20',
          2,
          {
            labels: { 'k8s-app': 'kube-dns', version: 'v20' },
            containers: [
              { name: 'kubedns', image: 'k8s.gcr.io/k8s-dns-kube-dns-amd64:1.14.13' },
              { name: 'dnsmasq', image: 'k8s.gcr.io/k8s-dns-dnsmasq-nanny-amd64:1.14.10' },
              { name: 'healthz', image: 'k8s.gcr.io/exechealthz-amd64:1.2' },
            ],
            serviceAccountName: 'kube-dns',
          },
          created,
        );
  return [
    daemonSet(
      'kube-proxy',
      {
        labels: { component: 'kube-proxy', tier: 'node' },
        containers: [{ name: 'kube-proxy', image: `k8s.gcr.io/hyperkube-amd64:v${version}` }],
        serviceAccountName: 'kube-proxy',
        hostNetwork: true,
        tolerateAll: true,
      },
      created,
    ),
    daemonSet(
      'azure-ip-masq-agent',
      {
        labels: { 'k8s-app': 'azure-ip-masq-agent', tier: 'node' },
        containers: [{ name: 'azure-ip-masq-agent', image: 'k8s.gcr.io/ip-masq-agent-amd64:v2.0.0' }],
        hostNetwork: true,
        tolerateAll: true,
      },
      created,
    ),
    ...dns,
    ...deployment(
      'metrics-server',
      1,
      {
        labels: { 'k8s-app': 'metrics-server' },
        containers: [{ name: 'metrics-server', image: 'k8s.gcr.io/metrics-server-amd64:v0.2.1' }],
        serviceAccountName: 'metrics-server',
      },
      created,
    ),
    ...deployment(
      'heapster',
      1,
      {
        labels: { 'k8s-app': 'heapster' },
        containers: [
          { name: 'heapster', image: 'k8s.gcr.io/heapster-amd64:v1.5.4' },
          { name: 'heapster-nanny', image: 'k8s.gcr.io/addon-resizer:1.8.4' },
        ],
        serviceAccountName: 'heapster',
      },
      created,
    ),
    ...deployment(
      'kubernetes-dashboard',
      1,
      {
        labels: { 'k8s-app': 'kubernetes-dashboard' },
        containers: [{ name: 'kubernetes-dashboard', image: 'k8s.gcr.io/kubernetes-dashboard-amd64:v1.10.1' }],
        serviceAccountName: 'kubernetes-dashboard',
      },
      created,
    ),
    ...deployment(
      'tiller-deploy',
      1,
      {
        labels: { app: 'helm', name: 'tiller' },
        containers: [{ name: 'tiller', image: 'gcr.io/kubernetes-helm/tiller:v2.11.0' }],
        serviceAccountName: 'tiller',
      },
      created,
    ),
  ];
}

/** The service accounts the add-ons run as (each gets a token secret). */
export function systemServiceAccountNames(kubernetesVersion: string): string[] {
  const minor = Number(kubernetesVersion.split('.')[1] ?? 0);
  return [minor >= 12 ? 'coredns' : 'kube-dns', 'kube-proxy', 'metrics-server', 'heapster', 'kubernetes-dashboard', 'tiller'];
}

/** The control plane's static pods, which the kubelet of every master mirrors into the API server. */
export const staticPodComponents = ['kube-addon-manager', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];
