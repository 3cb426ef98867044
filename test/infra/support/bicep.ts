// A small, honest reference checker for Bicep files: it lexes the language (comments, strings with
// ${} interpolation, multi-line strings, punctuation), finds the declarations (param, var, resource,
// module, output, type, func, loop and lambda variables, extensions) and every identifier used as a value,
// and reports identifiers that refer to nothing, unused params and vars, calls of unknown functions, and,
// across files, module params and outputs that do not match the module file, and Microsoft Graph resources
// whose extension is missing or does not resolve (through bicepconfig.json) to the Graph types they need.
// It does not type-check, and it does not know resource schemas: it catches the mistakes a rename or a
// typo leaves behind, which is what breaks an `azd up` first.
import fs from 'node:fs';
import path from 'node:path';

export type TokenKind = 'ident' | 'string' | 'number' | 'punct' | 'newline';

export interface Token {
  kind: TokenKind;
  text: string;
  line: number;
  /** For strings: the literal text when the string has no interpolation. */
  value?: string;
  /** For strings: the tokens of each ${...} interpolation. */
  interpolations?: Token[][];
}

const multiCharPunctuation = ['??', '::', '=>', '==', '!=', '=~', '!~', '<=', '>=', '&&', '||', '.?'];

interface LexResult {
  tokens: Token[];
  end: number;
  line: number;
}

function lexFrom(source: string, start: number, line: number, untilBrace: boolean): LexResult {
  const tokens: Token[] = [];
  let i = start;
  let depth = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\n') {
      tokens.push({ kind: 'newline', text: '\n', line });
      line++;
      i++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (source.startsWith('/*', i)) {
      const close = source.indexOf('*/', i + 2);
      if (close < 0) throw new Error(`line ${line}: unterminated /* comment`);
      for (let j = i; j < close; j++) if (source[j] === '\n') line++;
      i = close + 2;
      continue;
    }
    if (source.startsWith("'''", i)) {
      const close = source.indexOf("'''", i + 3);
      if (close < 0) throw new Error(`line ${line}: unterminated ''' string`);
      const value = source.slice(i + 3, close);
      tokens.push({ kind: 'string', text: source.slice(i, close + 3), line, value });
      for (const c of value) if (c === '\n') line++;
      i = close + 3;
      continue;
    }
    if (ch === "'") {
      const startLine = line;
      let value = '';
      const interpolations: Token[][] = [];
      let j = i + 1;
      for (;;) {
        if (j >= source.length) throw new Error(`line ${startLine}: unterminated string`);
        const c = source[j]!;
        if (c === '\n') throw new Error(`line ${startLine}: line break inside a '...' string`);
        if (c === '\\') {
          const next = source[j + 1];
          const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", $: '$' };
          if (next === undefined || escapes[next] === undefined) {
            throw new Error(`line ${startLine}: unknown escape \\${next ?? ''} in a string`);
          }
          value += escapes[next];
          j += 2;
          continue;
        }
        if (c === '$' && source[j + 1] === '{') {
          const inner = lexFrom(source, j + 2, line, true);
          interpolations.push(inner.tokens);
          line = inner.line;
          j = inner.end + 1;
          value += '\u0000';
          continue;
        }
        if (c === "'") break;
        value += c;
        j++;
      }
      const token: Token = { kind: 'string', text: source.slice(i, j + 1), line: startLine };
      if (interpolations.length === 0) token.value = value;
      else token.interpolations = interpolations;
      tokens.push(token);
      i = j + 1;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 200));
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], line });
      i += ident[0].length;
      continue;
    }
    const number = /^[0-9]+(?:\.[0-9]+)?/.exec(source.slice(i, i + 50));
    if (number) {
      tokens.push({ kind: 'number', text: number[0], line });
      i += number[0].length;
      continue;
    }
    const multi = multiCharPunctuation.find((p) => source.startsWith(p, i));
    const text = multi ?? ch;
    if (!multi && !'{}[]()<>,:;.?!=+-*/%@|&'.includes(ch)) {
      throw new Error(`line ${line}: unexpected character ${JSON.stringify(ch)}`);
    }
    if (untilBrace) {
      if (text === '{') depth++;
      if (text === '}') {
        if (depth === 0) return { tokens, end: i, line };
        depth--;
      }
    }
    tokens.push({ kind: 'punct', text, line });
    i += text.length;
  }
  if (untilBrace) throw new Error(`line ${line}: unterminated \${ interpolation`);
  return { tokens, end: i, line };
}

