// Turns the actions an orchestrator episode returned into work: each new atomic action gets its task id as
// DTFx numbers them, a scheduling history event and, for activities, timers and sub-orchestrations, a work item.
import { ActionType, activityInputText, flattenActions, type Action, type OrchestratorState } from './actions';
import { validateInstanceId } from './errors';
import { EventType, historyEvent, type HistoryEvent } from './history';
import type { InstanceState, RetryState, WorkItem } from './instance';

/** Looks registered functions up the way the extension does: by name, case-insensitively. */
export interface FunctionCatalog {
  activity(name: string): string | undefined;
  orchestrator(name: string): string | undefined;
  activityNames: string[];
  orchestratorNames: string[];
}

export function knownFunctions(kind: string, names: string[]): string {
  return names.length === 0
    ? `There are no ${kind} functions registered.`
    : `The following are the known ${kind} functions: ${names.map((n) => `'${n}'`).join(', ')}.`;
}

/** Timers further away than maximumShortTimerDuration wait in longRunningTimerIntervalDuration steps (V3 schema). */
export const maximumShortTimerDuration = '6.00:00:00';
export const longRunningTimerIntervalDuration = '3.00:00:00';
const maximumShortTimerMs = 6 * 86_400_000;
const longRunningTimerIntervalMs = 3 * 86_400_000;

/** When the next step of a timer due at finalFireAt fires. */
export function timerStep(finalFireAt: string, now: Date): string {
  return Date.parse(finalFireAt) - now.getTime() > maximumShortTimerMs
    ? new Date(now.getTime() + longRunningTimerIntervalMs).toISOString()
    : finalFireAt;
}

export interface ScheduledActions {
  actionTaskIds: Array<number | null>;
  nextTaskId: number;
  events: HistoryEvent[];
  work: WorkItem[];
  /** Pending timers whose actions are now canceled. */
  cancelled: number[];
  retries: Record<string, RetryState>;
  failure?: string;
}

export function scheduleNewActions(
  state: InstanceState,
  orchestratorState: OrchestratorState,
  now: Date,
  catalog: FunctionCatalog,
): ScheduledActions {
  const atomics = flattenActions(orchestratorState);
  const actionTaskIds = [...state.actionTaskIds];
  let nextTaskId = state.nextTaskId;
  const events: HistoryEvent[] = [];
  const work: WorkItem[] = [];
  const cancelled: number[] = [];
  const retries: Record<string, RetryState> = {};
  const pendingTimers = state.work.filter((item) => item.kind === 'timer');

  for (let index = 0; index < atomics.length; index++) {
    const action = atomics[index]!;
    if (index < actionTaskIds.length) {
      const taskId = actionTaskIds[index];
      if (action.actionType === ActionType.CreateTimer && action.isCanceled) {
        // A long timer's pending step has an id of its own; it is found through the action it belongs to.
        for (const timer of pendingTimers) if (timer.taskId === taskId || timer.actionIndex === index) cancelled.push(timer.taskId);
      }
      continue;
    }
    const scheduled = actionToWork(state, action, nextTaskId, now, index, catalog);
    if ('failure' in scheduled) return { actionTaskIds, nextTaskId, events, work, cancelled, retries, failure: scheduled.failure };
    actionTaskIds.push(scheduled.taskId);
    if (scheduled.taskId === null) continue;
    nextTaskId++;
    events.push(scheduled.event);
    if (scheduled.work) work.push(scheduled.work);
    if (scheduled.retry) retries[String(index)] = scheduled.retry;
  }
  return { actionTaskIds, nextTaskId, events, work, cancelled, retries };
}

