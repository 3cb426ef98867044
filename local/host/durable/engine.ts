// The Durable Task side of the host: runs orchestrator episodes by replay, schedules activities, timers and
// sub-orchestrations (scheduling.ts, completions.ts), and keeps every instance in the journalled store.
import { randomUUID } from 'node:crypto';
import type { RegisteredFunction, RpcTypedData } from '../core-api';
import { errorMessage, type Invoker } from '../invoker';
import type { Logger } from '../logger';
import { Semaphore } from '../semaphore';
import { ActionType, flattenActions, type Action, type OrchestratorState } from './actions';
import { completionPatch, subOrchestrationFailure, type Outcome } from './completions';
import { DurableError, validateInstanceId } from './errors';
import { activityFailure, EventType, historyEvent, type HistoryEvent } from './history';
import { applyPatch, terminalStatuses, type InstancePatch, type InstanceState, type RuntimeStatus, type WorkItem } from './instance';
import {
  knownFunctions,
  longRunningTimerIntervalDuration,
  maximumShortTimerDuration,
  scheduleNewActions,
  type FunctionCatalog,
} from './scheduling';
import { parseJsonText } from './status-payload';
import type { InstanceStore } from './store';

interface TriggeredFunction {
  name: string;
  fn: RegisteredFunction;
  bindingName: string;
}

export interface EngineOptions {
  store: InstanceStore;
  invoker: Invoker;
  logger: Logger;
  functions: Iterable<RegisteredFunction>;
  maxConcurrentActivityFunctions: number;
  maxConcurrentOrchestratorFunctions: number;
  functionTimeoutMs: number;
}

export interface ListFilter {
  createdTimeFrom?: Date;
  createdTimeTo?: Date;
  runtimeStatus?: RuntimeStatus[];
  instanceIdPrefix?: string;
}

const outOfProcDataLabel = '\n\n$OutOfProcData$:';
const maxTimerDelayMs = 2 ** 31 - 1;

function findTrigger(fn: RegisteredFunction, type: string): string | undefined {
  return Object.entries(fn.metadata.bindings).find(([, binding]) => binding.type?.toLowerCase() === type.toLowerCase())?.[0];
}

/** TaskCompleted.Result is JSON text of what the function returned, as the extension serialises it. */
function resultText(value: RpcTypedData | null | undefined): string | null {
  if (!value) return null;
  if (value.json !== undefined && value.json !== null) return value.json;
  if (value.string !== undefined && value.string !== null) return JSON.stringify(value.string);
  if (value.int !== undefined && value.int !== null) return String(value.int);
  if (value.double !== undefined && value.double !== null) return String(value.double);
  if (value.bytes) return JSON.stringify(Buffer.from(value.bytes).toString('base64'));
  return null;
}

export class DurableEngine {
  readonly instances = new Map<string, InstanceState>();
  private readonly orchestrators = new Map<string, TriggeredFunction>();
  private readonly activities = new Map<string, TriggeredFunction>();
  private readonly activitySlots: Semaphore;
  private readonly orchestratorSlots: Semaphore;
  private readonly episodeRunning = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly dispatched = new Set<string>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly terminalWaiters = new Map<string, Set<() => void>>();
  private readonly catalog: FunctionCatalog;
  private stopping = false;

  constructor(private readonly options: EngineOptions) {
    for (const fn of options.functions) {
      const orchestration = findTrigger(fn, 'orchestrationTrigger');
      const activity = findTrigger(fn, 'activityTrigger');
      if (orchestration) this.orchestrators.set(fn.metadata.name.toLowerCase(), { name: fn.metadata.name, fn, bindingName: orchestration });
      if (activity) this.activities.set(fn.metadata.name.toLowerCase(), { name: fn.metadata.name, fn, bindingName: activity });
    }
    this.catalog = {
      activity: (name) => this.activities.get(name.toLowerCase())?.name,
      orchestrator: (name) => this.orchestrators.get(name.toLowerCase())?.name,
      activityNames: this.activityNames,
      orchestratorNames: this.orchestratorNames,
    };
    this.activitySlots = new Semaphore(options.maxConcurrentActivityFunctions);
    this.orchestratorSlots = new Semaphore(options.maxConcurrentOrchestratorFunctions);
  }

  get orchestratorNames(): string[] {
    return [...this.orchestrators.values()].map((entry) => entry.name);
  }

  get activityNames(): string[] {
    return [...this.activities.values()].map((entry) => entry.name);
  }