export function lex(source: string): Token[] {
  return lexFrom(source, 0, 1, false).tokens;
}

/** Functions and decorators of the Bicep language (sys and az namespaces). */
export const knownFunctions = new Set([
  // decorators
  'description', 'secure', 'allowed', 'minLength', 'maxLength', 'minValue', 'maxValue', 'metadata', 'batchSize',
  'export', 'sealed', 'discriminator', 'onlyIfNotExists',
  // any/array/object/string/numeric/logical/lambda/file/date functions
  'any', 'array', 'concat', 'contains', 'empty', 'first', 'last', 'flatten', 'indexOf', 'lastIndexOf', 'intersection',
  'length', 'max', 'min', 'range', 'skip', 'take', 'union', 'items', 'json', 'join', 'objectKeys', 'shallowMerge',
  'toObject', 'filter', 'map', 'mapValues', 'reduce', 'sort', 'groupBy', 'base64', 'base64ToJson', 'base64ToString',
  'dataUri', 'dataUriToString', 'endsWith', 'format', 'guid', 'newGuid', 'padLeft', 'replace', 'split', 'startsWith',
  'string', 'substring', 'toLower', 'toUpper', 'trim', 'uniqueString', 'uri', 'uriComponent', 'uriComponentToString',
  'int', 'bool', 'coalesce', 'dateTimeAdd', 'dateTimeFromEpoch', 'dateTimeToEpoch', 'utcNow', 'parseCidr',
  'cidrSubnet', 'cidrHost', 'loadFileAsBase64', 'loadJsonContent', 'loadYamlContent', 'loadTextContent', 'readEnvironmentVariable',
  // az namespace
  'resourceGroup', 'subscription', 'tenant', 'managementGroup', 'deployment', 'deployer', 'environment',
  'resourceId', 'subscriptionResourceId', 'tenantResourceId', 'extensionResourceId', 'managementGroupResourceId',
  'reference', 'list', 'listKeys', 'listSecrets', 'listAccountSas', 'listServiceSas', 'pickZones', 'providers', 'toLogicalZone',
  'toPhysicalZone',
]);

const keywords = new Set([
  'true', 'false', 'null', 'if', 'for', 'in', 'existing', 'targetScope', 'param', 'var', 'resource', 'module',
  'output', 'type', 'func', 'import', 'metadata', 'extension', 'with', 'as', 'using',
]);

const namespaces = new Set(['az', 'sys']);

/** Azure resource types carry a dated API version. */
const armResourceType = /^[A-Za-z0-9.]+\/[A-Za-z0-9/]+@\d{4}-\d{2}-\d{2}(-preview)?$/;
/** Microsoft Graph resource types (Bicep extension) carry the Graph version instead: v1.0 or beta. */
const graphResourceType = /^Microsoft\.Graph\/[A-Za-z0-9/]+@(v1\.0|beta)$/;
/** Where the Microsoft Graph Bicep extension's types are published, one repository per Graph version. */
const graphExtensionReference = /^br:mcr\.microsoft\.com\/bicep\/extensions\/microsoftgraph\/(v1\.0|beta):(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)$/;
/** Extensions built into Bicep, usable without a bicepconfig.json alias. */
const builtInExtensions = new Set(['kubernetes']);
/** Built-in extensions that are retired: deployments that use them fail. */
const retiredExtensions: Record<string, string> = {
  microsoftGraph: 'the built-in Microsoft Graph extension is retired; use the dynamic types (a bicepconfig.json alias)',
};

