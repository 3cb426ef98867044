// Activity "recordClusterState": the orchestration writes the cluster's state into its record. Writes
// from an operation that is no longer the cluster's latest (e.g. a create stopped by a delete) are ignored.
import type { Settings } from '../../config/settings';
import type { StepError } from '../../azure/failures';
import type { ClusterOutputs, ProvisioningState } from '../../clusters/record';
import { ClusterStore } from '../../clusters/store';
import type { StepProgress } from '../progress';

export interface ClusterStateChange {
  name: string;
  generation: number;
  operationId: string;
  provisioningState: ProvisioningState;
  error?: StepError | null;
  outputs?: Partial<ClusterOutputs>;
  /** Set when the operation has ended: its final step list and status. */
  finished?: { status: 'Succeeded' | 'Failed' | 'Canceled'; steps: StepProgress[] };
}

export const recordClusterState =
  (settings: Settings) =>
  async (change: ClusterStateChange): Promise<boolean> => {
    let applied = false;
    await new ClusterStore(settings).update(change.name, (record) => {
      const latest = record.operations.at(-1);
      // Only the latest operation may write, and only while it has not ended (a canceled one may still have
      // an activity in flight).
      if (record.generation !== change.generation || latest?.id !== change.operationId || latest.finishedAt) return undefined;
      record.provisioningState = change.provisioningState;
      if (change.error === null) delete record.error;
      else if (change.error) record.error = change.error;
      if (change.outputs) record.outputs = { ...record.outputs, ...change.outputs };
      if (change.finished) {
        latest.finishedAt = new Date().toISOString();
        latest.status = change.finished.status;
        latest.steps = change.finished.steps;
      }
      applied = true;
      return record;
    });
    return applied;
  };
