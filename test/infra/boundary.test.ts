// The boundary between what ships and the local stack: src/ builds on its own (as the container image builds
// it, with tsconfig.src.json), and that build fails as soon as anything in src/ imports from local/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/process';

test('src/ builds alone, and an import of local/ from src/ fails that build', () => {
  // A copy of src/ and the two tsconfig files; local/ and node_modules are shared through links.
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'src-boundary-'));
  try {
    fs.cpSync(path.join(repoRoot, 'src'), path.join(copy, 'src'), { recursive: true });
    for (const file of ['tsconfig.json', 'tsconfig.src.json']) fs.copyFileSync(path.join(repoRoot, file), path.join(copy, file));
    for (const folder of ['node_modules', 'local']) fs.symlinkSync(path.join(repoRoot, folder), path.join(copy, folder));
    fs.writeFileSync(
      path.join(copy, 'src', 'crossing.ts'),
      "import { freeLoopbackPort } from '../local/support/free-port';\nexport const port = freeLoopbackPort;\n",
    );
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', path.join(copy, 'tsconfig.src.json'), '--noEmit', '--pretty', 'false'], {
      encoding: 'utf8',
    });
    const errors = `${result.stdout}${result.stderr}`.split('\n').filter((line) => /error TS\d+/.test(line));
    assert.notEqual(result.status, 0, 'the crossing import must fail the build');
    assert.ok(errors.length > 0);
    // The only errors are the crossing's: everything else in src/ builds on its own.
    for (const line of errors) assert.match(line, /error TS6059: File '.*local\/support\/free-port\.ts' is not under 'rootDir'/, line);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
