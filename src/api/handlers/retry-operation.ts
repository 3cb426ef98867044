// POST /api/clusters/{name}/retry: runs a failed (or canceled) operation again as a new operation. Every step is
// an idempotent "ensure", so the steps that had succeeded finish at once and the work resumes at the failed one.
// Repeating the request while that retry has not ended answers the same (and starts it if it never started).
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { settings } from '../../config/settings';
import { operationId, runningOperation, type OperationRef, type ProvisioningState } from '../../clusters/record';
import { ClusterStore } from '../../clusters/store';
import type { OperationKind } from '../../domain/progress';
import { ApiError, notFound } from '../errors';
import { ensureOperationStarted } from '../operations';
import { clusterNameParam, findCluster, type Call } from '../route';
import { acceptedAnswer, notStarted } from './create-cluster';

/**
 * A retry under way: the running operation follows a failed or canceled one of its kind. (An id ending in -N says
 * only that the kind ran before: a second scale asked with PATCH has one too.)
 */
function retryUnderWay(operations: OperationRef[]): boolean {
  const [previous, running] = operations.slice(-2);
  return Boolean(
    running && !running.finishedAt && previous?.kind === running.kind && (previous.status === 'Failed' || previous.status === 'Canceled'),
  );
}

/** The state a retried operation starts in, as when it was first asked for. */
const startState: Record<OperationKind, ProvisioningState> = {
  create: 'Accepted',
  delete: 'Deleting',
  scale: 'Scaling',
  upgrade: 'Upgrading',
};

export async function retryOperation(request: HttpRequest, context: InvocationContext, call: Call): Promise<HttpResponseInit> {
  const config = settings();
  const name = clusterNameParam(request);
  const store = new ClusterStore(config);
  await findCluster(request, { store, owner: call.caller });
  // The outcome: why the retry is refused, if it is.
  const decided = await store.decide<ApiError | undefined>(name, (current) => {
    const running = runningOperation(current);
    if (retryUnderWay(current.operations)) return { outcome: undefined }; // this is a repeat
    const latest = current.operations.at(-1);
    if (!['Failed', 'Canceled'].includes(current.provisioningState) || !latest || running) {
      const refusal = new ApiError(
        409,
        'OperationNotRetryable',
        `Cluster '${name}' is ${current.provisioningState}; only a Failed or Canceled operation can be retried.`,
        'provisioningState',
      );
      return { outcome: refusal };
    }
    const attempt = current.operations.filter((operation) => operation.kind === latest.kind).length + 1;
    current.operations.push({
      id: operationId(name, current.generation, latest.kind, attempt),
      kind: latest.kind,
      startedAt: new Date().toISOString(),
      // A scale or upgrade is retried towards the same counts or version.
      ...(latest.change ? { change: latest.change } : {}),
    });
    current.provisioningState = startState[latest.kind];
    delete current.error;
    return { write: current, outcome: undefined };
  });
  if (!decided) throw notFound(name);
  const { record, outcome: refusal } = decided;
  if (refusal) throw refusal;
  call.audit.operationId = runningOperation(record)?.id;
  try {
    await ensureOperationStarted(df.getClient(context), config, record);
  } catch (error) {
    throw notStarted(context, record, error);
  }
  context.log(`Cluster '${name}': ${runningOperation(record)?.id} runs.`);
  return acceptedAnswer(record, 202);
}
