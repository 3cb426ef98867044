// A small stand-in for spf13/pflag as cobra uses it: the same parsing rules (interspersed flags, --x=v, --x v,
// -x v, -xv, bool flags without a value), the same error texts and the same `FlagUsages` layout.

export type FlagType = 'string' | 'bool' | 'stringArray' | 'int';

export interface FlagSpec {
  name: string;
  shorthand?: string;
  type: FlagType;
  /** Default as pflag prints it: "" and false and [] count as zero values and are not printed. */
  defaultValue?: string;
  usage: string;
}

export type FlagValues = Record<string, string | boolean | string[] | number>;

export interface ParsedArgs {
  values: FlagValues;
  /** Flags given on the command line (pflag's Changed). */
  changed: Set<string>;
  positional: string[];
}

/** pflag's error for a command line it cannot parse; cobra prints "Error: <message>" and the usage. */
export class FlagError extends Error {}

export function defaultValues(specs: FlagSpec[]): FlagValues {
  const values: FlagValues = {};
  for (const spec of specs) {
    if (spec.type === 'bool') values[spec.name] = spec.defaultValue === 'true';
    else if (spec.type === 'stringArray') values[spec.name] = [];
    else if (spec.type === 'int') values[spec.name] = Number(spec.defaultValue ?? '0');
    else values[spec.name] = spec.defaultValue ?? '';
  }
  return values;
}

export function parseFlags(specs: FlagSpec[], args: string[]): ParsedArgs {
  const values = defaultValues(specs);
  const changed = new Set<string>();
  const positional: string[] = [];
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const byShorthand = new Map(specs.filter((spec) => spec.shorthand).map((spec) => [spec.shorthand!, spec]));

  const set = (spec: FlagSpec, raw: string) => {
    changed.add(spec.name);
    if (spec.type === 'bool') {
      const parsed = parseBool(raw);
      if (parsed === undefined) {
        throw new FlagError(
          `invalid argument "${raw}" for "${flagDisplayName(spec)}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`,
        );
      }
      values[spec.name] = parsed;
    } else if (spec.type === 'stringArray') {
      (values[spec.name] as string[]).push(raw);
    } else if (spec.type === 'int') {
      const parsed = parseGoInt(raw);
      if (typeof parsed === 'string') {
        throw new FlagError(`invalid argument "${raw}" for "${flagDisplayName(spec)}" flag: strconv.ParseInt: parsing "${raw}": ${parsed}`);
      }
      values[spec.name] = parsed;
    } else {
      values[spec.name] = raw;
    }
  };

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const body = arg.slice(2);
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const spec = byName.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) set(spec, body.slice(eq + 1));
      else if (spec.type === 'bool') set(spec, 'true');
      else if (i + 1 < args.length) set(spec, args[++i]!);
      else throw new FlagError(`flag needs an argument: --${name}`);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      // A cluster of shorthands: each is a bool, until one takes the rest (or the next argument) as its value.
      let rest = arg.slice(1);
      while (rest.length > 0) {
        const letter = rest[0]!;
        const spec = byShorthand.get(letter);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${letter}' in -${rest}`);
        rest = rest.slice(1);
        if (rest.startsWith('=')) {
          set(spec, rest.slice(1));
          rest = '';
        } else if (spec.type === 'bool') {
          set(spec, 'true');
        } else if (rest.length > 0) {
          set(spec, rest);
          rest = '';
        } else if (i + 1 < args.length) {
          set(spec, args[++i]!);
        } else {
          throw new FlagError(`flag needs an argument: '${letter}' in -${letter}`);
        }
      }
      continue;
    }
    positional.push(arg);
  }
  return { values, changed, positional };
}

/** strconv.ParseBool */
function parseBool(raw: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  return undefined;
}

/** strconv.ParseInt(s, 0, 64): an optional sign, then decimal, 0x hex, 0o/0 octal or 0b binary; else the error's reason. */
function parseGoInt(raw: string): number | string {
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[1-9][0-9]*|0)$/.exec(
    raw.replace(/(?<=[0-9a-fA-F])_(?=[0-9a-fA-F])/g, ''),
  );
  if (!match) return 'invalid syntax';
  const body = match[2]!.toLowerCase();
  const prefixed = body.startsWith('0x') || body.startsWith('0b') || body.startsWith('0o');
  // A leading 0 means octal, as in Go.
  const digits = prefixed ? body : body.length > 1 && body.startsWith('0') ? `0o${body.slice(1)}` : body;
  const value = BigInt(digits) * (match[1] === '-' ? -1n : 1n);
  if (value > 2n ** 63n - 1n || value < -(2n ** 63n)) return 'value out of range';
  return Number(value);
}

function flagDisplayName(spec: FlagSpec): string {
  return spec.shorthand ? `-${spec.shorthand}, --${spec.name}` : `--${spec.name}`;
}

/** pflag's FlagUsages: sorted by name, shorthands first, the usage column aligned, non-zero defaults appended. */
export function flagUsages(specs: FlagSpec[]): string {
  const sorted = [...specs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let maxlen = 0;
  const lines = sorted.map((spec) => {
    let line = spec.shorthand ? `  -${spec.shorthand}, --${spec.name}` : `      --${spec.name}`;
    const { varname, usage } = unquoteUsage(spec);
    if (varname) line += ` ${varname}`;
    const separator = line.length;
    maxlen = Math.max(maxlen, separator);
    let text = usage;
    const isZero =
      spec.type === 'bool'
        ? spec.defaultValue !== 'true'
        : spec.type === 'stringArray'
          ? true
          : spec.type === 'int'
            ? !spec.defaultValue || spec.defaultValue === '0'
            : !spec.defaultValue;
    if (!isZero) text += spec.type === 'string' ? ` (default "${spec.defaultValue}")` : ` (default ${spec.defaultValue})`;
    return { head: line, text };
  });
  return lines.map(({ head, text }) => `${head} ${' '.repeat(maxlen - head.length)}  ${text}`.replace(/\s+$/, '')).join('\n');
}

/** pflag.UnquoteUsage: a back-quoted word in the usage names the value; otherwise the type does. */
function unquoteUsage(spec: FlagSpec): { varname: string; usage: string } {
  const start = spec.usage.indexOf('`');
  if (start >= 0) {
    const end = spec.usage.indexOf('`', start + 1);
    if (end >= 0) {
      const varname = spec.usage.slice(start + 1, end);
      return { varname, usage: spec.usage.slice(0, start) + varname + spec.usage.slice(end + 1) };
    }
  }
  return { varname: spec.type === 'bool' ? '' : spec.type, usage: spec.usage };
}
