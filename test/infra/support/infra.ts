// Reading this repository's infrastructure: the parsed Bicep tree under infra/, resource bodies, and
// the value an app setting ends up with, followed through vars, module params and main.parameters.json.
import fs from 'node:fs';
import path from 'node:path';

import { repoRoot } from '../../support/process';
import { checkBicepTree, literal, objectEntries, type BicepFile, type ObjectEntry, type Token } from './bicep';

export const infraDir = path.join(repoRoot, 'infra');
export const mainBicep = path.join(infraDir, 'main.bicep');
export const functionAppBicep = path.join(infraDir, 'modules', 'functionapp.bicep');

let cached: ReturnType<typeof checkBicepTree> | undefined;
export function infraTree(): ReturnType<typeof checkBicepTree> {
  cached ??= checkBicepTree(mainBicep);
  return cached;
}

export function bicepFile(file: string): BicepFile {
  const parsed = infraTree().files.get(path.resolve(file));
  if (!parsed) throw new Error(`${file} is not reached from infra/main.bicep`);
  return parsed;
}

/** main.parameters.json: parameter name -> value as written. */
export function mainParameters(): Record<string, string> {
  const json = JSON.parse(fs.readFileSync(path.join(infraDir, 'main.parameters.json'), 'utf8')) as {
    parameters: Record<string, { value: unknown }>;
  };
  return Object.fromEntries(Object.entries(json.parameters).map(([k, v]) => [k, String(v.value)]));
}

/** The entries of the object a resource (or module) declaration's body is. */
export function resourceBody(file: BicepFile, name: string): ObjectEntry[] {
  const { tokens } = file;
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (tokens[i]!.kind === 'ident' && (tokens[i]!.text === 'resource' || tokens[i]!.text === 'module') && tokens[i + 1]!.text === name) {
      let j = i + 2;
      while (j < tokens.length && tokens[j]!.text !== '{') j++;
      return objectEntries(tokens, j);
    }
  }
  throw new Error(`${file.file}: no resource ${name}`);
}

/** The entries of an object-valued entry. */
export function nested(file: BicepFile, entries: ObjectEntry[], key: string): ObjectEntry[] {
  const entry = entries.find((e) => e.key === key);
  if (!entry) throw new Error(`no ${key} in the object`);
  const open = file.tokens.indexOf(entry.valueTokens[0]!);
  if (file.tokens[open]?.text !== '{') throw new Error(`${key} is not an object literal`);
  return objectEntries(file.tokens, open);
}

export function value(entries: ObjectEntry[], key: string): ObjectEntry['valueTokens'] {
  const entry = entries.find((e) => e.key === key);
  if (!entry) throw new Error(`no ${key} in the object`);
  return entry.valueTokens;
}

export function text(tokens: Token[]): string {
  return tokens.map((t) => t.text).join('');
}

/** The app settings of the function app: the `appSettings` var of functionapp.bicep. */
export function appSettings(): ObjectEntry[] {
  const file = bicepFile(functionAppBicep);
  const index = file.tokens.findIndex((t, i) => t.text === 'var' && file.tokens[i + 1]?.text === 'appSettings');
  if (index < 0) throw new Error('functionapp.bicep has no var appSettings');
  return objectEntries(file.tokens, index + 3);
}

export interface Traced {
  /** The string the setting gets, when it is fixed by the templates (or by azd's default). */
  literal?: string;
  /** Otherwise the expression it comes from, in the file that computes it (e.g. identity.outputs.clientId). */
  expression?: string;
}

/** Follows a value through vars, module params and main.parameters.json to a literal or an expression. */
export function trace(file: BicepFile, tokens: Token[]): Traced {
  const fixed = literal(tokens);
  if (fixed !== undefined) return { literal: fixed };
  if (tokens.length === 1 && tokens[0]!.kind === 'ident') {
    const name = tokens[0]!.text;
    const variable = file.vars.get(name);
    if (variable) return trace(file, variable.valueTokens);
    const param = file.params.get(name);
    if (param) {
      if (path.resolve(file.file) === path.resolve(mainBicep)) {
        const given = mainParameters()[name];
        const azdDefault = given === undefined ? undefined : /^\$\{[A-Z0-9_]+=(.*)\}$/.exec(given)?.[1];
        if (azdDefault !== undefined) return { literal: azdDefault };
        if (given !== undefined && !given.includes('${')) return { literal: given };
        return param.hasDefault ? trace(file, param.defaultTokens) : { expression: `param ${name}` };
      }
      // a module param: find the one caller
      for (const caller of infraTree().files.values()) {
        for (const call of caller.modules.values()) {
          if (path.resolve(path.dirname(caller.file), call.target) !== path.resolve(file.file)) continue;
          const passed = call.params.find((p) => p.key === name);
          if (passed) return trace(caller, passed.valueTokens);
        }
      }
      return param.hasDefault ? trace(file, param.defaultTokens) : { expression: `param ${name}` };
    }
  }
  return { expression: text(tokens) };
}
