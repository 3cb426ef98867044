// Where a test run's CPU goes: runs the suite (dist/test/run-suite.js, with any arguments given) with
// suite-cpu-hook.js preloaded into every Node process, then prints the run's time and CPU seconds by kind of
// process (test groups, Functions hosts, the aks-engine simulator by command, Azurite, the CLI, tsc), the groups
// whose processes, their children included, took the most, and the test files that took longest. The suite is bound
// by CPU on two cores, so these are the figures to read before making it faster. Run with `npm run bench:suite-cpu`
// (after a build); `-- --write-timings` also keeps each file's time in test/suite/file-timings.json, which the next
// runs plan their groups by.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { timingsFile, type FileTimings } from '../test/suite/groups';

interface Entry {
  pid: number;
  ppid: number;
  argv: string;
  cpuSeconds: number;
}

const root = path.resolve(__dirname, '..', '..');

/** The test group a process runs: node's test runner starts each group's entry as `node <group>.test.js`. */
function testGroup(argv: string): string | undefined {
  const words = argv.split(' ');
  const tests = words.filter((word) => word.endsWith('.test.js'));
  // The runner itself is given all the files (or a pattern); run-suite.js is given none or some after its own name.
  return tests.length === 1 && words[0] === tests[0] ? tests[0] : undefined;
}

function kindOf(argv: string): string {
  if (argv.includes('run-suite.js')) return 'run-suite.js';
  if (testGroup(argv)) return 'test groups';
  if (argv.includes('.test.js')) return "node's test runner";
  if (argv.includes('local/host/cli.js')) return 'Functions hosts';
  if (argv.includes('azurite')) return 'Azurite';
  if (argv.includes('typescript/bin/tsc')) return 'tsc';
  if (argv.includes('aks-cosmos.cjs')) return 'aks-cosmos CLI';
  const simulator = /aks-engine(?:\.cjs|\/cli\.js)\s+(\S+)/.exec(argv);
  if (simulator) return `aks-engine simulator: ${simulator[1]}`;
  return 'other';
}

/** Each file's time from the run's TAP output: the files' suites are the top-level entries, with their duration. */
function fileTimings(tap: string): FileTimings {
  const timings: FileTimings = {};
  const lines = tap.split('\n');
  lines.forEach((line, index) => {
    const file = /^(?:not )?ok \d+ - (\S+\.test\.js)$/.exec(line)?.[1];
    const duration = lines
      .slice(index + 1, index + 4)
      .map((next) => /^ {2}duration_ms: ([\d.]+)$/.exec(next)?.[1])
      .find(Boolean);
    if (file && duration) timings[file] = Math.round(Number(duration) / 100) / 10;
  });
  return timings;
}

function main(): number {
  const writeTimings = process.argv.includes('--write-timings');
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'suite-cpu-'));
  const logFile = path.join(folder, 'cpu.jsonl');
  // The log's name is written into the preloaded file: some processes (the CLI's) run with an environment of their own.
  const hook = path.join(folder, 'hook.js');
  const recorder = path.join(root, 'dist', 'bench', 'suite-cpu-hook.js');
  fs.writeFileSync(hook, `require(${JSON.stringify(recorder)}).recordCpuAtExit(${JSON.stringify(logFile)});\n`);
  const started = performance.now();
  const suiteArgs = process.argv.slice(2).filter((arg) => arg !== '--write-timings');
  const run = spawnSync(process.execPath, [path.join(root, 'dist', 'test', 'run-suite.js'), '--test-reporter=tap', ...suiteArgs], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${hook}`.trim() },
  });
  const seconds = (performance.now() - started) / 1000;
  const entries: Entry[] = fs.existsSync(logFile)
    ? fs
        .readFileSync(logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Entry)
    : [];
  fs.rmSync(folder, { recursive: true, force: true });

  const byKind = new Map<string, { seconds: number; processes: number }>();
  for (const entry of entries) {
    const name = kindOf(entry.argv);
    const kind = byKind.get(name) ?? { seconds: 0, processes: 0 };
    kind.seconds += entry.cpuSeconds;
    kind.processes += 1;
    byKind.set(name, kind);
  }
  const total = entries.reduce((sum, entry) => sum + entry.cpuSeconds, 0);
  console.log(
    `Test run: exit code ${run.status}, ${seconds.toFixed(1)} s wall, ${total.toFixed(1)} s of CPU in ${entries.length} Node processes`,
  );
  for (const [kind, { seconds: cpu, processes }] of [...byKind].sort((a, b) => b[1].seconds - a[1].seconds)) {
    console.log(`  ${cpu.toFixed(1).padStart(6)} s  ${String(processes).padStart(4)} processes  ${kind}`);
  }

  // Each process counts for the test group it descends from.
  const byPid = new Map(entries.map((entry) => [entry.pid, entry]));
  const testGroupOf = (entry: Entry): string => {
    for (let current: Entry | undefined = entry; current; current = byPid.get(current.ppid)) {
      const group = testGroup(current.argv);
      if (group) return path.basename(group);
    }
    return '(the run itself: the shared Azurite, the runner)';
  };
  const byGroup = new Map<string, number>();
  for (const entry of entries) {
    const group = testGroupOf(entry);
    byGroup.set(group, (byGroup.get(group) ?? 0) + entry.cpuSeconds);
  }
  console.log('\nTest groups by CPU, their hosts, simulator runs and CLI runs included:');
  for (const [group, cpu] of [...byGroup].sort((a, b) => b[1] - a[1])) console.log(`  ${cpu.toFixed(1).padStart(6)} s  ${group}`);
  console.log('\nNot counted: processes that are not Node (etcd, kubectl) and processes killed with SIGKILL.');

  const timings = fileTimings(run.stdout ?? '');
  console.log('\nTest files that took longest (wall time, in a run of eight groups at once):');
  for (const [file, wall] of Object.entries(timings)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)) {
    console.log(`  ${wall.toFixed(1).padStart(6)} s  ${file}`);
  }
  if (writeTimings && run.status === 0) {
    const sorted = Object.fromEntries(Object.entries(timings).sort(([a], [b]) => a.localeCompare(b)));
    fs.writeFileSync(timingsFile(root), `${JSON.stringify(sorted, null, 2)}\n`);
    console.log(`\nWrote ${Object.keys(sorted).length} files' times to ${path.relative(root, timingsFile(root))}.`);
  } else if (writeTimings) console.log('\nThe run failed: the timings file is left as it was.');
  return run.status ?? 1;
}

process.exit(main());