export interface ParamDeclaration {
  name: string;
  line: number;
  hasDefault: boolean;
  nullable: boolean;
  /** The default value's tokens, when there is one. */
  defaultTokens: Token[];
}

export interface ObjectEntry {
  key: string;
  line: number;
  valueTokens: Token[];
}

export interface ModuleCall {
  name: string;
  target: string;
  line: number;
  /** The entries of the module's params object. */
  params: ObjectEntry[];
  /** Whether the module body sets scope. */
  hasScope: boolean;
}

export interface ExtensionDeclaration {
  line: number;
  /** `extension <alias>`: a name bicepconfig.json's "extensions" (or Bicep itself) defines. */
  configAlias?: string;
  /** `extension '<registry reference>'`: the types' location, written inline. */
  reference?: string;
  /** `as <name>`: the namespace the extension is known by in this file. */
  as?: string;
}

export interface BicepFile {
  file: string;
  tokens: Token[];
  targetScope: string;
  params: Map<string, ParamDeclaration>;
  vars: Map<string, { line: number; valueTokens: Token[] }>;
  resources: Map<string, { line: number; type: string }>;
  /** The extension statements of the file. */
  extensions: ExtensionDeclaration[];
  modules: Map<string, ModuleCall>;
  outputs: Map<string, { line: number }>;
  /** module name -> output names read as <module>.outputs.<name> */
  moduleOutputReads: { module: string; output: string; line: number }[];
  /** Problems found inside this file alone. */
  problems: string[];
}

function significant(tokens: Token[], index: number, step: 1 | -1): number {
  let i = index + step;
  while (i >= 0 && i < tokens.length && tokens[i]!.kind === 'newline') i += step;
  return i;
}

function matchingClose(tokens: Token[], open: number): number {
  const pairs: Record<string, string> = { '{': '}', '[': ']', '(': ')' };
  const stack: string[] = [];
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (pairs[t.text]) stack.push(pairs[t.text]!);
    else if (t.text === '}' || t.text === ']' || t.text === ')') {
      if (stack.pop() !== t.text) throw new Error(`line ${t.line}: unbalanced ${t.text}`);
      if (stack.length === 0) return i;
    }
  }
  throw new Error(`line ${tokens[open]!.line}: ${tokens[open]!.text} is never closed`);
}

/** The top-level entries of the object literal whose '{' is at tokens[open]. */
export function objectEntries(tokens: Token[], open: number): ObjectEntry[] {
  const close = matchingClose(tokens, open);
  const entries: ObjectEntry[] = [];
  let i = open + 1;
  while (i < close) {
    const t = tokens[i]!;
    if (t.kind === 'newline' || (t.kind === 'punct' && t.text === ',')) {
      i++;
      continue;
    }
    if (t.kind === 'punct' && t.text === '@') {
      // a decorator on an object property (types only); skip it
      const open2 = significant(tokens, significant(tokens, i, 1), 1);
      i = tokens[open2]?.text === '(' ? matchingClose(tokens, open2) + 1 : open2;
      continue;
    }
    const keyToken = t;
    const colon = i + 1;
    if (!(keyToken.kind === 'ident' || (keyToken.kind === 'string' && keyToken.value !== undefined)) || tokens[colon]?.text !== ':') {
      throw new Error(`line ${t.line}: expected "key:" in an object, found ${JSON.stringify(t.text)}`);
    }
    const key = keyToken.kind === 'ident' ? keyToken.text : keyToken.value!;
    let j = colon + 1;
    const valueTokens: Token[] = [];
    let depth = 0;
    while (j < close) {
      const v = tokens[j]!;
      if (v.kind === 'punct' && '{[('.includes(v.text)) depth++;
      if (v.kind === 'punct' && '}])'.includes(v.text)) depth--;
      if (depth === 0 && (v.kind === 'newline' || (v.kind === 'punct' && v.text === ','))) {
        // a value continues on the next line when the line ends with an operator or the next starts with one
        const next = significant(tokens, j, 1);
        const last = valueTokens[valueTokens.length - 1];
        const continues =
          v.kind === 'newline' &&
          ((last && last.kind === 'punct' && ['?', ':', '&&', '||', '??', '+', '-', '*', '/', '==', '!='].includes(last.text)) ||
            (next < close && tokens[next]!.kind === 'punct' && ['?', ':', '&&', '||', '??', '.', '.?'].includes(tokens[next]!.text)));
        if (!continues) break;
      }
      if (v.kind !== 'newline') valueTokens.push(v);
      j++;
    }
    entries.push({ key, line: keyToken.line, valueTokens });
    i = j;
  }
  return entries;
}

