// The status JSON of the Durable HTTP API (StatusResponsePayload), including the history transformation
// that DurableClient.GetDurableOrchestrationStatusAsync applies.
import { EventType, type HistoryEvent } from './history';
import type { InstanceState } from './instance';

export interface StatusOptions {
  showInput: boolean;
  showHistory: boolean;
  showHistoryOutput: boolean;
}

/** The extension formats times as yyyy-MM-ddTHH:mm:ssZ, without a fraction. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 19)}Z`;
}

/** Stored JSON text back to a value; text that is not JSON stays text. */
export function parseJsonText(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function statusPayload(state: InstanceState, options: StatusOptions): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    name: state.name,
    instanceId: state.instanceId,
    runtimeStatus: state.runtimeStatus,
    input: options.showInput ? parseJsonText(state.input) : null,
    customStatus: parseJsonText(state.customStatus),
    output: parseJsonText(state.output),
    createdTime: formatTime(state.createdTime),
    lastUpdatedTime: formatTime(state.lastUpdatedTime),
  };
  if (options.showHistory) payload.historyEvents = transformHistory(state.history, options);
  return payload;
}

const scheduledCompletions: Partial<Record<EventType, EventType>> = {
  [EventType.TaskCompleted]: EventType.TaskScheduled,
  [EventType.TaskFailed]: EventType.TaskScheduled,
  [EventType.SubOrchestrationInstanceCompleted]: EventType.SubOrchestrationInstanceCreated,
  [EventType.SubOrchestrationInstanceFailed]: EventType.SubOrchestrationInstanceCreated,
};

function transformHistory(history: HistoryEvent[], options: StatusOptions): Array<Record<string, unknown>> {
  const scheduling = new Map<number, HistoryEvent>();
  for (const event of history) {
    if (event.EventType === EventType.TaskScheduled || event.EventType === EventType.SubOrchestrationInstanceCreated)
      scheduling.set(event.EventId, event);
  }
  const result: Array<Record<string, unknown>> = [];
  for (const event of history) {
    const type = event.EventType;
    if (
      type === EventType.OrchestratorStarted ||
      type === EventType.OrchestratorCompleted ||
      type === EventType.TaskScheduled ||
      type === EventType.SubOrchestrationInstanceCreated
    ) {
      continue;
    }
    const { EventType: _type, EventId: _id, IsPlayed: _played, ...fields } = event;
    const output: Record<string, unknown> = { EventType: EventType[type], ...fields };
    if (type === EventType.ExecutionStarted) {
      output.FunctionName = fields.Name;
      for (const key of ['Name', 'OrchestrationInstance', 'ParentInstance', 'Version', 'Tags']) delete output[key];
      if (!options.showInput) delete output.Input;
      else output.Input = parseJsonText(fields.Input as string | null);
    }
    if (type === EventType.TimerFired) delete output.TimerId;
    if (scheduledCompletions[type] !== undefined) {
      const scheduled = scheduling.get(fields.TaskScheduledId as number);
      delete output.TaskScheduledId;
      if (scheduled) {
        output.FunctionName = scheduled.Name;
        output.ScheduledTime = scheduled.Timestamp;
        if (options.showInput) output.Input = parseJsonText(scheduled.Input as string | null);
      }
    }
    if ('Result' in output) {
      if (options.showHistoryOutput) output.Result = parseJsonText(output.Result as string | null);
      else delete output.Result;
    }
    result.push(output);
  }
  return result;
}
