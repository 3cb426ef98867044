// What every provisioning activity returns: done, still working (poll again), or failed with a coded error
// that says whether a retry can help. Activities never throw for expected failures.
import type { StepError } from '../domain/step-error';

export type StepResult<T = undefined> =
  | { status: 'succeeded'; value: T; message?: string }
  | { status: 'running'; message: string; percent?: number }
  | { status: 'failed'; error: StepError };

export const succeeded = <T>(value: T, message?: string): StepResult<T> => ({ status: 'succeeded', value, message });
export const running = (message: string, percent?: number): StepResult<never> => ({ status: 'running', message, percent });
export const failed = (error: StepError): StepResult<never> => ({ status: 'failed', error });
