// A local stack whose process is killed without stopping it (kill -9, a test file stopped by the runner) leaves no
// Functions host and no Azurite behind: they notice that their parent is gone and stop themselves.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../support/process';

/** Descendants of a process (Linux /proc), with their command lines. */
function descendants(pid: number): Array<{ pid: number; command: string }> {
  const found: Array<{ pid: number; command: string }> = [];
  const visit = (parent: number) => {
    for (const task of fs.readdirSync(`/proc/${parent}/task`)) {
      const children = fs.readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
      for (const child of children) {
        found.push({ pid: child, command: fs.readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0').join(' ') });
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

/** Running: it exists and is not a zombie waiting for a parent that does not reap it. */
function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

test('the host and Azurite of a stack whose process was killed with SIGKILL stop within seconds', async (t) => {
  const script = `
    const { startLocalStack } = require(${JSON.stringify(path.join(repoRoot, 'dist', 'local', 'stack', 'stack.js'))});
    startLocalStack({ root: ${JSON.stringify(repoRoot)}, hostPort: 0, log: () => {} }).then(
      (stack) => console.log('ready ' + stack.apiBaseUrl),
      (error) => { console.error(error); process.exit(1); },
    );`;
  // The stack's data folder is left where the killed process made it: a temporary folder of this test's own.
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exit-with-parent-'));
  const owner = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TMPDIR: tmpDir } });
  let leftovers: Array<{ pid: number; command: string }> = [];
  t.after(() => {
    for (const { pid } of leftovers) if (running(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(tmpDir, { recursive: true, force: true });
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    owner.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready ')) resolve();
    });
    owner.once('exit', (code) => reject(new Error(`the stack's process exited with ${code} before it was ready`)));
  });

  const started = descendants(owner.pid!);
  leftovers = started.filter(({ command }) => /local\/host\/cli\.js|azurite/.test(command));
  assert.ok(
    leftovers.some(({ command }) => command.includes('local/host/cli.js')),
    `a host runs: ${JSON.stringify(started)}`,
  );
  assert.ok(
    leftovers.some(({ command }) => command.includes('azurite')),
    `an Azurite runs: ${JSON.stringify(started)}`,
  );

  owner.kill('SIGKILL');
  const deadline = Date.now() + 15_000;
  while (leftovers.some(({ pid }) => running(pid)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  const still = leftovers.filter(({ pid }) => running(pid));
  assert.deepEqual(still, [], 'these outlived the process that started them');
});