  /** Loads the store and resumes every unfinished instance from its last checkpoint. */
  start(): void {
    for (const state of this.options.store.loadAll((message) => this.options.logger.warn(message))) {
      this.instances.set(state.instanceId, state);
    }
    let resumed = 0;
    for (const state of this.instances.values()) {
      if (terminalStatuses.has(state.runtimeStatus)) continue;
      resumed++;
      for (const item of state.work) this.dispatch(state, item);
      this.schedule(state.instanceId);
    }
    if (resumed > 0) this.options.logger.info(`Resumed ${resumed} unfinished orchestration instance(s).`);
  }

  /** Stops taking work, lets running invocations finish (and records them), then returns. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    const deadline = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([Promise.allSettled([...this.inFlight]), deadline]);
  }

  // ---- client operations -------------------------------------------------------------------------

  startNew(
    name: string,
    instanceId: string | undefined,
    inputText: string | null,
    version = '',
    parent?: InstanceState['parent'],
  ): InstanceState {
    const orchestrator = this.orchestrators.get(name.toLowerCase());
    if (!orchestrator) {
      throw new DurableError(
        400,
        `The function '${name}' doesn't exist, is disabled, or is not an orchestrator function. ` +
          `Additional info: ${knownFunctions('orchestrator', this.orchestratorNames)}`,
      );
    }
    const id = instanceId ?? randomUUID().replace(/-/g, '');
    validateInstanceId(id);
    const existing = this.instances.get(id);
    if (existing && !terminalStatuses.has(existing.runtimeStatus)) {
      throw new DurableError(409, `An Orchestration instance with the status ${existing.runtimeStatus} already exists.`);
    }
    if (existing) this.forget(id);
    const now = new Date();
    const executionId = randomUUID().replace(/-/g, '');
    const state: InstanceState = {
      instanceId: id,
      name: orchestrator.name,
      version,
      executionId,
      runtimeStatus: 'Pending',
      input: inputText,
      output: null,
      customStatus: null,
      createdTime: now.toISOString(),
      lastUpdatedTime: now.toISOString(),
      parent,
      history: [],
      inbox: [this.executionStarted(orchestrator.name, id, executionId, inputText, version, parent, now)],
      work: [],
      nextTaskId: 0,
      actionTaskIds: [],
      retries: {},
    };
    this.instances.set(id, state);
    this.options.store.writeSnapshot(state);
    this.schedule(id);
    return state;
  }

  get(instanceId: string): InstanceState | undefined {
    return this.instances.get(instanceId);
  }

  list(filter: ListFilter): InstanceState[] {
    return [...this.instances.values()]
      .filter((state) => {
        const created = Date.parse(state.createdTime);
        if (filter.createdTimeFrom && created < filter.createdTimeFrom.getTime()) return false;
        if (filter.createdTimeTo && created > filter.createdTimeTo.getTime()) return false;
        if (filter.runtimeStatus && filter.runtimeStatus.length > 0 && !filter.runtimeStatus.includes(state.runtimeStatus)) return false;
        if (filter.instanceIdPrefix && !state.instanceId.startsWith(filter.instanceIdPrefix)) return false;
        return true;
      })
      .sort((a, b) => a.createdTime.localeCompare(b.createdTime) || a.instanceId.localeCompare(b.instanceId));
  }

  raiseEvent(instanceId: string, eventName: string, inputText: string | null): void {
    const state = this.require(instanceId);
    if (terminalStatuses.has(state.runtimeStatus))
      throw new DurableError(410, `The orchestration instance ${instanceId} has already completed.`);
    this.commit(state, { appendInbox: [historyEvent(EventType.EventRaised, { Name: eventName, Input: inputText })] });
    this.schedule(instanceId);
  }

  terminate(instanceId: string, reason: string): void {
    const state = this.require(instanceId);
    if (terminalStatuses.has(state.runtimeStatus))
      throw new DurableError(410, `The orchestration instance ${instanceId} has already completed.`);
    const now = new Date();
    this.finish(state, 'Terminated', JSON.stringify(reason), [
      historyEvent(EventType.ExecutionTerminated, { Input: reason }, -1, now),
      historyEvent(EventType.ExecutionCompleted, { OrchestrationStatus: 'Terminated', Result: reason, FailureDetails: null }, -1, now),
    ]);
  }

  suspend(instanceId: string, reason: string): void {
    const state = this.require(instanceId);
    if (terminalStatuses.has(state.runtimeStatus))
      throw new DurableError(410, `The orchestration instance ${instanceId} has already completed.`);
    if (state.runtimeStatus === 'Suspended') return;
    this.commit(state, {
      set: { runtimeStatus: 'Suspended', lastUpdatedTime: new Date().toISOString() },
      appendHistory: [historyEvent(EventType.ExecutionSuspended, { Reason: reason })],
    });
  }

  resume(instanceId: string, reason: string): void {
    const state = this.require(instanceId);
    if (terminalStatuses.has(state.runtimeStatus))
      throw new DurableError(410, `The orchestration instance ${instanceId} has already completed.`);
    if (state.runtimeStatus !== 'Suspended') return;
    this.commit(state, {
      set: { runtimeStatus: state.history.length > 0 ? 'Running' : 'Pending', lastUpdatedTime: new Date().toISOString() },
      appendHistory: [historyEvent(EventType.ExecutionResumed, { Reason: reason })],
    });
    this.schedule(instanceId);
  }

  /** Deletes a finished instance; running instances are kept (Azure Storage purges only finished ones). */
  purge(instanceId: string): number {
    const state = this.instances.get(instanceId);
    if (!state || !terminalStatuses.has(state.runtimeStatus)) return 0;
    this.forget(instanceId);
    return 1;
  }

