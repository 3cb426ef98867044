// How the suite's test files share processes. Each group of files runs in one Node process, one file after the other,
// each file's tests inside a suite named after the file, so a file's top-level hooks (before, after, beforeEach) stay
// its own. A process per file paid for its start, its module loads and V8's warm-up of the emulators' code in every
// file: grouped, the test processes of a run took 77 s of CPU instead of 118 s.
import fs from 'node:fs';
import path from 'node:path';

/** Seconds each test file took in an earlier run, by its path under dist/ (e.g. test/src/api/bad-input.test.js). */
export type FileTimings = Record<string, number>;

/** The file the timings are kept in, refreshed with `npm run bench:suite-cpu -- --write-timings`. */
export function timingsFile(root: string): string {
  return path.join(root, 'test', 'suite', 'file-timings.json');
}

/** Timings of an earlier run; none when the file is missing or unreadable (the plan then treats files alike). */
export function readTimings(file: string): FileTimings {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, seconds]) => typeof seconds === 'number' && seconds >= 0));
  } catch {
    return {};
  }
}

/** Every compiled test file under a folder, as paths relative to the repository root, in a stable order. */
export function discoverTestFiles(root: string, folder = path.join('dist', 'test')): string[] {
  return fs.globSync(path.join(folder, '**', '*.test.js'), { cwd: root }).sort();
}

/** The name a file's suite and its timing go by: its path under dist/ (or under the root when outside dist/). */
export function suiteName(root: string, file: string): string {
  const absolute = path.resolve(root, file);
  const dist = path.join(root, 'dist');
  const relative = path.relative(absolute.startsWith(dist + path.sep) ? dist : root, absolute);
  return relative.split(path.sep).join('/');
}

/**
 * Splits the files into at most `count` groups of about the same expected time (the longest files first, each to
 * the group with the least so far), the longest group first: node's runner starts the groups in this order, so the
 * long ones do not start last. A file without a timing counts as the median of the others.
 */
export function planGroups(files: string[], weightOf: (file: string) => number | undefined, count: number): string[][] {
  const known = files
    .map(weightOf)
    .filter((seconds): seconds is number => seconds !== undefined)
    .sort((a, b) => a - b);
  const fallback = known.length > 0 ? known[Math.floor(known.length / 2)]! : 1;
  const weighted = files.map((file) => ({ file, seconds: weightOf(file) ?? fallback }));
  weighted.sort((a, b) => b.seconds - a.seconds || a.file.localeCompare(b.file));
  const groups = Array.from({ length: Math.max(1, Math.min(count, files.length)) }, () => ({ seconds: 0, files: [] as string[] }));
  for (const { file, seconds } of weighted) {
    const lightest = groups.reduce((least, group) => (group.seconds < least.seconds ? group : least));
    lightest.files.push(file);
    lightest.seconds += seconds;
  }
  return groups
    .filter((group) => group.files.length > 0)
    .sort((a, b) => b.seconds - a.seconds)
    .map((group) => group.files);
}

/** The source of a group's entry file: one suite per test file, named after it, that loads the file. */
export function groupEntrySource(root: string, files: string[]): string {
  const suites = files.map((file) => ({ name: suiteName(root, file), path: path.resolve(root, file) }));
  return [
    "'use strict';",
    '// Made by test/run-suite.js: the test files of one group, one after the other, each in a suite of its own.',
    "const { describe } = require('node:test');",
    `for (const file of ${JSON.stringify(suites)}) describe(file.name, () => require(file.path));`,
    '',
  ].join('\n');
}

/** Writes one entry file per group into the folder and returns their paths, the first group's first. */
export function writeGroupEntries(root: string, groups: string[][], folder: string): string[] {
  fs.mkdirSync(folder, { recursive: true });
  const width = String(groups.length).length;
  return groups.map((files, index) => {
    const entry = path.join(folder, `group-${String(index + 1).padStart(width, '0')}.test.js`);
    fs.writeFileSync(entry, groupEntrySource(root, files));
    return entry;
  });
}
