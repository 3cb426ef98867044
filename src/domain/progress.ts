// Per-step progress of an operation as clients see it: the step list, each step's state and attempts.
import type { StepError } from './step-error';

/** The steps an operation reports, by the name clients see in `steps[].name`. */
export type StepName =
  'registerProviders' | 'resourceGroup' | 'servicePrincipal' | 'generate' | 'deploy' | 'verify' | 'artifacts' | 'scale' | 'upgrade';

export type StepState = 'Pending' | 'Running' | 'Retrying' | 'Succeeded' | 'Failed' | 'Skipped' | 'Canceled';

export interface StepProgress {
  name: StepName;
  state: StepState;
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  message?: string;
  /** 0-100 within the step, when the step can tell (e.g. deployment operations done). */
  percent?: number;
}

export type OperationKind = 'create' | 'delete' | 'scale' | 'upgrade';

export interface OperationProgress {
  operation: OperationKind;
  percentComplete: number;
  steps: StepProgress[];
  error?: StepError;
}