  purgeMany(filter: ListFilter): number {
    let deleted = 0;
    for (const state of this.list(filter)) deleted += this.purge(state.instanceId);
    return deleted;
  }

  restart(instanceId: string, newInstanceId: boolean): InstanceState {
    const state = this.require(instanceId);
    return this.startNew(state.name, newInstanceId ? undefined : instanceId, state.input, state.version);
  }

  /** Resolves when the instance is finished or the timeout passes. */
  async waitForTerminal(instanceId: string, timeoutMs: number): Promise<void> {
    const state = this.instances.get(instanceId);
    if (!state || terminalStatuses.has(state.runtimeStatus)) return;
    await new Promise<void>((resolve) => {
      const waiters = this.terminalWaiters.get(instanceId) ?? new Set();
      this.terminalWaiters.set(instanceId, waiters);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      waiters.add(done);
    });
  }

  // ---- internals ---------------------------------------------------------------------------------

  private require(instanceId: string): InstanceState {
    const state = this.instances.get(instanceId);
    if (!state) throw new DurableError(404, `No instance with ID '${instanceId}' found.`);
    return state;
  }

  private forget(instanceId: string): void {
    for (const key of [...this.timers.keys()]) {
      if (key.startsWith(`${instanceId}|`)) {
        clearTimeout(this.timers.get(key));
        this.timers.delete(key);
      }
    }
    this.instances.delete(instanceId);
    this.options.store.delete(instanceId);
  }

  private executionStarted(
    name: string,
    instanceId: string,
    executionId: string,
    inputText: string | null,
    version: string,
    parent: InstanceState['parent'],
    now: Date,
  ): HistoryEvent {
    return historyEvent(
      EventType.ExecutionStarted,
      {
        OrchestrationInstance: { InstanceId: instanceId, ExecutionId: executionId },
        ParentInstance: parent
          ? { OrchestrationInstance: { InstanceId: parent.instanceId, ExecutionId: parent.executionId }, TaskScheduleId: parent.taskId }
          : null,
        Name: name,
        Version: version,
        Input: inputText,
        Tags: null,
        Generation: 0,
      },
      -1,
      now,
    );
  }

  private commit(state: InstanceState, patch: InstancePatch): void {
    applyPatch(state, patch);
    this.options.store.appendPatch(state, patch);
  }

  private track<T>(promise: Promise<T>): void {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }

  /** Runs episodes for the instance until its inbox is empty; never two at once for one instance. */
  private schedule(instanceId: string): void {
    if (this.stopping || this.episodeRunning.has(instanceId)) return;
    const runnable = (state: InstanceState | undefined): state is InstanceState =>
      !!state && !terminalStatuses.has(state.runtimeStatus) && state.runtimeStatus !== 'Suspended' && state.inbox.length > 0;
    if (!runnable(this.instances.get(instanceId))) return;
    this.episodeRunning.add(instanceId);
    this.track(
      (async () => {
        const release = await this.orchestratorSlots.acquire();
        try {
          for (;;) {
            const state = this.instances.get(instanceId);
            if (this.stopping || !runnable(state)) break;
            await this.runEpisode(state);
          }
        } catch (error) {
          this.options.logger.error(
            `Orchestration episode of ${instanceId} failed in the host: ${(error as Error).stack ?? String(error)}`,
          );
        } finally {
          release();
          this.episodeRunning.delete(instanceId);
        }
      })(),
    );
  }

