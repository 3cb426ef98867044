// Starts the local Functions host (dist/local/host/cli.js) as a separate process for end-to-end tests.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, nodeBinary, repoRoot, startProcess, type StartedProcess } from './process';

export const hostCli = path.join(repoRoot, 'dist', 'local', 'host', 'cli.js');
export const durableSampleApp = path.join(repoRoot, 'test', 'apps', 'durable-sample');
export const hostReadyPattern = /Host started: (http:\/\/\S+)/;

export interface RunningHost {
  /** Base URL printed in the ready line, e.g. http://127.0.0.1:PORT (no trailing slash). */
  baseUrl: string;
  port: number;
  dataDir: string;
  process: StartedProcess;
  /** Everything the host printed so far. */
  output(): string;
  /** SIGTERM (graceful), SIGKILL after the grace period. */
  stop(): Promise<void>;
  /** SIGKILL, like a crash. */
  kill(): Promise<void>;
}

export interface HostOptions {
  appDir?: string;
  /** Where instances and history persist; a fresh temp dir when omitted (removed again by stop/kill). */
  dataDir?: string;
  port?: number;
  env?: NodeJS.ProcessEnv;
  extraArgs?: string[];
}

/** Makes an empty temp directory; the caller removes it (see removeDir). */
export function makeTempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The command-line arguments of the host for an app, port and data dir. */
export function hostArgs(appDir: string, port: number, dataDir: string, extraArgs: string[] = []): string[] {
  return [hostCli, '--app', appDir, '--port', String(port), '--data-dir', dataDir, ...extraArgs];
}

/** Starts the host and waits for its ready line. */
export async function startFunctionsHost(options: HostOptions = {}): Promise<RunningHost> {
  const appDir = options.appDir ?? durableSampleApp;
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? makeTempDir('durable-data');
  const port = options.port ?? (await freePort());
  let started: StartedProcess;
  try {
    started = await startProcess(nodeBinary, hostArgs(appDir, port, dataDir, options.extraArgs), {
      env: options.env,
      readyPattern: hostReadyPattern,
      readyTimeoutMs: 30_000,
    });
  } catch (error) {
    if (ownsDataDir) removeDir(dataDir);
    throw error;
  }
  const match = started.output().match(hostReadyPattern);
  const baseUrl = match![1]!.replace(/\/+$/, '');
  const cleanup = () => {
    if (ownsDataDir) removeDir(dataDir);
  };
  return {
    baseUrl,
    port,
    dataDir,
    process: started,
    output: () => started.output(),
    stop: async () => {
      await started.stop();
      cleanup();
    },
    kill: async () => {
      await started.kill();
      cleanup();
    },
  };
}
