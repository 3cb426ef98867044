// POST /api/clusters/{name}/cancel: stops a running create, like AKS's abort. What was created so far stays
// (delete or retry the cluster afterwards); a teardown is never canceled, and a finished operation is a 409.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { settings } from '../../config/settings';
import { runningOperation } from '../../clusters/record';
import { ClusterStore } from '../../clusters/store';
import type { StepProgress } from '../../domain/progress';
import { clusterResource } from '../cluster-view';
import { ApiError, notFound } from '../errors';
import { jsonResponse } from '../json';
import { liveOperation } from '../operations';
import { findCluster, type Call } from '../route';

function notCancelable(name: string, message: string): ApiError {
  return new ApiError(409, 'OperationNotCancelable', message.replace('{name}', name), 'provisioningState');
}

export async function cancelOperation(request: HttpRequest, context: InvocationContext, call: Call): Promise<HttpResponseInit> {
  const store = new ClusterStore(settings());
  const client = df.getClient(context);
  const { name, record: current } = await findCluster(request, { store, owner: call.caller });
  const running = runningOperation(current);
  if (running?.kind === 'delete') throw notCancelable(name, `Cluster '{name}' is being deleted; a teardown cannot be canceled.`);
  if (!running) throw notCancelable(name, `Cluster '{name}' has no running operation to cancel (state ${current.provisioningState}).`);
  call.audit.operationId = running.id;
  const live = await liveOperation(client, current);
  const now = new Date().toISOString();
  const steps: StepProgress[] = (live?.progress?.steps ?? []).map((step) => {
    if (step.state === 'Running' || step.state === 'Retrying') return { ...step, state: 'Canceled', finishedAt: now };
    return step.state === 'Pending' ? { ...step, state: 'Skipped' } : step;
  });
  // The record first: from then on the operation's writes are ignored and its activities take no new lease.
  const record = await store.update(name, (fresh) => {
    const operation = runningOperation(fresh);
    if (operation?.id !== running.id) return undefined; // it ended on its own meanwhile
    operation.finishedAt = now;
    operation.status = 'Canceled';
    operation.steps = steps;
    fresh.provisioningState = 'Canceled';
    fresh.error = {
      code: 'OperationCanceled',
      message: `The ${running.kind} operation was canceled by request; delete the cluster or retry it.`,
      retryable: true,
    };
    return fresh;
  });
  if (!record) throw notFound(name);
  if (record.operations.find((operation) => operation.id === running.id)?.status !== 'Canceled') {
    throw notCancelable(name, `Cluster '{name}' finished (${record.provisioningState}) before it could be canceled.`);
  }
  await client.terminate(running.id, 'Canceled by request.').catch(() => undefined);
  return jsonResponse(200, clusterResource(record));
}
