// npm run chaos -- --seed N --clusters K [--minutes M] [--rounds R] [--settle-seconds S] [--quiet]
// Runs the seeded fault campaign against a fresh local stack; progress goes to stderr, the report to stdout,
// ending with "N passed, M failed"; the exit code is 1 when an invariant was violated.
import path from 'node:path';
import { formatReport, runCampaign } from './campaign';

const usage = 'usage: npm run chaos -- --seed N --clusters K [--minutes M] [--rounds R] [--settle-seconds S] [--quiet]';

function parse(argv: string[]): Record<string, string | true> {
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument '${arg}'`);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) options[arg.slice(2)] = true;
    else options[arg.slice(2)] = argv[++i]!;
  }
  return options;
}

function integer(options: Record<string, string | true>, name: string, min: number, fallback?: number): number | undefined {
  const value = options[name];
  if (value === undefined) return fallback;
  const number = Number(value);
  if (value === true || !Number.isInteger(number) || number < min) throw new Error(`--${name} must be a whole number of at least ${min}`);
  return number;
}

async function main(): Promise<number> {
  let options: Record<string, string | true>;
  let seed: number, clusters: number;
  let minutes: number | undefined;
  try {
    options = parse(process.argv.slice(2));
    const known = ['seed', 'clusters', 'minutes', 'rounds', 'settle-seconds', 'quiet'];
    const unknown = Object.keys(options).find((name) => !known.includes(name));
    if (unknown) throw new Error(`unknown option --${unknown}`);
    seed = integer(options, 'seed', 0)!;
    clusters = integer(options, 'clusters', 1)!;
    if (seed === undefined || clusters === undefined) throw new Error('--seed and --clusters are required');
    if (seed > 0xffffffff) throw new Error('--seed must fit in 32 bits');
    if (options.minutes !== undefined) {
      minutes = Number(options.minutes);
      if (!(minutes > 0)) throw new Error('--minutes must be a positive number');
    }
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  const quiet = options.quiet === true;
  const result = await runCampaign({
    root: path.resolve(__dirname, '..', '..', '..'),
    seed,
    clusters,
    minutes,
    rounds: integer(options, 'rounds', 1),
    settleSeconds: integer(options, 'settle-seconds', 1),
    log: quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${formatReport(result)}\n`);
  return result.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`the campaign could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
