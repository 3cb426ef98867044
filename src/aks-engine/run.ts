// Runs the aks-engine command line: bounded in time and output, never with a secret on its command line
// (secrets travel in files of the private work folder), and with the line that best explains a failure.
import { execFile } from 'node:child_process';

export interface AksEngineRun {
  exitCode: number;
  output: string;
}

export function runAksEngine(executable: string, args: string[], options: { cwd: string; timeoutMs: number }): Promise<AksEngineRun> {
  return new Promise((resolve) => {
    execFile(
      executable,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (!error) return resolve({ exitCode: 0, output });
        const code = typeof error.code === 'number' ? error.code : -1;
        resolve({ exitCode: code, output: `${output}${typeof error.code === 'string' ? `\n${error.message}` : ''}` });
      },
    );
  });
}

// eslint-disable-next-line no-control-regex -- aks-engine colours its log levels with ANSI escape codes
const ansiColour = /\x1b\[[0-9;]*m/g;

/** The FATA line aks-engine ends with, without its colour codes: the most useful summary of a failure. */
export function aksEngineFailureSummary(output: string): string {
  const plain = output.replace(ansiColour, '');
  const fatal = plain
    .split('\n')
    .reverse()
    .find((line) => /^(FATA|ERRO|Error:)/.test(line.trim()));
  return (fatal ?? plain.trim().split('\n').at(-1) ?? 'aks-engine failed without output').trim().slice(0, 1000);
}
