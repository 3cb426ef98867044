// Timing rules of an operation, fixed when it starts so that replays of the orchestration never see a change.
import type { Settings } from '../config/settings';

export interface OperationPolicy {
  maxAttempts: number;
  firstRetrySeconds: number;
  maxRetrySeconds: number;
  pollSeconds: number;
  verifyTimeoutMinutes: number;
  /** Polling steps give up after this long (provider registration, deployment, group deletion). */
  pollTimeoutMinutes: number;
  artifactRetentionDays: number;
}

export function operationPolicy(settings: Settings): OperationPolicy {
  return {
    maxAttempts: settings.stepMaxAttempts,
    firstRetrySeconds: settings.stepFirstRetrySeconds,
    maxRetrySeconds: settings.stepMaxRetrySeconds,
    pollSeconds: settings.deploymentPollSeconds,
    verifyTimeoutMinutes: settings.verifyTimeoutMinutes,
    pollTimeoutMinutes: 120,
    artifactRetentionDays: settings.artifactRetentionDays,
  };
}

/** Exponential backoff: first, 2x, 4x ... capped. */
export function retryDelaySeconds(policy: OperationPolicy, failedAttempts: number): number {
  return Math.min(policy.firstRetrySeconds * 2 ** Math.max(0, failedAttempts - 1), policy.maxRetrySeconds);
}