  private async runEpisode(state: InstanceState): Promise<void> {
    const orchestrator = this.orchestrators.get(state.name.toLowerCase());
    const executionId = state.executionId;
    const inboxCount = state.inbox.length;
    const lastStart = state.history.findLast((event) => event.EventType === EventType.OrchestratorStarted);
    // Orchestrator time must never go backwards, even if the clock does.
    const now = new Date(Math.max(Date.now(), lastStart ? Date.parse(lastStart.Timestamp) : 0));
    const newEvents = [historyEvent(EventType.OrchestratorStarted, {}, -1, now), ...state.inbox.slice(0, inboxCount)].map((event) => ({
      ...event,
      IsPlayed: false,
    }));
    const pastEvents = state.history.map((event) => ({ ...event, IsPlayed: true }));

    let orchestratorState: OrchestratorState | undefined;
    let failure: string | undefined;
    if (!orchestrator) {
      failure = `The function '${state.name}' doesn't exist, is disabled, or is not an orchestrator function.`;
    } else {
      const payload = {
        history: [...pastEvents, ...newEvents],
        input: parseJsonText(state.input),
        instanceId: state.instanceId,
        isReplaying: pastEvents.length > 0,
        parentInstanceId: state.parent?.instanceId ?? null,
        upperSchemaVersion: 1,
        upperSchemaVersionNew: 2,
        longRunningTimerIntervalDuration,
        maximumShortTimerDuration,
        defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
      };
      try {
        const response = await this.options.invoker.invoke(orchestrator.fn, {
          inputData: [{ name: orchestrator.bindingName, data: { string: JSON.stringify(payload) } }],
        });
        const text = response.returnValue?.json ?? response.returnValue?.string;
        orchestratorState = text ? (JSON.parse(text) as OrchestratorState) : undefined;
        if (!orchestratorState) failure = 'The orchestrator function returned no state.';
      } catch (error) {
        const message = errorMessage(error);
        const at = message.indexOf(outOfProcDataLabel);
        if (at >= 0) {
          try {
            orchestratorState = JSON.parse(message.slice(at + outOfProcDataLabel.length)) as OrchestratorState;
          } catch {
            orchestratorState = undefined;
          }
          failure = orchestratorState?.error ?? message.slice(0, at);
        } else failure = message;
      }
    }

    // The instance may have been terminated, purged or restarted while the orchestrator ran.
    if (this.instances.get(state.instanceId) !== state || state.executionId !== executionId || terminalStatuses.has(state.runtimeStatus))
      return;

    const appended: HistoryEvent[] = [...newEvents];
    const patch: InstancePatch = { consumeInbox: inboxCount, set: { lastUpdatedTime: now.toISOString() } };
    if (state.runtimeStatus === 'Pending') patch.set!.runtimeStatus = 'Running';
    if (orchestratorState?.customStatus !== undefined) patch.set!.customStatus = JSON.stringify(orchestratorState.customStatus);

    const scheduled =
      failure === undefined && orchestratorState && !orchestratorState.isDone
        ? scheduleNewActions(state, orchestratorState, now, this.catalog)
        : undefined;
    if (scheduled?.failure) failure = scheduled.failure;

    if (failure !== undefined) {
      const output = `Orchestrator function '${state.name}' failed: ${failure}`;
      this.options.logger.log('Warning', output, state.name);
      this.finish(
        state,
        'Failed',
        JSON.stringify(output),
        [
          ...appended,
          historyEvent(EventType.OrchestratorCompleted, {}, -1, now),
          historyEvent(EventType.ExecutionCompleted, { OrchestrationStatus: 'Failed', Result: output, FailureDetails: null }, -1, now),
        ],
        patch,
      );
      return;
    }
    const result = orchestratorState!;
    const continueAsNew = result.isDone
      ? flattenActions(result).find((action) => action.actionType === ActionType.ContinueAsNew)
      : undefined;
    if (continueAsNew) {
      this.continueAsNew(state, continueAsNew, inboxCount, now, patch.set!.customStatus);
      return;
    }
    if (result.isDone) {
      const output = result.output === undefined ? null : JSON.stringify(result.output);
      this.finish(
        state,
        'Completed',
        output,
        [
          ...appended,
          historyEvent(EventType.OrchestratorCompleted, {}, -1, now),
          historyEvent(EventType.ExecutionCompleted, { OrchestrationStatus: 'Completed', Result: output, FailureDetails: null }, -1, now),
        ],
        patch,
      );
      return;
    }
    appended.push(...scheduled!.events, historyEvent(EventType.OrchestratorCompleted, {}, -1, now));
    Object.assign(patch.set!, { nextTaskId: scheduled!.nextTaskId, actionTaskIds: scheduled!.actionTaskIds });
    patch.appendHistory = appended;
    patch.addWork = scheduled!.work;
    patch.removeWork = scheduled!.cancelled;
    patch.setRetries = scheduled!.retries;
    this.commit(state, patch);
    for (const item of scheduled!.work) this.dispatch(state, item);
    for (const taskId of scheduled!.cancelled) this.cancelTimer(state.instanceId, taskId);
  }

