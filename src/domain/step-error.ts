// The coded error of a failed step or operation, as the cluster resource shows it: whether a retry can help,
// and which step (target) failed.

export interface StepError {
  code: string;
  message: string;
  retryable: boolean;
  target?: string;
  details?: Array<{ code: string; message: string; target?: string }>;
}
