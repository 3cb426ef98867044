// Durable Task Framework history events as the Durable extension serialises them to out-of-process workers.
export enum EventType {
  ExecutionStarted = 0,
  ExecutionCompleted = 1,
  ExecutionFailed = 2,
  ExecutionTerminated = 3,
  TaskScheduled = 4,
  TaskCompleted = 5,
  TaskFailed = 6,
  SubOrchestrationInstanceCreated = 7,
  SubOrchestrationInstanceCompleted = 8,
  SubOrchestrationInstanceFailed = 9,
  TimerCreated = 10,
  TimerFired = 11,
  OrchestratorStarted = 12,
  OrchestratorCompleted = 13,
  EventSent = 14,
  EventRaised = 15,
  ContinueAsNew = 16,
  GenericEvent = 17,
  HistoryState = 18,
  ExecutionSuspended = 19,
  ExecutionResumed = 20,
  ExecutionRewound = 21,
}

export interface HistoryEvent {
  EventType: EventType;
  EventId: number;
  IsPlayed: boolean;
  Timestamp: string;
  [field: string]: unknown;
}

/** A new history event; scheduling events carry their task id as EventId, all others -1. */
export function historyEvent(type: EventType, fields: Record<string, unknown> = {}, eventId = -1, timestamp = new Date()): HistoryEvent {
  return { EventType: type, EventId: eventId, IsPlayed: false, Timestamp: timestamp.toISOString(), ...fields };
}

/** The failure text the extension records for a failed activity: Reason plus a serialised exception as Details. */
export function activityFailure(functionName: string, message: string, stack: string | undefined): { Reason: string; Details: string } {
  const rpcMessage = `Result: Failure\nException: ${message}\nStack: ${stack ?? ''}`;
  return {
    Reason: `Activity function '${functionName}' failed: ${message}`,
    Details: JSON.stringify({
      $type: 'Microsoft.Azure.WebJobs.Script.Workers.Rpc.RpcException, Microsoft.Azure.WebJobs.Script',
      ClassName: 'Microsoft.Azure.WebJobs.Script.Workers.Rpc.RpcException',
      Message: rpcMessage,
      Data: null,
      InnerException: null,
      HelpURL: null,
      StackTraceString: null,
      RemoteStackTraceString: stack ?? null,
      RemoteStackIndex: 0,
      ExceptionMethod: null,
      HResult: -2146233088,
      Source: null,
      WatsonBuckets: null,
    }),
  };
}
