// The rewrite of esbuild's module wrappers that lets the compile cache keep module bodies (local/support/eager-bundle.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { buildSync } from 'esbuild';
import { eagerBundle } from '../../../local/support/eager-bundle';
import { repoRoot } from '../../support/process';

test('a bundle of CommonJS and ES modules runs the same after the rewrite, with every module a parenthesized function', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'eager-bundle-'));
  try {
    fs.writeFileSync(path.join(folder, 'counter.cjs'), 'let n = 0;\nmodule.exports = { next() { return ++n; } };\n');
    fs.writeFileSync(path.join(folder, 'greet.mjs'), 'export const greet = (name) => `hello ${name}`;\n');
    fs.writeFileSync(
      path.join(folder, 'main.js'),
      "const counter = require('./counter.cjs');\nconst { greet } = require('./greet.mjs');\n" +
        "function named() {}\nconsole.log(JSON.stringify([greet('x'), counter.next(), counter.next(), named.name]));\n",
    );
    const bundle = path.join(folder, 'bundle.cjs');
    buildSync({
      entryPoints: [path.join(folder, 'main.js')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'error',
    });
    const before = spawnSync(process.execPath, [bundle], { encoding: 'utf8' });
    const original = fs.readFileSync(bundle, 'utf8');
    const rewritten = eagerBundle(original);
    assert.equal(rewritten.modules, 2, 'the CommonJS module and the ES module');
    assert.doesNotMatch(rewritten.text, /^ {2}"[^"]+"\(.*\) \{$/m, 'no module is a method any more');
    assert.equal((rewritten.text.match(/^ {2}"[^"]+": \(function\(.*\) \{$/gm) ?? []).length, 2);
    fs.writeFileSync(bundle, rewritten.text);
    const after = spawnSync(process.execPath, [bundle], { encoding: 'utf8' });
    assert.equal(before.stdout, '["hello x",1,2,"named"]\n', before.stderr);
    assert.equal(after.stdout, before.stdout, after.stderr);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('a wrapper of another shape stops the rewrite instead of being left lazy', () => {
  const odd = 'var require_x = __commonJS({\n  something else\n});\n';
  assert.throws(() => eagerBundle(odd), /a module wrapper of an unknown shape/);
  const unterminated = 'var require_x = __commonJS({\n  "x.js"(exports) {\n    exports.a = 1;\n';
  assert.throws(() => eagerBundle(unterminated), /does not end/);
});

test("the build's app bundle has every module rewritten", () => {
  const text = fs.readFileSync(path.join(repoRoot, 'dist', 'app', 'main.cjs'), 'utf8');
  assert.doesNotMatch(text, /^var [\w$]+ = __(?:commonJS|esm)\(\{\n {2}"[^"]+"\(/m);
  assert.ok((text.match(/^ {2}"[^"]+": \(function\(.*\) \{$/gm) ?? []).length > 1000);
});
