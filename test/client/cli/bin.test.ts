// The package's `aks-cosmos` bin runs the command line from wherever npm links it (node_modules/.bin, npx's cache).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runCommand } from '../../support/commands';
import { repoRoot } from '../../support/process';

test('the bin named in package.json runs the CLI through a symlink, and its help lists the exit codes', async () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const script = path.join(repoRoot, pkg.bin['aks-cosmos']);
  assert.ok(fs.statSync(script).mode & 0o111, 'the script is executable');
  const linkDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bin-'));
  try {
    const link = path.join(linkDir, 'aks-cosmos');
    fs.symlinkSync(path.relative(linkDir, script), link);
    const version = await runCommand(link, ['--version']);
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout.trim(), pkg.version);
    assert.equal(version.stderr, '', 'no build was needed right after npm run build');
    const help = await runCommand(link, ['--help']);
    assert.equal(help.code, 0, help.stderr);
    for (const line of [/^ {2}2 +bad usage or bad input/m, /^ {2}6 +the API is unreachable/m, /^ {2}130 +interrupted/m])
      assert.match(help.stdout, line);
    const usage = await runCommand(link, ['get']);
    assert.equal(usage.code, 2, 'a usage error');
    assert.match(usage.stderr, /missing required argument 'name'/);
  } finally {
    fs.rmSync(linkDir, { recursive: true, force: true });
  }
});
