import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { discoverTestFiles, planGroups, readTimings, suiteName, writeGroupEntries } from './groups';

let folder: string;
before(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'suite-groups-'));
});
after(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('planning the groups', () => {
  const weights: Record<string, number> = { a: 10, b: 6, c: 5, d: 4, e: 3 };

  test('every file lands in exactly one group, and the groups take about the same time', () => {
    const groups = planGroups(Object.keys(weights), (file) => weights[file], 2);
    assert.deepEqual(groups.flat().sort(), Object.keys(weights));
    const sums = groups.map((files) => files.reduce((sum, file) => sum + weights[file]!, 0));
    assert.deepEqual(sums, [14, 14]);
  });

  test('the longest group comes first and starts with its longest file', () => {
    const groups = planGroups(['x', 'y', 'z'], (file) => ({ x: 1, y: 30, z: 2 })[file], 2);
    assert.deepEqual(groups, [['y'], ['z', 'x']]);
  });

  test('a file without a timing counts as the median of the others', () => {
    // Known: 1, 3, 9 (median 3). "new" weighs 3, so it is placed before "one" (and before "three", by name).
    const known: Record<string, number> = { one: 1, three: 3, nine: 9 };
    const groups = planGroups(['one', 'three', 'nine', 'new'], (file) => known[file], 2);
    assert.deepEqual(groups, [['nine'], ['new', 'three', 'one']]);
  });

  test('no more groups than files, and none empty', () => {
    assert.deepEqual(
      planGroups(['only'], () => undefined, 16),
      [['only']],
    );
  });

  test('timings are read leniently: a missing or malformed file, or a value that is not a number, counts for nothing', () => {
    assert.deepEqual(readTimings(path.join(folder, 'missing.json')), {});
    const file = path.join(folder, 'timings.json');
    fs.writeFileSync(file, '{ not json');
    assert.deepEqual(readTimings(file), {});
    fs.writeFileSync(file, JSON.stringify({ 'test/a.test.js': 3.5, 'test/b.test.js': 'slow', 'test/c.test.js': -1 }));
    assert.deepEqual(readTimings(file), { 'test/a.test.js': 3.5 });
  });
});

describe('finding and naming the files', () => {
  test('compiled test files are found in every folder below, in a stable order, and nothing else', () => {
    const root = path.join(folder, 'repo');
    for (const file of ['dist/test/b/two.test.js', 'dist/test/a/one.test.js', 'dist/test/a/helper.js', 'dist/test/a/one.test.js.map']) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), '');
    }
    assert.deepEqual(discoverTestFiles(root), [
      path.join('dist', 'test', 'a', 'one.test.js'),
      path.join('dist', 'test', 'b', 'two.test.js'),
    ]);
  });

  test('a suite is named by its path under dist/, wherever it is given from', () => {
    const root = path.join(folder, 'repo');
    assert.equal(suiteName(root, 'dist/test/a/one.test.js'), 'test/a/one.test.js');
    assert.equal(suiteName(root, path.join(root, 'dist', 'test', 'a', 'one.test.js')), 'test/a/one.test.js');
    assert.equal(suiteName(root, 'elsewhere/x.test.js'), 'elsewhere/x.test.js');
  });
});

describe('running a group', () => {
  // Two files with top-level hooks, as most of the suite's files have: each records what ran into one log.
  function writeFile(name: string, body: string): string {
    const file = path.join(folder, 'files', name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      [
        "const { after, before, beforeEach, test } = require('node:test');",
        "const log = (line) => require('node:fs').appendFileSync(process.env.GROUP_LOG, line + '\\n');",
        body,
      ].join('\n'),
    );
    return file;
  }

  function runGroup(files: string[], log: string) {
    const [entry] = writeGroupEntries(folder, [files], path.join(folder, `entries-${path.basename(log)}`));
    // Without this test's own runner context, which would make the child report to it instead of printing TAP.
    const { NODE_TEST_CONTEXT: _runnerContext, ...env } = process.env;
    const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', entry!], {
      encoding: 'utf8',
      env: { ...env, GROUP_LOG: log },
    });
    return { code: run.status, output: run.stdout, log: fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [] };
  }

  test("each file's top-level hooks run around its own tests only, the files one after the other", () => {
    const first = writeFile(
      'first.test.js',
      [
        "before(() => log('first: before'));",
        "beforeEach(() => log('first: beforeEach'));",
        "after(() => log('first: after'));",
        "test('one', () => log('first: one'));",
      ].join('\n'),
    );
    const second = writeFile(
      'second.test.js',
      ["before(() => log('second: before'));", "after(() => log('second: after'));", "test('two', () => log('second: two'));"].join('\n'),
    );
    const result = runGroup([first, second], path.join(folder, 'hooks.log'));
    assert.equal(result.code, 0, result.output);
    assert.deepEqual(result.log, [
      'first: before',
      'first: beforeEach',
      'first: one',
      'first: after',
      'second: before',
      'second: two',
      'second: after',
    ]);
  });

  test('a failure fails the run and is reported under the suite of its file; the other files still run', () => {
    const failing = writeFile('failing.test.js', "test('breaks', () => { throw new Error('broken on purpose'); });");
    const passing = writeFile('passing.test.js', "test('works', () => log('passing: works'));");
    const result = runGroup([failing, passing], path.join(folder, 'failure.log'));
    assert.equal(result.code, 1);
    assert.match(result.output, /\nnot ok 1 - files\/failing\.test\.js\n/);
    assert.match(result.output, /broken on purpose/);
    assert.match(result.output, /\nok 2 - files\/passing\.test\.js\n/);
    assert.deepEqual(result.log, ['passing: works']);
  });
});