interface Scan {
  uses: Token[];
  calls: Token[];
  localNames: Set<string>;
  /** az, sys and the file's extensions: names used only before a '.'. */
  namespaces: Set<string>;
}

/** Identifiers used as values, function calls, and loop/lambda variables, in a stretch of tokens. */
function scanExpressions(tokens: Token[], skip: Set<number>, scan: Scan): void {
  const stack: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'string' && t.interpolations) {
      for (const inner of t.interpolations) scanExpressions(inner, new Set(), scan);
      continue;
    }
    if (t.kind === 'punct') {
      if ('{[('.includes(t.text)) stack.push(t.text);
      else if ('}])'.includes(t.text)) stack.pop();
      continue;
    }
    if (t.kind !== 'ident' || skip.has(i)) continue;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (prev && prev.kind === 'punct' && (prev.text === '.' || prev.text === '::' || prev.text === '.?')) continue;
    // object key: `name:` at the start of an entry in an object
    if (
      next?.kind === 'punct' &&
      next.text === ':' &&
      stack[stack.length - 1] === '{' &&
      prev !== undefined &&
      (prev.kind === 'newline' || (prev.kind === 'punct' && (prev.text === '{' || prev.text === ',')))
    ) {
      continue;
    }
    if (keywords.has(t.text)) {
      if (t.text === 'for' && tokens[significant(tokens, i, -1)]?.text === '[') {
        // [for x in ...: ] or [for (x, i) in ...: ]
        let j = i + 1;
        if (tokens[j]?.text === '(') {
          j++;
          while (tokens[j] && tokens[j]!.text !== ')') {
            if (tokens[j]!.kind === 'ident') {
              scan.localNames.add(tokens[j]!.text);
              skip.add(j);
            }
            j++;
          }
        } else if (tokens[j]?.kind === 'ident') {
          scan.localNames.add(tokens[j]!.text);
          skip.add(j);
        }
      }
      continue;
    }
    if (next?.kind === 'punct' && next.text === '=>') {
      scan.localNames.add(t.text);
      continue;
    }
    if (prev?.text === '(' || prev?.text === ',') {
      // (a, b) => lambda parameters
      let j = i;
      while (tokens[j] && tokens[j]!.text !== ')' && (tokens[j]!.kind === 'ident' || tokens[j]!.text === ',')) j++;
      if (tokens[j]?.text === ')' && tokens[j + 1]?.text === '=>') {
        for (let k = i; k < j; k++) if (tokens[k]!.kind === 'ident') {
          scan.localNames.add(tokens[k]!.text);
          skip.add(k);
        }
        continue;
      }
    }
    if (next?.kind === 'punct' && next.text === '(') {
      scan.calls.push(t);
      continue;
    }
    if (next?.kind === 'punct' && next.text === '.' && scan.namespaces.has(t.text)) continue;
    scan.uses.push(t);
  }
}

