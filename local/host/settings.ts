// Reads an app folder's host.json and local.settings.json the way the Functions host and Core Tools do.
import fs from 'node:fs';
import path from 'node:path';

export type LogLevel = 'Trace' | 'Debug' | 'Information' | 'Warning' | 'Error' | 'Critical' | 'None';
export const logLevelOrder: LogLevel[] = ['Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical', 'None'];

export interface HostSettings {
  routePrefix: string;
  hubName: string;
  /** Per-invocation limit for HTTP functions and activities, in ms (host.json functionTimeout). */
  functionTimeoutMs: number;
  logLevel: LogLevel;
  /** Per-function level overrides, keyed by function name (from "Function.<name>" keys). */
  functionLogLevels: Record<string, LogLevel>;
  maxConcurrentActivityFunctions: number;
  maxConcurrentOrchestratorFunctions: number;
}

export class SettingsError extends Error {}

/** The default timeout of the Consumption plan (5 minutes); Premium and Dedicated default to 30 minutes. */
const defaultFunctionTimeoutMs = 5 * 60_000;

function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new SettingsError(`${what} not found: ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    // Both files may start with a byte order mark when edited on Windows.
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new SettingsError(`${what} is not valid JSON: ${file}: ${(error as Error).message}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a .NET TimeSpan such as "00:05:00" or "1.02:03:04"; "-1" means unbounded. */
export function parseTimeSpan(value: string): number {
  if (value.trim() === '-1') return Number.POSITIVE_INFINITY;
  const match = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new SettingsError(`functionTimeout "${value}" is not a TimeSpan like "00:05:00"`);
  const [, days, hours, minutes, seconds, fraction] = match;
  const ms =
    ((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 +
    Number(seconds) * 1000 +
    (fraction ? Number(`0.${fraction}`) * 1000 : 0);
  return ms;
}

function parseLogLevel(value: unknown, key: string): LogLevel {
  const match = logLevelOrder.find((level) => level.toLowerCase() === String(value).toLowerCase());
  if (!match) throw new SettingsError(`host.json logging.logLevel.${key} "${String(value)}" is not one of ${logLevelOrder.join(', ')}`);
  return match;
}

function positiveInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new SettingsError(`host.json ${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function readHostSettings(appDir: string): HostSettings {
  const file = path.join(appDir, 'host.json');
  const json = readJsonFile(file, 'host.json');
  if (!isObject(json)) throw new SettingsError(`host.json must hold a JSON object: ${file}`);
  if (json.version !== '2.0') throw new SettingsError(`host.json "version" must be "2.0": ${file}`);
  const extensions = isObject(json.extensions) ? json.extensions : {};
  const http = isObject(extensions.http) ? extensions.http : {};
  const durable = isObject(extensions.durableTask) ? extensions.durableTask : {};
  const logging = isObject(json.logging) ? json.logging : {};
  const levels = isObject(logging.logLevel) ? logging.logLevel : {};

  const functionLogLevels: Record<string, LogLevel> = {};
  for (const [key, value] of Object.entries(levels)) {
    const functionMatch = /^Function\.([^.]+)$/.exec(key);
    if (functionMatch) functionLogLevels[functionMatch[1]!] = parseLogLevel(value, key);
  }
  const routePrefix = http.routePrefix === undefined ? 'api' : String(http.routePrefix).replace(/^\/+|\/+$/g, '');
  const hubName = durable.hubName === undefined ? 'TestHubName' : String(durable.hubName);
  if (!/^[A-Za-z][A-Za-z0-9]{2,49}$/.test(hubName)) {
    throw new SettingsError(
      `host.json extensions.durableTask.hubName "${hubName}" must be 3-50 letters and digits, starting with a letter`,
    );
  }
  return {
    routePrefix,
    hubName,
    functionTimeoutMs: typeof json.functionTimeout === 'string' ? parseTimeSpan(json.functionTimeout) : defaultFunctionTimeoutMs,
    logLevel: levels.default === undefined ? 'Information' : parseLogLevel(levels.default, 'default'),
    functionLogLevels,
    maxConcurrentActivityFunctions: positiveInteger(
      durable.maxConcurrentActivityFunctions,
      'extensions.durableTask.maxConcurrentActivityFunctions',
      10,
    ),
    maxConcurrentOrchestratorFunctions: positiveInteger(
      durable.maxConcurrentOrchestratorFunctions,
      'extensions.durableTask.maxConcurrentOrchestratorFunctions',
      10,
    ),
  };
}

/** Reads local.settings.json: its Values become environment variables, as Core Tools does. */
export function readLocalSettings(file: string): Record<string, string> {
  const json = readJsonFile(file, 'local.settings.json');
  if (!isObject(json) || !isObject(json.Values)) {
    throw new SettingsError(`local.settings.json must hold an object with a "Values" object: ${file}`);
  }
  if (json.IsEncrypted === true) {
    throw new SettingsError(`local.settings.json is encrypted (IsEncrypted: true); this host reads plain values only: ${file}`);
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(json.Values)) {
    if (value !== null && typeof value === 'object') {
      throw new SettingsError(`local.settings.json Values.${key} must be a string, number or boolean: ${file}`);
    }
    values[key] = value === null ? '' : String(value);
  }
  return values;
}
