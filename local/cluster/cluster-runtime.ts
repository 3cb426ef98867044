// The cluster while it runs: nodes join (NotReady, then Ready after a kubelet-like delay), change version or
// leave as the VMs under them do, the API server's version follows an upgrade, and after every change the
// controllers bring pods, workload statuses and aggregated roles in line.
import { clearTimeout, setTimeout } from 'node:timers';
import type { ClusterShape } from './cluster-shape';
import { reconcile, types, type ControllerContext } from './controllers';
import { kubeTimestamp, type KubeObject } from './kube-object';
import {
  agentIp,
  isNodeReady,
  kubeletVersionOf,
  masterIp,
  nodeConditions,
  nodeInternalIp,
  nodeObject,
  nodeRole,
  type NodeRole,
} from './node-object';
import type { ObjectStore } from './object-store';

export interface NodeSpec {
  name: string;
  role: NodeRole;
  /** The agent pool (label agentpool); masters have none. */
  pool?: string;
  /** x.y.z, with or without a leading "v". */
  kubeletVersion: string;
  /**
   * true: Ready now; false: NotReady until told otherwise. Left out: a node that joins (or whose kubelet
   * version changes) reports NotReady, then Ready after the cluster's node-ready delay; an unchanged node keeps its state.
   */
  ready?: boolean;
}

export interface NodeSummary {
  name: string;
  role: NodeRole;
  pool?: string;
  /** Without the leading "v". */
  kubeletVersion: string;
  ready: boolean;
  /** Cordoned (spec.unschedulable). */
  unschedulable: boolean;
}

/** At most this many controller passes per change; more means two controllers disagree. */
const maxPasses = 20;

