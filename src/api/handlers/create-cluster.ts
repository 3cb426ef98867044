// POST /api/clusters: validates, writes the cluster record, starts the create operation, answers 202.
// The same name with the same spec is the same cluster and operation (concurrent identical requests
// included: the record's ETag picks the one writer); a different spec is a 409, and so is a name being deleted.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { settings, type Settings } from '../../config/settings';
import { IdempotencyKeys } from '../../clusters/idempotency-keys';
import { cosmosAccountName, operationId, resourceGroupName, runningOperation, type ClusterRecord } from '../../clusters/record';
import { ClusterStore, RecordConflictError } from '../../clusters/store';
import { canonicalSpec, type ClusterSpec } from '../../domain/cluster-spec';
import { parseClusterSpec } from '../cluster-request';
import { clusterResource, isInProgress } from '../cluster-view';
import { ApiError } from '../errors';
import { jsonResponse, readJsonBody } from '../json';
import { apiLink } from '../links';
import { ensureOperationStarted } from '../operations';
import { readIdempotencyKey, withIdempotencyKey } from './idempotency';

const retryAfterSeconds = '5';

export function acceptedAnswer(record: ClusterRecord, status: number): HttpResponseInit {
  const headers: Record<string, string> = { location: apiLink(`/clusters/${record.name}`) };
  if (isInProgress(record)) headers['retry-after'] = retryAfterSeconds;
  return jsonResponse(status, clusterResource(record), headers);
}

/** The operation is recorded but its orchestration could not be confirmed started: repeating the request resumes it. */
export function notStarted(context: InvocationContext, record: ClusterRecord, error: unknown): ApiError {
  context.error(`Starting ${runningOperation(record)?.id ?? 'the operation'} failed: ${(error as Error).message}`);
  return new ApiError(
    503,
    'OperationNotStarted',
    `The request for cluster '${record.name}' was recorded, but its operation could not be started yet; repeat the same request to resume it.`,
    undefined,
    undefined,
    { 'retry-after': '10' },
  );
}

function newRecord(spec: ClusterSpec, generation: number, idempotencyKey: string | undefined): ClusterRecord {
  const now = new Date().toISOString();
  return {
    name: spec.name,
    generation,
    spec,
    provisioningState: 'Accepted',
    createdAt: now,
    updatedAt: now,
    operations: [{ id: operationId(spec.name, generation, 'create'), kind: 'create', startedAt: now }],
    outputs: { resourceGroup: resourceGroupName(spec.name), cosmosAccountName: cosmosAccountName(spec.name) },
    idempotencyKey,
  };
}

/** A record that exists for this name: a repeat of the same create, or a conflict. */
async function answerExisting(
  context: InvocationContext,
  config: Settings,
  record: ClusterRecord,
  spec: ClusterSpec,
): Promise<HttpResponseInit> {
  const latest = record.operations.at(-1);
  if (latest?.kind === 'delete') {
    const state = record.provisioningState;
    throw new ApiError(
      409,
      'ClusterBeingDeleted',
      `Cluster '${spec.name}' is ${state === 'Deleting' ? 'being deleted' : `in state ${state} after a delete`}; ` +
        'create it again once it is Deleted.',
      'provisioningState',
    );
  }
  if (canonicalSpec(record.spec) !== canonicalSpec(spec)) {
    throw new ApiError(
      409,
      'ClusterConflict',
      `Cluster '${spec.name}' already exists with a different specification (state ${record.provisioningState}); ` +
        'delete it first or use another name.',
      'name',
    );
  }
  // A repeat of the original request: make sure its operation runs (it may have been interrupted) and answer alike.
  try {
    await ensureOperationStarted(df.getClient(context), config, record);
  } catch (error) {
    throw notStarted(context, record, error);
  }
  return acceptedAnswer(record, isInProgress(record) ? 202 : 200);
}

export async function createCluster(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const config = settings();
  const body = await readJsonBody(request);
  const idempotencyKey = readIdempotencyKey(request);
  const spec = parseClusterSpec(body, config.allowedLocations);
  const keys = new IdempotencyKeys(config);
  return withIdempotencyKey(keys, idempotencyKey, `POST /clusters ${canonicalSpec(spec)}`, async () => {
    const store = new ClusterStore(config);
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await store.get(spec.name);
      if (current && current.record.provisioningState !== 'Deleted') return answerExisting(context, config, current.record, spec);
      const record = newRecord(spec, current ? current.record.generation + 1 : 1, idempotencyKey);
      try {
        await store.put(record, current?.etag);
      } catch (error) {
        if (error instanceof RecordConflictError) continue; // another request wrote it first: answer as a repeat
        throw error;
      }
      // From here on the record stays: its operation may have started even if starting it seemed to fail.
      try {
        await ensureOperationStarted(df.getClient(context), config, record);
      } catch (error) {
        throw notStarted(context, record, error);
      }
      context.log(`Cluster '${spec.name}' generation ${record.generation} accepted; operation ${record.operations[0]!.id}.`);
      return acceptedAnswer(record, 202);
    }
    throw new ApiError(409, 'ConcurrentRequests', `Cluster '${spec.name}' is being changed by concurrent requests; retry.`, 'name');
  });
}
