// What kube-controller-manager, the scheduler and the kubelets would do to the stored objects, reduced to
// what clients of the stand-in can see: DaemonSet pods on every node, ReplicaSet pods scheduled onto Ready,
// schedulable agents (a drained node's pods come back elsewhere), mirror pods of the masters' static pods,
// pods of vanished nodes and owners garbage-collected, aggregated ClusterRoles filled, and the kubernetes
// endpoints listing the masters.
import { controllerOf, kubeTimestamp, randomSuffix, type KubeObject } from './kube-object';
import { isNodeReady, kubeletVersionOf, nodeInternalIp, nodeRole, podIpOnNode } from './node-object';
import type { ObjectStore } from './object-store';
import { rbacTypes } from './rbac-authorizer';
import type { PolicyRule } from './rbac-rules';
import { resourceTypeFor, type ResourceType } from './resources';
import { staticPodComponents } from './system-workloads';

export const types = {
  nodes: resourceTypeFor('', 'v1', 'nodes')!,
  pods: resourceTypeFor('', 'v1', 'pods')!,
  endpoints: resourceTypeFor('', 'v1', 'endpoints')!,
  secrets: resourceTypeFor('', 'v1', 'secrets')!,
  serviceAccounts: resourceTypeFor('', 'v1', 'serviceaccounts')!,
  daemonSets: resourceTypeFor('apps', 'v1', 'daemonsets')!,
  deployments: resourceTypeFor('apps', 'v1', 'deployments')!,
  replicaSets: resourceTypeFor('apps', 'v1', 'replicasets')!,
};

interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec: Record<string, unknown> & { tolerations?: Array<{ key?: string; operator?: string; effect?: string }> };
}

interface Taint {
  key: string;
  effect: string;
}

export interface ControllerContext {
  /** The token controller: a new token secret for a service account (undefined when tokens cannot be signed). */
  tokenSecret?: (serviceAccount: KubeObject, secretName: string) => KubeObject;
}

/** One pass over every controller; returns whether it changed anything (the caller runs passes until none does). */
export function reconcile(store: ObjectStore, context: ControllerContext = {}): boolean {
  let changed = false;
  changed = collectGarbage(store) || changed;
  if (context.tokenSecret) changed = reconcileServiceAccountTokens(store, context.tokenSecret) || changed;
  changed = reconcileStaticPods(store) || changed;
  changed = reconcileDaemonSets(store) || changed;
  changed = reconcileReplicaSets(store) || changed;
  changed = schedulePendingPods(store) || changed;
  changed = startPodsOnReadyNodes(store) || changed;
  changed = reconcileWorkloadStatus(store) || changed;
  changed = aggregateClusterRoles(store) || changed;
  changed = reconcileKubernetesEndpoints(store) || changed;
  return changed;
}

/** Pods bound to a node that is gone, and objects whose controlling owner is gone (background deletion). */
function collectGarbage(store: ObjectStore): boolean {
  let changed = false;
  const nodes = new Set(store.list(types.nodes).map((node) => node.metadata.name));
  const owners = new Set([...store.list(types.daemonSets), ...store.list(types.replicaSets), ...store.list(types.deployments)].map(uidOf));
  for (const type of [types.replicaSets, types.pods]) {
    for (const object of store.list(type)) {
      const owner = controllerOf(object);
      const orphaned = owner !== undefined && ['DaemonSet', 'ReplicaSet', 'Deployment'].includes(owner.kind) && !owners.has(owner.uid);
      const nodeName = type === types.pods ? podNodeName(object) : undefined;
      if (orphaned || (nodeName && !nodes.has(nodeName))) {
        store.delete(type, object.metadata.name, object.metadata.namespace);
        changed = true;
      }
    }
  }
  return changed;
}

/** Every service account has a token secret; a service account's secrets go with it. */
function reconcileServiceAccountTokens(store: ObjectStore, tokenSecret: NonNullable<ControllerContext['tokenSecret']>): boolean {
  let changed = false;
  const accounts = store.list(types.serviceAccounts);
  const uids = new Set(accounts.map(uidOf));
  for (const secret of store.list(types.secrets)) {
    const owner = secret.metadata.annotations?.['kubernetes.io/service-account.uid'];
    if (secret.type !== 'kubernetes.io/service-account-token' || !owner || uids.has(owner)) continue;
    store.delete(types.secrets, secret.metadata.name, secret.metadata.namespace);
    changed = true;
  }
  for (const account of accounts) {
    const references = (account.secrets as Array<{ name?: string }> | undefined) ?? [];
    const hasToken = references.some((reference) => {
      const secret = reference.name ? store.get(types.secrets, reference.name, account.metadata.namespace) : undefined;
      return secret?.type === 'kubernetes.io/service-account-token';
    });
    if (hasToken) continue;
    const secretName = `${account.metadata.name}-token-${randomSuffix()}`;
    store.create(types.secrets, tokenSecret(account, secretName));
    store.update(types.serviceAccounts, { ...structuredClone(account), secrets: [...references, { name: secretName }] });
    changed = true;
  }
  return changed;
}

