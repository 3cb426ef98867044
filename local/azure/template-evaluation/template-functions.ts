// The ARM template function library, as far as the emulator needs it. Arguments arrive unevaluated (Lazy) so
// that if/and/or/coalesce can short-circuit; every other function evaluates all of them first.
import { createHash, randomUUID } from 'node:crypto';
import type { EvaluationContext, TemplateFunction } from './evaluation-context';
import { TemplateError } from './template-error';

function strict(
  minArgs: number,
  maxArgs: number,
  fn: (values: unknown[], context: EvaluationContext, name: string) => unknown,
): TemplateFunction {
  return (args, context, name) => {
    if (args.length < minArgs || args.length > maxArgs) {
      const expected = minArgs === maxArgs ? `${minArgs}` : maxArgs === Infinity ? `at least ${minArgs}` : `${minArgs} to ${maxArgs}`;
      throw new TemplateError(
        `The template language function '${name}' must have ${expected} parameter(s), but ${args.length} were given.`,
      );
    }
    return fn(
      args.map((arg) => arg()),
      context,
      name,
    );
  };
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'Null';
  if (Array.isArray(value)) return 'Array';
  if (typeof value === 'number') return 'Integer';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'string') return 'String';
  return 'Object';
}

function asString(value: unknown, name: string): string {
  if (typeof value !== 'string')
    throw new TemplateError(`The template language function '${name}' expects a string argument, but got '${typeName(value)}'.`);
  return value;
}

function asInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new TemplateError(`The template language function '${name}' expects an integer argument, but got '${typeName(value)}'.`);
  return value;
}

function asArray(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value))
    throw new TemplateError(`The template language function '${name}' expects an array argument, but got '${typeName(value)}'.`);
  return value;
}

function asBoolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean')
    throw new TemplateError(`The template language function '${name}' expects a boolean argument, but got '${typeName(value)}'.`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** ARM's string(): booleans print as True/False, objects and arrays as compact JSON. */
export function toArmString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => deepEqual(a[key], b[key]));
  }
  return false;
}

function hashHex(parts: unknown[]): string {
  return createHash('sha256')
    .update(parts.map((part) => toArmString(part)).join('|'))
    .digest('hex');
}

/** Deterministic, 13 lowercase base-32 characters like ARM's uniqueString (not the same hash values). */
function uniqueString(parts: unknown[]): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const digest = createHash('sha256')
    .update(parts.map((part) => toArmString(part)).join('-'))
    .digest();
  let out = '';
  for (let i = 0; i < 13; i++) out += alphabet[digest[i]! % 32];
  return out;
}

function deterministicGuid(parts: unknown[]): string {
  const hex = hashHex(parts);
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** .NET composite formatting, enough for '{0}', '{1:D3}' and '{0:N0}'. */
function format(template: string, values: unknown[]): string {
  return template.replace(/\{\{|\}\}|\{(\d+)(?::([A-Za-z])(\d*))?\}/g, (match, index?: string, spec?: string, width?: string) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    const value = values[Number(index)];
    if (spec && typeof value === 'number') {
      if (spec.toUpperCase() === 'D') return String(Math.trunc(value)).padStart(Number(width || 0), '0');
      if (spec.toUpperCase() === 'N')
        return value.toLocaleString('en-US', { minimumFractionDigits: Number(width || 0), maximumFractionDigits: Number(width || 0) });
    }
    return toArmString(value);
  });
}

/** resourceId([subscriptionId], [resourceGroupName], resourceType, name1, name2, ...) */
function resourceId(values: unknown[], context: EvaluationContext, name: string): string {
  const strings = values.map((value) => asString(value, name));
  const typeIndex = strings.findIndex((value) => /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)+\/[^/]+/.test(value));
  if (typeIndex < 0 || typeIndex > 2)
    throw new TemplateError(
      `The template language function '${name}' needs a fully qualified resource type such as 'Microsoft.Network/publicIPAddresses'.`,
    );
  const subscription = context.subscription();
  const group = context.resourceGroup();
  const subscriptionId = typeIndex === 2 ? strings[0]! : String(subscription.subscriptionId);
  const groupName = typeIndex >= 1 ? strings[typeIndex - 1]! : String(group.name);
  return buildResourceId(subscriptionId, groupName, strings[typeIndex]!, strings.slice(typeIndex + 1), name);
}

