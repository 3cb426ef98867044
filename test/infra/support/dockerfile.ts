// A Dockerfile parser good enough to check this repository's Dockerfile: line continuations, comments,
// parser directives, stages, ARG scoping and ${VAR} expansion the way BuildKit does it, and the
// instructions the checks look at (FROM, ARG, ENV, RUN, COPY, USER, EXPOSE, WORKDIR).

export interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  args: string;
  line: number;
  /** The comment lines directly above the instruction (without '#'). */
  comments: string[];
}

export interface Stage {
  index: number;
  name?: string;
  /** The FROM image as written, before ARG expansion. */
  image: string;
  platform?: string;
  instructions: Instruction[];
  /** ARG name -> default (after expansion), as declared in this stage. */
  args: Map<string, string | undefined>;
}

export interface Dockerfile {
  globalArgs: Map<string, string | undefined>;
  globalArgInstructions: Instruction[];
  stages: Stage[];
  instructions: Instruction[];
}

export function parseInstructions(text: string): Instruction[] {
  const lines = text.split(/\r?\n/);
  const instructions: Instruction[] = [];
  let comments: string[] = [];
  let i = 0;
  let inDirectives = true;
  while (i < lines.length) {
    const raw = lines[i]!;
    const trimmed = raw.trim();
    if (trimmed === '') {
      inDirectives = false;
      comments = [];
      i++;
      continue;
    }
    if (trimmed.startsWith('#')) {
      if (inDirectives && /^#\s*[a-zA-Z]+\s*=/.test(trimmed)) {
        i++;
        continue;
      }
      comments.push(trimmed.replace(/^#\s?/, ''));
      i++;
      continue;
    }
    inDirectives = false;
    const start = i + 1;
    let joined = '';
    for (;;) {
      const current = lines[i]!;
      i++;
      if (/\\\s*$/.test(current)) {
        joined += current.replace(/\\\s*$/, '') + ' ';
        // inside a continuation, comment lines and empty lines are dropped
        while (i < lines.length && (/^\s*#/.test(lines[i]!) || lines[i]!.trim() === '')) i++;
        if (i >= lines.length) break;
        continue;
      }
      joined += current;
      break;
    }
    const match = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(joined);
    if (!match) throw new Error(`line ${start}: cannot parse ${JSON.stringify(joined)}`);
    instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: start, comments });
    comments = [];
  }
  return instructions;
}

/** Expands $VAR, ${VAR}, ${VAR:-default} and ${VAR:+alt} with the given variables. */
export function expand(text: string, vars: Map<string, string | undefined>): string {
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\+)([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced, op, word, bare) => {
    const name = (braced ?? bare) as string;
    const value = vars.get(name);
    if (op === ':-') return value ? value : (word as string);
    if (op === ':+') return value ? (word as string) : '';
    return value ?? '';
  });
}

function parseArg(args: string): { name: string; value?: string } {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/s.exec(args.trim());
  if (!match) throw new Error(`cannot parse ARG ${args}`);
  let value = match[2];
  if (value !== undefined && /^".*"$|^'.*'$/s.test(value)) value = value.slice(1, -1);
  return value === undefined ? { name: match[1]! } : { name: match[1]!, value };
}

export function parseDockerfile(text: string): Dockerfile {
  const instructions = parseInstructions(text);
  const globalArgs = new Map<string, string | undefined>();
  const globalArgInstructions: Instruction[] = [];
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const match = /^(?:--platform=(\S+)\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!match) throw new Error(`line ${instruction.line}: cannot parse FROM ${instruction.args}`);
      stages.push({
        index: stages.length,
        image: match[2]!,
        platform: match[1],
        name: match[3]?.toLowerCase(),
        instructions: [],
        args: new Map(),
      });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) {
      if (instruction.keyword !== 'ARG') throw new Error(`line ${instruction.line}: only ARG may come before the first FROM`);
      const { name, value } = parseArg(instruction.args);
      globalArgs.set(name, value === undefined ? undefined : expand(value, globalArgs));
      globalArgInstructions.push(instruction);
      continue;
    }
    stage.instructions.push(instruction);
    if (instruction.keyword === 'ARG') {
      const { name, value } = parseArg(instruction.args);
      const known = new Map([...globalArgs, ...stage.args]);
      stage.args.set(name, value === undefined ? globalArgs.get(name) : expand(value, known));
    }
  }
  return { globalArgs, globalArgInstructions, stages, instructions };
}

/** The image a stage starts from, with global ARGs expanded. */
export function resolvedImage(dockerfile: Dockerfile, stage: Stage): string {
  return expand(stage.image, dockerfile.globalArgs);
}

export function stageByName(dockerfile: Dockerfile, name: string): Stage | undefined {
  return dockerfile.stages.find((s) => s.name === name.toLowerCase());
}

/** ENV key=value pairs of a stage (later ones win), with the stage's ARGs expanded. */
export function stageEnv(stage: Stage, globalArgs: Map<string, string | undefined>): Map<string, string> {
  const env = new Map<string, string>();
  const vars = new Map<string, string | undefined>([...globalArgs].filter(([k]) => stage.args.has(k)));
  for (const [k, v] of stage.args) vars.set(k, v);
  for (const instruction of stage.instructions) {
    if (instruction.keyword !== 'ENV') continue;
    const pairs = instruction.args.match(/[A-Za-z_][A-Za-z0-9_]*=(?:"[^"]*"|'[^']*'|\S+)/g);
    if (!pairs) {
      const legacy = /^(\S+)\s+(.*)$/.exec(instruction.args);
      if (legacy) env.set(legacy[1]!, legacy[2]!);
      continue;
    }
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      let value = pair.slice(eq + 1);
      if (/^".*"$|^'.*'$/.test(value)) value = value.slice(1, -1);
      const resolved = expand(value, new Map([...vars, ...env]));
      env.set(pair.slice(0, eq), resolved);
    }
  }
  return env;
}

export interface CopyInstruction {
  from?: string;
  chown?: string;
  sources: string[];
  destination: string;
  line: number;
}

export function copies(stage: Stage): CopyInstruction[] {
  return stage.instructions
    .filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')
    .map((i) => {
      const words = i.args.startsWith('[') ? (JSON.parse(i.args) as string[]) : i.args.split(/\s+/);
      const flags = words.filter((w) => w.startsWith('--'));
      const paths = words.filter((w) => !w.startsWith('--'));
      const flag = (name: string) => flags.find((f) => f.startsWith(`--${name}=`))?.slice(name.length + 3);
      if (i.keyword === 'ADD') throw new Error(`line ${i.line}: use COPY, not ADD`);
      return { from: flag('from'), chown: flag('chown'), sources: paths.slice(0, -1), destination: paths[paths.length - 1]!, line: i.line };
    });
}
