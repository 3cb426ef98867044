// Per-step progress of one operation, kept in the orchestration's custom status (deterministic: every time
// comes from the orchestration clock) and copied into the cluster record when the operation ends.
import type { StepError } from '../domain/step-error';
import type { OperationKind, OperationProgress, StepName, StepProgress } from '../domain/progress';

/** The steps of an operation in order, each with its share of the work (for percentComplete). */
export type StepPlan = ReadonlyArray<{ step: StepName; weight: number }>;

export class Progress {
  private readonly steps: StepProgress[];
  private error?: StepError;

  constructor(
    private readonly operation: OperationKind,
    private readonly plan: StepPlan,
  ) {
    this.steps = plan.map(({ step }) => ({ name: step, state: 'Pending', attempts: 0 }));
  }

  private step(name: StepName): StepProgress {
    const step = this.steps.find((candidate) => candidate.name === name);
    if (!step) throw new Error(`unknown step ${name}`);
    return step;
  }

  attempt(name: StepName, attempt: number, now: Date): void {
    const step = this.step(name);
    step.state = 'Running';
    step.attempts = attempt;
    step.startedAt ??= now.toISOString();
  }

  update(name: StepName, message: string, percent?: number): void {
    const step = this.step(name);
    step.message = message;
    // Never backwards: a deployment lists more operations as it goes, which can lower a naive ratio.
    if (percent !== undefined) step.percent = Math.max(step.percent ?? 0, Math.min(100, Math.round(percent)));
  }

  retrying(name: StepName, message: string): void {
    const step = this.step(name);
    step.state = 'Retrying';
    step.message = message;
  }

  succeed(name: StepName, now: Date, message?: string): void {
    const step = this.step(name);
    step.state = 'Succeeded';
    step.finishedAt = now.toISOString();
    step.percent = 100;
    step.message = message;
  }

  fail(name: StepName, now: Date, error: StepError): void {
    const step = this.step(name);
    step.state = 'Failed';
    step.finishedAt = now.toISOString();
    step.message = error.message;
    this.error = error;
  }

  /** Steps that never ran because an earlier one failed. */
  skipRemaining(): void {
    for (const step of this.steps) if (step.state === 'Pending') step.state = 'Skipped';
  }

  snapshot(): OperationProgress {
    const weights = new Map(this.plan.map(({ step, weight }) => [step, weight]));
    const total = this.plan.reduce((sum, { weight }) => sum + weight, 0);
    const done = this.steps.reduce((sum, step) => {
      const weight = weights.get(step.name) ?? 0;
      if (step.state === 'Succeeded') return sum + weight;
      return sum + (weight * (step.percent ?? 0)) / 100;
    }, 0);
    return {
      operation: this.operation,
      percentComplete: Math.floor((done / total) * 100),
      steps: this.steps.map((step) => ({ ...step })),
      ...(this.error ? { error: this.error } : {}),
    };
  }
}
