// `kubeconfig --merge`: adds a cluster's kubeconfig to the user's, where kubectl itself would write it. The files are
// $KUBECONFIG's list or ~/.kube/config; an entry already defined in one of them is replaced in that file, a new one
// goes to the first file that exists (else the last listed), and so does current-context (client-go's ModifyConfig).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeSecretFile } from './secret-files';

// yaml takes a tenth of a second to load; only --merge needs it.
const yaml = () => import('yaml');

interface Named {
  name: string;
  [key: string]: unknown;
}

export interface KubeConfig {
  apiVersion?: string;
  kind?: string;
  clusters?: Named[] | null;
  users?: Named[] | null;
  contexts?: Named[] | null;
  'current-context'?: string;
  [key: string]: unknown;
}

export interface KubeconfigFile {
  path: string;
  /** undefined when the file does not exist. */
  config: KubeConfig | undefined;
}

const stanzas = ['clusters', 'users', 'contexts'] as const;

/** The kubeconfig files kubectl reads: $KUBECONFIG's list (empty entries and repeats dropped), else ~/.kube/config. */
export function kubeconfigPaths(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string[] {
  const listed = [...new Set((env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean))];
  return listed.length ? listed : [path.join(home, '.kube', 'config')];
}

/** Where new entries go: the only file, else the first that exists, else the last listed (GetDefaultFilename). */
export function defaultFile(files: KubeconfigFile[]): string {
  if (files.length === 1) return files[0].path;
  return (files.find((file) => file.config !== undefined) ?? files[files.length - 1]).path;
}

/** The files to write, with their new content, for adding `added` to the chain. Pure, for tests. */
export function planMerge(files: KubeconfigFile[], added: KubeConfig): Array<{ path: string; config: KubeConfig }> {
  const fallback = defaultFile(files);
  const result = new Map<string, KubeConfig>();
  const target = (file: string): KubeConfig => {
    if (!result.has(file)) {
      const existing = files.find((candidate) => candidate.path === file)?.config;
      result.set(file, existing ? structuredClone(existing) : emptyConfig());
    }
    return result.get(file)!;
  };
  for (const stanza of stanzas) {
    for (const entry of added[stanza] ?? []) {
      // The first file that defines a name is where kubectl's merged view took it from, so it is changed there.
      const origin = files.find((file) => file.config?.[stanza]?.some((candidate) => candidate.name === entry.name))?.path;
      const config = target(origin ?? fallback);
      const list = (config[stanza] ??= []);
      const index = list.findIndex((candidate) => candidate.name === entry.name);
      if (index >= 0) list[index] = entry;
      else list.push(entry);
    }
  }
  if (added['current-context']) target(fallback)['current-context'] = added['current-context'];
  return [...result].map(([file, config]) => ({ path: file, config }));
}

function emptyConfig(): KubeConfig {
  return { apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: [], users: [], contexts: [], 'current-context': '' };
}

export async function readKubeconfigFile(file: string): Promise<KubeconfigFile> {
  if (!fs.existsSync(file)) return { path: file, config: undefined };
  const parsed = (await yaml()).parse(fs.readFileSync(file, 'utf8')) as KubeConfig | null;
  if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) throw new Error(`${file} is not a kubeconfig file.`);
  return { path: file, config: parsed ?? emptyConfig() };
}

/** Merges a downloaded kubeconfig into the user's; returns the files written and the context to use. */
export async function mergeIntoKubeconfig(
  downloaded: Buffer | string,
  env: NodeJS.ProcessEnv = process.env,
  home = os.homedir(),
): Promise<{ files: string[]; context: string | undefined }> {
  const { parse, stringify } = await yaml();
  const added = parse(downloaded.toString()) as KubeConfig;
  if (!added || typeof added !== 'object' || !Array.isArray(added.clusters)) throw new Error('The downloaded file is not a kubeconfig.');
  const plan = planMerge(await Promise.all(kubeconfigPaths(env, home).map(readKubeconfigFile)), added);
  for (const file of plan) writeSecretFile(file.path, stringify(file.config));
  return { files: plan.map((file) => file.path), context: added['current-context'] };
}
