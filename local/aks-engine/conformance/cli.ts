// `npm run conformance -- --aks-engine <real binary>`: runs the simulator and the real aks-engine v0.32.3 on every
// apimodel of the corpus and prints how far they agree, figure by figure, beside the expected figures committed
// with the corpus. `--lifecycle` also runs the product's whole cluster lifecycle on the local stack with the real
// binary. Exit code 1 when a figure falls below its expected value.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AKS_ENGINE_EXECUTABLE } from '../index';
import { compareCase, compareReload, type CaseComparison } from './compare';
import { CORPUS_DIR, loadCorpus, type CorpusCase } from './corpus';
import { aggregate, formatCaseFailures, formatDifferences, formatFigures, type ExpectedFigures, type Figure } from './figures';
import { ResultCache } from './result-cache';
import { runTool, unflattenApiModel, type ToolResult } from './tool-run';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const EXPECTED_FILE = path.join(path.dirname(CORPUS_DIR), 'expected-figures.json');

interface Options {
  aksEngine: string;
  only?: string;
  jobs: number;
  cache: boolean;
  updateExpected: boolean;
  keep?: string;
  limit: number;
  json?: string;
  lifecycle: boolean;
  compare: boolean;
  cachedOnly: boolean;
  stackLog?: string;
}

const USAGE = `usage: npm run conformance -- --aks-engine <path to aks-engine v0.32.3> [options]
  --only <text>        only apimodels whose id contains <text> (e.g. product/, vlabs/windows)
  --jobs <n>           apimodels run at once (default 2)
  --no-cache           run the real binary even when its result for an apimodel is cached (.local/conformance)
  --cached-only        only apimodels whose real result is cached (quick, partial figures)
  --keep <dir>         keep both tools' output folders under <dir>/<id>/{aks-engine,simulator}
  --limit <n>          differences listed per figure (default 12)
  --json <file>        write the figures and every case's comparison to <file>
  --update-expected    write the figures to expected-figures.json
  --lifecycle          also run the cluster lifecycle on the local stack with the real binary
  --lifecycle-only     only the lifecycle check
  --stack-log <file>   write every line the local stack prints during the lifecycle to <file>`;

function parseArgs(argv: string[]): Options {
  const options: Options = {
    aksEngine: '',
    jobs: 2,
    cache: true,
    updateExpected: false,
    limit: 12,
    lifecycle: false,
    compare: true,
    cachedOnly: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === '--aks-engine') options.aksEngine = path.resolve(value());
    else if (arg === '--only') options.only = value();
    else if (arg === '--jobs') options.jobs = Math.max(1, Number(value()) || 1);
    else if (arg === '--no-cache') options.cache = false;
    else if (arg === '--cached-only') options.cachedOnly = true;
    else if (arg === '--keep') options.keep = path.resolve(value());
    else if (arg === '--limit') options.limit = Number(value()) || 12;
    else if (arg === '--json') options.json = path.resolve(value());
    else if (arg === '--update-expected') options.updateExpected = true;
    else if (arg === '--lifecycle') options.lifecycle = true;
    else if (arg === '--stack-log') options.stackLog = path.resolve(value());
    else if (arg === '--lifecycle-only') Object.assign(options, { lifecycle: true, compare: false });
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (!options.aksEngine) throw new Error(`--aks-engine is required\n${USAGE}`);
  if (!fs.existsSync(options.aksEngine)) throw new Error(`${options.aksEngine} does not exist`);
  return options;
}