/** The kubelet of every master runs the control plane from static manifests and mirrors those pods. */
function reconcileStaticPods(store: ObjectStore): boolean {
  let changed = false;
  for (const node of store.list(types.nodes).filter((candidate) => nodeRole(candidate) === 'master')) {
    for (const component of staticPodComponents) {
      const name = `${component}-${node.metadata.name}`;
      if (store.get(types.pods, name, 'kube-system')) continue;
      const version = kubeletVersionOf(node);
      const image =
        component === 'kube-addon-manager' ? 'k8s.gcr.io/kube-addon-manager-amd64:v8.9' : `k8s.gcr.io/hyperkube-amd64:v${version}`;
      const hash = randomSuffix(32);
      store.create(
        types.pods,
        pod(
          {
            name,
            namespace: 'kube-system',
            labels: { component, tier: 'control-plane' },
            annotations: {
              'kubernetes.io/config.hash': hash,
              'kubernetes.io/config.mirror': hash,
              'kubernetes.io/config.seen': new Date().toISOString(),
              'kubernetes.io/config.source': 'file',
            },
          },
          {
            containers: [{ name: component, image }],
            hostNetwork: true,
            priorityClassName: 'system-node-critical',
            tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
          },
          node,
          0,
        ),
      );
      changed = true;
    }
  }
  return changed;
}

function reconcileDaemonSets(store: ObjectStore): boolean {
  let changed = false;
  const nodes = store.list(types.nodes);
  const pods = store.list(types.pods);
  for (const daemonSet of store.list(types.daemonSets)) {
    const template = (daemonSet.spec as { template: PodTemplate }).template;
    const owned = pods.filter((candidate) => controllerOf(candidate)?.uid === uidOf(daemonSet));
    for (const node of nodes) {
      if (!tolerates(template, node)) continue;
      if (owned.some((candidate) => podNodeName(candidate) === node.metadata.name)) continue;
      store.create(types.pods, ownedPod(daemonSet, template, node, podsOn(store, node).length));
      changed = true;
    }
  }
  return changed;
}

function reconcileReplicaSets(store: ObjectStore): boolean {
  let changed = false;
  for (const replicaSet of store.list(types.replicaSets)) {
    const template = (replicaSet.spec as { template: PodTemplate }).template;
    const wanted = Number((replicaSet.spec as { replicas?: number }).replicas ?? 1);
    const owned = store.list(types.pods).filter((candidate) => controllerOf(candidate)?.uid === uidOf(replicaSet));
    // Too many: remove the unscheduled ones first, then the newest.
    const surplus = owned
      .slice()
      .sort((a, b) => Number(Boolean(podNodeName(a))) - Number(Boolean(podNodeName(b))) || compareNewestFirst(a, b))
      .slice(0, Math.max(0, owned.length - wanted));
    for (const extra of surplus) {
      store.delete(types.pods, extra.metadata.name, extra.metadata.namespace);
      changed = true;
    }
    for (let count = owned.length; count < wanted; count++) {
      store.create(types.pods, ownedPod(replicaSet, template, undefined, 0));
      changed = true;
    }
  }
  return changed;
}

/** The scheduler binds each unbound pod to the least loaded node that can take it. */
function schedulePendingPods(store: ObjectStore): boolean {
  let changed = false;
  for (const candidate of store.list(types.pods)) {
    if (podNodeName(candidate) || (candidate.status as { phase?: string } | undefined)?.phase !== 'Pending') continue;
    const node = scheduleTarget(store, { spec: candidate.spec as PodTemplate['spec'] });
    if (!node) continue;
    const bound = structuredClone(candidate);
    (bound.spec as Record<string, unknown>).nodeName = node.metadata.name;
    bound.status = podStatus(node, podsOn(store, node).length, bound);
    store.update(types.pods, bound);
    changed = true;
  }
  return changed;
}

/** Pods bound to a node that was NotReady start once it is Ready. */
function startPodsOnReadyNodes(store: ObjectStore): boolean {
  let changed = false;
  for (const candidate of store.list(types.pods)) {
    const nodeName = podNodeName(candidate);
    if (!nodeName || (candidate.status as { phase?: string } | undefined)?.phase !== 'Pending') continue;
    const node = store.get(types.nodes, nodeName);
    if (!node || !isNodeReady(node)) continue;
    const started = structuredClone(candidate);
    started.status = podStatus(node, podsOn(store, node).length, candidate);
    store.update(types.pods, started);
    changed = true;
  }
  return changed;
}

