// The definition of a provisioning activity: its Durable name (the name of the function that does the work,
// spelled once), the step whose progress it moves, and its body. Running one classifies anything it throws
// and, for activities that act on Azure, holds a lease on the cluster record while it works (see ActivityLease).
import type { Settings } from '../config/settings';
import { classifyError } from '../azure/failures';
import { ActivityLeases } from '../clusters/leases';
import { ClusterStore } from '../clusters/store';
import type { ClusterSpec } from '../domain/cluster-spec';
import type { StepName } from '../domain/progress';
import { failed, type StepResult } from './step-result';

/** What every activity receives: enough to find the cluster's record and blobs. No secrets. */
export interface StepInput {
  name: string;
  generation: number;
  operationId: string;
  spec: ClusterSpec;
}

/** What a running activity may use besides its input. */
export interface ActivityRun {
  /** Aborted when the activity's operation has ended (canceled, superseded): stop what you started. */
  signal: AbortSignal;
  /** Shows a message (and percent) on the activity's step while it works, for activities that run long. */
  note(message: string, percent?: number): void;
}

export type ActivityBody<I extends StepInput, O> = (settings: Settings, input: I, run: ActivityRun) => Promise<StepResult<O>>;

export interface Activity<I extends StepInput = StepInput, O = unknown> {
  /** The Durable activity name. */
  readonly name: string;
  readonly step: StepName;
  /** Whether the activity acts on Azure or Storage, and so must hold a lease while it runs. */
  readonly leased: boolean;
  readonly body: ActivityBody<I, O>;
}

/** Defines an activity from a named function: the function's name is the activity's name. */
export function activity<I extends StepInput, O>(
  step: StepName,
  body: ActivityBody<I, O>,
  options: { leased?: boolean } = {},
): Activity<I, O> {
  if (!body.name) throw new Error('An activity body must be a named function.');
  return { name: body.name, step, leased: options.leased ?? true, body };
}

/** Runs an activity as the Functions host invokes it. */
export async function runActivity<I extends StepInput, O>(
  settings: Settings,
  definition: Activity<I, O>,
  input: I,
): Promise<StepResult<O>> {
  const store = new ClusterStore(settings);
  const notes = new StepNotes(store, input, definition.step);
  try {
    if (!definition.leased) return await definition.body(settings, input, { signal: new AbortController().signal, note: notes.note });
    const leases = new ActivityLeases(store, settings.activityLeaseSeconds);
    const leaseId = await leases.acquire({ ...input, activity: definition.name });
    if (!leaseId) {
      return failed({
        code: 'OperationSuperseded',
        message: `Operation ${input.operationId} has ended or was superseded; ${definition.name} did nothing.`,
        retryable: false,
        target: definition.step,
      });
    }
    const stop = new AbortController();
    const renewal = setInterval(
      () =>
        void leases.renew(input.name, leaseId).then(
          (held) => {
            if (!held) stop.abort(new Error('The operation has ended.'));
          },
          () => undefined,
        ),
      Math.max(1000, (settings.activityLeaseSeconds * 1000) / 3),
    );
    try {
      return await definition.body(settings, input, { signal: stop.signal, note: notes.note });
    } catch (error) {
      // Stopped because its operation ended: nothing more was written, and there is nothing to retry.
      if (stop.signal.aborted) {
        return failed({
          code: 'OperationSuperseded',
          message: `Operation ${input.operationId} ended while ${definition.name} ran; it stopped and wrote nothing more.`,
          retryable: false,
          target: definition.step,
        });
      }
      throw error;
    } finally {
      clearInterval(renewal);
      await notes.flush();
      await leases.release(input.name, leaseId).catch(() => undefined);
    }
  } catch (error) {
    return failed(classifyError(error, definition.step));
  }
}

/** Step notes written to the record at most every few seconds (the last one always). */
class StepNotes {
  private pending?: { message: string; percent?: number };
  private writing?: Promise<void>;
  private lastWrite = 0;

  constructor(
    private readonly store: ClusterStore,
    private readonly input: StepInput,
    private readonly step: StepName,
  ) {}

  note = (message: string, percent?: number): void => {
    this.pending = { message, percent };
    if (!this.writing && Date.now() - this.lastWrite > 2000) this.writing = this.write().finally(() => (this.writing = undefined));
  };

  async flush(): Promise<void> {
    await this.writing;
    if (this.pending) await this.write();
  }

  private async write(): Promise<void> {
    const next = this.pending;
    if (!next) return;
    this.pending = undefined;
    this.lastWrite = Date.now();
    const { name, operationId } = this.input;
    await this.store
      .update(
        name,
        (record) => {
          if (record.operations.at(-1)?.id !== operationId) return undefined;
          record.stepNote = { operationId, step: this.step, message: next.message, percent: next.percent, at: new Date().toISOString() };
          return record;
        },
        { touch: false },
      )
      .catch(() => undefined);
  }
}
