// What a test stack and a cluster cost in CPU, by process: the start and stop of a local stack, then clusters
// created, provisioned, deleted and torn down one after another. The test suite is bound by CPU on two cores, so
// these figures say where its time goes. Linux only (it reads /proc).
// Run with `npm run bench:cluster-cost`; BENCH_CLUSTERS sets the number of clusters (default 3).
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { sshRsaPublicKey } from '../local/support/ssh-key';
import { call, startTestStack, waitForState } from '../test/support/stack';

const clusters = Math.max(1, Number(process.env.BENCH_CLUSTERS ?? 3));
const idleSeconds = 10;
const statusReads = 200;
const ticksPerSecond = 100; // USER_HZ on Linux

/** CPU seconds of a process: its own, and that of its children it has waited for (exited ones). */
interface ProcessCpu {
  kind: string;
  own: number;
  exitedChildren: number;
}

function readCpu(pid: number): ProcessCpu | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at the state, field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (index: number) => Number(fields[index - 3]) / ticksPerSecond;
    const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    return { kind: kindOf(pid, commandLine), own: seconds(14) + seconds(15), exitedChildren: seconds(16) + seconds(17) };
  } catch {
    return undefined; // gone meanwhile
  }
}

function kindOf(pid: number, commandLine: string): string {
  if (pid === process.pid) return 'this process (emulator, identity, stand-in clusters, client)';
  if (commandLine.includes('local/host/cli.js')) return 'Functions host';
  if (commandLine.includes('azurite')) return 'Azurite';
  if (/\betcd\b/.test(commandLine)) return 'etcd';
  return commandLine.split(' ').slice(0, 2).join(' ');
}

function children(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  } catch {
    return []; // the process (or one of its threads) ended meanwhile
  }
}

/** CPU seconds by kind of process over this process and all its descendants, running or exited. */
function treeCpu(): Map<string, number> {
  const totals = new Map<string, number>();
  const add = (kind: string, seconds: number) => totals.set(kind, (totals.get(kind) ?? 0) + seconds);
  const visit = (pid: number) => {
    const cpu = readCpu(pid);
    if (!cpu) return;
    add(cpu.kind, cpu.own);
    // Exited children are counted in their parent: the host's are its aks-engine and kubectl runs.
    add(pid === process.pid ? 'exited children of this process' : `exited children of: ${cpu.kind}`, cpu.exitedChildren);
    for (const child of children(pid)) visit(child);
  };
  visit(process.pid);
  return totals;
}

function report(title: string, before: Map<string, number>, after: Map<string, number>, wallMs: number, divisor = 1): void {
  const rows = [...after].map(([kind, seconds]) => [kind, (seconds - (before.get(kind) ?? 0)) / divisor] as const);
  const total = rows.reduce((sum, [, seconds]) => sum + seconds, 0);
  console.log(`\n${title}: ${total.toFixed(3)} s of CPU, ${(wallMs / 1000 / divisor).toFixed(1)} s wall`);
  for (const [kind, seconds] of rows.filter(([, s]) => s >= 0.0005).sort((a, b) => b[1] - a[1])) {
    console.log(`  ${seconds.toFixed(3).padStart(7)} s  ${kind}`);
  }
}

async function main(): Promise<void> {
  let before = treeCpu();
  let started = performance.now();
  const stack = await startTestStack();
  const sshPublicKey = sshRsaPublicKey();
  report('Stack start (Azurite, emulator, identity, Functions host)', before, treeCpu(), performance.now() - started);

  before = treeCpu();
  started = performance.now();
  for (let index = 0; index < clusters; index++) {
    const name = `cost${index}`;
    const created = await call('POST', `${stack.apiBaseUrl}/clusters`, { body: { name, linuxProfile: { sshPublicKey } } });
    if (created.status !== 202) throw new Error(`POST /clusters: ${created.status} ${created.text}`);
    const done = await waitForState(stack.apiBaseUrl, name, ['Succeeded', 'Failed'], 120_000);
    if (done.properties.provisioningState !== 'Succeeded') throw new Error(`${name} failed: ${JSON.stringify(done.properties.error)}`);
    await call('DELETE', `${stack.apiBaseUrl}/clusters/${name}`);
    await waitForState(stack.apiBaseUrl, name, ['Deleted'], 120_000);
  }
  report(
    `One cluster's life (create, provisioned, delete, torn down; the client polls as the tests do), mean of ${clusters}`,
    before,
    treeCpu(),
    performance.now() - started,
    clusters,
  );

  // What waiting costs: an idle stack, and the status read a polling client repeats.
  before = treeCpu();
  started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
  report(`An idle stack, per second (mean of ${idleSeconds} s)`, before, treeCpu(), performance.now() - started, idleSeconds);

  before = treeCpu();
  started = performance.now();
  for (let index = 0; index < statusReads; index++) await call('GET', `${stack.apiBaseUrl}/clusters/cost0`);
  report(`One status read (GET /clusters/{name}), mean of ${statusReads}`, before, treeCpu(), performance.now() - started, statusReads);

  // Stopped processes fold into this one's exited children: only the total says something here.
  const total = (cpu: Map<string, number>) => [...cpu.values()].reduce((sum, seconds) => sum + seconds, 0);
  const beforeStop = total(treeCpu());
  started = performance.now();
  await stack.stop();
  const stopSeconds = total(treeCpu()) - beforeStop;
  console.log(`\nStack stop: ${stopSeconds.toFixed(2)} s of CPU, ${((performance.now() - started) / 1000).toFixed(1)} s wall`);
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