function reconcileWorkloadStatus(store: ObjectStore): boolean {
  let changed = false;
  const pods = store.list(types.pods);
  const nodes = store.list(types.nodes);
  const ownedBy = (owner: KubeObject) => pods.filter((candidate) => controllerOf(candidate)?.uid === uidOf(owner));
  const running = (list: KubeObject[]) => list.filter((candidate) => (candidate.status as { phase?: string }).phase === 'Running').length;
  for (const daemonSet of store.list(types.daemonSets)) {
    const owned = ownedBy(daemonSet);
    changed =
      setStatus(store, types.daemonSets, daemonSet, {
        currentNumberScheduled: owned.filter(podNodeName).length,
        desiredNumberScheduled: nodes.length,
        numberAvailable: running(owned),
        numberMisscheduled: 0,
        numberReady: running(owned),
        observedGeneration: daemonSet.metadata.generation ?? 1,
        updatedNumberScheduled: owned.length,
      }) || changed;
  }
  const replicaSets = store.list(types.replicaSets);
  for (const replicaSet of replicaSets) {
    const owned = ownedBy(replicaSet);
    changed =
      setStatus(store, types.replicaSets, replicaSet, {
        availableReplicas: running(owned),
        fullyLabeledReplicas: owned.length,
        observedGeneration: replicaSet.metadata.generation ?? 1,
        readyReplicas: running(owned),
        replicas: owned.length,
      }) || changed;
  }
  for (const deployment of store.list(types.deployments)) {
    const owned = replicaSets.filter((replicaSet) => controllerOf(replicaSet)?.uid === uidOf(deployment)).flatMap(ownedBy);
    const wanted = Number((deployment.spec as { replicas?: number }).replicas ?? 1);
    const ready = running(owned);
    changed =
      setStatus(store, types.deployments, deployment, {
        availableReplicas: ready,
        observedGeneration: deployment.metadata.generation ?? 1,
        readyReplicas: ready,
        replicas: owned.length,
        ...(wanted > ready ? { unavailableReplicas: wanted - ready } : {}),
        updatedReplicas: owned.length,
      }) || changed;
  }
  return changed;
}

/** ClusterRoles with an aggregationRule hold the rules of every ClusterRole their selectors match (admin takes edit's, edit view's). */
function aggregateClusterRoles(store: ObjectStore): boolean {
  let changed = false;
  for (let pass = 0; pass < 5 && aggregateOnce(store); pass++) changed = true;
  return changed;
}

function aggregateOnce(store: ObjectStore): boolean {
  let changed = false;
  const roles = store.list(rbacTypes.clusterRoles);
  for (const aggregate of roles) {
    const selectors = (aggregate.aggregationRule as { clusterRoleSelectors?: Array<{ matchLabels?: Record<string, string> }> } | undefined)
      ?.clusterRoleSelectors;
    if (!selectors) continue;
    const rules: PolicyRule[] = [];
    const seen = new Set<string>();
    for (const role of roles) {
      if (role.metadata.name === aggregate.metadata.name) continue;
      const labels = role.metadata.labels ?? {};
      const selected = selectors.some((selector) =>
        Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value),
      );
      if (!selected) continue;
      for (const rule of (role.rules as PolicyRule[] | undefined) ?? []) {
        const key = JSON.stringify(rule);
        if (seen.has(key)) continue;
        seen.add(key);
        rules.push(rule);
      }
    }
    if (JSON.stringify(rules) === JSON.stringify(aggregate.rules ?? [])) continue;
    store.update(rbacTypes.clusterRoles, { ...structuredClone(aggregate), rules });
    changed = true;
  }
  return changed;
}

/** The apiserver endpoint reconciler keeps default/kubernetes listing every master. */
function reconcileKubernetesEndpoints(store: ObjectStore): boolean {
  const endpoints = store.get(types.endpoints, 'kubernetes', 'default');
  if (!endpoints) return false;
  const ips = store
    .list(types.nodes)
    .filter((node) => nodeRole(node) === 'master')
    .map(nodeInternalIp)
    .filter((ip): ip is string => Boolean(ip))
    .sort();
  const subsets = ips.length ? [{ addresses: ips.map((ip) => ({ ip })), ports: [{ name: 'https', port: 443, protocol: 'TCP' }] }] : [];
  if (JSON.stringify(subsets) === JSON.stringify(endpoints.subsets ?? [])) return false;
  store.update(types.endpoints, { ...structuredClone(endpoints), subsets });
  return true;
}

