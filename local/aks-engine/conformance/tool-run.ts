// Runs one aks-engine binary (the real one or the simulator) on one apimodel in a fresh folder and keeps what the
// conformance figures compare: exit status, the FATA message, every file written with its mode, and the parts of
// the generated files that can agree (random key material and certificates masked).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ToolResult {
  exitCode: number;
  /** The message of the last FATA line, without colours and prefix ("" when there was none). */
  fatal: string;
  /** Every file and folder the run created under its working folder, relative path -> octal mode. */
  files: Record<string, string>;
  /** Only when the run succeeded. */
  output?: GeneratedOutput;
}

export interface GeneratedOutput {
  templateParameters: string[];
  /** Parameter name -> its value in azuredeploy.parameters.json (JSON text, masked). */
  parameterValues: Record<string, string>;
  variables: string[];
  /** The type of every entry of the template's resources array. */
  resources: string[];
  /** Output name -> JSON text of {type, value}. */
  outputs: Record<string, string>;
  /** apimodel.json flattened to leaf path -> JSON text (masked). */
  apimodel: Record<string, string>;
  /** Every kubeconfig flattened to "<file> <leaf path>" -> JSON text (masked). */
  kubeconfigs: Record<string, string>;
}

/** The name the apimodel gets in the run's folder; messages that quote the path are then the same for both tools. */
export const MODEL_FILE = 'apimodel.json';

const RUN_TIMEOUT_MS = 10 * 60_000;

export async function runTool(executable: string, modelText: string, keepDir?: string): Promise<ToolResult> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-conformance-'));
  try {
    fs.writeFileSync(path.join(workDir, MODEL_FILE), modelText);
    const { exitCode, stdout } = await execute(executable, ['generate', MODEL_FILE], workDir);
    const files = listFiles(workDir);
    delete files[MODEL_FILE];
    const result: ToolResult = { exitCode, fatal: fatalMessage(stdout), files };
    if (exitCode === 0) result.output = readOutput(workDir, files);
    if (keepDir) fs.cpSync(workDir, keepDir, { recursive: true });
    return result;
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

function execute(executable: string, args: string[], cwd: string): Promise<{ exitCode: number; stdout: string }> {
  // LANG picks aks-engine's translation folder (translations/en_US); other locales make it fail before anything else.
  const env = { ...process.env, LANG: 'en_US.UTF-8' };
  return new Promise((resolve, reject) => {
    execFile(executable, args, { cwd, env, timeout: RUN_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ exitCode: error ? (error.code as number) : 0, stdout });
    });
  });
}

// eslint-disable-next-line no-control-regex -- ANSI colour codes are control characters by definition.
const ANSI = /\x1b\[[0-9;]*m/g;

/** The FATA line's message and the lines after it (logrus prints a multi-line message as it is). */
export function fatalMessage(stdout: string): string {
  const lines = stdout.replace(ANSI, '').split('\n');
  const start = lines.findLastIndex((line) => line.startsWith('FATA['));
  if (start < 0) return '';
  return lines
    .slice(start)
    .join('\n')
    .replace(/^FATA\[\d+\] /, '')
    .trimEnd();
}

function listFiles(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(root, full);
      files[entry.isDirectory() ? `${relative}/` : relative] = (fs.statSync(full).mode & 0o777).toString(8);
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(root);
  return files;
}

function readOutput(root: string, files: Record<string, string>): GeneratedOutput {
  const find = (suffix: string) => Object.keys(files).filter((name) => name.startsWith('_output/') && name.endsWith(suffix));
  const json = (name: string | undefined): Record<string, unknown> =>
    name ? (JSON.parse(fs.readFileSync(path.join(root, name), 'utf8')) as Record<string, unknown>) : {};
  const template = json(find('/azuredeploy.json')[0]);
  const parametersFile = json(find('/azuredeploy.parameters.json')[0]);
  const parameters = (parametersFile.parameters ?? {}) as Record<string, unknown>;
  const kubeconfigs: Record<string, string> = {};
  for (const name of find('.json').filter((file) => file.includes('/kubeconfig/'))) {
    for (const [leaf, value] of Object.entries(flatten(json(name)))) kubeconfigs[`${path.basename(name)} ${leaf}`] = value;
  }
  return {
    templateParameters: Object.keys((template.parameters ?? {}) as object),
    parameterValues: Object.fromEntries(
      Object.entries(parameters).map(([name, value]) => [name, JSON.stringify(RANDOM_FIELDS.has(name) ? maskRandom(value) : mask(value))]),
    ),
    variables: Object.keys((template.variables ?? {}) as object),
    resources: ((template.resources ?? []) as Array<{ type?: string }>).map((resource) => resource.type ?? '?'),
    outputs: Object.fromEntries(Object.entries((template.outputs ?? {}) as object).map(([name, value]) => [name, JSON.stringify(value)])),
    apimodel: flatten(json(find('/apimodel.json')[0])),
    kubeconfigs,
  };
}

/** Leaf path -> JSON text of the (masked) value; empty objects and arrays are leaves too. */
export function flatten(value: unknown, prefix = '', into: Record<string, string> = {}, key = ''): Record<string, string> {
  if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    for (const [name, child] of Object.entries(value)) {
      flatten(
        child,
        Array.isArray(value) ? `${prefix}[${name}]` : prefix ? `${prefix}.${name}` : name,
        into,
        Array.isArray(value) ? key : name,
      );
    }
  } else {
    into[prefix] = JSON.stringify(mask(value, key));
  }
  return into;
}

