// What every step activity receives: enough to find the cluster's record and blobs. No secrets.
import type { ClusterSpec } from '../../api/cluster-spec';

export interface StepInput {
  name: string;
  generation: number;
  operationId: string;
  spec: ClusterSpec;
}
