// POST /api/clusters: validates, writes the cluster record, starts the create orchestration, answers 202.
// The same name with the same spec returns the same cluster and operation; a different spec is a 409.
import { createHash } from 'node:crypto';
import { RestError } from '@azure/core-rest-pipeline';
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { settings } from '../../config/settings';
import { container } from '../../azure/blob-storage';
import { cosmosAccountName, operationId, resourceGroupName, type ClusterRecord } from '../../clusters/record';
import { ClusterStore, RecordConflictError } from '../../clusters/store';
import { canonicalSpec, parseClusterSpec, type ClusterSpec } from '../cluster-spec';
import { clusterResource, isInProgress } from '../cluster-view';
import { ApiError } from '../errors';
import { baseUrl } from '../handler';
import { jsonResponse, readJsonBody } from '../json';
import { startOperation } from '../operations';

const retryAfterSeconds = '5';

function readIdempotencyKey(request: HttpRequest): string | undefined {
  const key = request.headers.get('idempotency-key');
  if (key === null) return undefined;
  if (key.length === 0 || key.length > 256 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ApiError(
      400,
      'InvalidIdempotencyKey',
      'The Idempotency-Key header must be 1-256 visible ASCII characters.',
      'Idempotency-Key',
    );
  }
  return key;
}

/** Binds an Idempotency-Key to the first request that used it; another request with that key is refused. */
async function claimIdempotencyKey(key: string, spec: ClusterSpec): Promise<void> {
  const blob = (await container(settings(), 'records')).getBlockBlobClient(
    `idempotency/${createHash('sha256').update(key).digest('hex')}.json`,
  );
  const claim = JSON.stringify({ name: spec.name, spec: createHash('sha256').update(canonicalSpec(spec)).digest('hex') });
  try {
    await blob.upload(claim, Buffer.byteLength(claim), { conditions: { ifNoneMatch: '*' } });
  } catch (error) {
    if (!(error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412))) throw error;
    const existing = (await blob.downloadToBuffer()).toString('utf8');
    if (existing !== claim) {
      throw new ApiError(422, 'IdempotencyKeyReused', 'This Idempotency-Key was already used for a different request.', 'Idempotency-Key');
    }
  }
}

function answer(request: HttpRequest, record: ClusterRecord, status: number): HttpResponseInit {
  const base = baseUrl(request);
  const headers: Record<string, string> = { location: `${base}/api/clusters/${record.name}` };
  if (isInProgress(record)) headers['retry-after'] = retryAfterSeconds;
  return jsonResponse(status, clusterResource(record, base), headers);
}

export async function createCluster(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const config = settings();
  const body = await readJsonBody(request);
  const idempotencyKey = readIdempotencyKey(request);
  const spec = parseClusterSpec(body, config.allowedLocations);
  if (idempotencyKey) await claimIdempotencyKey(idempotencyKey, spec);
  const store = new ClusterStore(config);
  const client = df.getClient(context);

  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await store.get(spec.name);
    if (current && current.record.provisioningState !== 'Deleted') {
      const record = current.record;
      if (canonicalSpec(record.spec) !== canonicalSpec(spec)) {
        throw new ApiError(
          409,
          'ClusterConflict',
          `Cluster '${spec.name}' already exists with a different specification (state ${record.provisioningState}); delete it first or use another name.`,
          'name',
        );
      }
      // A repeat of the original request: make sure its operation runs (it may have been interrupted) and answer alike.
      const operation = record.operations.at(-1);
      if (operation?.kind === 'create' && !operation.finishedAt) await startOperation(client, config, record, 'create');
      return answer(request, record, isInProgress(record) ? 202 : 200);
    }
    const now = new Date().toISOString();
    const generation = current ? current.record.generation + 1 : 1;
    const record: ClusterRecord = {
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
    let etag: string;
    try {
      etag = await store.put(record, current?.etag);
    } catch (error) {
      if (error instanceof RecordConflictError) continue; // another request created it first: answer as a repeat
      throw error;
    }
    try {
      await startOperation(client, config, record, 'create');
    } catch (error) {
      // Never leave a record that no orchestration will ever move: put back what was there.
      context.error(`Starting the create operation of '${spec.name}' failed: ${(error as Error).message}`);
      if (current) await store.put(current.record, etag).catch(() => undefined);
      else await (await container(config, 'records')).deleteBlob(`clusters/${spec.name}.json`).catch(() => undefined);
      throw new ApiError(
        503,
        'OperationNotStarted',
        'The provisioning operation could not be started; nothing was created. Retry the request.',
        undefined,
        undefined,
        { 'retry-after': '10' },
      );
    }
    context.log(`Cluster '${spec.name}' generation ${generation} accepted; operation ${record.operations[0]!.id}.`);
    return answer(request, record, 202);
  }
  throw new ApiError(409, 'ConcurrentRequests', `Cluster '${spec.name}' is being changed by concurrent requests; retry.`, 'name');
}
