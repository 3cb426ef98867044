// ASP.NET Core route templates as the Functions host accepts them: {param}, {param?}, {param=default},
// {*catchAll} and inline constraints such as {id:int}, {name:alpha}, {code:regex(^[a-z]+$)}.
export interface RouteMatch {
  params: Record<string, string>;
}

interface Parameter {
  name: string;
  optional: boolean;
  catchAll: boolean;
  defaultValue?: string;
  constraints: Array<(value: string) => boolean>;
}

type Part = { literal: string } | { parameter: Parameter };

export class RouteTemplate {
  private readonly segments: Part[][];
  /** Higher sorts first: literal segments beat parameters, constrained beat plain, catch-alls last. */
  readonly precedence: number;

  constructor(readonly template: string) {
    const trimmed = template.replace(/^\/+|\/+$/g, '');
    this.segments = trimmed === '' ? [] : trimmed.split('/').map((segment) => parseSegment(segment, template));
    this.precedence = this.segments.reduce((score, parts, index) => {
      const weight = 10 ** Math.max(0, 6 - index);
      const only = parts.length === 1 ? parts[0]! : undefined;
      if (only && 'literal' in only) return score + 4 * weight;
      if (only && only.parameter.catchAll) return score;
      if (only && only.parameter.constraints.length > 0) return score + 3 * weight;
      if (parts.length > 1) return score + 3 * weight;
      return score + 2 * weight;
    }, 0);
  }

  match(pathSegments: string[]): RouteMatch | undefined {
    const params: Record<string, string> = {};
    for (let i = 0; i < this.segments.length; i++) {
      const parts = this.segments[i]!;
      const first = parts[0]!;
      if (parts.length === 1 && 'parameter' in first && first.parameter.catchAll) {
        const rest = pathSegments.slice(i).join('/');
        if (rest === '' && !first.parameter.optional && first.parameter.defaultValue === undefined) return undefined;
        const value = rest === '' ? first.parameter.defaultValue : rest;
        if (value !== undefined) {
          if (!first.parameter.constraints.every((check) => check(value))) return undefined;
          params[first.parameter.name] = value;
        }
        return { params };
      }
      const segment = pathSegments[i];
      if (segment === undefined) {
        // Only trailing optional (or defaulted) parameters may be left out.
        for (const rest of this.segments.slice(i)) {
          const single = rest.length === 1 ? rest[0]! : undefined;
          if (!single || !('parameter' in single)) return undefined;
          if (!single.parameter.optional && single.parameter.defaultValue === undefined) return undefined;
          if (single.parameter.defaultValue !== undefined) params[single.parameter.name] = single.parameter.defaultValue;
        }
        return { params };
      }
      if (!matchSegment(parts, segment, params)) return undefined;
    }
    return pathSegments.length === this.segments.length ? { params } : undefined;
  }
}

function matchSegment(parts: Part[], segment: string, params: Record<string, string>): boolean {
  let pattern = '^';
  const names: Parameter[] = [];
  for (const part of parts) {
    if ('literal' in part) pattern += escapeRegExp(part.literal);
    else {
      pattern += '(.+?)';
      names.push(part.parameter);
    }
  }
  const match = new RegExp(`${pattern}$`, 'is').exec(segment);
  if (!match) return false;
  for (let i = 0; i < names.length; i++) {
    const parameter = names[i]!;
    const value = match[i + 1]!;
    if (!parameter.constraints.every((check) => check(value))) return false;
    params[parameter.name] = value;
  }
  return true;
}

function parseSegment(segment: string, template: string): Part[] {
  const parts: Part[] = [];
  let index = 0;
  while (index < segment.length) {
    const open = segment.indexOf('{', index);
    if (open < 0) {
      parts.push({ literal: segment.slice(index) });
      break;
    }
    if (open > index) parts.push({ literal: segment.slice(index, open) });
    const close = findClosingBrace(segment, open);
    if (close < 0) throw new Error(`route "${template}": unclosed "{" in segment "${segment}"`);
    parts.push({ parameter: parseParameter(segment.slice(open + 1, close), template) });
    index = close + 1;
  }
  if (parts.length === 0) throw new Error(`route "${template}" has an empty segment`);
  return parts;
}