async function pool<T>(items: T[], jobs: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(jobs, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

export async function runComparison(options: Options): Promise<Figure[]> {
  const cache = new ResultCache(path.join(ROOT, '.local', 'conformance'), ResultCache.hashFile(options.aksEngine));
  const cases = loadCorpus().filter(
    (item) => (!options.only || item.id.includes(options.only)) && (!options.cachedOnly || cache.get(item.text) !== undefined),
  );
  const version = execFileSync(options.aksEngine, ['version'], { encoding: 'utf8' }).trim().split('\n').join(', ');
  const groups = [...new Set(cases.map((item) => item.group))].map((group) => `${cases.filter((c) => c.group === group).length} ${group}`);
  process.stdout.write(`aks-engine conformance: simulator vs ${options.aksEngine} (${version})\n`);
  process.stdout.write(`corpus: ${cases.length} apimodels (${groups.join(', ')})\n\n`);

  const results: Array<{ id: string; comparison: CaseComparison }> = [];
  let done = 0;
  await pool(cases, options.jobs, async (item: CorpusCase) => {
    const keep = (tool: string) => (options.keep ? path.join(options.keep, item.id, tool) : undefined);
    let real: ToolResult | undefined = options.cache && !options.keep ? cache.get(item.text) : undefined;
    if (!real) {
      real = await runTool(options.aksEngine, item.text, keep('aks-engine'));
      cache.put(item.text, real);
    }
    const sim = await runTool(AKS_ENGINE_EXECUTABLE, item.text, keep('simulator'));
    const comparison = compareCase(real, sim);
    if (real.exitCode === 0 && real.output) {
      const reloadText = JSON.stringify(unflattenApiModel(real.output.apimodel), null, 2);
      const reloaded = await runTool(AKS_ENGINE_EXECUTABLE, reloadText, keep('simulator-reload'));
      // Only a refusal needs the real tool's own verdict on the file (it refuses a few of its own apimodels).
      let realReloaded: ToolResult | undefined;
      if (reloaded.exitCode !== 0) {
        realReloaded = options.cache ? cache.get(reloadText) : undefined;
        if (!realReloaded) {
          realReloaded = await runTool(options.aksEngine, reloadText, keep('aks-engine-reload'));
          cache.put(reloadText, realReloaded);
        }
      }
      comparison.reload = compareReload(real, reloaded, realReloaded);
    }
    results.push({ id: item.id, comparison });
    done++;
    if (process.stderr.isTTY) process.stderr.write(`\r[${done}/${cases.length}] ${item.id.padEnd(60).slice(0, 60)}`);
  });
  if (process.stderr.isTTY) process.stderr.write('\r'.padEnd(80) + '\r');
  results.sort((a, b) => (a.id < b.id ? -1 : 1));

  const figures = aggregate(results.map((result) => result.comparison));
  const expected = fs.existsSync(EXPECTED_FILE)
    ? ((JSON.parse(fs.readFileSync(EXPECTED_FILE, 'utf8')) as { figures: ExpectedFigures }).figures ?? {})
    : undefined;
  process.stdout.write(`${formatFigures(figures, options.only || options.cachedOnly ? undefined : expected)}\n\n`);
  const failures = formatCaseFailures(results, options.limit * 4);
  if (failures) process.stdout.write(`accept/reject and message differences:\n${failures}\n\n`);
  const differences = formatDifferences(
    results.map((result) => result.comparison),
    options.limit,
  );
  if (differences) process.stdout.write(`most frequent differences (apimodels):\n${differences}\n`);

  if (options.json) fs.writeFileSync(options.json, JSON.stringify({ version, figures, cases: results }, null, 2));
  if (options.updateExpected && !options.only && !options.cachedOnly) {
    const figuresByKey = Object.fromEntries(figures.map((figure) => [figure.key, figure.percent]));
    fs.writeFileSync(EXPECTED_FILE, `${JSON.stringify({ aksEngine: version, apimodels: cases.length, figures: figuresByKey }, null, 2)}\n`);
    process.stdout.write(`\nwrote ${path.relative(ROOT, EXPECTED_FILE)}\n`);
  }
  if (expected && !options.only && !options.cachedOnly) {
    const worse = figures.filter((figure) => expected[figure.key] !== undefined && figure.percent < expected[figure.key]! - 0.05);
    if (worse.length) process.stdout.write(`\nbelow the expected figures: ${worse.map((figure) => figure.label).join(', ')}\n`);
    if (worse.length) process.exitCode = 1;
  }
  return figures;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.compare) await runComparison(options);
  if (options.lifecycle) {
    const { runLifecycle } = await import('./lifecycle.js');
    const stackLog = options.stackLog ? fs.createWriteStream(options.stackLog) : undefined;
    const ok = await runLifecycle({
      root: ROOT,
      aksEnginePath: options.aksEngine,
      log: stackLog && ((line) => stackLog.write(`${line}\n`)),
    });
    stackLog?.end();
    if (!ok) process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
