// Step "generate": renders apimodel.json, runs `aks-engine generate` in a private temporary folder and
// uploads all of _output to the artifacts container. Certificates are generated once per cluster
// generation: a retry after a complete upload does not regenerate them.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from '../../config/settings';
import { aksEngineFailureSummary, runAksEngine } from '../../aks-engine/run';
import { createWorkFolder, removeWorkFolder } from '../../aks-engine/work-folders';
import { artifactPaths } from '../../clusters/record';
import { activity, type ActivityRun, type StepInput } from '../activity';
import { renderApiModel, type ServicePrincipalSecret } from '../apimodel';
import { ClusterArtifacts } from '../artifacts';
import { failed, succeeded, type StepResult } from '../step-result';

const completeMarker = `${artifactPaths.output}.complete`;
const generateTimeoutMs = 5 * 60_000;

export const generateArtifacts = activity(
  'generate',
  async function generateArtifacts(settings: Settings, input: StepInput, run: ActivityRun): Promise<StepResult<{ files: number }>> {
    const artifacts = await ClusterArtifacts.open(settings, input.name, input.generation, run.signal);
    if (await artifacts.exists(completeMarker)) {
      const files = await artifacts.list(artifactPaths.output);
      return succeeded({ files: files.length }, `aks-engine output already stored (${files.length} files).`);
    }
    const secretText = await artifacts.readText(artifactPaths.servicePrincipal);
    const principal = secretText ? (JSON.parse(secretText) as Partial<ServicePrincipalSecret>) : undefined;
    if (!principal?.appId || !principal.secret) {
      return failed({
        code: 'ServicePrincipalMissing',
        message: 'The service principal secret is not stored; the servicePrincipal step must run first.',
        retryable: false,
        target: 'generate',
      });
    }
    const workFolder = await createWorkFolder(input.name);
    try {
      const modelFile = path.join(workFolder, 'apimodel.json');
      const model = renderApiModel(input.spec, { appId: principal.appId, secret: principal.secret });
      await fs.writeFile(modelFile, JSON.stringify(model, null, 2), { mode: 0o600 });
      const outputFolder = path.join(workFolder, '_output');
      const args = ['generate', '--api-model', 'apimodel.json', '--output-directory', '_output'];
      const result = await runAksEngine(settings.aksEnginePath, args, {
        cwd: workFolder,
        timeoutMs: generateTimeoutMs,
        signal: run.signal,
      });
      // If the operation ended while aks-engine ran, the process was stopped and the artifact writes below refuse.
      // The log never holds secrets: aks-engine prints file names and messages, not the model.
      const log = `$ aks-engine ${args.join(' ')}\n${result.output}\nexit code ${result.exitCode}\n`;
      await artifacts.writeText(`${artifactPaths.logs}aks-engine-generate.log`, log, 'text/plain');
      if (result.exitCode !== 0) {
        return failed({
          code: result.exitCode === -1 ? 'AksEngineNotRunnable' : 'AksEngineGenerateFailed',
          message:
            `aks-engine generate failed: ${aksEngineFailureSummary(result.output)} ` +
            `(full output: GET /api/clusters/${input.name}/logs/aks-engine-generate.log)`,
          retryable: false,
          target: 'generate',
        });
      }
      const files = await artifacts.uploadFolder(outputFolder, artifactPaths.output);
      await artifacts.writeText(completeMarker, JSON.stringify({ files, at: new Date().toISOString() }));
      return succeeded({ files }, `aks-engine generated ${files} files.`);
    } finally {
      await removeWorkFolder(workFolder);
    }
  },
);
