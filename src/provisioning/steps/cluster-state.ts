// Activity "recordClusterState": the orchestration writes the cluster's state into its record. Writes
// from an operation that is no longer the cluster's latest (e.g. a create stopped by a delete) are ignored.
import type { Settings } from '../../config/settings';
import type { ClusterOutputs, ProvisioningState } from '../../clusters/record';
import { ClusterStore } from '../../clusters/store';
import type { ClusterSpec } from '../../domain/cluster-spec';
import type { StepProgress } from '../../domain/progress';
import type { StepError } from '../../domain/step-error';
import { activity, type StepInput } from '../activity';
import { succeeded, type StepResult } from '../step-result';

export interface ClusterStateChange extends StepInput {
  provisioningState?: ProvisioningState;
  error?: StepError | null;
  outputs?: Partial<ClusterOutputs>;
  /** The spec the cluster has now (after a scale or upgrade). */
  newSpec?: ClusterSpec;
  /** Set when the operation has ended: its final step list and status. */
  finished?: { status: 'Succeeded' | 'Failed' | 'Canceled'; steps: StepProgress[] };
}

export const recordClusterState = activity(
  'resourceGroup',
  async function recordClusterState(settings: Settings, change: ClusterStateChange): Promise<StepResult<boolean>> {
    const decided = await new ClusterStore(settings).decide(change.name, (record) => {
      const latest = record.operations.at(-1);
      // Only the latest operation may write, and only while it has not ended (a canceled one may still have
      // an activity in flight).
      if (record.generation !== change.generation || latest?.id !== change.operationId || latest.finishedAt) return { outcome: false };
      if (change.provisioningState) record.provisioningState = change.provisioningState;
      if (change.error === null) delete record.error;
      else if (change.error) record.error = change.error;
      if (change.outputs) record.outputs = { ...record.outputs, ...change.outputs };
      if (change.newSpec) record.spec = change.newSpec;
      if (change.finished) delete record.stepNote;
      if (change.finished) {
        latest.finishedAt = new Date().toISOString();
        latest.status = change.finished.status;
        latest.steps = change.finished.steps;
      }
      return { write: record, outcome: true };
    });
    return succeeded(decided?.outcome ?? false);
  },
  { leased: false },
);
