// The emulator's engine: state, settings and the clock. Handlers read and change the state through it;
// time-driven changes (registrations settling, deployments progressing, groups disappearing) are applied
// lazily by advance(), which the server calls before every request.
import { DeploymentFaults } from './deployment-faults';
import { RequestFaults } from './request-faults';
import { emptyState, type EmulatorState, type OutputValue, type Replication } from './state';
import { resolveTiming, type Timing, type TimingSettings } from './timing';

export interface CoreSettings {
  /** Tenant id reported by subscriptions, service principals and errors. */
  tenantId: string;
  /** Namespaces that start Registered in every subscription. */
  registeredProviders: string[];
  timing: TimingSettings;
  /** Items per page of list answers before a nextLink. */
  pageSize: number;
  /** Accept role assignments for principals the Graph side never created (for tests that use made-up ids). */
  acceptUnknownPrincipals: boolean;
}

export interface ReplicationSettings {
  /** How long a new object is invisible to other replicas; undefined follows the timing profile. */
  delayMs?: number;
  /** How many lookups of a new object miss before it becomes visible. */
  misses: number;
}

type Advancer = (core: EmulatorCore, now: number) => void;

/** What a deploymentStarted hook learns: the deployment as submitted, secure parameter values included (in memory only). */
export interface DeploymentStartedEvent {
  subscriptionId: string;
  resourceGroup: string;
  deploymentName: string;
  parameters: Record<string, { value?: unknown } | undefined>;
  template: unknown;
}

/** A VM of a resource group as the virtualMachinesChanged hook reports it (scale set instances included). */
export interface VirtualMachineEvent {
  /** The VM's name; "<scale set>_<instance id>" for a scale set instance. */
  name: string;
  tags: Record<string, string>;
  /** Its tags' poolName, when it has one. */
  poolName?: string;
}

/**
 * In-process callbacks for a local stack that stands real processes up behind the emulated resources.
 * The emulator waits for them: a deployment stays Running until deploymentStarted settles (its result is
 * merged into the outputs; a rejection fails the deployment), a group delete stays 202 until
 * resourceGroupDeleted settles. virtualMachinesChanged gets every VM of a group whenever that set or a VM's tags
 * change (calls for one group never overlap); a deployment or VM delete that caused the change finishes only after it settles.
 */
export interface EmulatorHooks {
  deploymentStarted?(
    event: DeploymentStartedEvent,
  ): Promise<Record<string, unknown> | undefined | void> | Record<string, unknown> | undefined | void;
  resourceGroupDeleted?(resourceGroup: string, subscriptionId: string): Promise<void> | void;
  virtualMachinesChanged?(resourceGroup: string, vms: VirtualMachineEvent[], subscriptionId: string): Promise<void> | void;
}

export class EmulatorCore {
  state: EmulatorState = emptyState();
  timingSettings: TimingSettings;
  timing: Timing;
  readonly requestFaults = new RequestFaults();
  readonly deploymentFaults = new DeploymentFaults();
  replication: ReplicationSettings = { misses: 0 };
  /** Outputs merged into successful deployments, per resource group name (lower case). */
  outputOverrides = new Map<string, Record<string, OutputValue>>();
  hooks: EmulatorHooks = {};
  /** Hook calls still running, by deployment run id or async operation id: what they belong to waits. */
  readonly pendingHooks = new Map<string, Promise<void>>();
  log: (message: string) => void = (message) => process.stderr.write(`${message}\n`);
  private readonly advancers: Advancer[] = [];
  private readonly changeListeners: Array<() => void> = [];

  constructor(readonly settings: CoreSettings) {
    this.timingSettings = settings.timing;
    this.timing = resolveTiming(settings.timing);
  }

  now(): number {
    return Date.now();
  }

  /** Registers a time-driven state transition, run in order by advance(). */
  onAdvance(advancer: Advancer): void {
    this.advancers.push(advancer);
  }

  advance(): void {
    const now = this.now();
    for (const advancer of this.advancers) advancer(this, now);
  }

  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  /** Tells listeners (persistence) that state may have changed. */
  changed(): void {
    for (const listener of this.changeListeners) listener();
  }

  setTiming(settings: TimingSettings): Timing {
    const timing = resolveTiming(settings);
    this.timingSettings = settings;
    this.timing = timing;
    return timing;
  }

  replicationDelayMs(): number {
    return this.replication.delayMs ?? this.timing.replicationDelayMs;
  }

  /** Replication bookkeeping for an object created now. */
  newReplication(): Replication {
    return { visibleAt: this.now() + this.replicationDelayMs(), missesLeft: this.replication.misses };
  }

  /** Whether another replica already knows the object. A miss uses up one of its configured misses. */
  isReplicated(replication: Replication): boolean {
    const visible = this.now() >= replication.visibleAt && replication.missesLeft <= 0;
    if (!visible && replication.missesLeft > 0) replication.missesLeft--;
    return visible;
  }

  /** Runs a hook call, remembering it as pending under `key` until it settles. */
  trackHook(key: string, call: () => unknown, settled: (result: { value?: unknown; error?: unknown }) => void): void {
    const pending = Promise.resolve()
      .then(call)
      .then(
        (value) => settled({ value }),
        (error: unknown) => settled({ error }),
      )
      .finally(() => {
        this.pendingHooks.delete(key);
        this.changed();
      });
    this.pendingHooks.set(key, pending);
  }

  countCall(operation: string): void {
    this.state.calls[operation] = (this.state.calls[operation] ?? 0) + 1;
  }

  countFault(operation: string): void {
    this.state.faultsInjected[operation] = (this.state.faultsInjected[operation] ?? 0) + 1;
  }

  /** Back to the state and settings the emulator started with. */
  reset(): void {
    this.state = emptyState();
    this.setTiming(this.settings.timing);
    this.requestFaults.clear();
    this.deploymentFaults.clear();
    this.replication = { misses: 0 };
    this.outputOverrides.clear();
    this.changed();
  }
}
