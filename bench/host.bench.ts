// Benchmark of the local Functions host: a chain of 100 no-op activities and a fan-out of 1,000, run through the
// host (over its management API), next to calling the same functions directly in this process.
// Run with `npm run bench:host`. BENCH_RUNS sets the number of measured runs per scenario (default 5).
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { getStatus, startInstance, type DurableStatus } from '../test/support/durable';
import { startFunctionsHost, type RunningHost } from '../test/support/functions-host';
import { repoRoot } from '../test/support/process';

interface Work {
  chainDirect(count: number): Promise<unknown[]>;
  fanOutDirect(count: number): Promise<unknown[]>;
}

interface Scenario {
  label: string;
  orchestrator: string;
  count: number;
  direct: (work: Work, count: number) => Promise<unknown[]>;
}

interface Measurement {
  hostTotalMs: number;
  directTotalMs: number;
}

const benchApp = path.join(repoRoot, 'test', 'apps', 'bench-app');
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const scenarios: Scenario[] = [
  { label: 'chain of 100', orchestrator: 'NoopChain', count: 100, direct: (work, n) => work.chainDirect(n) },
  { label: 'fan-out of 1,000', orchestrator: 'NoopFanOut', count: 1000, direct: (work, n) => work.fanOutDirect(n) },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Polls the status every 5 ms until the instance has finished. */
async function waitUntilDone(host: RunningHost, id: string, timeoutMs: number): Promise<DurableStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await getStatus(host.baseUrl, id);
    if (['Completed', 'Failed', 'Terminated', 'Canceled'].includes(status.runtimeStatus)) return status;
    if (Date.now() > deadline) throw new Error(`${id} still ${status.runtimeStatus} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function measure(host: RunningHost, work: Work, scenario: Scenario): Promise<Measurement> {
  const started = performance.now();
  const id = await startInstance(host.baseUrl, scenario.orchestrator, { input: { count: scenario.count } });
  const status = await waitUntilDone(host, id, 600_000);
  const hostTotalMs = performance.now() - started;
  if (status.runtimeStatus !== 'Completed' || status.output !== scenario.count) {
    throw new Error(`${scenario.orchestrator} ended ${status.runtimeStatus} with ${JSON.stringify(status.output)}`);
  }
  const directStarted = performance.now();
  const results = await scenario.direct(work, scenario.count);
  const directTotalMs = performance.now() - directStarted;
  if (results.length !== scenario.count) throw new Error(`direct ${scenario.label} returned ${results.length} results`);
  return { hostTotalMs, directTotalMs };
}

function formatMs(ms: number): string {
  return Number.isFinite(ms) ? String(Number(ms.toPrecision(3))) : 'n/a';
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(' | ');
  console.log(line(rows[0]!));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const row of rows.slice(1)) console.log(line(row));
}

async function main(): Promise<void> {
  // The bench app is plain JavaScript loaded at run time, as the host loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const work = require(path.join(benchApp, 'lib', 'work.js')) as Work;
  const host = await startFunctionsHost({ appDir: benchApp });
  const rows: string[][] = [
    [
      'scenario',
      'activities',
      'host total ms',
      'host overhead per activity ms',
      'direct total ms',
      'direct per activity ms',
      'host/direct',
    ],
  ];
  try {
    console.log(`Host: ${host.baseUrl}  runs per scenario: ${runs} (median shown)\n`);
    await measure(host, work, { ...scenarios[0]!, count: 5 }); // warm-up
    for (const scenario of scenarios) {
      const results: Measurement[] = [];
      for (let run = 0; run < runs; run++) results.push(await measure(host, work, scenario));
      const hostTotal = median(results.map((result) => result.hostTotalMs));
      const directTotal = median(results.map((result) => result.directTotalMs));
      rows.push([
        scenario.label,
        String(scenario.count),
        formatMs(hostTotal),
        formatMs(median(results.map((result) => (result.hostTotalMs - result.directTotalMs) / scenario.count))),
        formatMs(directTotal),
        formatMs(directTotal / scenario.count),
        `${Math.round(hostTotal / directTotal).toLocaleString('en-US')}x`,
      ]);
    }
    printTable(rows);
    console.log(
      '\nhost total: from the start request to the Completed status, over HTTP (status polled every 5 ms).' +
        '\nhost overhead per activity: (host total - direct total) / activities, median over the runs.' +
        '\ndirect: the same activity function called in this process (sequentially for the chain, all at once for the fan-out).',
    );
  } finally {
    await host.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
