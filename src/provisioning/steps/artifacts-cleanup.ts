// Teardown of the artifacts: deleted with the cluster, or marked and deleted after the retention period.
import type { Settings } from '../../config/settings';
import { ClusterArtifacts } from '../artifacts';
import { asStep, succeeded, type StepResult } from '../step-result';
import type { StepInput } from './step-input';

export interface ArtifactCleanupInput extends StepInput {
  /** When set, only mark the blobs for deletion at this time. */
  deleteAfter?: string;
}

export const removeArtifacts = (settings: Settings) =>
  asStep('artifacts', async (input: ArtifactCleanupInput): Promise<StepResult<{ deleted: number }>> => {
    const artifacts = await ClusterArtifacts.open(settings, input.name, input.generation);
    if (input.deleteAfter) {
      await artifacts.markForDeletion(new Date(input.deleteAfter));
      return succeeded({ deleted: 0 }, `Artifacts kept until ${input.deleteAfter}.`);
    }
    const deleted = await artifacts.deleteAll();
    return succeeded({ deleted }, `Deleted ${deleted} artifact blobs.`);
  });
