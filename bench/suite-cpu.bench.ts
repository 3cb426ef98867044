// Where a test run's CPU goes: runs the suite (dist/test/run-suite.js, with any arguments given) with
// suite-cpu-hook.js preloaded into every Node process, then prints the run's time and CPU seconds by kind of
// process (test files, Functions hosts, the aks-engine simulator by command, Azurite, the CLI, tsc) and the test
// files whose processes, their children included, took the most. The suite is bound by CPU on two cores, so these
// are the figures to read before making it faster. Run with `npm run bench:suite-cpu` (after a build).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

interface Entry {
  pid: number;
  ppid: number;
  argv: string;
  cpuSeconds: number;
}

const root = path.resolve(__dirname, '..', '..');

/** The test file a process runs: node's test runner starts each file as `node <file>.test.js`. */
function testFile(argv: string): string | undefined {
  const words = argv.split(' ');
  const tests = words.filter((word) => word.endsWith('.test.js'));
  // The runner itself is given all the files (or a pattern); run-suite.js is given none or some after its own name.
  return tests.length === 1 && words[0] === tests[0] ? tests[0] : undefined;
}

function kindOf(argv: string): string {
  if (argv.includes('run-suite.js')) return 'run-suite.js';
  if (testFile(argv)) return 'test files';
  if (argv.includes('.test.js')) return "node's test runner";
  if (argv.includes('local/host/cli.js')) return 'Functions hosts';
  if (argv.includes('azurite')) return 'Azurite';
  if (argv.includes('typescript/bin/tsc')) return 'tsc';
  if (argv.includes('aks-cosmos.cjs')) return 'aks-cosmos CLI';
  const simulator = /aks-engine(?:\.cjs|\/cli\.js)\s+(\S+)/.exec(argv);
  if (simulator) return `aks-engine simulator: ${simulator[1]}`;
  return 'other';
}

function main(): number {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'suite-cpu-'));
  const logFile = path.join(folder, 'cpu.jsonl');
  // The log's name is written into the preloaded file: some processes (the CLI's) run with an environment of their own.
  const hook = path.join(folder, 'hook.js');
  const recorder = path.join(root, 'dist', 'bench', 'suite-cpu-hook.js');
  fs.writeFileSync(hook, `require(${JSON.stringify(recorder)}).recordCpuAtExit(${JSON.stringify(logFile)});\n`);
  const started = performance.now();
  const run = spawnSync(process.execPath, [path.join(root, 'dist', 'test', 'run-suite.js'), ...process.argv.slice(2)], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
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

  // Each process counts for the test file it descends from.
  const byPid = new Map(entries.map((entry) => [entry.pid, entry]));
  const testFileOf = (entry: Entry): string => {
    for (let current: Entry | undefined = entry; current; current = byPid.get(current.ppid)) {
      const file = testFile(current.argv);
      if (file) return path.relative(path.join(root, 'dist'), path.resolve(root, file));
    }
    return '(the run itself: the shared Azurite, the runner)';
  };
  const byFile = new Map<string, number>();
  for (const entry of entries) {
    const file = testFileOf(entry);
    byFile.set(file, (byFile.get(file) ?? 0) + entry.cpuSeconds);
  }
  console.log('\nTest files with the most CPU, their hosts, simulator runs and CLI runs included:');
  for (const [file, cpu] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${cpu.toFixed(1).padStart(6)} s  ${file}`);
  console.log('\nNot counted: processes that are not Node (etcd, kubectl) and processes killed with SIGKILL.');
  return run.status ?? 1;
}

process.exit(main());
