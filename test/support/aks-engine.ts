// Runs the aks-engine simulator executable in a working directory and reads back what it printed, with the
// logrus colour codes removed so tests can compare the INFO/WARN/FATA lines as text.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './process';

export const aksEngineBinary = path.join(repoRoot, 'local', 'aks-engine', 'bin', 'aks-engine');

export interface AksEngineRun {
  code: number;
  stdout: string;
  stderr: string;
  /**
   * stdout without ANSI colours, one entry per line, trailing padding removed, and the seconds-since-start
   * counter shown as [0000] so that assertions do not depend on how loaded the machine is.
   */
  lines: string[];
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

/** Runs in `cwd`, with TMPDIR there too so the temp files aks-engine leaves (merged --set models) go away with it. */
export function runAksEngine(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<AksEngineRun> {
  return new Promise((resolve, reject) => {
    execFile(
      aksEngineBinary,
      args,
      {
        cwd: options.cwd,
        // 1024-bit cluster PKI unless a test asks otherwise: no test here is about the keys' size (see stack.ts).
        env: { ...process.env, TMPDIR: options.cwd, AKS_ENGINE_SIM_KEY_BITS: '1024', ...options.env },
        timeout: options.timeoutMs ?? 30_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(new Error(`aks-engine could not run: ${error.message}\n${stderr}`));
        const lines = stripAnsi(stdout)
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => line.trimEnd().replace(/^(INFO|WARN|ERRO|FATA|DEBU)\[\d{4}\]/, '$1[0000]'));
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr, lines });
      },
    );
  });
}

/** The FATA line's message, e.g. "error validating deployCmd: --location must be specified". */
export function fatalMessage(run: AksEngineRun): string | undefined {
  const line = run.lines.find((entry) => /^FATA\[\d{4}\] /.test(entry));
  return line?.replace(/^FATA\[\d{4}\] /, '');
}

/** A scratch working directory (aks-engine writes _output/ relative to it), removed by the returned function. */
export function scratchDir(prefix = 'aks-engine-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeJson(file: string, value: unknown): string {
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}
