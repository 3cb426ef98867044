// Start-up and shutdown of the host process: the routes it prints, local.settings.json errors, and SIGTERM.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { durableSampleApp, hostArgs, hostReadyPattern, makeTempDir, removeDir, startFunctionsHost } from '../../support/functions-host';
import { freePort, nodeBinary, startProcess, type StartedProcess } from '../../support/process';

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) removeDir(dir);
});

function tempDir(prefix: string): string {
  const dir = makeTempDir(prefix);
  tempDirs.push(dir);
  return dir;
}

/** A minimal app folder (no functions) with the sample's host.json and the given local.settings.json text. */
function appWithSettings(settingsText: string | undefined): string {
  const dir = tempDir('host-app');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'empty-app', version: '1.0.0', main: 'index.js' }));
  writeFileSync(path.join(dir, 'index.js'), "'use strict';\n");
  copyFileSync(path.join(durableSampleApp, 'host.json'), path.join(dir, 'host.json'));
  if (settingsText !== undefined) writeFileSync(path.join(dir, 'local.settings.json'), settingsText);
  return dir;
}

async function exitOf(started: StartedProcess, timeoutMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const { child } = started;
  if (child.exitCode === null && child.signalCode === null) {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await once(child, 'exit');
    clearTimeout(timer);
  }
  return { code: child.exitCode, signal: child.signalCode };
}

async function runHostExpectingFailure(appDir: string) {
  const dataDir = tempDir('host-data');
  const started = await startProcess(nodeBinary, hostArgs(appDir, await freePort(), dataDir));
  const { code, signal } = await exitOf(started);
  return { code, signal, output: started.output() };
}

test('a missing local.settings.json stops start-up with a message naming the file and a non-zero exit code', async () => {
  const appDir = appWithSettings(undefined);
  const { code, signal, output } = await runHostExpectingFailure(appDir);
  assert.equal(signal, null, `exited by itself, output:\n${output}`);
  assert.notEqual(code, 0);
  assert.match(output, /local\.settings\.json/);
  assert.doesNotMatch(output, hostReadyPattern);
});

test('a malformed local.settings.json stops start-up with a message naming the file and a non-zero exit code', async () => {
  const appDir = appWithSettings('{ "IsEncrypted": false, "Values": { "A": "1", }');
  const { code, signal, output } = await runHostExpectingFailure(appDir);
  assert.equal(signal, null, `exited by itself, output:\n${output}`);
  assert.notEqual(code, 0);
  assert.match(output, /local\.settings\.json/);
  assert.doesNotMatch(output, hostReadyPattern);
});

test('the host prints the routes it serves before its ready line', async () => {
  const host = await startFunctionsHost();
  try {
    const output = host.output();
    const ready = output.search(hostReadyPattern);
    for (const route of ['api/items/{id:int}', 'api/hello/{name?}', 'api/orchestrators/{name}/{id?}']) {
      const at = output.indexOf(route);
      assert.ok(at >= 0 && at < ready, `route ${route} is listed before the ready line:\n${output}`);
    }
    assert.equal(new URL(host.baseUrl).port, String(host.port));
  } finally {
    await host.stop();
  }
});

test('SIGTERM stops the host gracefully: it exits by itself and frees its port', async () => {
  const host = await startFunctionsHost();
  try {
    // At once: the host handles SIGTERM from the moment it says it has started.
    host.process.child.kill('SIGTERM');
    const { code, signal } = await exitOf(host.process, 5_000);
    assert.equal(signal, null, `ended by signal ${signal}: SIGTERM was not handled, or SIGKILL was needed`);
    assert.equal(code, 0);
  } finally {
    await host.stop();
  }
  // The port can be taken again at once.
  const again = await startFunctionsHost({ port: host.port });
  await again.stop();
});

test('an app folder without host.json is refused with a message naming the file', async () => {
  const appDir = appWithSettings('{"IsEncrypted":false,"Values":{}}');
  removeDir(path.join(appDir, 'host.json'));
  const { code, output } = await runHostExpectingFailure(appDir);
  assert.notEqual(code, 0);
  assert.match(output, /host\.json/);
});
