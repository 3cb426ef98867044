// DELETE /api/clusters/{name}: stops a running operation, then starts the teardown (202). Repeating it while
// the teardown runs answers the same; a teardown that failed is run again as a new attempt.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { settings } from '../../config/settings';
import { operationId, runningOperation } from '../../clusters/record';
import { ClusterStore } from '../../clusters/store';
import { notFound } from '../errors';
import { findCluster, type Call } from '../route';
import { ensureOperationStarted } from '../operations';
import { acceptedAnswer, notStarted } from './create-cluster';

export async function deleteCluster(request: HttpRequest, context: InvocationContext, call: Call): Promise<HttpResponseInit> {
  const config = settings();
  const store = new ClusterStore(config);
  const client = df.getClient(context);
  const { name, record: current } = await findCluster(request, { store, owner: call.caller });
  if (current.provisioningState === 'Deleted') return { status: 204 };

  // The outcome: the operation this delete stops, if one was running.
  const decided = await store.decide(name, (fresh) => {
    if (fresh.provisioningState === 'Deleted') return { outcome: undefined };
    const running = runningOperation(fresh);
    if (running?.kind === 'delete') return { outcome: undefined }; // a teardown is already under way
    if (running) {
      // Its late writes to the record are ignored from now on, and its activities can take no new lease.
      running.finishedAt = new Date().toISOString();
      running.status = 'Canceled';
    }
    const attempt = fresh.operations.filter((operation) => operation.kind === 'delete').length + 1;
    fresh.operations.push({
      id: operationId(name, fresh.generation, 'delete', attempt),
      kind: 'delete',
      startedAt: new Date().toISOString(),
    });
    fresh.provisioningState = 'Deleting';
    delete fresh.error;
    return { write: fresh, outcome: running?.id };
  });
  if (!decided) throw notFound(name);
  const { record, outcome: stopped } = decided;
  if (record.provisioningState === 'Deleted') return { status: 204 };
  call.audit.operationId = runningOperation(record)?.id;
  if (stopped) await client.terminate(stopped, 'The cluster is being deleted.').catch(() => undefined);
  try {
    await ensureOperationStarted(client, config, record);
  } catch (error) {
    throw notStarted(context, record, error);
  }
  return acceptedAnswer(record, 202);
}
