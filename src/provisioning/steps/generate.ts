// Step "generate": renders apimodel.json, runs `aks-engine generate` in a private temporary folder and
// uploads all of _output to the artifacts container. Certificates are generated once per cluster
// generation: a retry after a complete upload does not regenerate them.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Settings } from '../../config/settings';
import { artifactPaths } from '../../clusters/record';
import { renderApiModel, type ServicePrincipalSecret } from '../apimodel';
import { ClusterArtifacts } from '../artifacts';
import { asStep, failed, succeeded, type StepResult } from '../step-result';
import type { StepInput } from './step-input';

const completeMarker = `${artifactPaths.output}.complete`;
const generateTimeoutMs = 5 * 60_000;

interface RunResult {
  exitCode: number;
  output: string;
}

function runAksEngine(executable: string, args: string[], cwd: string): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      executable,
      args,
      { cwd, timeout: generateTimeoutMs, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (!error) return resolve({ exitCode: 0, output });
        const code = typeof error.code === 'number' ? error.code : -1;
        resolve({ exitCode: code, output: `${output}${typeof error.code === 'string' ? `\n${error.message}` : ''}` });
      },
    );
  });
}

/** The FATA line aks-engine ends with, without its colour codes: the most useful summary of a failure. */
export function aksEngineFailureSummary(output: string): string {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const fatal = plain
    .split('\n')
    .reverse()
    .find((line) => /^(FATA|ERRO|Error:)/.test(line.trim()));
  return (fatal ?? plain.trim().split('\n').at(-1) ?? 'aks-engine failed without output').trim().slice(0, 1000);
}

export const generateArtifacts = (settings: Settings) =>
  asStep('generate', async (input: StepInput): Promise<StepResult<{ files: number }>> => {
    const artifacts = await ClusterArtifacts.open(settings, input.name, input.generation);
    if (await artifacts.exists(completeMarker)) {
      const files = await artifacts.list(artifactPaths.output);
      return succeeded({ files: files.length }, `aks-engine output already stored (${files.length} files).`);
    }
    const secretText = await artifacts.readText(artifactPaths.servicePrincipal);
    const principal = secretText ? (JSON.parse(secretText) as Partial<ServicePrincipalSecret> & { secret?: string }) : undefined;
    if (!principal?.appId || !principal.secret) {
      return failed({
        code: 'ServicePrincipalMissing',
        message: 'The service principal secret is not stored; the servicePrincipal step must run first.',
        retryable: false,
        target: 'generate',
      });
    }
    const workDir = await fs.mkdtemp(path.join(os.tmpdir(), `aks-${input.name}-`));
    try {
      await fs.chmod(workDir, 0o700);
      const modelFile = path.join(workDir, 'apimodel.json');
      await fs.writeFile(
        modelFile,
        JSON.stringify(renderApiModel(input.spec, { appId: principal.appId, secret: principal.secret }), null, 2),
        { mode: 0o600 },
      );
      const outputDir = path.join(workDir, '_output');
      const args = ['generate', '--api-model', modelFile, '--output-directory', outputDir];
      const run = await runAksEngine(settings.aksEnginePath, args, workDir);
      // The log never holds secrets: aks-engine prints file names and messages, not the model.
      await artifacts.writeText(
        `${artifactPaths.logs}aks-engine-generate.log`,
        `$ aks-engine ${args.join(' ')}\n${run.output}\nexit code ${run.exitCode}\n`,
        'text/plain',
      );
      if (run.exitCode !== 0) {
        return failed({
          code: run.exitCode === -1 ? 'AksEngineNotRunnable' : 'AksEngineGenerateFailed',
          message: `aks-engine generate failed: ${aksEngineFailureSummary(run.output)} (full output: GET /api/clusters/${input.name}/logs/aks-engine-generate.log)`,
          retryable: false,
          target: 'generate',
        });
      }
      const files = await artifacts.uploadFolder(outputDir, artifactPaths.output);
      await artifacts.writeText(completeMarker, JSON.stringify({ files, at: new Date().toISOString() }));
      return succeeded({ files }, `aks-engine generated ${files} files.`);
    } finally {
      await fs.rm(workDir, { recursive: true, force: true });
    }
  });
