// Starting and reading the orchestrations behind cluster operations through the Durable client.
import type { DurableClient } from 'durable-functions';
import type { Settings } from '../config/settings';
import type { ClusterRecord, OperationKind } from '../clusters/record';
import type { OperationProgress } from '../provisioning/progress';
import { operationPolicy } from '../provisioning/policy';
import { orchestratorNames, type OperationInput } from '../provisioning/orchestrators';
import type { LiveOperation } from './cluster-view';

/** The input of the record's latest operation, which must be of the given kind. */
export function operationInput(settings: Settings, record: ClusterRecord, kind: OperationKind): OperationInput {
  const latest = record.operations.at(-1);
  if (latest?.kind !== kind) throw new Error(`The latest operation of '${record.name}' is not a ${kind}.`);
  return {
    name: record.name,
    generation: record.generation,
    operationId: latest.id,
    spec: record.spec,
    policy: operationPolicy(settings),
  };
}

/** Starts the operation's orchestration; an instance that already runs under this id counts as started. */
export async function startOperation(client: DurableClient, settings: Settings, record: ClusterRecord, kind: OperationKind): Promise<void> {
  const input = operationInput(settings, record, kind);
  const existing = await client.getStatus(input.operationId, { showInput: false }).catch(() => undefined);
  if (existing && ['Running', 'Pending', 'ContinuedAsNew', 'Suspended'].includes(String(existing.runtimeStatus))) return;
  await client.startNew(orchestratorNames[kind], { instanceId: input.operationId, input });
}

export async function liveOperation(client: DurableClient, record: ClusterRecord): Promise<LiveOperation | undefined> {
  const operation = record.operations.at(-1);
  if (!operation || operation.finishedAt) return undefined;
  try {
    const status = await client.getStatus(operation.id, { showInput: false });
    return { runtimeStatus: String(status.runtimeStatus), progress: (status.customStatus ?? undefined) as OperationProgress | undefined };
  } catch {
    // Not started yet, or purged: the record alone describes the cluster.
    return undefined;
  }
}
