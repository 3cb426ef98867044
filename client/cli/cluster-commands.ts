// The commands about clusters and their operations: create, get, list, wait, delete, cancel, retry, operations.
import { ApiError } from '../errors';
import { isInProgress } from '../polling';
import type { Cluster, ClusterCreateRequest } from '../types';
import type { CliContext } from './context';
import { buildCreateRequest, type CreateFlags } from './create-spec';
import { UsageError } from './exit-codes';
import { clusterSummary, table } from './render';
import { reportOutcome, waitWithProgress, type WaitFlags } from './waiting';

export interface CreateCommandFlags extends CreateFlags, WaitFlags {
  wait?: boolean;
  idempotencyKey?: string;
  validateOnly?: boolean;
}

export async function createCommand(ctx: CliContext, name: string | undefined, flags: CreateCommandFlags): Promise<void> {
  const body = buildCreateRequest(name, flags);
  if (flags.validateOnly) return validateCommand(ctx, body);
  const accepted = await ctx.client.createCluster(body, { idempotencyKey: flags.idempotencyKey });
  await afterStart(ctx, accepted, flags);
}

/** The preflight: what a create would run into, and nothing created. A spec with an error finding exits 2. */
async function validateCommand(ctx: CliContext, body: ClusterCreateRequest): Promise<void> {
  const result = await ctx.client.validateCluster(body);
  if (ctx.output === 'json') ctx.printJson(result);
  else if (result.findings.length === 0) ctx.print(`Cluster ${body.name} would pass every check.`);
  else
    ctx.print(
      table(
        ['SEVERITY', 'CODE', 'TARGET', 'MESSAGE'],
        result.findings.map((f) => [f.severity, f.code, f.target ?? '', f.message]),
      ),
    );
  if (!result.valid) throw new UsageError(`Cluster ${body.name} would be refused (see the findings).`);
}

export interface ChangeFlags extends WaitFlags {
  wait?: boolean;
  idempotencyKey?: string;
}

/** Scale one agent pool to a node count. */
export async function scaleCommand(ctx: CliContext, name: string, flags: ChangeFlags & { pool?: string; count: number }): Promise<void> {
  const pool = flags.pool ?? (await ctx.client.getCluster(name)).properties.agentPoolProfiles[0]?.name ?? 'agent';
  const cluster = await ctx.client.updateCluster(
    name,
    { agentPoolProfiles: [{ name: pool, count: flags.count }] },
    { idempotencyKey: flags.idempotencyKey },
  );
  await afterStart(ctx, cluster, flags);
}

/** Upgrade Kubernetes to a version `aks-cosmos upgrades NAME` lists. */
export async function upgradeCommand(ctx: CliContext, name: string, version: string, flags: ChangeFlags): Promise<void> {
  const cluster = await ctx.client.updateCluster(
    name,
    { orchestratorProfile: { orchestratorVersion: version } },
    { idempotencyKey: flags.idempotencyKey },
  );
  await afterStart(ctx, cluster, flags);
}

export async function upgradesCommand(ctx: CliContext, name: string): Promise<void> {
  const profile = await ctx.client.listUpgrades(name);
  if (ctx.output === 'json') return ctx.printJson(profile);
  const upgrades = profile.upgrades.map((upgrade) => upgrade.orchestratorVersion);
  ctx.print(`Kubernetes ${profile.currentVersion}; upgrades: ${upgrades.length > 0 ? upgrades.join(', ') : 'none'}.`);
}

export async function getCommand(ctx: CliContext, name: string): Promise<void> {
  const cluster = await ctx.client.getCluster(name);
  if (ctx.output === 'json') ctx.printJson(cluster);
  else ctx.print(clusterSummary(cluster));
}

export async function listCommand(ctx: CliContext, flags: { state?: string; top?: number }): Promise<void> {
  const clusters: Cluster[] = [];
  for await (const cluster of ctx.client.listClusters({ state: flags.state, top: flags.top })) clusters.push(cluster);
  if (ctx.output === 'json') return ctx.printJson({ value: clusters, nextLink: null });
  if (clusters.length === 0) return ctx.print('No clusters.');
  const rows = clusters.map((cluster) => {
    const p = cluster.properties;
    const operation = p.operation ? `${p.operation.kind} ${p.operation.status}` : '';
    return [cluster.name, p.provisioningState, `${p.percentComplete}%`, cluster.location, operation, p.createdAt ?? ''];
  });
  ctx.print(table(['NAME', 'STATE', 'DONE', 'LOCATION', 'OPERATION', 'CREATED'], rows));
}

export async function waitCommand(ctx: CliContext, name: string, flags: WaitFlags): Promise<void> {
  const first = await ctx.client.getCluster(name);
  const final = isInProgress(first) ? await waitWithProgress(ctx, name, flags, first) : first;
  reportOutcome(ctx, final);
}

export async function deleteCommand(ctx: CliContext, name: string, flags: WaitFlags & { wait?: boolean }): Promise<void> {
  const deleting = await ctx.client.deleteCluster(name);
  if (!deleting) {
    // 204: it was deleted before; its record still says so (and when, and by which operation).
    const gone = await ctx.client.getCluster(name).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    });
    if (ctx.output === 'json') ctx.printJson(gone ?? null);
    else ctx.print(`Cluster ${name} is already deleted.`);
    return;
  }
  try {
    await afterStart(ctx, deleting, flags);
  } catch (error) {
    // A service that purges deleted records may answer 404 before the last poll: the cluster is gone.
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    if (ctx.output === 'json') ctx.printJson(null);
    else ctx.print(`Cluster ${name} Deleted.`);
  }
}

export async function cancelCommand(ctx: CliContext, name: string): Promise<void> {
  const cluster = await ctx.client.cancelOperation(name);
  if (ctx.output === 'json') return ctx.printJson(cluster);
  ctx.print(
    `Cluster ${name} is ${cluster.properties.provisioningState}. What was created stays until ` +
      `aks-cosmos delete ${name}, or aks-cosmos retry ${name} to finish it.`,
  );
}

export async function retryCommand(ctx: CliContext, name: string, flags: WaitFlags & { wait?: boolean }): Promise<void> {
  const cluster = await ctx.client.retryOperation(name);
  await afterStart(ctx, cluster, flags);
}

export async function operationsCommand(ctx: CliContext, name: string): Promise<void> {
  const operations = await ctx.client.listOperations(name);
  if (ctx.output === 'json') return ctx.printJson({ value: operations });
  const rows = operations.map((operation) => [
    operation.id,
    operation.kind,
    operation.status ?? '',
    operation.startedAt,
    operation.finishedAt ?? '',
  ]);
  ctx.print(table(['ID', 'KIND', 'STATUS', 'STARTED', 'FINISHED'], rows));
}

/** After a create, delete or retry was accepted: wait with progress (--wait), or say how to follow it. */
async function afterStart(ctx: CliContext, started: Cluster, flags: WaitFlags & { wait?: boolean }): Promise<void> {
  if (flags.wait) {
    const final = isInProgress(started) ? await waitWithProgress(ctx, started.name, flags, started) : started;
    return reportOutcome(ctx, final);
  }
  if (ctx.output === 'json') return ctx.printJson(started);
  const p = started.properties;
  const operation = p.operation ? ` (${p.operation.kind} operation ${p.operation.id})` : '';
  ctx.print(`Cluster ${started.name}${operation}: ${p.provisioningState}.`);
  if (isInProgress(started)) ctx.print(`Follow it with: aks-cosmos wait ${started.name}`);
}
