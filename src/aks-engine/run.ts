// Runs the aks-engine command line: bounded in time and output, stoppable, with what it prints streamed to a
// callback and every secret passed on its command line redacted from it; and the line that best explains a failure.
import { spawn } from 'node:child_process';

export interface AksEngineRun {
  exitCode: number;
  output: string;
}

export interface RunOptions {
  cwd: string;
  timeoutMs: number;
  /** Stops the run (the process is killed) when aborted. */
  signal?: AbortSignal;
  /** Values that must never be shown: replaced by *** in the output and in the command line given to logs. */
  secrets?: string[];
  /** Called with each chunk of (redacted) output as it arrives. */
  onOutput?: (text: string) => void;
  /** Variables added to the child's environment (which otherwise is this process's). */
  env?: Record<string, string>;
}

const maxOutput = 16 * 1024 * 1024;

export function redact(text: string, secrets: string[] = []): string {
  return secrets.filter((secret) => secret.length > 0).reduce((result, secret) => result.split(secret).join('***'), text);
}

/** The command line as logs may show it. */
export function commandLine(args: string[], secrets: string[] = []): string {
  return redact(`aks-engine ${args.join(' ')}`, secrets);
}

export function runAksEngine(executable: string, args: string[], options: RunOptions): Promise<AksEngineRun> {
  return new Promise((resolve) => {
    let output = '';
    let settled = false;
    const finish = (exitCode: number, extra = '') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
      resolve({ exitCode, output: redact(output + extra, options.secrets) });
    };
    const child = spawn(executable, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (output.length < maxOutput) output += text;
      options.onOutput?.(redact(text, options.secrets));
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const abort = () => child.kill('SIGKILL');
    options.signal?.addEventListener('abort', abort, { once: true });
    if (options.signal?.aborted) abort();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(-2, `\naks-engine did not finish within ${Math.round(options.timeoutMs / 60_000)} minutes and was stopped.`);
    }, options.timeoutMs);
    child.on('error', (error) => finish(-1, `\n${error.message}`));
    child.on('close', (code, signal) => finish(code ?? -1, signal && !options.signal?.aborted ? `\nstopped by ${signal}` : ''));
  });
}

// eslint-disable-next-line no-control-regex -- aks-engine colours its log levels with ANSI escape codes
const ansiColour = /\x1b\[[0-9;]*m/g;

export function plainText(output: string): string {
  return output.replace(ansiColour, '');
}

/** The FATA line aks-engine ends with, without its colour codes: the most useful summary of a failure. */
export function aksEngineFailureSummary(output: string): string {
  const plain = plainText(output);
  const fatal = plain
    .split('\n')
    .reverse()
    .find((line) => /^(FATA|ERRO|Error:)/.test(line.trim()));
  return (fatal ?? plain.trim().split('\n').at(-1) ?? 'aks-engine failed without output').trim().slice(0, 1000);
}
