// PATCH /api/clusters/{name} (merge patch): change an agent pool's count (scale) or the Kubernetes version
// (upgrade), as a long-running operation like a create (202, Location, Retry-After). One operation at a time; the
// same patch again is the same operation; whatever cannot change after creation is refused, naming the field.
// Agent pools in the patch are matched by name (only the named pools change), unlike a merge patch's arrays.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { settings, type Settings } from '../../config/settings';
import { kubernetesVersions } from '../../aks-engine/versions';
import { IdempotencyKeys } from '../../clusters/idempotency-keys';
import { CallerQuotas, exceededLimits } from '../../clusters/quotas';
import { operationId, runningOperation, type ClusterRecord } from '../../clusters/record';
import { ClusterStore } from '../../clusters/store';
import { applyChange, canonicalSpec, nodeCount, vcpuCount, type ClusterChange } from '../../domain/cluster-spec';
import { vmSizes } from '../../domain/vm-sizes';
import { clusterResource } from '../cluster-view';
import { ApiError, invalidRequest, notFound, type ErrorDetail } from '../errors';
import { jsonResponse } from '../json';
import { ensureOperationStarted } from '../operations';
import { findCluster, type Call } from '../route';
import { acceptedAnswer, notStarted } from './create-cluster';
import { readIdempotencyKey, withIdempotencyKey } from './idempotency';