function actionToWork(
  state: InstanceState,
  action: Action,
  taskId: number,
  now: Date,
  actionIndex: number,
  catalog: FunctionCatalog,
): { failure: string } | { taskId: number | null; event: HistoryEvent; work?: WorkItem; retry?: RetryState } {
  switch (action.actionType) {
    case ActionType.CallActivity:
    case ActionType.CallActivityWithRetry: {
      const activity = catalog.activity(String(action.functionName));
      if (!activity) {
        return {
          failure:
            `The function '${action.functionName}' doesn't exist, is disabled, or is not an activity function. ` +
            `Additional info: ${knownFunctions('activity', catalog.activityNames)}`,
        };
      }
      const input = activityInputText(action.input);
      return {
        taskId,
        event: historyEvent(EventType.TaskScheduled, { Name: activity, Version: '', Input: input }, taskId, now),
        work: { kind: 'activity', taskId, name: activity, input },
        retry:
          action.actionType === ActionType.CallActivityWithRetry && action.retryOptions
            ? {
                kind: 'activity',
                functionName: activity,
                input,
                options: action.retryOptions,
                attempts: 1,
                pendingTaskId: taskId,
                phase: 'attempt',
                firstAttemptAt: now.toISOString(),
              }
            : undefined,
      };
    }
    case ActionType.CallSubOrchestrator:
    case ActionType.CallSubOrchestratorWithRetry: {
      const orchestrator = catalog.orchestrator(String(action.functionName));
      if (!orchestrator) {
        return {
          failure:
            `The function '${action.functionName}' doesn't exist, is disabled, or is not an orchestrator function. ` +
            `Additional info: ${knownFunctions('orchestrator', catalog.orchestratorNames)}`,
        };
      }
      const childInstanceId = action.instanceId || `${state.executionId}:${taskId}`;
      try {
        validateInstanceId(childInstanceId);
      } catch (error) {
        return { failure: (error as Error).message };
      }
      return {
        taskId,
        event: historyEvent(
          EventType.SubOrchestrationInstanceCreated,
          {
            Name: orchestrator,
            Version: action.version ?? '',
            InstanceId: childInstanceId,
            Input: action.input === undefined ? null : JSON.stringify(action.input),
          },
          taskId,
          now,
        ),
        work: {
          kind: 'subOrchestration',
          taskId,
          name: orchestrator,
          childInstanceId,
          input: action.input ?? null,
          version: action.version,
        },
        retry:
          action.actionType === ActionType.CallSubOrchestratorWithRetry && action.retryOptions
            ? {
                kind: 'subOrchestration',
                functionName: orchestrator,
                input: action.input ?? null,
                instanceId: action.instanceId,
                version: action.version,
                options: action.retryOptions,
                attempts: 1,
                pendingTaskId: taskId,
                phase: 'attempt',
                firstAttemptAt: now.toISOString(),
              }
            : undefined,
      };
    }
    case ActionType.CreateTimer: {
      const finalFireAt = new Date(action.fireAt ?? now).toISOString();
      const fireAt = timerStep(finalFireAt, now);
      const long = fireAt !== finalFireAt ? { finalFireAt, actionIndex } : {};
      return {
        taskId,
        event: historyEvent(EventType.TimerCreated, { FireAt: fireAt }, taskId, now),
        work: action.isCanceled ? undefined : { kind: 'timer', taskId, fireAt, ...long },
      };
    }
    case ActionType.CallHttp: {
      if (!action.httpRequest) return { failure: 'A CallHttp action carried no request.' };
      return {
        taskId,
        event: historyEvent(
          EventType.TaskScheduled,
          { Name: 'BuiltIn::HttpActivity', Version: '', Input: JSON.stringify(action.httpRequest) },
          taskId,
          now,
        ),
        work: { kind: 'http', taskId, request: action.httpRequest },
      };
    }
    case ActionType.WaitForExternalEvent:
    case ActionType.ContinueAsNew:
      return { taskId: null, event: historyEvent(EventType.GenericEvent) };
    default:
      return {
        failure: `Action type ${ActionType[action.actionType] ?? action.actionType} (Durable Entities) is not supported by the local host.`,
      };
  }
}
