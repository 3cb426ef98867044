// Helpers for tests that start real processes (the local host, emulators, Azurite) on free ports.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freeLoopbackPort } from '../../local/support/free-port';

/** The repository root (tests run from dist/test/..., so climb to the folder holding package.json). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** The Node binary running this test: npm scripts put the project's Node 22 first on PATH. */
export const nodeBinary = process.execPath;

/** Asks the OS for a port that is free right now. */
export const freePort = freeLoopbackPort;

export interface StartedProcess {
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves with the first match of the pattern in the output, waiting for it to appear. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then SIGKILL after a grace period; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once, like a crash. */
  kill(): Promise<void>;
}

export interface StartOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Wait until this pattern appears in the output before resolving. */
  readyPattern?: RegExp;
  readyTimeoutMs?: number;
}

/** Starts a process and, if asked, waits until it prints its ready line. Fails with its output if it exits first. */
export async function startProcess(command: string, args: string[], options: StartOptions = {}): Promise<StartedProcess> {
  const child = spawn(command, args, {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    for (const listener of listeners) listener();
  });

  const started: StartedProcess = {
    child,
    output: () => text,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (match) return done(() => resolve(match));
          if (hasExited) return done(() => reject(new Error(`process exited before printing ${pattern}:\n${text}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`timed out waiting for ${pattern}:\n${text}`))), timeoutMs);
        const done = (finish: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          finish();
        };
        listeners.add(check);
        check();
      });
    },
    async stop(graceMs = 5_000) {
      if (hasExited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (hasExited) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
  if (options.readyPattern) {
    try {
      await started.waitFor(options.readyPattern, options.readyTimeoutMs);
    } catch (error) {
      await started.kill();
      throw error;
    }
  }
  return started;
}

/** Polls until the check returns a value other than undefined, or fails after the timeout. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