/** Values both tools draw at random (an etcd encryption key, the standard load balancer's service name). */
const RANDOM_FIELDS = new Set(['etcdEncryptionKey', 'kuberneteselbsvcname']);

/** A drawn value ({"value": "..."}) becomes a placeholder; an empty one stays as it is. */
function maskRandom(parameter: unknown): unknown {
  const value = (parameter as { value?: unknown } | null)?.value;
  return typeof value === 'string' && value !== '' ? { value: '<random>' } : parameter;
}

/** Certificates, keys and random values differ from run to run by design: they are compared as placeholders. */
export function mask(value: unknown, key = ''): unknown {
  if (RANDOM_FIELDS.has(key) && typeof value === 'string' && value !== '') return '<random>';
  if (typeof value === 'string') {
    if (value.startsWith('-----BEGIN')) return '<PEM>';
    if (value.length > 40 && /^[A-Za-z0-9+/]+=*$/.test(value) && Buffer.from(value, 'base64').toString('latin1').startsWith('-----BEGIN')) {
      return '<base64 PEM>';
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => mask(item));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, k)]));
  return value;
}

/** vlabs fields that are maps of strings: their keys may hold dots ("kubernetes.io/role"), so they end a leaf path. */
const STRING_MAPS = new Set([
  'customNodeLabels',
  'kubeletConfig',
  'apiServerConfig',
  'controllerManagerConfig',
  'cloudControllerManagerConfig',
  'schedulerConfig',
  'config',
  'tags',
]);

const MASKED = new Set(['"<PEM>"', '"<base64 PEM>"', '"<random>"']);

/**
 * An apimodel.json rebuilt from its flattened leaves, without the masked values (certificates, keys, random keys),
 * which the loading tool then draws afresh: what "the real tool's apimodel.json loads back" is checked with.
 */
export function unflattenApiModel(leaves: Record<string, string>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [leaf, text] of Object.entries(leaves)) {
    if (MASKED.has(text)) continue;
    const segments: Array<string | number> = [];
    let rest = leaf;
    while (rest !== '') {
      const index = /^\[(\d+)\]/.exec(rest);
      if (index) {
        segments.push(Number(index[1]));
        rest = rest.slice(index[0].length).replace(/^\./, '');
        continue;
      }
      const name = /^[^.[]*/.exec(rest)![0];
      segments.push(name);
      rest = rest.slice(name.length).replace(/^\./, '');
      if (STRING_MAPS.has(name) && rest !== '' && !rest.startsWith('[')) {
        segments.push(rest);
        rest = '';
      }
    }
    let node: Record<string | number, unknown> = root;
    segments.forEach((segment, i) => {
      if (i === segments.length - 1) {
        node[segment] = JSON.parse(text) as unknown;
        return;
      }
      node[segment] ??= typeof segments[i + 1] === 'number' ? [] : {};
      node = node[segment] as Record<string | number, unknown>;
    });
  }
  return dropHoles(root) as Record<string, unknown>;
}

/** Arrays whose masked elements were left out are closed up. */
function dropHoles(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(dropHoles);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, dropHoles(item)]));
  return value;
}
