// The cluster record: what the service remembers about a cluster, independent of orchestration history.
// It holds no secrets; secrets live in the artifacts container and travel by blob name.
import type { ClusterSpec } from '../api/cluster-spec';
import type { StepError } from '../azure/failures';
import type { StepProgress } from '../provisioning/progress';

export type ProvisioningState = 'Accepted' | 'Provisioning' | 'Succeeded' | 'Failed' | 'Canceling' | 'Canceled' | 'Deleting' | 'Deleted';
export const finalStates: ReadonlySet<ProvisioningState> = new Set(['Succeeded', 'Failed', 'Canceled', 'Deleted']);

export type OperationKind = 'create' | 'delete';

export interface OperationRef {
  id: string;
  kind: OperationKind;
  startedAt: string;
  finishedAt?: string;
  status?: 'Succeeded' | 'Failed' | 'Canceled';
  /** The final step list, kept once the operation has ended. */
  steps?: StepProgress[];
}

export interface ClusterOutputs {
  resourceGroup: string;
  apiServerUrl?: string;
  etcdEndpoint?: string;
  cosmosAccountName: string;
  deploymentName?: string;
  /** Ids of the cluster's own identity; ids are not secrets. */
  applicationId?: string;
  applicationObjectId?: string;
  servicePrincipalObjectId?: string;
  roleAssignmentName?: string;
}

export interface ClusterRecord {
  name: string;
  /** Bumped each time the name is reused after a cluster was deleted; keeps artifacts and operations apart. */
  generation: number;
  spec: ClusterSpec;
  provisioningState: ProvisioningState;
  createdAt: string;
  updatedAt: string;
  operations: OperationRef[];
  outputs: ClusterOutputs;
  error?: StepError;
  /** The Idempotency-Key header of the request that created this generation, if any. */
  idempotencyKey?: string;
}

/** Deterministic ids: the same cluster, generation, kind and attempt always map to the same orchestration. */
export function operationId(name: string, generation: number, kind: OperationKind, attempt = 1): string {
  return `cluster-${name}-g${generation}-${kind}${attempt > 1 ? `-${attempt}` : ''}`;
}

export function resourceGroupName(name: string): string {
  return `aks-cosmos-${name}`;
}

export function cosmosAccountName(name: string): string {
  return `${name}k8s`;
}

/** Where a cluster generation's blobs live in the artifacts container. */
export function artifactPrefix(name: string, generation: number): string {
  return `${name}/g${generation}/`;
}

export const artifactPaths = {
  output: 'output/',
  servicePrincipal: 'secrets/service-principal.json',
  kubeconfig: 'kubeconfig.json',
  logs: 'logs/',
} as const;