export function parseBicep(file: string, source = fs.readFileSync(file, 'utf8')): BicepFile {
  const tokens = lex(source);
  const result: BicepFile = {
    file,
    tokens,
    targetScope: 'resourceGroup',
    params: new Map(),
    vars: new Map(),
    resources: new Map(),
    extensions: [],
    modules: new Map(),
    outputs: new Map(),
    moduleOutputReads: [],
    problems: [],
  };
  const declared = new Map<string, number>();
  const declare = (name: Token, kind: string) => {
    if (declared.has(name.text)) result.problems.push(`${kind} ${name.text} (line ${name.line}) is declared twice`);
    declared.set(name.text, name.line);
  };
  const skip = new Set<number>();
  const userFunctions = new Set<string>();
  const fileNamespaces = new Set(namespaces);

  // Statements at the top level: a keyword at depth 0 after a line break.
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && '{[('.includes(t.text)) depth++;
    if (t.kind === 'punct' && '}])'.includes(t.text)) depth--;
    const atStatementStart = depth === 0 && t.kind === 'ident' && (i === 0 || tokens[i - 1]!.kind === 'newline');
    if (!atStatementStart) continue;
    const nameIndex = i + 1;
    const name = tokens[nameIndex];
    const endOfLine = () => {
      let j = i;
      let d = 0;
      while (j < tokens.length) {
        const u = tokens[j]!;
        if (u.kind === 'punct' && '{[('.includes(u.text)) d++;
        if (u.kind === 'punct' && '}])'.includes(u.text)) d--;
        if (d === 0 && u.kind === 'newline') break;
        j++;
      }
      return j;
    };
    switch (t.text) {
      case 'targetScope': {
        const value = tokens[i + 2];
        if (tokens[i + 1]?.text !== '=' || value?.kind !== 'string' || value.value === undefined) {
          result.problems.push(`line ${t.line}: targetScope must be a string literal`);
        } else result.targetScope = value.value;
        skip.add(i);
        break;
      }
      case 'param': {
        if (name?.kind !== 'ident') throw new Error(`${file}:${t.line}: param without a name`);
        declare(name, 'param');
        skip.add(i).add(nameIndex);
        const end = endOfLine();
        let equals = -1;
        for (let j = nameIndex + 1; j < end; j++) {
          if (tokens[j]!.kind === 'punct' && tokens[j]!.text === '=') {
            equals = j;
            break;
          }
          skip.add(j); // the type
        }
        result.params.set(name.text, {
          name: name.text,
          line: name.line,
          hasDefault: equals >= 0,
          nullable: tokens[equals >= 0 ? equals - 1 : end - 1]?.text === '?',
          defaultTokens: equals >= 0 ? tokens.slice(equals + 1, end).filter((u) => u.kind !== 'newline') : [],
        });
        break;
      }
      case 'var': {
        if (name?.kind !== 'ident' || tokens[nameIndex + 1]?.text !== '=') throw new Error(`${file}:${t.line}: malformed var`);
        declare(name, 'var');
        skip.add(i).add(nameIndex);
        result.vars.set(name.text, {
          line: name.line,
          valueTokens: tokens.slice(nameIndex + 2, endOfLine()).filter((u) => u.kind !== 'newline'),
        });
        break;
      }
      case 'resource':
      case 'module': {
        const typeToken = tokens[nameIndex + 1];
        if (name?.kind !== 'ident' || typeToken?.kind !== 'string' || typeToken.value === undefined) {
          throw new Error(`${file}:${t.line}: malformed ${t.text} declaration`);
        }
        declare(name, t.text);
        skip.add(i).add(nameIndex);
        if (t.text === 'resource') {
          result.resources.set(name.text, { line: name.line, type: typeToken.value });
          if (!armResourceType.test(typeToken.value) && !graphResourceType.test(typeToken.value)) {
            result.problems.push(`line ${t.line}: resource type ${typeToken.value} is not <namespace>/<type>@<api-version>`);
          }
          break;
        }
        // module body: = { ... }, = if (...) { ... } or = [for ...: { ... }]
        let j = nameIndex + 2;
        if (tokens[j]?.text !== '=') throw new Error(`${file}:${t.line}: module ${name.text} has no body`);
        while (j < tokens.length && tokens[j]!.text !== '{') j++;
        const body = objectEntries(tokens, j);
        const paramsEntry = body.find((e) => e.key === 'params');
        let params: ObjectEntry[] = [];
        if (paramsEntry) {
          const open = tokens.indexOf(paramsEntry.valueTokens[0]!);
          if (paramsEntry.valueTokens[0]?.text !== '{') {
            result.problems.push(`line ${paramsEntry.line}: module ${name.text} params must be an object literal`);
          } else params = objectEntries(tokens, open);
        }
        result.modules.set(name.text, {
          name: name.text,
          target: typeToken.value,
          line: name.line,
          params,
          hasScope: body.some((e) => e.key === 'scope'),
        });
        break;
      }
      case 'output': {
        if (name?.kind !== 'ident') throw new Error(`${file}:${t.line}: output without a name`);
        if (result.outputs.has(name.text)) result.problems.push(`output ${name.text} (line ${name.line}) is declared twice`);
        result.outputs.set(name.text, { line: name.line });
        skip.add(i).add(nameIndex);
        for (let j = nameIndex + 1; j < tokens.length && tokens[j]!.text !== '='; j++) skip.add(j);
        break;
      }
      case 'type': {
        if (name?.kind !== 'ident') throw new Error(`${file}:${t.line}: type without a name`);
        declare(name, 'type');
        for (let j = i; j < endOfLine(); j++) skip.add(j);
        break;
      }
      case 'func': {
        if (name?.kind !== 'ident') throw new Error(`${file}:${t.line}: func without a name`);
        declare(name, 'func');
        userFunctions.add(name.text);
        skip.add(i).add(nameIndex);
        // (arg type, ...) returnType =>
        const open = nameIndex + 1;
        const close = matchingClose(tokens, open);
        for (let j = open + 1; j < close; j++) {
          const u = tokens[j]!;
          if (u.kind === 'ident' && (tokens[j - 1]!.text === '(' || tokens[j - 1]!.text === ',')) declared.set(u.text, u.line);
          skip.add(j);
        }
        for (let j = close + 1; j < tokens.length && tokens[j]!.text !== '=>'; j++) skip.add(j);
        break;
      }
      case 'extension': {
        // extension <alias> | extension '<reference>' [with { ... }] [as <name>]
        const end = endOfLine();
        const declaration: ExtensionDeclaration = { line: t.line };
        if (name?.kind === 'ident') declaration.configAlias = name.text;
        else if (name?.kind === 'string' && name.value !== undefined) declaration.reference = name.value;
        else result.problems.push(`line ${t.line}: an extension statement names an alias or a '<registry reference>'`);
        skip.add(i).add(nameIndex);
        let depthInside = 0;
        for (let j = nameIndex + 1; j < end; j++) {
          const u = tokens[j]!;
          if (u.kind === 'punct' && '{[('.includes(u.text)) depthInside++;
          if (u.kind === 'punct' && '}])'.includes(u.text)) depthInside--;
          // the with { ... } object is configuration: its values are expressions and are scanned like any other
          if (depthInside === 0 && u.kind === 'ident' && u.text === 'with') skip.add(j);
          if (depthInside === 0 && u.kind === 'ident' && u.text === 'as' && tokens[j + 1]?.kind === 'ident') {
            declaration.as = tokens[j + 1]!.text;
            skip.add(j).add(j + 1);
          }
        }
        const namespace = declaration.as ?? declaration.configAlias;
        if (namespace) fileNamespaces.add(namespace);
        result.extensions.push(declaration);
        break;
      }
      case 'import':
      case 'metadata':
      case 'using': {
        for (let j = i; j < endOfLine(); j++) skip.add(j);
        break;
      }
      default:
        result.problems.push(`line ${t.line}: unexpected statement starting with ${t.text}`);
    }
  }
  if (depth !== 0) result.problems.push('brackets are unbalanced');

  // <module>.outputs.<name>
  for (let i = 0; i + 3 < tokens.length; i++) {
    const [a, dot1, outputs, dot2] = [tokens[i]!, tokens[i + 1]!, tokens[i + 2]!, tokens[i + 3]!];
    if (a.kind === 'ident' && dot1.text === '.' && outputs.text === 'outputs' && dot2.text === '.' && tokens[i + 4]?.kind === 'ident') {
      if (tokens[i - 1]?.text !== '.') result.moduleOutputReads.push({ module: a.text, output: tokens[i + 4]!.text, line: a.line });
    }
  }
  const visitInterpolations = (list: Token[]) => {
    for (const t of list) {
      if (t.kind === 'string' && t.interpolations) {
        for (const inner of t.interpolations) {
          for (let i = 0; i + 4 < inner.length; i++) {
            const readsOutputs = inner[i + 1]!.text === '.' && inner[i + 2]!.text === 'outputs' && inner[i + 3]!.text === '.';
            if (inner[i]!.kind === 'ident' && readsOutputs) {
              result.moduleOutputReads.push({ module: inner[i]!.text, output: inner[i + 4]!.text, line: inner[i]!.line });
            }
          }
          visitInterpolations(inner);
        }
      }
    }
  };
  visitInterpolations(tokens);

  for (const [symbol, resource] of result.resources) {
    if (graphResourceType.test(resource.type) && result.extensions.length === 0) {
      result.problems.push(
        `line ${resource.line}: resource ${symbol} (${resource.type}) needs the Microsoft Graph extension ` +
          '(extension microsoftGraphV1, with the alias in bicepconfig.json)',
      );
    }
  }

  const scan: Scan = { uses: [], calls: [], localNames: new Set(), namespaces: fileNamespaces };
  scanExpressions(tokens, skip, scan);
  const used = new Set<string>();
  for (const use of scan.uses) {
    used.add(use.text);
    if (!declared.has(use.text) && !scan.localNames.has(use.text)) {
      result.problems.push(`line ${use.line}: ${use.text} is not declared (no param, var, resource, module or loop variable of that name)`);
    }
  }
  for (const call of scan.calls) {
    if (!knownFunctions.has(call.text) && !userFunctions.has(call.text)) {
      result.problems.push(`line ${call.line}: ${call.text}() is not a Bicep function`);
    }
  }
  for (const [name, decl] of result.params) if (!used.has(name)) result.problems.push(`param ${name} (line ${decl.line}) is never used`);
  for (const [name, decl] of result.vars) if (!used.has(name)) result.problems.push(`var ${name} (line ${decl.line}) is never used`);
  for (const read of result.moduleOutputReads) {
    if (!result.modules.has(read.module) && !result.resources.has(read.module)) {
      result.problems.push(`line ${read.line}: ${read.module}.outputs.${read.output} reads outputs of something that is not a module`);
    }
  }
  return result;
}

