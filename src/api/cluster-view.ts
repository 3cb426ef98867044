// The Cluster resource as clients see it: the record's spec and state, with live step progress while an
// operation runs. Built from the record alone when no operation is in flight.
import { etcdEndpoint, finalStates, type ClusterRecord, type ProvisioningState } from '../clusters/record';
import type { OperationProgress } from '../domain/progress';
import { clusterLinks } from './links';

export interface LiveOperation {
  runtimeStatus?: string;
  progress?: OperationProgress;
}

/** An orchestration that ended without writing its final state (terminated, or failed in the host). */
function brokenOperation(record: ClusterRecord, live: LiveOperation | undefined): ProvisioningState | undefined {
  if (finalStates.has(record.provisioningState) || !live?.runtimeStatus) return undefined;
  if (['Failed', 'Terminated', 'Canceled'].includes(live.runtimeStatus)) return 'Failed';
  return undefined;
}

export function clusterResource(record: ClusterRecord, live?: LiveOperation): Record<string, unknown> {
  const operation = record.operations.at(-1);
  const broken = brokenOperation(record, live);
  const state = broken ?? record.provisioningState;
  const note = record.stepNote?.operationId === operation?.id && !operation?.finishedAt ? record.stepNote : undefined;
  // A long-running activity's latest word (aks-engine's last meaningful line) shows on its step.
  const steps = (live?.progress?.steps ?? operation?.steps ?? []).map((step) =>
    note && step.name === note.step && (step.state === 'Running' || step.state === 'Retrying')
      ? {
          ...step,
          message: note.message,
          ...(note.percent !== undefined ? { percent: Math.max(step.percent ?? 0, Math.round(note.percent)) } : {}),
        }
      : step,
  );
  const percentComplete =
    state === 'Succeeded' || state === 'Deleted' ? 100 : (live?.progress?.percentComplete ?? (finalStates.has(state) ? 100 : 0));
  const error =
    broken && !record.error
      ? {
          code: 'OperationInterrupted',
          message: `The ${operation?.kind ?? ''} operation ended as ${live?.runtimeStatus} before recording a result.`,
          retryable: true,
        }
      : record.error;
  return {
    id: `/api/clusters/${record.name}`,
    name: record.name,
    type: 'AksEngineCosmosEtcdCluster',
    location: record.spec.location,
    tags: record.spec.tags,
    properties: {
      provisioningState: state,
      percentComplete,
      orchestratorProfile: record.spec.orchestratorProfile,
      masterProfile: record.spec.masterProfile,
      agentPoolProfiles: record.spec.agentPoolProfiles,
      linuxProfile: record.spec.linuxProfile,
      resourceGroup: record.outputs.resourceGroup,
      cosmosAccountName: record.outputs.cosmosAccountName,
      endpoints: {
        apiServer: record.outputs.apiServerUrl ?? null,
        etcd: etcdEndpoint(record.outputs),
      },
      servicePrincipal: record.outputs.applicationId ? { applicationId: record.outputs.applicationId } : null,
      operation: operation
        ? {
            id: operation.id,
            kind: operation.kind,
            status: operation.status ?? (broken ? 'Failed' : 'Running'),
            startedAt: operation.startedAt,
            finishedAt: operation.finishedAt ?? null,
          }
        : null,
      steps,
      pendingChange: operation && !operation.finishedAt && operation.change ? operation.change : null,
      error: error
        ? {
            code: error.code,
            message: error.message,
            target: error.target ?? null,
            details: error.details ?? [],
            retryable: error.retryable,
          }
        : null,
      generation: record.generation,
      createdBy: record.createdBy ?? null,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    },
    links: clusterLinks(record.name),
  };
}

export function isInProgress(record: ClusterRecord): boolean {
  return !finalStates.has(record.provisioningState);
}
