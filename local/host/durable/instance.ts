// The durable state of one orchestration instance, and the patches that change it. Every change is a
// patch so that the store can journal it and rebuild the same state after a crash.
import type { RetryOptions, DurableHttpRequest } from './actions';
import type { HistoryEvent } from './history';

export type RuntimeStatus = 'Running' | 'Completed' | 'ContinuedAsNew' | 'Failed' | 'Canceled' | 'Terminated' | 'Pending' | 'Suspended';
export const terminalStatuses: ReadonlySet<RuntimeStatus> = new Set(['Completed', 'Failed', 'Terminated', 'Canceled']);

export type WorkItem =
  | { kind: 'activity'; taskId: number; name: string; input: string | null }
  /** A long timer waits in steps: finalFireAt is when it is really due, actionIndex the action it belongs to. */
  | { kind: 'timer'; taskId: number; fireAt: string; finalFireAt?: string; actionIndex?: number }
  | { kind: 'subOrchestration'; taskId: number; name: string; childInstanceId: string; input: unknown; version?: string }
  | { kind: 'http'; taskId: number; request: DurableHttpRequest };

/** A CallActivityWithRetry / CallSubOrchestratorWithRetry action in flight (DTFx's RetryInterceptor). */
export interface RetryState {
  kind: 'activity' | 'subOrchestration';
  functionName: string;
  input: unknown;
  instanceId?: string;
  version?: string;
  options: RetryOptions;
  attempts: number;
  /** The task id of the attempt or retry timer that is pending now. */
  pendingTaskId: number;
  phase: 'attempt' | 'timer';
  firstAttemptAt: string;
}

export interface InstanceState {
  instanceId: string;
  name: string;
  version: string;
  executionId: string;
  runtimeStatus: RuntimeStatus;
  /** JSON texts, null when absent. */
  input: string | null;
  output: string | null;
  customStatus: string | null;
  createdTime: string;
  lastUpdatedTime: string;
  parent?: { instanceId: string; executionId: string; taskId: number };
  history: HistoryEvent[];
  /** Events that arrived but have not been shown to the orchestrator yet. */
  inbox: HistoryEvent[];
  work: WorkItem[];
  nextTaskId: number;
  /** Task id of each atomic action seen so far, in action order (null for actions without one). */
  actionTaskIds: Array<number | null>;
  retries: Record<string, RetryState>;
}

export interface InstancePatch {
  set?: Partial<Omit<InstanceState, 'history' | 'inbox' | 'work'>>;
  /** Replaces the history (a new execution after ContinueAsNew). */
  resetHistory?: boolean;
  appendHistory?: HistoryEvent[];
  /** Removes this many events from the front of the inbox (consumed by an episode). */
  consumeInbox?: number;
  appendInbox?: HistoryEvent[];
  clearInbox?: boolean;
  removeWork?: number[];
  clearWork?: boolean;
  addWork?: WorkItem[];
  setRetries?: Record<string, RetryState | null>;
}

export function applyPatch(state: InstanceState, patch: InstancePatch): void {
  if (patch.set) Object.assign(state, patch.set);
  if (patch.resetHistory) state.history = [];
  if (patch.appendHistory) state.history.push(...patch.appendHistory);
  if (patch.consumeInbox) state.inbox.splice(0, patch.consumeInbox);
  if (patch.clearInbox) state.inbox = [];
  if (patch.appendInbox) state.inbox.push(...patch.appendInbox);
  if (patch.clearWork) state.work = [];
  if (patch.removeWork) {
    const removed = new Set(patch.removeWork);
    state.work = state.work.filter((item) => !removed.has(item.taskId));
  }
  if (patch.addWork) state.work.push(...patch.addWork);
  if (patch.setRetries) {
    for (const [key, value] of Object.entries(patch.setRetries)) {
      if (value === null) delete state.retries[key];
      else state.retries[key] = value;
    }
  }
}