/** bicepconfig.json: only what this checker reads. */
export interface BicepConfig {
  file: string;
  extensions: Record<string, string>;
}

/** Removes line and block comments outside strings: bicepconfig.json may hold them (JSON with comments). */
function stripJsonComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else out += ch;
  }
  return out;
}

/** The bicepconfig.json Bicep uses for a file: the nearest one in its folder or a parent folder. */
export function findBicepConfig(file: string): BicepConfig | undefined {
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'bicepconfig.json');
    if (fs.existsSync(candidate)) {
      const json = JSON.parse(stripJsonComments(fs.readFileSync(candidate, 'utf8'))) as { extensions?: Record<string, string> };
      return { file: candidate, extensions: json.extensions ?? {} };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Checks a file's extension statements against its bicepconfig.json, and that its Graph resources have their types. */
export function checkExtensions(file: BicepFile, config: BicepConfig | undefined): string[] {
  const problems: string[] = [];
  const graphVersions = new Set<string>();
  for (const extension of file.extensions) {
    let reference = extension.reference;
    if (extension.configAlias !== undefined) {
      const alias = extension.configAlias;
      // an alias of bicepconfig.json wins over a built-in extension of the same name
      reference = config && Object.hasOwn(config.extensions, alias) ? config.extensions[alias] : undefined;
      if (reference === undefined && Object.hasOwn(retiredExtensions, alias)) {
        problems.push(`line ${extension.line}: extension ${alias}: ${retiredExtensions[alias]}`);
        continue;
      }
      if (reference === undefined && builtInExtensions.has(alias)) continue;
      if (reference === undefined) {
        problems.push(
          `line ${extension.line}: extension ${alias} is not defined in the "extensions" of ` +
            (config ? config.file : 'a bicepconfig.json (none found)'),
        );
        continue;
      }
    }
    if (reference === undefined) continue;
    if (!/^br[:/]/.test(reference)) problems.push(`line ${extension.line}: extension reference ${reference} is not a registry reference (br:...)`);
    const graph = graphExtensionReference.exec(reference);
    if (graph) graphVersions.add(graph[1]!);
    else if (/microsoftgraph/i.test(reference)) {
      const expected = 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/<v1.0|beta>:<version>';
      problems.push(`line ${extension.line}: ${reference} is not ${expected}`);
    }
  }
  for (const [symbol, resource] of file.resources) {
    const graph = graphResourceType.exec(resource.type);
    if (!graph || file.extensions.length === 0) continue; // no extension at all is reported by parseBicep
    if (!graphVersions.has(graph[1]!)) {
      problems.push(
        `line ${resource.line}: resource ${symbol} (${resource.type}) needs the Microsoft Graph ${graph[1]} types, ` +
          'which no extension of this file brings',
      );
    }
  }
  return problems;
}

/** Parses a Bicep file and every module it calls, recursively; checks each call against its module. */
export function checkBicepTree(entry: string): { files: Map<string, BicepFile>; problems: string[] } {
  const files = new Map<string, BicepFile>();
  const problems: string[] = [];
  const visit = (file: string) => {
    if (files.has(file)) return;
    const parsed = parseBicep(file);
    files.set(file, parsed);
    for (const p of parsed.problems) problems.push(`${file}: ${p}`);
    for (const p of checkExtensions(parsed, findBicepConfig(file))) problems.push(`${file}: ${p}`);
    for (const call of parsed.modules.values()) {
      if (call.target.startsWith('br:') || call.target.startsWith('br/') || call.target.startsWith('ts:')) {
        problems.push(`${file}: module ${call.name} uses a registry module (${call.target}); this checker only follows local files`);
        continue;
      }
      const target = path.resolve(path.dirname(file), call.target);
      if (!fs.existsSync(target)) {
        problems.push(`${file}:${call.line}: module ${call.name} points at ${call.target}, which does not exist`);
        continue;
      }
      visit(target);
      const module = files.get(target)!;
      const given = new Set(call.params.map((p) => p.key));
      for (const p of call.params) {
        if (!module.params.has(p.key)) {
          problems.push(`${file}:${p.line}: module ${call.name} passes ${p.key}, which ${call.target} does not declare`);
        }
      }
      for (const [name, decl] of module.params) {
        if (!decl.hasDefault && !decl.nullable && !given.has(name)) {
          problems.push(`${file}:${call.line}: module ${call.name} does not pass the required param ${name} of ${call.target}`);
        }
      }
      if (module.targetScope !== parsed.targetScope && !call.hasScope && module.targetScope !== 'subscription') {
        const targets = `module ${call.name} targets ${module.targetScope} from a ${parsed.targetScope} file`;
        problems.push(`${file}:${call.line}: ${targets} and needs a scope`);
      }
      if (module.targetScope === 'subscription' && parsed.targetScope !== 'subscription' && !call.hasScope) {
        problems.push(`${file}:${call.line}: module ${call.name} targets the subscription and needs scope: subscription()`);
      }
    }
    for (const read of parsed.moduleOutputReads) {
      const call = parsed.modules.get(read.module);
      if (!call) continue;
      const module = files.get(path.resolve(path.dirname(file), call.target));
      if (module && !module.outputs.has(read.output)) {
        problems.push(`${file}:${read.line}: ${read.module}.outputs.${read.output} is not an output of ${call.target}`);
      }
    }
  };
  visit(path.resolve(entry));
  return { files, problems };
}

/** A value of a Bicep expression when it is a plain string literal, else undefined. */
export function literal(tokens: Token[]): string | undefined {
  return tokens.length === 1 && tokens[0]!.kind === 'string' ? tokens[0]!.value : undefined;
}
