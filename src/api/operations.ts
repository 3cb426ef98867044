// Starting and reading the orchestrations behind cluster operations through the Durable client. Starting is
// idempotent: an instance that exists under the operation's id, whoever started it, counts as started.
import type { DurableClient, DurableOrchestrationStatus } from 'durable-functions';
import type { Settings } from '../config/settings';
import { runningOperation, type ClusterRecord } from '../clusters/record';
import type { OperationProgress } from '../domain/progress';
import type { OperationInput } from '../provisioning/operation-run';
import { orchestratorNames } from '../provisioning/orchestrators';
import { operationPolicy } from '../provisioning/policy';
import type { LiveOperation } from './cluster-view';

/** The orchestration's status, or undefined when there is no such instance (a 404 from the extension). */
async function instanceStatus(client: DurableClient, instanceId: string): Promise<DurableOrchestrationStatus | undefined> {
  try {
    return await client.getStatus(instanceId, { showInput: false });
  } catch (error) {
    if (error instanceof Error && /HTTP 404/.test(error.message)) return undefined;
    throw error;
  }
}

/** Makes sure the record's running operation has its orchestration; nothing to do when none is running. */
export async function ensureOperationStarted(client: DurableClient, settings: Settings, record: ClusterRecord): Promise<void> {
  const operation = runningOperation(record);
  if (!operation) return;
  if (await instanceStatus(client, operation.id)) return;
  const input: OperationInput = {
    name: record.name,
    generation: record.generation,
    operationId: operation.id,
    spec: record.spec,
    policy: operationPolicy(settings),
    kind: operation.kind,
    ...(operation.change ? { change: operation.change } : {}),
  };
  try {
    await client.startNew(orchestratorNames[operation.kind], { instanceId: operation.id, input });
  } catch (error) {
    // A concurrent identical request may have started it between the look and the start.
    if (await instanceStatus(client, operation.id).catch(() => undefined)) return;
    throw error;
  }
}

export async function liveOperation(client: DurableClient, record: ClusterRecord): Promise<LiveOperation | undefined> {
  const operation = runningOperation(record);
  if (!operation) return undefined;
  try {
    const status = await instanceStatus(client, operation.id);
    if (!status) return undefined; // not started yet: the record alone describes the cluster
    return { runtimeStatus: String(status.runtimeStatus), progress: (status.customStatus ?? undefined) as OperationProgress | undefined };
  } catch {
    return undefined;
  }
}
