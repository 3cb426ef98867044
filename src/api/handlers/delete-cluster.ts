// DELETE /api/clusters/{name}: stops a running provisioning, then starts the teardown operation (202).
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { settings } from '../../config/settings';
import { operationId } from '../../clusters/record';
import { ClusterStore } from '../../clusters/store';
import { clusterResource } from '../cluster-view';
import { notFound } from '../errors';
import { baseUrl, findCluster } from '../handler';
import { jsonResponse } from '../json';
import { startOperation } from '../operations';

export async function deleteCluster(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const config = settings();
  const store = new ClusterStore(config);
  const client = df.getClient(context);
  const { name, record: current } = await findCluster(request, store);
  if (current.provisioningState === 'Deleted') return { status: 204 };

  const previous = current.operations.at(-1);
  if (previous?.kind === 'create' && !previous.finishedAt) {
    // Stop provisioning first; its late writes to the record are ignored once the delete is the latest operation.
    await client.terminate(previous.id, 'The cluster is being deleted.').catch(() => undefined);
  }
  const deleteId = operationId(name, current.generation, 'delete');
  const record = await store.update(name, (current) => {
    const latest = current.operations.at(-1);
    if (latest?.id === deleteId && !latest.finishedAt) return undefined; // a delete is already under way
    if (latest && !latest.finishedAt) {
      latest.finishedAt = new Date().toISOString();
      latest.status = 'Canceled';
    }
    current.operations = current.operations.filter((operation) => operation.id !== deleteId);
    current.operations.push({ id: deleteId, kind: 'delete', startedAt: new Date().toISOString() });
    current.provisioningState = 'Deleting';
    return current;
  });
  if (!record) throw notFound(name);
  await startOperation(client, config, record, 'delete');
  const base = baseUrl(request);
  return jsonResponse(202, clusterResource(record, base), { location: `${base}/api/clusters/${name}`, 'retry-after': '5' });
}