interface ClusterPatch {
  orchestratorProfile?: { orchestratorVersion: string };
  agentPoolProfiles?: Array<{ name: string; count?: number; vmSize?: unknown; availabilityProfile?: unknown }>;
  name?: unknown;
  location?: unknown;
  masterProfile?: unknown;
  linuxProfile?: unknown;
  tags?: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The change a patch asks for, or a 400 naming each field that cannot change or pool that does not exist. */
function changeFrom(record: ClusterRecord, patch: ClusterPatch): ClusterChange {
  const spec = record.spec;
  const details: ErrorDetail[] = [];
  const immutable = (target: string) =>
    details.push({ code: 'ImmutableField', target, message: `'${target}' cannot change after the cluster is created.` });
  for (const field of ['name', 'location', 'masterProfile', 'linuxProfile', 'tags'] as const) {
    if (patch[field] !== undefined && !same(patch[field], spec[field])) immutable(field);
  }
  const pools: Array<{ name: string; count: number }> = [];
  (patch.agentPoolProfiles ?? []).forEach((entry, index) => {
    const pool = spec.agentPoolProfiles.find((candidate) => candidate.name === entry.name);
    const target = `agentPoolProfiles[${index}]`;
    if (!pool) {
      details.push({
        code: 'AgentPoolNotFound',
        target: `${target}.name`,
        message: `Cluster '${spec.name}' has no agent pool '${entry.name}'.`,
      });
      return;
    }
    if (entry.vmSize !== undefined && entry.vmSize !== pool.vmSize) immutable(`${target}.vmSize`);
    if (entry.availabilityProfile !== undefined && entry.availabilityProfile !== pool.availabilityProfile)
      immutable(`${target}.availabilityProfile`);
    if (entry.count !== undefined && entry.count !== pool.count) pools.push({ name: pool.name, count: entry.count });
  });
  const version = patch.orchestratorProfile?.orchestratorVersion;
  const upgrade = version !== undefined && version !== spec.orchestratorProfile.orchestratorVersion;
  if (upgrade && pools.length > 0) {
    details.push({
      code: 'OneChangeAtATime',
      target: 'orchestratorProfile.orchestratorVersion',
      message: 'Change the Kubernetes version or agent pool counts, not both in one request.',
    });
  }
  if (details.length > 0) throw invalidRequest(details);
  return upgrade ? { orchestratorVersion: version } : pools.length > 0 ? { agentPools: pools } : {};
}

async function checkUpgrade(config: Settings, record: ClusterRecord, version: string): Promise<void> {
  const current = record.spec.orchestratorProfile.orchestratorVersion;
  const upgrades = (await kubernetesVersions(config)).get(current) ?? [];
  if (!upgrades.includes(version)) {
    throw new ApiError(
      400,
      'UpgradeNotAvailable',
      `Kubernetes ${current} cannot be upgraded to ${version} with aks-engine v0.32.3; available: ${upgrades.join(', ') || 'none'} ` +
        `(GET /api/clusters/${record.name}/upgrades).`,
      'orchestratorProfile.orchestratorVersion',
    );
  }
}

async function checkQuota(config: Settings, store: ClusterStore, record: ClusterRecord, change: ClusterChange): Promise<void> {
  const owner = record.createdBy?.objectId;
  if (!owner || !change.agentPools) return;
  const target = applyChange(record.spec, change);
  const vcpus = (size: string) => vmSizes[size]?.vcpus ?? 0;
  const adding = {
    clusters: 0,
    vms: nodeCount(target) - nodeCount(record.spec),
    vcpus: vcpuCount(target, vcpus) - vcpuCount(record.spec, vcpus),
  };
  const exceeded = exceededLimits((await new CallerQuotas(config).get(owner)).limits, await store.usage(owner), adding);
  if (exceeded.length > 0) {
    const details = exceeded.map((entry) => ({ code: 'QuotaExceeded', target: `quota.${entry.limit}`, message: entry.message }));
    throw new ApiError(
      403,
      'QuotaExceeded',
      `The change exceeds the owner's ${exceeded[0]!.limit} quota: ${exceeded[0]!.message}`,
      details[0]!.target,
      details,
    );
  }
}

const wasCreated = (record: ClusterRecord) =>
  record.operations.some((operation) => operation.kind === 'create' && operation.status === 'Succeeded');

export async function updateCluster(request: HttpRequest, context: InvocationContext, call: Call): Promise<HttpResponseInit> {
  const config = settings();
  const store = new ClusterStore(config);
  const { name, record: current } = await findCluster(request, { store, owner: call.caller });
  const change = changeFrom(current, call.body as ClusterPatch);
  if (change.orchestratorVersion) await checkUpgrade(config, current, change.orchestratorVersion);
  const key = readIdempotencyKey(request);
  return withIdempotencyKey(new IdempotencyKeys(config), key, `PATCH /clusters/${name} ${JSON.stringify(change)}`, async () => {
    await checkQuota(config, store, current, change);
    // The outcome: a refusal, or whether this is the same patch again (the same operation).
    const decided = await store.decide<{ refusal?: ApiError; repeat?: boolean }>(name, (fresh) => {
      const running = runningOperation(fresh);
      if (running && (running.kind === 'scale' || running.kind === 'upgrade') && same(running.change, change)) {
        return { outcome: { repeat: true } };
      }
      if (running) {
        const refusal = new ApiError(
          409,
          'OperationInProgress',
          `Cluster '${name}' has a ${running.kind} operation running (${running.id}); wait for it or cancel it.`,
          'provisioningState',
        );
        return { outcome: { refusal } };
      }
      if (fresh.provisioningState === 'Deleted' || fresh.generation !== current.generation || !wasCreated(fresh)) {
        const refusal = new ApiError(
          409,
          'ClusterNotReady',
          `Cluster '${name}' is ${fresh.provisioningState}; only a created cluster can be changed.`,
          'provisioningState',
        );
        return { outcome: { refusal } };
      }
      if (canonicalSpec(applyChange(fresh.spec, change)) === canonicalSpec(fresh.spec)) return { outcome: {} }; // nothing to change
      const kind = change.orchestratorVersion ? 'upgrade' : 'scale';
      const attempt = fresh.operations.filter((operation) => operation.kind === kind).length + 1;
      fresh.operations.push({ id: operationId(name, fresh.generation, kind, attempt), kind, startedAt: new Date().toISOString(), change });
      fresh.provisioningState = kind === 'upgrade' ? 'Upgrading' : 'Scaling';
      delete fresh.error;
      return { write: fresh, outcome: {} };
    });
    if (!decided) throw notFound(name);
    const {
      record,
      outcome: { refusal, repeat },
    } = decided;
    if (refusal) throw refusal;
    const running = runningOperation(record);
    if (!running || (!repeat && !same(running.change, change))) return jsonResponse(200, clusterResource(record));
    call.audit.operationId = running.id;
    try {
      await ensureOperationStarted(df.getClient(context), config, record);
    } catch (error) {
      throw notStarted(context, record, error);
    }
    return acceptedAnswer(record, 202);
  });
}
