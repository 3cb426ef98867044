// A seeded fault campaign: starts the local stack, runs rounds of planned scenarios against it (until the
// round count or the time is reached), lets each round settle, then checks every invariant on it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import type { Timing } from '../../local/azure';
import { startLocalStack, type LocalStack } from '../../local/stack/stack';
import { ApiClient, HostGate } from './api-client';
import { RoundDriver } from './driver';
import { HostKiller } from './host-killer';
import { finalStates, type RoundRecord } from './ledger';
import { StallWatch } from './stall-watch';
import { claimSharedStorage } from '../support/shared-storage';
import { collectEvidence, durableInstances, removeWorkFolders, SecretHarvester, tempFolderEntries, workFoldersOf } from './evidence';
import { checkRound, invariants, readContract, type InvariantResult, type Violation } from './invariants';
import { describeAction, planRound } from './plan';

export interface CampaignOptions {
  /** Repository root (the app, node_modules and dist live there). */
  root: string;
  seed: number;
  /** Scenarios (clusters) per round. */
  clusters: number;
  /** Rounds to run; with `minutes`, rounds go on until the time is up (at least one). */
  rounds?: number;
  minutes?: number;
  /** How long a round may take to settle after its plan ran. */
  settleSeconds?: number;
  /** How long one wait of the plan (for a step, for a final state) may last. */
  waitSeconds?: number;
  /** A cluster in a non-final state with no orchestration running for this long is taken as stuck (default 6). */
  stallSeconds?: number;
  /** Emulator timings that win over the zero profile (slower deployments and deletes widen the windows faults land in). */
  timing?: Partial<Timing>;
  /** Extra app settings, e.g. ARTIFACT_RETENTION_DAYS. */
  settings?: Record<string, string>;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface RoundSummary {
  round: number;
  /** Kills and faults as the plan injected them, with their steps. */
  events: Array<{ step: string; kind: string; detail: string }>;
  scenarios: Array<{ name: string; kind: string; final: string }>;
  operations: Record<string, number>;
  kills: number;
  faults: number;
  results: InvariantResult[];
  durationMs: number;
}

export interface CampaignResult {
  seed: number;
  clusters: number;
  rounds: RoundSummary[];
  violations: Violation[];
  passed: number;
  failed: number;
  kills: number;
  /** Faults the emulator answered with, by operation (e.g. "PUT resourceGroups": 3). */
  faultsInjected: Record<string, number>;
  durationMs: number;
}

export const defaultTiming: Partial<Timing> = { requestLatencyMs: 10, deploymentResourceMs: 25, resourceGroupDeleteMs: 300 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until every cluster of the round is in a final state and none of its orchestrations runs (bounded). */
async function settle(stack: LocalStack, client: ApiClient, record: RoundRecord, deadline: number, stallMs: number): Promise<void> {
  const names = [...record.ledgers.keys()];
  const hostBaseUrl = stack.apiBaseUrl.replace(/\/api$/, '');
  const retention = Number(stack.settings.ARTIFACT_RETENTION_DAYS ?? 0);
  const stall = new StallWatch(stack, stallMs);
  while (Date.now() < deadline) {
    let settled = true;
    for (const name of names) {
      const answer = await client.send('settle', name, 'GET', `/clusters/${name}`);
      const state = answer.status === 200 && answer.text ? JSON.parse(answer.text).properties?.provisioningState : undefined;
      // A cluster stuck in a state no orchestration will move it from counts as settled: clusters-settle reports it.
      if (answer.status !== 404 && !finalStates.has(state) && !(await stall.stalled(name))) settled = false;
    }
    if (settled) {
      const instances = (await Promise.all(names.map((name) => durableInstances(hostBaseUrl, `cluster-${name}-`)))).flat();
      const running = instances.filter(
        (instance) =>
          ['Running', 'Pending'].includes(instance.runtimeStatus) && !(retention > 0 && /-delete(-\d+)?$/.test(instance.instanceId)),
      );
      if (running.length === 0) return;
    }
    await sleep(250);
  }
}

/**
 * Waits until the round's work folders and artifact blobs have not changed for `quietMs` (bounded): an activity
 * of a stopped orchestration may still be finishing (a generate writing, then uploading and removing its folder).
 * What is still there after a quiet period is left behind for good.
 */
async function quiesce(stack: LocalStack, names: string[], tempBefore: ReadonlySet<string>, deadline: number, quietMs: number) {
  const artifacts = BlobServiceClient.fromConnectionString(stack.settings.ARTIFACTS_STORAGE_CONNECTION_STRING!).getContainerClient(
    'cluster-artifacts',
  );
  const snapshot = async () => {
    const folders = [...workFoldersOf(names, tempBefore)].map(([folder, files]) => `${folder}:${[...files.keys()].sort().join(',')}`);
    const blobs: string[] = [];
    for await (const blob of artifacts.listBlobsFlat()) if (names.some((name) => blob.name.startsWith(`${name}/`))) blobs.push(blob.name);
    return [...folders.sort(), ...blobs.sort()].join('\n');
  };
  let last = await snapshot();
  let since = Date.now();
  while (Date.now() < deadline && Date.now() - since < quietMs) {
    await sleep(250);
    const now = await snapshot();
    if (now !== last) [last, since] = [now, Date.now()];
  }
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const log = options.log ?? (() => undefined);
  const began = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-campaign-'));
  const stackLines: string[] = [];
  const start = (attempt: number) =>
    startLocalStack({
      root: options.root,
      hostPort: 0,
      dataDir: path.join(dataDir, `stack${attempt}`),
      latency: 'zero',
      // Within `npm test`, an account of the run's Azurite.
      storage: claimSharedStorage(),
      // aks-engine generate takes a little longer (about 0.75 s more), so deletes and kills can land while it runs.
      // Clusters of earlier rounds stay; the callers' quotas are not what the campaign is about.
      settings: {
        AKS_ENGINE_SIM_DELAY_SCALE: '0.5',
        QUOTA_MAX_CLUSTERS: '10000',
        QUOTA_MAX_VMS: '100000',
        QUOTA_MAX_VCPUS: '1000000',
        ...options.settings,
      },
      log: (line) => stackLines.push(line),
    });
  let stack: LocalStack;
  let stackDir = path.join(dataDir, 'stack1');
  try {
    // A machine under load may start a piece too slowly once; that is not what the campaign is about.
    stack = await start(1).catch((error: Error) => {
      log(`the local stack did not start (${error.message.split('\n')[0]}); trying once more`);
      stackDir = path.join(dataDir, 'stack2');
      return start(2);
    });
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  try {
    stack.emulator.admin.setTiming({ overrides: { ...defaultTiming, ...options.timing } });
    // Nor is the subscription's regional vCPU quota: the clusters of every round fit.
    for (const family of ['cores', 'standardDv3Family']) stack.emulator.admin.setComputeQuota('centralus', family, { limit: 100_000 });
    const client = new ApiClient(stack.apiBaseUrl, new HostGate(), () => stack.identity.token('admin'));
    const killer = new HostKiller(stack, client);
    const waitTimeoutMs = (options.waitSeconds ?? 60) * 1000;
    const stallMs = (options.stallSeconds ?? 6) * 1000;
    const driver = new RoundDriver({ stack, client, waitTimeoutMs, stallMs, log }, killer);
    const contract = readContract(options.root);
    const rounds: RoundSummary[] = [];
    const maxRounds = options.rounds ?? (options.minutes ? Number.POSITIVE_INFINITY : 1);
    const stopAt = options.minutes ? began + options.minutes * 60_000 : Number.POSITIVE_INFINITY;
    for (let round = 0; round < maxRounds && (round === 0 || Date.now() < stopAt); round++) {
      const roundBegan = Date.now();
      const plan = planRound(options.seed, round, options.clusters);
      log(`round ${round}: ${plan.scenarios.length} clusters`);
      for (const scenario of plan.scenarios)
        log(
          `  #${scenario.index} ${scenario.name} (${scenario.kind}, +${scenario.startMs} ms): ` +
            scenario.actions.map(describeAction).join('; '),
        );
      const exchangesBefore = client.exchanges.length;
      const killsBefore = killer.kills;
      const tempBefore = tempFolderEntries();
      const harvester = new SecretHarvester(stack);
      harvester.start();
      const record = await driver.run(plan);
      log(`  plan ran in ${((Date.now() - roundBegan) / 1000).toFixed(1)} s; settling`);
      const settleDeadline = Date.now() + (options.settleSeconds ?? 90) * 1000;
      await settle(stack, client, record, settleDeadline, stallMs);
      await quiesce(stack, [...record.ledgers.keys()], tempBefore, settleDeadline + 10_000, 3000);
      await harvester.stop();
      const names = [...record.ledgers.keys()];
      const evidence = await collectEvidence(stack, client, names, path.join(stackDir, 'durable'), harvester, tempBefore);
      const exchanges = client.exchanges.slice(exchangesBefore).filter((exchange) => record.ledgers.has(exchange.cluster));
      const results = checkRound({ record, evidence, exchanges, contract });
      removeWorkFolders(evidence.workFolders.keys());
      for (const ledger of record.ledgers.values()) {
        for (const note of ledger.notes) log(`  note ${ledger.scenario.name}: ${note}`);
        const steps = (evidence.clusters.get(ledger.scenario.name)?.properties?.steps ?? []) as any[];
        const seconds = (step: any) =>
          step.startedAt && step.finishedAt ? `${((Date.parse(step.finishedAt) - Date.parse(step.startedAt)) / 1000).toFixed(1)}s` : '-';
        const described = steps.map((step) => `${step.name} ${step.state} x${step.attempts} ${seconds(step)}`);
        log(`  steps ${ledger.scenario.name}: ${described.join(', ')}`);
      }
      rounds.push({
        round,
        events: record.events.map(({ step, kind, detail }) => ({ step, kind, detail })),
        scenarios: plan.scenarios.map((scenario) => ({
          name: scenario.name,
          kind: scenario.kind,
          final: evidence.clusters.get(scenario.name)?.properties?.provisioningState ?? 'absent',
        })),
        operations: record.operations,
        kills: killer.kills - killsBefore,
        faults: record.events.filter((event) => event.kind !== 'kill').length,
        results,
        durationMs: Date.now() - roundBegan,
      });
      const failed = results.filter((result) => result.violations.length > 0).map((result) => result.name);
      log(
        `round ${round} done in ${((Date.now() - roundBegan) / 1000).toFixed(1)} s: ` +
          (failed.length ? `failed ${failed.join(', ')}` : 'all passed'),
      );
      // Faults and replication delays do not carry over into the next round.
      stack.emulator.admin.clearFaults();
      stack.emulator.admin.setReplication({ delayMs: 0, misses: 0 });
    }
    const allResults = rounds.flatMap((round) => round.results);
    return {
      seed: options.seed,
      clusters: options.clusters,
      rounds,
      violations: allResults.flatMap((result) => result.violations),
      passed: allResults.filter((result) => result.violations.length === 0).length,
      failed: allResults.filter((result) => result.violations.length > 0).length,
      kills: killer.kills,
      faultsInjected: stack.emulator.admin.calls().faultsInjected,
      durationMs: Date.now() - began,
    };
  } finally {
    await stack.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The report: what ran, each violation with its seed, step and evidence, and `N passed, M failed` last. */
export function formatReport(result: CampaignResult): string {
  const lines: string[] = [];
  const operations: Record<string, number> = {};
  for (const round of result.rounds)
    for (const [verb, count] of Object.entries(round.operations)) operations[verb] = (operations[verb] ?? 0) + count;
  lines.push(
    `seed ${result.seed}, ${result.clusters} clusters a round, ${result.rounds.length} rounds ` +
      `in ${(result.durationMs / 1000).toFixed(1)} s`,
  );
  lines.push(
    `actions: ${Object.entries(operations)
      .map(([verb, count]) => `${verb} ${count}`)
      .join(', ')}`,
  );
  lines.push(`host kills: ${result.kills}; faults answered by the emulator: ${JSON.stringify(result.faultsInjected)}`);
  for (const round of result.rounds) {
    lines.push(`round ${round.round}: ${round.scenarios.map((scenario) => `${scenario.name}=${scenario.final}`).join(', ')}`);
    for (const event of round.events) lines.push(`  ${event.step} ${event.kind}: ${event.detail}`);
  }
  for (const violation of result.violations) {
    lines.push(
      `FAIL ${violation.invariant} seed=${violation.seed} step=${violation.step}` +
        `${violation.cluster ? ` cluster=${violation.cluster}` : ''}: ${violation.evidence}`,
    );
  }
  const perInvariant = invariants.map((invariant) => {
    const failures = result.violations.filter((violation) => violation.invariant === invariant.name).length;
    return `${failures === 0 ? 'ok  ' : 'FAIL'} ${invariant.name}${failures ? ` (${failures} violations)` : ''}`;
  });
  lines.push(...perInvariant);
  lines.push(`${result.passed} passed, ${result.failed} failed`);
  return lines.join('\n');
}