/** Constraint arguments such as regex(...) may hold braces and parentheses of their own. */
function findClosingBrace(segment: string, open: number): number {
  let depth = 0;
  for (let i = open + 1; i < segment.length; i++) {
    const char = segment[i];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '}' && depth === 0) return i;
  }
  return -1;
}

function parseParameter(text: string, template: string): Parameter {
  let body = text;
  const catchAll = body.startsWith('*');
  if (catchAll) body = body.replace(/^\*+/, '');
  let optional = false;
  let defaultValue: string | undefined;
  if (body.endsWith('?')) {
    optional = true;
    body = body.slice(0, -1);
  } else {
    const equals = indexOutsideParentheses(body, '=');
    if (equals >= 0) {
      defaultValue = body.slice(equals + 1);
      body = body.slice(0, equals);
    }
  }
  const colon = body.indexOf(':');
  const name = colon >= 0 ? body.slice(0, colon) : body;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`route "${template}": bad parameter name "${name}"`);
  const constraints = colon < 0 ? [] : splitConstraints(body.slice(colon + 1)).map((spec) => buildConstraint(spec, template));
  return { name, optional, catchAll, defaultValue, constraints };
}

function indexOutsideParentheses(text: string, wanted: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === wanted && depth === 0) return i;
  }
  return -1;
}

function splitConstraints(text: string): string[] {
  const result: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ':' && depth === 0) {
      result.push(current);
      current = '';
    } else current += char;
  }
  result.push(current);
  return result.filter((part) => part !== '');
}

function buildConstraint(spec: string, template: string): (value: string) => boolean {
  const match = /^([a-zA-Z]+)(?:\((.*)\))?$/s.exec(spec);
  if (!match) throw new Error(`route "${template}": bad constraint "${spec}"`);
  const name = match[1]!.toLowerCase();
  const args = match[2] === undefined ? [] : name === 'regex' ? [match[2]] : match[2].split(',').map((arg) => arg.trim());
  const number = (value: string) => Number(value);
  switch (name) {
    case 'int':
      return (v) => /^-?\d+$/.test(v) && Math.abs(number(v)) <= 2 ** 31;
    case 'long':
      return (v) => /^-?\d+$/.test(v);
    case 'bool':
      return (v) => /^(true|false)$/i.test(v);
    case 'double':
    case 'float':
    case 'decimal':
      return (v) => v.trim() !== '' && Number.isFinite(number(v));
    case 'guid':
      return (v) => /^[{(]?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}[)}]?$/i.test(v);
    case 'datetime':
      return (v) => !Number.isNaN(Date.parse(v));
    case 'alpha':
      return (v) => /^[a-z]+$/i.test(v);
    case 'min':
      return (v) => /^-?\d+$/.test(v) && number(v) >= number(args[0]!);
    case 'max':
      return (v) => /^-?\d+$/.test(v) && number(v) <= number(args[0]!);
    case 'range':
      return (v) => /^-?\d+$/.test(v) && number(v) >= number(args[0]!) && number(v) <= number(args[1]!);
    case 'length':
      return args.length === 1 ? (v) => v.length === number(args[0]!) : (v) => v.length >= number(args[0]!) && v.length <= number(args[1]!);
    case 'minlength':
      return (v) => v.length >= number(args[0]!);
    case 'maxlength':
      return (v) => v.length <= number(args[0]!);
    case 'regex': {
      // Braces are doubled inside route templates ({{2,3}}), as in ASP.NET Core.
      const regex = new RegExp(args[0]!.replace(/\{\{/g, '{').replace(/\}\}/g, '}'), 'i');
      return (v) => regex.test(v);
    }
    default:
      throw new Error(`route "${template}": unknown constraint "${name}"`);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
