// Runs the aks-cosmos command line as its own process, as a person or a script would, and collects what it prints.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { nodeBinary, repoRoot } from '../../support/process';

/** The one-file bundle the build makes, as client/bin/aks-cosmos runs it. */
export const cliEntry = path.join(repoRoot, 'dist', 'client', 'cli', 'aks-cosmos.cjs');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
}

/** The environment of a run: this process's, without sign-in settings of the machine, plus the given variables. */
export function cliEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(AZURE_|AKS_COSMOS_|KUBECONFIG$|NO_COLOR$|FORCE_COLOR$)/.test(name)) delete env[name];
  }
  return { ...env, ...extra };
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const child = spawn(nodeBinary, [cliEntry, ...args], {
    cwd: options.cwd,
    env: cliEnvironment(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A run's output for assertion messages. */
export function shown(result: CliResult): string {
  return `exit ${result.code}${result.signal ? ` (${result.signal})` : ''}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}
