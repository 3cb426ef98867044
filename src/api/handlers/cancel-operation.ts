// POST /api/clusters/{name}/cancel: stops a running create, like AKS's abort. What was created so far stays
// (delete or retry the cluster afterwards); a teardown is never canceled, and a finished operation is a 409.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { settings } from '../../config/settings';
import { ClusterStore } from '../../clusters/store';
import type { StepProgress } from '../../provisioning/progress';
import { clusterResource } from '../cluster-view';
import { ApiError, notFound } from '../errors';
import { baseUrl, findCluster } from '../handler';
import { jsonResponse } from '../json';
import { liveOperation } from '../operations';

export async function cancelOperation(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const store = new ClusterStore(settings());
  const client = df.getClient(context);
  const { name, record: current } = await findCluster(request, store);
  const latest = current.operations.at(-1);
  if (!latest || latest.finishedAt || latest.kind !== 'create') {
    throw new ApiError(
      409,
      'OperationNotCancelable',
      latest?.kind === 'delete' && !latest.finishedAt
        ? `Cluster '${name}' is being deleted; a teardown cannot be canceled.`
        : `Cluster '${name}' has no running create operation to cancel (state ${current.provisioningState}).`,
      'provisioningState',
    );
  }
  const live = await liveOperation(client, current);
  await client.terminate(latest.id, 'Canceled by request.').catch(() => undefined);
  const now = new Date().toISOString();
  const steps: StepProgress[] = (live?.progress?.steps ?? []).map((step) =>
    step.state === 'Running' || step.state === 'Retrying'
      ? { ...step, state: 'Canceled', finishedAt: now }
      : step.state === 'Pending'
        ? { ...step, state: 'Skipped' }
        : step,
  );
  const record = await store.update(name, (fresh) => {
    const operation = fresh.operations.at(-1);
    if (!operation || operation.id !== latest.id || operation.finishedAt) return undefined; // it ended on its own meanwhile
    operation.finishedAt = now;
    operation.status = 'Canceled';
    operation.steps = steps;
    fresh.provisioningState = 'Canceled';
    fresh.error = {
      code: 'OperationCanceled',
      message: 'The create operation was canceled by request; delete the cluster or retry it.',
      retryable: true,
    };
    return fresh;
  });
  if (!record) throw notFound(name);
  if (record.operations.at(-1)?.status !== 'Canceled') {
    throw new ApiError(
      409,
      'OperationNotCancelable',
      `Cluster '${name}' finished (${record.provisioningState}) before it could be canceled.`,
      'provisioningState',
    );
  }
  return jsonResponse(200, clusterResource(record, baseUrl(request)));
}
