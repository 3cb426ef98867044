// POST /api/clusters: validates, writes the cluster record, starts the create operation, answers 202.
// The same name with the same spec is the same cluster and operation (concurrent identical requests
// included: the record's ETag picks the one writer); a different spec is a 409, and so is a name being deleted.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { settings, type Settings } from '../../config/settings';
import { IdempotencyKeys } from '../../clusters/idempotency-keys';
import { cosmosAccountName, operationId, resourceGroupName, runningOperation, type ClusterRecord } from '../../clusters/record';
import { ClusterStore, RecordConflictError } from '../../clusters/store';
import { kubernetesVersions } from '../../aks-engine/versions';
import { creatorOf, type Caller } from '../../auth/caller';
import { CallerQuotas, exceededLimits } from '../../clusters/quotas';
import { canonicalSpec, nodeCount, vcpuCount, type ClusterSpec } from '../../domain/cluster-spec';
import { vmSizes } from '../../domain/vm-sizes';
import { conflictCodes, type Finding } from '../../preflight/findings';
import { preflight } from '../../preflight/preflight';
import { clusterSpecFrom, type CreateClusterBody } from '../cluster-request';
import { clusterResource, isInProgress } from '../cluster-view';
import { ApiError } from '../errors';
import { jsonResponse } from '../json';
import { apiLink } from '../links';
import { ensureOperationStarted } from '../operations';
import { requireOwner, type Call } from '../route';
import { readIdempotencyKey, withIdempotencyKey } from './idempotency';

const retryAfterSeconds = '5';

/** A version aks-engine v0.32.3 cannot deploy is refused before anything else happens. */
async function requireSupportedVersion(config: Settings, version: string): Promise<void> {
  const versions = await kubernetesVersions(config);
  if (versions.has(version)) return;
  throw new ApiError(
    400,
    'UnsupportedKubernetesVersion',
    `aks-engine v0.32.3 does not support Kubernetes ${version}; supported: ${[...versions.keys()].join(', ')}.`,
    'orchestratorProfile.orchestratorVersion',
  );
}

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
    `The request for cluster '${record.name}' was recorded, but its operation could not be started yet; ` +
      'repeat the same request to resume it.',
    undefined,
    undefined,
    { 'retry-after': '10' },
  );
}

function newRecord(spec: ClusterSpec, generation: number, idempotencyKey: string | undefined, caller: Caller): ClusterRecord {
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
    createdBy: creatorOf(caller),
  };
}

/** The caller's limits this cluster would pass, as findings naming each limit. */
async function quotaFindings(config: Settings, store: ClusterStore, caller: Caller, spec: ClusterSpec): Promise<Finding[]> {
  const { limits } = await new CallerQuotas(config).get(caller.objectId);
  const usage = await store.usage(caller.objectId, spec.name);
  const adding = { clusters: 1, vms: nodeCount(spec), vcpus: vcpuCount(spec, (size) => vmSizes[size]?.vcpus ?? 0) };
  return exceededLimits(limits, usage, adding).map((entry) => ({
    severity: 'error',
    code: 'QuotaExceeded',
    target: `quota.${entry.limit}`,
    message: `${entry.message} Delete clusters, ask for fewer or smaller VMs, or ask an admin to raise the quota.`,
  }));
}

/** Refuses, before anything exists, a cluster past the caller's limits (403) or one Azure would refuse (409/400). */
async function refuseDoomed(config: Settings, store: ClusterStore, caller: Caller, spec: ClusterSpec): Promise<void> {
  const quota = await quotaFindings(config, store, caller, spec);
  if (quota.length > 0) {
    const limits = quota.map((finding) => finding.target!.replace('quota.', '')).join(', ');
    throw new ApiError(
      403,
      'QuotaExceeded',
      `The request exceeds the caller's ${limits} quota: ${quota[0]!.message}`,
      quota[0]!.target,
      quota.map(asDetail),
    );
  }
  const errors = (await preflight(config, spec)).filter((finding) => finding.severity === 'error');
  if (errors.length === 0) return;
  const status = errors.some((finding) => conflictCodes.has(finding.code)) ? 409 : 400;
  throw new ApiError(
    status,
    'PreflightFailed',
    `Azure would refuse this cluster: ${errors[0]!.message}`,
    errors[0]!.target,
    errors.map(asDetail),
  );
}

const asDetail = (finding: Finding) => ({
  code: finding.code,
  message: finding.message,
  ...(finding.target ? { target: finding.target } : {}),
});

/** POST /api/clusters?validateOnly=true: every check a create runs, and nothing created. */
async function validateOnly(config: Settings, caller: Caller, spec: ClusterSpec): Promise<HttpResponseInit> {
  const store = new ClusterStore(config);
  const existing = await store.get(spec.name);
  const findings: Finding[] =
    existing && existing.record.provisioningState !== 'Deleted'
      ? [
          {
            severity: 'error',
            code: 'ClusterExists',
            target: 'name',
            message: `Cluster '${spec.name}' exists (state ${existing.record.provisioningState}).`,
          },
        ]
      : [...(await quotaFindings(config, store, caller, spec)), ...(await preflight(config, spec))];
  return jsonResponse(200, { valid: !findings.some((finding) => finding.severity === 'error'), findings });
}

/** A record that exists for this name: a repeat of the same create, or a conflict. */
async function answerExisting(
  context: InvocationContext,
  config: Settings,
  record: ClusterRecord,
  spec: ClusterSpec,
  caller: Caller,
): Promise<HttpResponseInit> {
  requireOwner(caller, record);
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

export async function createCluster(request: HttpRequest, context: InvocationContext, call: Call): Promise<HttpResponseInit> {
  const config = settings();
  const idempotencyKey = readIdempotencyKey(request);
  const spec = clusterSpecFrom(call.body as CreateClusterBody, config.allowedLocations);
  await requireSupportedVersion(config, spec.orchestratorProfile.orchestratorVersion);
  call.audit.cluster = spec.name;
  if (request.query.get('validateOnly') === 'true') return validateOnly(config, call.caller, spec);
  const keys = new IdempotencyKeys(config);
  return withIdempotencyKey(keys, idempotencyKey, `POST /clusters ${canonicalSpec(spec)}`, async () => {
    const store = new ClusterStore(config);
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await store.get(spec.name);
      if (current && current.record.provisioningState !== 'Deleted') {
        call.audit.operationId = current.record.operations.at(-1)?.id;
        return answerExisting(context, config, current.record, spec, call.caller);
      }
      await refuseDoomed(config, store, call.caller, spec);
      const record = newRecord(spec, current ? current.record.generation + 1 : 1, idempotencyKey, call.caller);
      call.audit.operationId = record.operations[0]!.id;
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
