// Finds the command-line tools the local stack and the tests use (etcd for the stand-in Cosmos DB etcd
// endpoint, etcdctl and kubectl to use the stand-in cluster as a person would). A missing one is installed
// from Debian's packages when this machine can (apt-get, as root or with passwordless sudo); otherwise the
// run stops at once with the exact command to type.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

export interface Tool {
  command: string;
  debianPackage: string;
  why: string;
}

export const tools: Record<string, Tool> = {
  etcd: { command: 'etcd', debianPackage: 'etcd-server', why: 'stands in for the Cosmos DB etcd endpoint' },
  etcdctl: { command: 'etcdctl', debianPackage: 'etcd-client', why: 'reads the stand-in etcd as users do' },
  kubectl: { command: 'kubectl', debianPackage: 'kubernetes-client', why: 'talks to the stand-in cluster as users do' },
};

/** The full path of a command on PATH, or undefined. */
export function findOnPath(command: string, searchPath = process.env.PATH ?? ''): string | undefined {
  for (const folder of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(folder, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function succeeds(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** How this machine can install Debian packages: directly as root, through passwordless sudo, or not at all. */
function installer(): string[] | undefined {
  if (!findOnPath('apt-get')) return undefined;
  if (process.getuid?.() === 0) return [];
  if (findOnPath('sudo') && succeeds('sudo', ['-n', 'true'])) return ['sudo', '-n'];
  return undefined;
}

export function installCommand(packages: string[]): string {
  return `sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`;
}

/** Ensures the named tools are on PATH; returns false (after saying what to do) when they cannot be had. */
export function ensureTools(names: string[], options: { install: boolean; log: (line: string) => void }): boolean {
  const missing = names.map((name) => tools[name]!).filter((tool) => !findOnPath(tool.command));
  if (missing.length === 0) return true;
  const packages = missing.map((tool) => tool.debianPackage);
  const list = missing.map((tool) => `${tool.command} (${tool.why})`).join(', ');
  const prefix = options.install ? installer() : undefined;
  if (prefix === undefined) {
    options.log(`Missing: ${list}.`);
    options.log(`Install them, then run the command again:\n  ${installCommand(packages)}`);
    return false;
  }
  options.log(`Missing: ${list}. Installing the Debian packages ${packages.join(', ')} with apt-get...`);
  const run = (args: string[]) => {
    const [command, ...rest] = [...prefix, ...args];
    const result = spawnSync(command!, rest, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
  };
  const update = run(['apt-get', 'update', '-qq']);
  const install = update.ok ? run(['apt-get', 'install', '-y', '-qq', ...packages]) : update;
  const stillMissing = missing.filter((tool) => !findOnPath(tool.command));
  if (!install.ok || stillMissing.length > 0) {
    options.log(`Installing failed:\n${install.output.trim().split('\n').slice(-10).join('\n')}`);
    options.log(`Install them by hand, then run the command again:\n  ${installCommand(stillMissing.map((tool) => tool.debianPackage))}`);
    return false;
  }
  options.log(`Installed: ${missing.map((tool) => `${tool.command} (${findOnPath(tool.command)})`).join(', ')}.`);
  return true;
}

function main(): void {
  const { values, positionals } = parseArgs({ options: { 'no-install': { type: 'boolean', default: false } }, allowPositionals: true });
  const names = positionals.length > 0 ? positionals : Object.keys(tools);
  const unknown = names.filter((name) => !tools[name]);
  if (unknown.length > 0) {
    console.error(`Unknown tool(s): ${unknown.join(', ')}; known: ${Object.keys(tools).join(', ')}.`);
    process.exit(2);
  }
  const install = !values['no-install'] && process.env.AKS_COSMOS_INSTALL_TOOLS !== 'never';
  if (!ensureTools(names, { install, log: (line) => console.error(line) })) process.exit(1);
}

if (require.main === module) main();
