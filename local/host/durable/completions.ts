// What the outcome of a task does to its instance: the completion event, and DTFx's follow-up work — the
// retry timer and the next attempt of a retried task, the next step of a long timer — each numbered with the
// next task id, as the JS side numbers the tasks it tracks when it replays the same events.
import { retryDelayMs } from './actions';
import { EventType, historyEvent, type HistoryEvent } from './history';
import type { InstancePatch, InstanceState, RetryState, WorkItem } from './instance';
import { timerStep } from './scheduling';

export type Outcome = { ok: true; result: string | null } | { ok: false; reason: string; details: string };

/** DTFx always sends Reason and Details as text; durable-functions cannot build the error without both. */
export function subOrchestrationFailure(reason: string): Outcome {
  return {
    ok: false,
    reason,
    details: JSON.stringify({ $type: 'DurableTask.Core.Exceptions.SubOrchestrationFailedException, DurableTask.Core', Message: reason }),
  };
}

export function completionPatch(
  state: InstanceState,
  item: WorkItem,
  outcome: Outcome,
  now: Date,
): { patch: InstancePatch; newWork: WorkItem[] } {
  const taskId = item.taskId;
  const patch: InstancePatch = { appendInbox: [completionEvent(item, outcome, now)], removeWork: [taskId] };
  const newWork: WorkItem[] = [];
  if (item.kind === 'timer' && item.finalFireAt && Date.parse(item.finalFireAt) > now.getTime()) {
    // The next step of a long timer, numbered as durable-functions' LongTimerTask numbers its next child.
    const timerId = state.nextTaskId;
    const fireAt = timerStep(item.finalFireAt, now);
    patch.appendInbox!.push(historyEvent(EventType.TimerCreated, { FireAt: fireAt }, timerId, now));
    newWork.push({ kind: 'timer', taskId: timerId, fireAt, finalFireAt: item.finalFireAt, actionIndex: item.actionIndex });
    patch.set = { nextTaskId: timerId + 1 };
  }
  const retryEntry = Object.entries(state.retries).find(([, retry]) => retry.pendingTaskId === taskId);
  if (retryEntry) {
    const [key, retry] = retryEntry;
    if (retry.phase === 'attempt' && !outcome.ok) {
      // DTFx waits before the next attempt; after the last one it still creates a timer that fires at once.
      const timerId = state.nextTaskId;
      const delay = retry.attempts < retry.options.maxNumberOfAttempts ? retryDelayMs(retry.options, retry.attempts) : 0;
      const fireAt = new Date(now.getTime() + delay).toISOString();
      patch.appendInbox!.push(historyEvent(EventType.TimerCreated, { FireAt: fireAt }, timerId, now));
      newWork.push({ kind: 'timer', taskId: timerId, fireAt });
      patch.set = { nextTaskId: timerId + 1 };
      patch.setRetries = { [key]: { ...retry, phase: 'timer', pendingTaskId: timerId } };
    } else if (retry.phase === 'timer' && retry.attempts < retry.options.maxNumberOfAttempts) {
      const attemptId = state.nextTaskId;
      const attempt = retryAttempt(state, retry, attemptId, now);
      patch.appendInbox!.push(attempt.event);
      newWork.push(attempt.work);
      patch.set = { nextTaskId: attemptId + 1 };
      patch.setRetries = { [key]: { ...retry, attempts: retry.attempts + 1, phase: 'attempt', pendingTaskId: attemptId } };
    } else {
      patch.setRetries = { [key]: null };
    }
  }
  patch.addWork = newWork;
  return { patch, newWork };
}

function retryAttempt(state: InstanceState, retry: RetryState, taskId: number, now: Date): { event: HistoryEvent; work: WorkItem } {
  if (retry.kind === 'activity') {
    const input = retry.input as string | null;
    return {
      event: historyEvent(EventType.TaskScheduled, { Name: retry.functionName, Version: '', Input: input }, taskId, now),
      work: { kind: 'activity', taskId, name: retry.functionName, input },
    };
  }
  const childInstanceId = retry.instanceId || `${state.executionId}:${taskId}`;
  return {
    event: historyEvent(
      EventType.SubOrchestrationInstanceCreated,
      {
        Name: retry.functionName,
        Version: retry.version ?? '',
        InstanceId: childInstanceId,
        Input: retry.input === null ? null : JSON.stringify(retry.input),
      },
      taskId,
      now,
    ),
    work: { kind: 'subOrchestration', taskId, name: retry.functionName, childInstanceId, input: retry.input, version: retry.version },
  };
}

function completionEvent(item: WorkItem, outcome: Outcome, now: Date): HistoryEvent {
  if (item.kind === 'timer') return historyEvent(EventType.TimerFired, { TimerId: item.taskId, FireAt: item.fireAt }, -1, now);
  const subOrchestration = item.kind === 'subOrchestration';
  if (outcome.ok) {
    return historyEvent(
      subOrchestration ? EventType.SubOrchestrationInstanceCompleted : EventType.TaskCompleted,
      { TaskScheduledId: item.taskId, Result: outcome.result },
      -1,
      now,
    );
  }
  return historyEvent(
    subOrchestration ? EventType.SubOrchestrationInstanceFailed : EventType.TaskFailed,
    { TaskScheduledId: item.taskId, Reason: outcome.reason, Details: outcome.details, FailureDetails: null },
    -1,
    now,
  );
}
