// Teardown of the artifacts: deleted with the cluster, or marked and deleted after the retention period.
import type { Settings } from '../../config/settings';
import { activity, type StepInput } from '../activity';
import { ClusterArtifacts } from '../artifacts';
import { succeeded, type StepResult } from '../step-result';

export interface ArtifactCleanupInput extends StepInput {
  /** When set, only mark the blobs for deletion at this time. */
  deleteAfter?: string;
}

export const removeArtifacts = activity(
  'artifacts',
  async function removeArtifacts(settings: Settings, input: ArtifactCleanupInput): Promise<StepResult<{ deleted: number }>> {
    const artifacts = await ClusterArtifacts.open(settings, input.name, input.generation);
    if (input.deleteAfter) {
      await artifacts.markForDeletion(new Date(input.deleteAfter));
      return succeeded({ deleted: 0 }, `Artifacts kept until ${input.deleteAfter}.`);
    }
    const deleted = await artifacts.deleteAll();
    return succeeded({ deleted }, `Deleted ${deleted} artifact blobs.`);
  },
);

/** The deletion at the end of the retention period, after the delete operation itself has ended. */
export const purgeRetainedArtifacts = activity(
  'artifacts',
  async function purgeRetainedArtifacts(settings: Settings, input: StepInput): Promise<StepResult<{ deleted: number }>> {
    const deleted = await (await ClusterArtifacts.open(settings, input.name, input.generation)).deleteAll();
    return succeeded({ deleted }, `Deleted ${deleted} retained artifact blobs.`);
  },
  { leased: false },
);