  private continueAsNew(
    state: InstanceState,
    action: Action,
    inboxCount: number,
    now: Date,
    customStatus: string | null | undefined,
  ): void {
    const executionId = randomUUID().replace(/-/g, '');
    const inputText = action.input === undefined ? null : JSON.stringify(action.input);
    // Events that arrived while this episode ran belong to the new execution; old completions do not.
    const carried = state.inbox.slice(inboxCount).filter((event) => event.EventType === EventType.EventRaised);
    for (const item of state.work) if (item.kind === 'timer') this.cancelTimer(state.instanceId, item.taskId);
    this.commit(state, {
      set: {
        executionId,
        input: inputText,
        output: null,
        runtimeStatus: 'Running',
        lastUpdatedTime: now.toISOString(),
        nextTaskId: 0,
        actionTaskIds: [],
        retries: {},
        ...(customStatus !== undefined ? { customStatus } : {}),
      },
      resetHistory: true,
      clearInbox: true,
      appendInbox: [
        this.executionStarted(state.name, state.instanceId, executionId, inputText, state.version, state.parent, now),
        ...carried,
      ],
      clearWork: true,
    });
    this.options.store.writeSnapshot(state);
  }

  /** Moves an instance to a final state, drops its pending work and tells a waiting parent. */
  private finish(
    state: InstanceState,
    status: RuntimeStatus,
    outputText: string | null,
    events: HistoryEvent[],
    base: InstancePatch = {},
  ): void {
    for (const item of state.work) if (item.kind === 'timer') this.cancelTimer(state.instanceId, item.taskId);
    const patch: InstancePatch = {
      ...base,
      set: { ...base.set, runtimeStatus: status, output: outputText, lastUpdatedTime: new Date().toISOString(), retries: {} },
      appendHistory: events,
      clearWork: true,
    };
    this.commit(state, patch);
    this.options.store.writeSnapshot(state);
    for (const waiter of [...(this.terminalWaiters.get(state.instanceId) ?? [])]) waiter();
    this.terminalWaiters.delete(state.instanceId);
    this.notifyParent(state);
  }

  private notifyParent(child: InstanceState): void {
    const parent = child.parent;
    if (!parent) return;
    const outcome: Outcome =
      child.runtimeStatus === 'Completed'
        ? { ok: true, result: child.output }
        : subOrchestrationFailure(
            String(parseJsonText(child.output) ?? `Sub-orchestration ${child.instanceId} ${child.runtimeStatus.toLowerCase()}.`),
          );
    this.deliver(parent.instanceId, parent.executionId, parent.taskId, outcome);
  }

  private dispatch(state: InstanceState, item: WorkItem): void {
    switch (item.kind) {
      case 'timer':
        return this.armTimer(state.instanceId, state.executionId, item.taskId, item.fireAt);
      case 'subOrchestration':
        return this.startChild(state, item);
      case 'activity':
      case 'http':
        return this.runActivity(state.instanceId, state.executionId, item);
    }
  }