export class ClusterRuntime {
  private version: string;
  private readonly readyTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private reconciling = false;
  private queued = false;
  private stopped = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: ObjectStore,
    private readonly shape: ClusterShape,
    private readonly nodeReadyDelayMs: number,
    private readonly controllerContext: ControllerContext = {},
  ) {
    this.version = shape.kubernetesVersion;
    this.unsubscribe = store.onChange(() => this.scheduleReconcile());
    this.reconcileNow();
  }

  serverVersion(): string {
    return this.version;
  }

  setServerVersion(version: string): void {
    this.version = normalizeVersion(version);
  }

  upsertNode(spec: NodeSpec): void {
    if (!spec.name) throw new Error('a node needs a name');
    if (spec.role !== 'master' && spec.role !== 'agent')
      throw new Error(`node ${spec.name}: role must be master or agent, not ${spec.role}`);
    const version = normalizeVersion(spec.kubeletVersion);
    const existing = this.store.get(types.nodes, spec.name);
    const now = kubeTimestamp(new Date());
    if (!existing) {
      const ready = spec.ready ?? this.nodeReadyDelayMs <= 0;
      this.store.create(
        types.nodes,
        nodeObject({
          name: spec.name,
          role: spec.role,
          pool: spec.pool,
          kubeletVersion: version,
          vmSize:
            spec.role === 'master' ? this.shape.masters.vmSize : this.shape.agentPools.find((pool) => pool.name === spec.pool)?.vmSize,
          ip: this.freeIp(spec),
          location: this.shape.location,
          ready,
          registered: now,
        }),
      );
      this.clearReadyTimer(spec.name);
      if (spec.ready === undefined && !ready) this.becomeReadyLater(spec.name);
      return;
    }

    const node = structuredClone(existing);
    let changed = false;
    const restarted = kubeletVersionOf(existing) !== version;
    if (restarted) {
      const info = (node.status as { nodeInfo: Record<string, string> }).nodeInfo;
      info.kubeletVersion = info.kubeProxyVersion = `v${version}`;
      changed = true;
    }
    const labels = (node.metadata.labels ??= {});
    const wantedLabels: Record<string, string | undefined> = {
      'kubernetes.io/role': spec.role,
      [`node-role.kubernetes.io/${spec.role}`]: '',
      [`node-role.kubernetes.io/${spec.role === 'master' ? 'agent' : 'master'}`]: undefined,
      agentpool: spec.role === 'agent' ? (spec.pool ?? labels.agentpool ?? 'agent') : undefined,
    };
    for (const [key, value] of Object.entries(wantedLabels)) {
      if (labels[key] === value || (value === undefined && !(key in labels))) continue;
      if (value === undefined) delete labels[key];
      else labels[key] = value;
      changed = true;
    }
    const wantReady = spec.ready ?? (restarted ? this.nodeReadyDelayMs <= 0 : isNodeReady(existing));
    if (wantReady !== isNodeReady(existing)) {
      (node.status as { conditions: unknown }).conditions = nodeConditions(wantReady, now);
      changed = true;
    }
    if (spec.ready !== undefined || restarted) this.clearReadyTimer(spec.name);
    if (changed) this.store.update(types.nodes, node);
    if (spec.ready === undefined && restarted && !wantReady) this.becomeReadyLater(spec.name);
  }

  /** Deletes the node (its pods go with it, as the pod garbage collector removes them); false if there was none. */
  removeNode(name: string): boolean {
    this.clearReadyTimer(name);
    return this.store.delete(types.nodes, name) !== undefined;
  }

  nodes(): NodeSummary[] {
    return this.store.list(types.nodes).map(summary);
  }

  /** Runs the controllers until nothing changes. */
  reconcileNow(): void {
    if (this.reconciling || this.stopped) return;
    this.reconciling = true;
    try {
      for (let pass = 0; pass < maxPasses && reconcile(this.store, this.controllerContext); pass++);
    } finally {
      this.reconciling = false;
    }
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    for (const timer of this.readyTimers.values()) clearTimeout(timer);
    this.readyTimers.clear();
  }

  /** Changes from API calls are reconciled right after the call, before the next request is read. */
  private scheduleReconcile(): void {
    if (this.reconciling || this.queued || this.stopped) return;
    this.queued = true;
    process.nextTick(() => {
      this.queued = false;
      this.reconcileNow();
    });
  }

  private becomeReadyLater(name: string): void {
    const uid = this.store.get(types.nodes, name)?.metadata.uid;
    const timer = setTimeout(() => {
      this.readyTimers.delete(name);
      const node = this.store.get(types.nodes, name);
      if (!node || node.metadata.uid !== uid || isNodeReady(node) || this.stopped) return;
      const ready = structuredClone(node);
      (ready.status as { conditions: unknown }).conditions = nodeConditions(true, kubeTimestamp(new Date()));
      this.store.update(types.nodes, ready);
    }, this.nodeReadyDelayMs);
    timer.unref();
    this.readyTimers.set(name, timer);
  }

  private clearReadyTimer(name: string): void {
    const timer = this.readyTimers.get(name);
    if (timer) clearTimeout(timer);
    this.readyTimers.delete(name);
  }

  /** Masters take the address of their index; agents the first free agent slot. */
  private freeIp(spec: NodeSpec): string {
    const used = new Set(this.store.list(types.nodes).map(nodeInternalIp));
    if (spec.role === 'master') {
      const index = Number(/-(\d+)$/.exec(spec.name)?.[1] ?? 0);
      for (let offset = index; ; offset++) if (!used.has(masterIp(offset))) return masterIp(offset);
    }
    for (let ordinal = 0; ; ordinal++) if (!used.has(agentIp(ordinal))) return agentIp(ordinal);
  }
}

function summary(node: KubeObject): NodeSummary {
  const pool = node.metadata.labels?.agentpool;
  return {
    name: node.metadata.name,
    role: nodeRole(node),
    ...(pool ? { pool } : {}),
    kubeletVersion: kubeletVersionOf(node),
    ready: isNodeReady(node),
    unschedulable: Boolean((node.spec as { unschedulable?: boolean } | undefined)?.unschedulable),
  };
}

export function normalizeVersion(version: string): string {
  const trimmed = String(version ?? '')
    .trim()
    .replace(/^v/, '');
  if (!/^\d+\.\d+\.\d+([-+.][0-9A-Za-z.-]+)?$/.test(trimmed)) throw new Error(`not a Kubernetes version: "${version}"`);
  return trimmed;
}