export function buildResourceId(
  subscriptionId: string,
  groupName: string | undefined,
  type: string,
  names: string[],
  functionName = 'resourceId',
): string {
  // ARM tolerates a trailing slash on the type ('Microsoft.DocumentDB/databaseAccounts/'), and aks-engine writes one.
  const [namespace, ...types] = type.replace(/\/+$/, '').split('/');
  const segments = names.flatMap((name) => name.split('/'));
  if (segments.length !== types.length) {
    throw new TemplateError(
      `Unable to evaluate template language function '${functionName}': the ` +
        `type '${type}' requires '${types.length}' resource name argument(s).`,
    );
  }
  const pairs = types.map((t, i) => `${t}/${segments[i]}`).join('/');
  const scope =
    groupName === undefined ? `/subscriptions/${subscriptionId}` : `/subscriptions/${subscriptionId}/resourceGroups/${groupName}`;
  return `${scope}/providers/${namespace}/${pairs}`;
}

function compare(values: unknown[], name: string): number {
  const [a, b] = values;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new TemplateError(`The template language function '${name}' expects two integers or two strings.`);
}

const functions: Record<string, TemplateFunction> = {
  // Scope and deployment
  parameters: strict(1, 1, ([name], context, fn) => context.parameter(asString(name, fn))),
  variables: strict(1, 1, ([name], context, fn) => context.variable(asString(name, fn))),
  copyindex: strict(0, 2, (values, context, fn) => {
    let loop: string | undefined;
    let offset = 0;
    for (const value of values) {
      if (typeof value === 'string') loop = value;
      else offset = asInteger(value, fn);
    }
    return context.copyIndex(loop) + offset;
  }),
  resourcegroup: strict(0, 0, (_, context) => context.resourceGroup()),
  subscription: strict(0, 0, (_, context) => context.subscription()),
  deployment: strict(0, 0, (_, context) => context.deployment()),
  environment: strict(0, 0, () => ({
    name: 'AzureCloud',
    gallery: 'https://gallery.azure.com/',
    graph: 'https://graph.windows.net/',
    portal: 'https://portal.azure.com',
    graphAudience: 'https://graph.windows.net/',
    activeDirectoryDataLake: 'https://datalake.azure.net/',
    batch: 'https://batch.core.windows.net/',
    media: 'https://rest.media.azure.net',
    sqlManagement: 'https://management.core.windows.net:8443/',
    vmImageAliasDoc: 'https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/aliases.json',
    resourceManager: 'https://management.azure.com/',
    authentication: {
      loginEndpoint: 'https://login.microsoftonline.com/',
      audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'],
      tenant: 'common',
      identityProvider: 'AAD',
    },
    suffixes: {
      acrLoginServer: '.azurecr.io',
      azureDatalakeAnalyticsCatalogAndJob: 'azuredatalakeanalytics.net',
      azureDatalakeStoreFileSystem: 'azuredatalakestore.net',
      azureFrontDoorEndpointSuffix: 'azurefd.net',
      keyvaultDns: '.vault.azure.net',
      sqlServerHostname: '.database.windows.net',
      storage: 'core.windows.net',
    },
  })),
  resourceid: strict(2, Infinity, (values, context, fn) => resourceId(values, context, fn)),
  subscriptionresourceid: strict(2, Infinity, (values, context, fn) => {
    const strings = values.map((value) => asString(value, fn));
    const hasSubscription = !/\//.test(strings[0]!);
    const subscriptionId = hasSubscription ? strings[0]! : String(context.subscription().subscriptionId);
    const rest = hasSubscription ? strings.slice(1) : strings;
    return buildResourceId(subscriptionId, undefined, rest[0]!, rest.slice(1), fn);
  }),
  tenantresourceid: strict(2, Infinity, (values, _context, fn) => {
    const [type, ...names] = values.map((value) => asString(value, fn));
    const [namespace, ...types] = type!.split('/');
    return `/providers/${namespace}/${types.map((t, i) => `${t}/${names[i]}`).join('/')}`;
  }),
  extensionresourceid: strict(3, Infinity, (values, _context, fn) => {
    const [scope, type, ...names] = values.map((value) => asString(value, fn));
    const [namespace, ...types] = type!.split('/');
    return `${scope}/providers/${namespace}/${types.map((t, i) => `${t}/${names[i]}`).join('/')}`;
  }),
  reference: strict(1, 3, ([target, apiVersion, full], context, fn) =>
    context.reference(
      asString(target, fn),
      typeof apiVersion === 'string' ? apiVersion : undefined,
      typeof full === 'string' && full.toLowerCase() === 'full',
    ),
  ),
  listkeys: strict(2, 3, ([id], context, fn) => context.list('listKeys', asString(id, fn))),
  // Logical (lazy)
  if: (args, _context, name) => {
    if (args.length !== 3) throw new TemplateError(`The template language function '${name}' must have 3 parameters.`);
    return asBoolean(args[0]!(), name) ? args[1]!() : args[2]!();
  },
  and: (args, _context, name) => {
    if (args.length < 2) throw new TemplateError(`The template language function '${name}' must have at least 2 parameters.`);
    return args.every((arg) => asBoolean(arg(), name));
  },
  or: (args, _context, name) => {
    if (args.length < 2) throw new TemplateError(`The template language function '${name}' must have at least 2 parameters.`);
    return args.some((arg) => asBoolean(arg(), name));
  },
  coalesce: (args) => {
    for (const arg of args) {
      const value = arg();
      if (value !== null && value !== undefined) return value;
    }
    return null;
  },
  not: strict(1, 1, ([value], _context, fn) => !asBoolean(value, fn)),
  bool: strict(1, 1, ([value], _context, fn) => {
    if (typeof value === 'boolean') return value;
    if (typeof value === 'number') return value !== 0;
    if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
    throw new TemplateError(`The template language function '${fn}' can't convert '${toArmString(value)}' to a boolean.`);
  }),
  true: strict(0, 0, () => true),
  false: strict(0, 0, () => false),
  null: strict(0, 0, () => null),
  // Comparison
  equals: strict(2, 2, ([a, b]) => deepEqual(a, b)),
  less: strict(2, 2, (values, _c, fn) => compare(values, fn) < 0),
  lessorequals: strict(2, 2, (values, _c, fn) => compare(values, fn) <= 0),
  greater: strict(2, 2, (values, _c, fn) => compare(values, fn) > 0),
  greaterorequals: strict(2, 2, (values, _c, fn) => compare(values, fn) >= 0),
  // Numbers
  int: strict(1, 1, ([value], _c, fn) => {
    const parsed =
      typeof value === 'number' ? Math.trunc(value) : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
    if (Number.isNaN(parsed))
      throw new TemplateError(`The template language function '${fn}' can't convert '${toArmString(value)}' to an integer.`);
    return parsed;
  }),
  add: strict(2, 2, ([a, b], _c, fn) => asInteger(a, fn) + asInteger(b, fn)),
  sub: strict(2, 2, ([a, b], _c, fn) => asInteger(a, fn) - asInteger(b, fn)),
  mul: strict(2, 2, ([a, b], _c, fn) => asInteger(a, fn) * asInteger(b, fn)),
  div: strict(2, 2, ([a, b], _c, fn) => {
    if (asInteger(b, fn) === 0) throw new TemplateError(`The template language function '${fn}' can't divide by zero.`);
    return Math.trunc(asInteger(a, fn) / (b as number));
  }),
  mod: strict(2, 2, ([a, b], _c, fn) => {
    if (asInteger(b, fn) === 0) throw new TemplateError(`The template language function '${fn}' can't divide by zero.`);
    return asInteger(a, fn) % (b as number);
  }),
  min: strict(1, Infinity, (values, _c, fn) =>
    Math.min(...(values.length === 1 && Array.isArray(values[0]) ? values[0] : values).map((v) => asInteger(v, fn))),
  ),
  max: strict(1, Infinity, (values, _c, fn) =>
    Math.max(...(values.length === 1 && Array.isArray(values[0]) ? values[0] : values).map((v) => asInteger(v, fn))),
  ),
  range: strict(2, 2, ([start, count], _c, fn) => Array.from({ length: asInteger(count, fn) }, (_, i) => asInteger(start, fn) + i)),
  // Strings
  string: strict(1, 1, ([value]) => toArmString(value)),
  concat: strict(0, Infinity, (values) => {
    if (values.length > 0 && values.every((value) => Array.isArray(value))) return (values as unknown[][]).flat(1);
    return values.map((value) => toArmString(value)).join('');
  }),
  format: strict(1, Infinity, ([template, ...values], _c, fn) => format(asString(template, fn), values)),
  tolower: strict(1, 1, ([value], _c, fn) => asString(value, fn).toLowerCase()),
  toupper: strict(1, 1, ([value], _c, fn) => asString(value, fn).toUpperCase()),
  trim: strict(1, 1, ([value], _c, fn) => asString(value, fn).trim()),
  replace: strict(3, 3, ([value, from, to], _c, fn) => asString(value, fn).split(asString(from, fn)).join(asString(to, fn))),
  split: strict(2, 2, ([value, delimiter], _c, fn) => {
    const delimiters = Array.isArray(delimiter) ? delimiter.map((d) => asString(d, fn)) : [asString(delimiter, fn)];
    let parts = [asString(value, fn)];
    for (const d of delimiters) parts = parts.flatMap((part) => part.split(d));
    return parts;
  }),
  substring: strict(1, 3, ([value, start, length], _c, fn) => {
    const text = asString(value, fn);
    const from = start === undefined ? 0 : asInteger(start, fn);
    const count = length === undefined ? text.length - from : asInteger(length, fn);
    if (from < 0 || count < 0 || from + count > text.length)
      throw new TemplateError(`The index and length parameters of '${fn}' must refer to a location within the string.`);
    return text.substr(from, count);
  }),
  startswith: strict(2, 2, ([value, prefix], _c, fn) => asString(value, fn).toLowerCase().startsWith(asString(prefix, fn).toLowerCase())),
  endswith: strict(2, 2, ([value, suffix], _c, fn) => asString(value, fn).toLowerCase().endsWith(asString(suffix, fn).toLowerCase())),
  indexof: strict(2, 2, ([value, part], _c, fn) => asString(value, fn).toLowerCase().indexOf(asString(part, fn).toLowerCase())),
  lastindexof: strict(2, 2, ([value, part], _c, fn) => asString(value, fn).toLowerCase().lastIndexOf(asString(part, fn).toLowerCase())),
  padleft: strict(2, 3, ([value, width, pad], _c, fn) =>
    toArmString(value).padStart(asInteger(width, fn), pad === undefined ? ' ' : asString(pad, fn)),
  ),
  base64: strict(1, 1, ([value], _c, fn) => Buffer.from(asString(value, fn), 'utf8').toString('base64')),
  base64tostring: strict(1, 1, ([value], _c, fn) => Buffer.from(asString(value, fn), 'base64').toString('utf8')),
  base64tojson: strict(1, 1, ([value], _c, fn) => JSON.parse(Buffer.from(asString(value, fn), 'base64').toString('utf8'))),
  json: strict(1, 1, ([value], _c, fn) => {
    try {
      return JSON.parse(asString(value, fn));
    } catch {
      throw new TemplateError(`The template language function '${fn}' got text that is not valid JSON.`);
    }
  }),
  uniquestring: strict(1, Infinity, (values, _c, fn) => uniqueString(values.map((value) => asString(value, fn)))),
  guid: strict(1, Infinity, (values, _c, fn) => deterministicGuid(values.map((value) => asString(value, fn)))),
  newguid: strict(0, 0, () => randomUUID()),
  utcnow: strict(0, 1, ([pattern]) => {
    const now = new Date();
    if (pattern === undefined || pattern === 'u') return now.toISOString().replace(/\.\d+Z$/, 'Z');
    return now.toISOString();
  }),
  // Collections
  length: strict(1, 1, ([value], _c, fn) => {
    if (typeof value === 'string' || Array.isArray(value)) return value.length;
    if (isObject(value)) return Object.keys(value).length;
    throw new TemplateError(`The template language function '${fn}' expects a string, an array or an object.`);
  }),
  empty: strict(1, 1, ([value]) => {
    if (value === null || value === undefined) return true;
    if (typeof value === 'string' || Array.isArray(value)) return value.length === 0;
    if (isObject(value)) return Object.keys(value).length === 0;
    return false;
  }),
  contains: strict(2, 2, ([container, item], _c, fn) => {
    if (typeof container === 'string') return container.includes(toArmString(item));
    if (Array.isArray(container)) return container.some((element) => deepEqual(element, item));
    if (isObject(container)) return Object.keys(container).some((key) => key.toLowerCase() === toArmString(item).toLowerCase());
    throw new TemplateError(`The template language function '${fn}' expects a string, an array or an object.`);
  }),
  first: strict(1, 1, ([value]) => (typeof value === 'string' ? value.slice(0, 1) : Array.isArray(value) ? (value[0] ?? null) : null)),
  last: strict(1, 1, ([value]) =>
    typeof value === 'string' ? value.slice(-1) : Array.isArray(value) ? (value[value.length - 1] ?? null) : null,
  ),
  take: strict(2, 2, ([value, count], _c, fn) =>
    typeof value === 'string'
      ? value.slice(0, Math.max(0, asInteger(count, fn)))
      : asArray(value, fn).slice(0, Math.max(0, asInteger(count, fn))),
  ),
  skip: strict(2, 2, ([value, count], _c, fn) =>
    typeof value === 'string'
      ? value.slice(Math.max(0, asInteger(count, fn)))
      : asArray(value, fn).slice(Math.max(0, asInteger(count, fn))),
  ),
  union: strict(1, Infinity, (values) => {
    if (values.every((value) => Array.isArray(value))) {
      const result: unknown[] = [];
      for (const item of (values as unknown[][]).flat(1)) if (!result.some((existing) => deepEqual(existing, item))) result.push(item);
      return result;
    }
    return Object.assign({}, ...values.filter(isObject));
  }),
  intersection: strict(2, Infinity, ([head, ...rest], _c, fn) =>
    asArray(head, fn).filter((item) => rest.every((other) => asArray(other, fn).some((o) => deepEqual(o, item)))),
  ),
  createarray: strict(0, Infinity, (values) => values),
  array: strict(1, 1, ([value]) => (Array.isArray(value) ? value : [value])),
  createobject: strict(0, Infinity, (values, _c, fn) => {
    if (values.length % 2 !== 0) throw new TemplateError(`The template language function '${fn}' needs key/value pairs.`);
    const result: Record<string, unknown> = {};
    for (let i = 0; i < values.length; i += 2) result[asString(values[i], fn)] = values[i + 1];
    return result;
  }),
  items: strict(1, 1, ([value], _c, fn) => {
    if (!isObject(value)) throw new TemplateError(`The template language function '${fn}' expects an object.`);
    return Object.keys(value)
      .sort((a, b) => a.localeCompare(b))
      .map((key) => ({ key, value: value[key] }));
  }),
};

/** Function table keyed by lower-case name (ARM function names are case-insensitive). */
export const templateFunctions: Readonly<Record<string, TemplateFunction>> = functions;
