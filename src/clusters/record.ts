// The cluster record: what the service remembers about a cluster, independent of orchestration history.
// It holds no secrets; secrets live in the artifacts container and travel by blob name.
import type { Creator } from '../domain/creator';
import type { ClusterChange, ClusterSpec } from '../domain/cluster-spec';
import type { OperationKind, StepName, StepProgress } from '../domain/progress';
import type { StepError } from '../domain/step-error';

export type ProvisioningState =
  'Accepted' | 'Provisioning' | 'Scaling' | 'Upgrading' | 'Succeeded' | 'Failed' | 'Canceling' | 'Canceled' | 'Deleting' | 'Deleted';
export const provisioningStates: readonly ProvisioningState[] = [
  'Accepted',
  'Provisioning',
  'Scaling',
  'Upgrading',
  'Succeeded',
  'Failed',
  'Canceling',
  'Canceled',
  'Deleting',
  'Deleted',
];
export const finalStates: ReadonlySet<ProvisioningState> = new Set(['Succeeded', 'Failed', 'Canceled', 'Deleted']);

export interface OperationRef {
  id: string;
  kind: OperationKind;
  startedAt: string;
  finishedAt?: string;
  status?: 'Succeeded' | 'Failed' | 'Canceled';
  /** The final step list, kept once the operation has ended. */
  steps?: StepProgress[];
  /** What a scale or upgrade changes; the spec takes it on when the operation succeeds. */
  change?: ClusterChange;
}

/** The latest word of a long-running activity (aks-engine's last meaningful line), shown on its step. */
export interface StepNote {
  operationId: string;
  step: StepName;
  message: string;
  percent?: number;
  at: string;
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

/**
 * An activity of an operation that is doing work right now. An activity may act only while it holds a lease
 * on the record, and a lease can be taken only for the cluster's latest, unfinished operation: so once an
 * operation has ended (canceled, superseded by a delete), nothing of it starts again, and the teardown waits
 * until the leases still held are released or have lapsed before it removes what the operation made.
 */
export interface ActivityLease {
  operationId: string;
  activity: string;
  leaseId: string;
  /** When the holder last renewed the lease; a lease not renewed for its lifetime has lapsed. */
  renewedAt: string;
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
  leases?: ActivityLease[];
  /** Who asked for this generation of the cluster. */
  createdBy?: Creator;
  stepNote?: StepNote;
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

/** The etcd endpoint: what the deployment reported, else the Cosmos DB etcd API's address for the account. */
export function etcdEndpoint(outputs: ClusterOutputs): string {
  return outputs.etcdEndpoint ?? `https://${outputs.cosmosAccountName}.etcd.cosmosdb.azure.com:2379`;
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

/** The latest operation, when it has not ended. */
export function runningOperation(record: ClusterRecord): OperationRef | undefined {
  const latest = record.operations.at(-1);
  return latest && !latest.finishedAt ? latest : undefined;
}