function setStatus(store: ObjectStore, type: ResourceType, object: KubeObject, status: Record<string, number>): boolean {
  const current = object.status as Record<string, unknown> | undefined;
  const merged = { ...current, ...status };
  if (!('unavailableReplicas' in status)) delete merged.unavailableReplicas;
  if (JSON.stringify(merged) === JSON.stringify(current)) return false;
  store.update(type, { ...structuredClone(object), status: merged });
  return true;
}

/** The least loaded Ready, schedulable node whose taints the pod tolerates; undefined leaves the pod Pending. */
function scheduleTarget(store: ObjectStore, template: PodTemplate): KubeObject | undefined {
  const candidates = store
    .list(types.nodes)
    .filter((node) => isNodeReady(node) && !(node.spec as { unschedulable?: boolean }).unschedulable && tolerates(template, node));
  return candidates
    .map((node) => ({ node, load: podsOn(store, node).length }))
    .sort((a, b) => a.load - b.load || a.node.metadata.name.localeCompare(b.node.metadata.name))[0]?.node;
}

function tolerates(template: PodTemplate, node: KubeObject): boolean {
  const taints = ((node.spec as { taints?: Taint[] }).taints ?? []).filter((taint) => taint.effect !== 'PreferNoSchedule');
  const tolerations = template.spec.tolerations ?? [];
  return taints.every((taint) =>
    tolerations.some(
      (toleration) =>
        (toleration.operator === 'Exists' && (!toleration.key || toleration.key === taint.key)) ||
        (toleration.key === taint.key && (!toleration.effect || toleration.effect === taint.effect)),
    ),
  );
}

function podsOn(store: ObjectStore, node: KubeObject): KubeObject[] {
  return store.list(types.pods).filter((candidate) => podNodeName(candidate) === node.metadata.name);
}

function ownedPod(owner: KubeObject, template: PodTemplate, node: KubeObject | undefined, slot: number): KubeObject {
  return pod(
    {
      name: `${owner.metadata.name}-${randomSuffix()}`,
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace!,
      labels: { ...template.metadata?.labels },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: owner.kind,
          name: owner.metadata.name,
          uid: uidOf(owner),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    structuredClone(template.spec),
    node,
    slot,
  );
}

function pod(
  metadata: Partial<KubeObject['metadata']> & { name: string },
  spec: Record<string, unknown>,
  node: KubeObject | undefined,
  slot: number,
) {
  const object: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { uid: '', resourceVersion: '', creationTimestamp: '', ...metadata },
    spec: { restartPolicy: 'Always', schedulerName: 'default-scheduler', ...spec, ...(node ? { nodeName: node.metadata.name } : {}) },
  };
  object.status = podStatus(node, slot, object);
  return object;
}

/** Running on a Ready node; Pending while the node is not Ready or when no node can take the pod. */
function podStatus(node: KubeObject | undefined, slot: number, object: KubeObject) {
  const now = kubeTimestamp(new Date());
  const containers = ((object.spec as { containers?: Array<{ name: string; image: string }> }).containers ?? []).map((container) => ({
    name: container.name,
    image: container.image,
  }));
  if (!node) {
    return {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: now,
          reason: 'Unschedulable',
          message: '0/0 nodes are available: no node is Ready and schedulable.',
        },
      ],
      qosClass: 'BestEffort',
    };
  }
  const hostIp = nodeInternalIp(node) ?? '';
  const hostNetwork = Boolean((object.spec as { hostNetwork?: boolean }).hostNetwork);
  const ready = isNodeReady(node);
  const condition = (type: string, status: boolean) => ({
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: now,
  });
  return {
    phase: ready ? 'Running' : 'Pending',
    conditions: [
      condition('Initialized', true),
      condition('Ready', ready),
      condition('ContainersReady', ready),
      condition('PodScheduled', true),
    ],
    hostIP: hostIp,
    ...(ready ? { podIP: hostNetwork ? hostIp : podIpOnNode(hostIp, slot), startTime: now } : {}),
    containerStatuses: containers.map((container) => ({
      ...container,
      ready,
      restartCount: 0,
      state: ready ? { running: { startedAt: now } } : { waiting: { reason: 'ContainerCreating' } },
      ...(ready ? { imageID: `docker-pullable://${container.image.split(':')[0]}@sha256:${randomSuffix(64)}` } : {}),
    })),
    qosClass: 'BestEffort',
  };
}

function podNodeName(object: KubeObject): string | undefined {
  return (object.spec as { nodeName?: string } | undefined)?.nodeName || undefined;
}

function uidOf(object: KubeObject): string {
  return object.metadata.uid;
}

function compareNewestFirst(a: KubeObject, b: KubeObject): number {
  return Number(b.metadata.resourceVersion) - Number(a.metadata.resourceVersion);
}
