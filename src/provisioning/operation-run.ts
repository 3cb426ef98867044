// One running operation inside its orchestration: runs each step's activity to completion (retrying what can
// pass, polling what is still working with durable timers, failing the rest), keeps per-step progress in the
// custom status, and writes the cluster record. Everything here is deterministic on replay.
import type * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import type { ClusterChange } from '../domain/cluster-spec';
import type { OperationKind } from '../domain/progress';
import type { StepError } from '../domain/step-error';
import type { Activity, StepInput } from './activity';
import { retryDelaySeconds, type OperationPolicy } from './policy';
import { Progress, type StepPlan } from './progress-tracker';
import { failed, type StepResult } from './step-result';
import { recordClusterState, type ClusterStateChange } from './steps/cluster-state';
import { awaitEarlierActivities } from './steps/other-operations';

export interface OperationInput extends StepInput {
  policy: OperationPolicy;
  kind: OperationKind;
  /** What a scale or upgrade changes. */
  change?: ClusterChange;
}

export type Flow<T> = Generator<df.Task, T, unknown>;

export class StepFailedError extends Error {
  constructor(readonly error: StepError) {
    super(error.message);
  }
}

export interface StepOptions<I> {
  /** The activity's input; the operation's step input when unset. */
  input?: I;
  /** How long a step that keeps answering "running" may poll; the policy's poll timeout when unset. */
  timeoutMinutes?: number;
  /** False: success leaves the step running, for steps done by two activities (submit, then check). */
  completesStep?: boolean;
}

/** A step started together with others (see startTogether), completed later with finish(). */
export interface StartedStep {
  activity: Activity;
  result?: StepResult<unknown>;
  settled: boolean;
}

export class OperationRun {
  readonly input: OperationInput;
  readonly stepInput: StepInput;
  readonly progress: Progress;

  constructor(
    private readonly context: OrchestrationContext,
    plan: StepPlan,
  ) {
    this.input = context.df.getInput() as OperationInput;
    const { name, generation, operationId, spec } = this.input;
    this.stepInput = { name, generation, operationId, spec };
    this.progress = new Progress(this.input.kind, plan);
    this.report();
  }

  get policy(): OperationPolicy {
    return this.input.policy;
  }

  private now(): Date {
    return this.context.df.currentUtcDateTime;
  }

  private report(): void {
    this.context.df.setCustomStatus(this.progress.snapshot());
  }

  private timer(seconds: number): df.TimerTask {
    return this.context.df.createTimer(new Date(this.now().getTime() + seconds * 1000));
  }

  /** Calls an activity once; an activity that threw instead of returning a result is a defect, reported as such. */
  private *call<I extends StepInput, O>(activity: Activity<I, O>, input: I): Flow<StepResult<O>> {
    try {
      return (yield this.context.df.callActivity(activity.name, input)) as StepResult<O>;
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
      return failed({ code: 'InternalError', message, retryable: false, target: activity.step });
    }
  }

  /** Runs a step's activity to completion and returns its value. */
  *run<I extends StepInput, O>(activity: Activity<I, O>, options: StepOptions<I> = {}): Flow<O> {
    return yield* this.complete(activity, options.input ?? (this.stepInput as I), undefined, 0, options);
  }

  /** Starts several steps at once; each one is then settled or finished on its own. */
  *startTogether(...activities: Activity[]): Flow<StartedStep[]> {
    for (const activity of activities) this.progress.attempt(activity.step, 1, this.now());
    this.report();
    let results: Array<StepResult<unknown> | undefined>;
    try {
      results = (yield this.context.df.Task.all(
        activities.map((activity) => this.context.df.callActivity(activity.name, this.stepInput)),
      )) as Array<StepResult<unknown>>;
    } catch {
      results = activities.map(() => undefined); // one threw: each is run again on its own
    }
    return activities.map((activity, index) => ({ activity, result: results[index], settled: false }));
  }

  /** Records a started step that has finished already: success, or a failure no retry can fix (thrown). */
  settle(started: StartedStep): void {
    const { activity, result } = started;
    if (result?.status === 'succeeded') {
      this.progress.succeed(activity.step, this.now(), result.message);
      started.settled = true;
    } else if (result?.status === 'failed' && !result.error.retryable) {
      this.progress.fail(activity.step, this.now(), result.error);
      this.report();
      throw new StepFailedError(result.error);
    } else if (result?.status === 'running') {
      this.progress.update(activity.step, result.message, result.percent);
    }
    this.report();
  }

