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

export interface Activity<I extends StepInput = StepInput, O = unknown> {
  /** The Durable activity name. */
  readonly name: string;
  readonly step: StepName;
  /** Whether the activity acts on Azure or Storage, and so must hold a lease while it runs. */
  readonly leased: boolean;
  readonly body: (settings: Settings, input: I) => Promise<StepResult<O>>;
}

/** Defines an activity from a named function: the function's name is the activity's name. */
export function activity<I extends StepInput, O>(
  step: StepName,
  body: (settings: Settings, input: I) => Promise<StepResult<O>>,
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
  try {
    if (!definition.leased) return await definition.body(settings, input);
    const leases = new ActivityLeases(new ClusterStore(settings), settings.activityLeaseSeconds);
    const leaseId = await leases.acquire({ ...input, activity: definition.name });
    if (!leaseId) {
      return failed({
        code: 'OperationSuperseded',
        message: `Operation ${input.operationId} has ended or was superseded; ${definition.name} did nothing.`,
        retryable: false,
        target: definition.step,
      });
    }
    const renewal = setInterval(
      () => void leases.renew(input.name, leaseId).catch(() => undefined),
      Math.max(1000, (settings.activityLeaseSeconds * 1000) / 3),
    );
    try {
      return await definition.body(settings, input);
    } finally {
      clearInterval(renewal);
      await leases.release(input.name, leaseId).catch(() => undefined);
    }
  } catch (error) {
    return failed(classifyError(error, definition.step));
  }
}