  private startChild(parent: InstanceState, item: Extract<WorkItem, { kind: 'subOrchestration' }>): void {
    const existing = this.instances.get(item.childInstanceId);
    const parentRef = { instanceId: parent.instanceId, executionId: parent.executionId, taskId: item.taskId };
    if (
      existing &&
      existing.parent?.instanceId === parent.instanceId &&
      existing.parent.taskId === item.taskId &&
      existing.parent.executionId === parent.executionId
    ) {
      // Already started before a restart: deliver its result if it has one, or let it run on.
      if (terminalStatuses.has(existing.runtimeStatus)) this.notifyParent(existing);
      return;
    }
    try {
      this.startNew(
        item.name,
        item.childInstanceId,
        item.input === null || item.input === undefined ? null : JSON.stringify(item.input),
        item.version ?? '',
        parentRef,
      );
    } catch (error) {
      this.deliver(parent.instanceId, parent.executionId, item.taskId, subOrchestrationFailure((error as Error).message));
    }
  }

  private armTimer(instanceId: string, executionId: string, taskId: number, fireAt: string): void {
    if (this.stopping) return;
    const key = `${instanceId}|${taskId}`;
    clearTimeout(this.timers.get(key));
    const delay = Date.parse(fireAt) - Date.now();
    const timer = setTimeout(
      () => {
        this.timers.delete(key);
        // Long timers wake up in steps because setTimeout holds at most about 24.8 days.
        if (Date.parse(fireAt) > Date.now()) return this.armTimer(instanceId, executionId, taskId, fireAt);
        this.deliver(instanceId, executionId, taskId, { ok: true, result: null });
      },
      Math.max(0, Math.min(delay, maxTimerDelayMs)),
    );
    this.timers.set(key, timer);
  }

  private cancelTimer(instanceId: string, taskId: number): void {
    const key = `${instanceId}|${taskId}`;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  private runActivity(instanceId: string, executionId: string, item: Extract<WorkItem, { kind: 'activity' | 'http' }>): void {
    const key = `${instanceId}|${executionId}|${item.taskId}`;
    if (this.dispatched.has(key) || this.stopping) return;
    this.dispatched.add(key);
    this.track(
      (async () => {
        const release = await this.activitySlots.acquire();
        try {
          if (this.stopping) return;
          const outcome = item.kind === 'http' ? await this.callHttp(item.request) : await this.invokeActivity(instanceId, item);
          this.deliver(instanceId, executionId, item.taskId, outcome);
        } finally {
          release();
          this.dispatched.delete(key);
        }
      })(),
    );
  }

  private async invokeActivity(instanceId: string, item: Extract<WorkItem, { kind: 'activity' }>): Promise<Outcome> {
    const activity = this.activities.get(item.name.toLowerCase());
    if (!activity) {
      const failure = activityFailure(item.name, `The activity function '${item.name}' is not registered.`, undefined);
      return { ok: false, reason: failure.Reason, details: failure.Details };
    }
    try {
      const response = await this.options.invoker.invoke(activity.fn, {
        inputData: [{ name: activity.bindingName, data: item.input === null ? undefined : { string: item.input } }],
        triggerMetadata: { instanceId: { string: instanceId } },
      });
      return { ok: true, result: resultText(response.returnValue) };
    } catch (error) {
      const message = errorMessage(error);
      this.options.logger.log('Error', `Activity failed: ${error instanceof Error && error.stack ? error.stack : message}`, item.name);
      const failure = activityFailure(item.name, message, error instanceof Error ? error.stack : undefined);
      return { ok: false, reason: failure.Reason, details: failure.Details };
    }
  }

  /** The built-in HTTP activity behind context.df.callHttp. */
  private async callHttp(request: Extract<WorkItem, { kind: 'http' }>['request']): Promise<Outcome> {
    try {
      const response = await fetch(request.uri, { method: request.method, headers: request.headers, body: request.content });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name] = value));
      return { ok: true, result: JSON.stringify({ statusCode: response.status, headers, content: await response.text() }) };
    } catch (error) {
      const failure = activityFailure('BuiltIn::HttpActivity', errorMessage(error), undefined);
      return { ok: false, reason: failure.Reason, details: failure.Details };
    }
  }

  /** Records the outcome of a task, with DTFx's follow-up work; stale outcomes are dropped. */
  private deliver(instanceId: string, executionId: string, taskId: number, outcome: Outcome): void {
    const state = this.instances.get(instanceId);
    if (!state || state.executionId !== executionId || terminalStatuses.has(state.runtimeStatus)) return;
    const item = state.work.find((candidate) => candidate.taskId === taskId);
    if (!item) return;
    const { patch, newWork } = completionPatch(state, item, outcome, new Date());
    this.commit(state, patch);
    for (const work of newWork) this.dispatch(state, work);
    this.schedule(instanceId);
  }
}