  /** Completes a started step: retries, polls or fails it as run() does. */
  *finish(started: StartedStep): Flow<unknown> {
    if (started.settled && started.result?.status === 'succeeded') return started.result.value;
    const value = yield* this.complete(started.activity, this.stepInput, started.result, started.result ? 1 : 0, {});
    started.settled = true;
    return value;
  }

  private *complete<I extends StepInput, O>(
    activity: Activity<I, O>,
    input: I,
    firstResult: StepResult<O> | undefined,
    attemptsSoFar: number,
    options: StepOptions<I>,
  ): Flow<O> {
    const step = activity.step;
    const startedAt = this.now().getTime();
    let attempts = attemptsSoFar;
    let result = firstResult;
    for (;;) {
      if (!result) {
        if (attempts === 0) attempts = 1;
        this.progress.attempt(step, attempts, this.now());
        this.report();
        result = yield* this.call(activity, input);
      }
      if (result.status === 'succeeded') {
        if (options.completesStep === false) this.progress.update(step, result.message ?? '', 0);
        else this.progress.succeed(step, this.now(), result.message);
        this.report();
        return result.value;
      }
      let error: StepError;
      if (result.status === 'running') {
        this.progress.update(step, result.message, result.percent);
        const timeoutMinutes = options.timeoutMinutes ?? this.policy.pollTimeoutMinutes;
        if (this.now().getTime() - startedAt <= timeoutMinutes * 60_000) {
          this.report();
          yield this.timer(this.policy.pollSeconds);
          result = undefined;
          continue;
        }
        error = {
          code: 'StepTimedOut',
          message: `Gave up after ${timeoutMinutes} minutes: ${result.message}`,
          retryable: true,
          target: step,
        };
      } else {
        error = result.error;
      }
      if (error.retryable && attempts < this.policy.maxAttempts && error.code !== 'StepTimedOut') {
        const delay = retryDelaySeconds(this.policy, attempts);
        this.progress.retrying(step, `Attempt ${attempts} failed (${error.code}: ${error.message}); retrying in ${delay} s.`);
        this.report();
        yield this.timer(delay);
        attempts++;
        result = undefined;
        continue;
      }
      this.progress.fail(step, this.now(), error);
      this.report();
      throw new StepFailedError(error);
    }
  }

  /** Waits until no activity of an earlier operation of this cluster is still at work (their leases lapse in time). */
  *awaitEarlierWork(): Flow<void> {
    const startedAt = this.now().getTime();
    for (;;) {
      const result = yield* this.call(awaitEarlierActivities, this.stepInput);
      if (result.status === 'succeeded') return;
      if (result.status === 'failed' && !result.error.retryable) throw new StepFailedError(result.error);
      if (this.now().getTime() - startedAt > this.policy.pollTimeoutMinutes * 60_000) {
        throw new StepFailedError({ code: 'StepTimedOut', message: 'Earlier work of this cluster did not stop.', retryable: true });
      }
      yield this.timer(this.policy.pollSeconds);
    }
  }

  /** Writes to the cluster record (ignored once this operation is no longer the latest); retried like a step. */
  *record(change: Omit<ClusterStateChange, keyof StepInput>): Flow<void> {
    for (let attempt = 1; ; attempt++) {
      const result = yield* this.call(recordClusterState, { ...this.stepInput, ...change });
      if (result.status !== 'failed') return;
      if (!result.error.retryable || attempt >= this.policy.maxAttempts) throw new StepFailedError(result.error);
      yield this.timer(retryDelaySeconds(this.policy, attempt));
    }
  }

  /** Records a successful end: the final state and the step list. */
  *succeed(state: 'Succeeded' | 'Deleted'): Flow<{ provisioningState: string }> {
    const final = this.progress.snapshot();
    this.context.df.setCustomStatus(final);
    yield* this.record({ provisioningState: state, error: null, finished: { status: 'Succeeded', steps: final.steps } });
    return { provisioningState: state };
  }

  /** Records a failed end with the step's coded error; the orchestration itself completes normally. */
  *fail(error: unknown): Flow<unknown> {
    const stepError: StepError =
      error instanceof StepFailedError
        ? error.error
        : { code: 'InternalError', message: error instanceof Error ? error.message : String(error), retryable: false };
    this.progress.skipRemaining();
    const final = this.progress.snapshot();
    this.context.df.setCustomStatus(final);
    yield* this.record({ provisioningState: 'Failed', error: stepError, finished: { status: 'Failed', steps: final.steps } });
    return { provisioningState: 'Failed', error: { code: stepError.code, target: stepError.target } };
  }
}
