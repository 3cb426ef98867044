// POST /api/clusters/{name}/retry: runs a failed (or canceled) create or delete again as a new operation. Every step is an
// idempotent "ensure", so the steps that had succeeded finish at once and the work resumes at the failed one.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { settings } from '../../config/settings';
import { operationId } from '../../clusters/record';
import { ClusterStore } from '../../clusters/store';
import { clusterResource } from '../cluster-view';
import { ApiError, notFound } from '../errors';
import { baseUrl, clusterNameParam } from '../handler';
import { jsonResponse } from '../json';
import { startOperation } from '../operations';

export async function retryOperation(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const config = settings();
  const name = clusterNameParam(request);
  const store = new ClusterStore(config);
  let refusal: ApiError | undefined;
  const record = await store.update(name, (current) => {
    const latest = current.operations.at(-1);
    if (!['Failed', 'Canceled'].includes(current.provisioningState) || !latest) {
      refusal = new ApiError(
        409,
        'OperationNotRetryable',
        `Cluster '${name}' is ${current.provisioningState}; only a Failed or Canceled operation can be retried.`,
        'provisioningState',
      );
      return undefined;
    }
    const attempt = current.operations.filter((operation) => operation.kind === latest.kind).length + 1;
    current.operations.push({
      id: operationId(name, current.generation, latest.kind, attempt),
      kind: latest.kind,
      startedAt: new Date().toISOString(),
    });
    current.provisioningState = latest.kind === 'create' ? 'Accepted' : 'Deleting';
    delete current.error;
    return current;
  });
  if (!record) throw notFound(name);
  if (refusal) throw refusal;
  const operation = record.operations.at(-1)!;
  await startOperation(df.getClient(context), config, record, operation.kind);
  context.log(`Cluster '${name}': ${operation.kind} retried as ${operation.id}.`);
  const base = baseUrl(request);
  return jsonResponse(202, clusterResource(record, base), { location: `${base}/api/clusters/${name}`, 'retry-after': '5' });
}
