// `npm test`: node's test runner over every compiled test file, in groups that share a process (suite/groups.ts), with
// one Azurite for the whole run (each test stack claims a storage account of its own, see support/shared-storage.ts).
// Files given replace the default set and options go to the runner, e.g.
// `npm test -- --test-reporter=spec dist/test/src/api/bad-input.test.js`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAzurite } from '../local/stack/azurite';
import { keyCacheVariable } from '../local/support/key-cache';
import { repoRoot } from './support/process';
import { sharedStorageVariable, storageAccounts, type SharedStorage } from './support/shared-storage';
import { discoverTestFiles, planGroups, readTimings, suiteName, timingsFile, writeGroupEntries } from './suite/groups';

/**
 * Groups run at once. The run is bound by CPU, but files that provision wait on their clusters for seconds at a time,
 * and a group runs its files one after the other: with eight groups at once the two cores were idle only at the end.
 */
const concurrency = 8;
/** Two groups per slot: the later groups even out what the timings did not foresee. */
const groupCount = 2 * concurrency;

/** A mistake on the command line: its message is all there is to say. */
class UsageError extends Error {}

/** The files a path or glob given on the command line names; none is a mistake worth stopping for. */
function matchingFiles(pattern: string): string[] {
  const files = fs.globSync(pattern, { cwd: repoRoot });
  if (files.length === 0) throw new UsageError(`No test file matches ${pattern}`);
  return files;
}

async function main(): Promise<number> {
  const claimDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-cosmos-suite-'));
  // The tests' temporary files go to a folder of the run's own, which must be empty at the end: a test that leaves
  // files behind (a stack whose process was killed, a script that failed) fails the run instead of filling the disk.
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-cosmos-suite-tmp-'));
  const accounts = storageAccounts(200);
  const azurite = await startAzurite({ root: repoRoot, accounts });
  try {
    const shared: SharedStorage = { serviceUrl: azurite.serviceUrl, accounts, claimDir };
    // Options (e.g. --test-reporter=spec) go to node's test runner; files or globs, if any, replace the default set.
    const extra = process.argv.slice(2);
    const given = extra.filter((arg) => !arg.startsWith('-'));
    const options = extra.filter((arg) => arg.startsWith('-'));
    const files = given.length > 0 ? given.flatMap(matchingFiles) : discoverTestFiles(repoRoot);
    const timings = readTimings(timingsFile(repoRoot));
    const groups = planGroups(files, (file) => timings[suiteName(repoRoot, file)], groupCount);
    const entries = writeGroupEntries(repoRoot, groups, path.join(claimDir, 'groups'));
    // Which files share a process, on stderr (the reporter's output stays as it is): where to look when a file
    // fails only after another one.
    console.error(`# ${groups.length} groups of test files, each group in one process, ${concurrency} at once:`);
    entries.forEach((entry, index) => {
      console.error(`#   ${path.basename(entry, '.test.js')}: ${groups[index]!.map((file) => suiteName(repoRoot, file)).join(', ')}`);
    });
    const args = ['--test', `--test-concurrency=${concurrency}`, ...options, ...entries];
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      stdio: 'inherit',
      env: {
        ...process.env,
        [sharedStorageVariable]: JSON.stringify(shared),
        TMPDIR: tmpDir,
        // RSA keys whose sharing proves nothing wrong are made once for the whole run (see local/support/key-cache.ts).
        [keyCacheVariable]: fs.mkdtempSync(path.join(claimDir, 'keys-')),
        // Every Node process of the run (test files, hosts, Azurite, the aks-engine simulator, the CLI) reuses the
        // code V8 compiled in earlier processes and runs.
        NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? path.join(repoRoot, '.local', 'compile-cache'),
      },
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
    const code = await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
    const leftovers = fs.readdirSync(tmpDir);
    if (leftovers.length === 0) return code;
    console.error(`# the tests left these in their temporary folder: ${leftovers.join(', ')}`);
    return code === 0 ? 1 : code;
  } finally {
    await azurite.stop();
    fs.rmSync(claimDir, { recursive: true, force: true });
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error instanceof UsageError ? error.message : (error.stack ?? error.message));
    process.exit(1);
  },
);
