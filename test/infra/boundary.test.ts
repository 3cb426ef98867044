// The boundary between what ships and the local stack: src/ is a TypeScript project of its own
// (tsconfig.src.json, as the container image builds it), which `npm run build` builds alone before everything
// else (tsc -b), and that build fails as soon as anything in src/ imports from local/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/process';

const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

function runTsc(args: string[], cwd: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [tsc, ...args, '--pretty', 'false'], { cwd, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('src/ builds alone: the build of tsconfig.src.json is current and passed', () => {
  // A dry build reads the project's build info: a project whose last build reported errors, or whose sources
  // changed since, is not up to date.
  const dry = runTsc(['-b', 'tsconfig.src.json', '--dry', '--verbose'], repoRoot);
  assert.equal(dry.status, 0, dry.output);
  assert.match(dry.output, /Project 'tsconfig\.src\.json' is up to date/, `run npm run build first:\n${dry.output}`);
});

test('an import of local/ from src/ fails the build of src/', () => {
  // The two tsconfig files and one file of src/ that crosses the boundary; local/ and node_modules are links.
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'src-boundary-'));
  try {
    for (const file of ['tsconfig.json', 'tsconfig.src.json']) fs.copyFileSync(path.join(repoRoot, file), path.join(copy, file));
    for (const folder of ['node_modules', 'local']) fs.symlinkSync(path.join(repoRoot, folder), path.join(copy, folder));
    fs.mkdirSync(path.join(copy, 'src'));
    fs.writeFileSync(
      path.join(copy, 'src', 'crossing.ts'),
      "import { freeLoopbackPort } from '../local/support/free-port';\nexport const port = freeLoopbackPort;\n",
    );
    // The options of tsconfig.src.json, over just that file (the rest of src/ is the first test's subject).
    fs.writeFileSync(
      path.join(copy, 'tsconfig.crossing.json'),
      JSON.stringify({ extends: './tsconfig.src.json', compilerOptions: { noEmit: true }, include: [], files: ['src/crossing.ts'] }),
    );
    const result = runTsc(['-p', 'tsconfig.crossing.json'], copy);
    const errors = result.output.split('\n').filter((line) => /error TS\d+/.test(line));
    assert.notEqual(result.status, 0, 'the crossing import must fail the build');
    assert.ok(errors.some((line) => /error TS6059: File '.*local\/support\/free-port\.ts' is not under 'rootDir'/.test(line)), result.output);
    // The only errors are the crossing's.
    for (const line of errors) assert.match(line, /^src\/crossing\.ts\(1,34\): error TS(6059|6307): File '.*local\/support\/free-port\.ts'/, line);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
