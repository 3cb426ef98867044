// Steps "scale" and "upgrade": aks-engine's own day-2 commands on the cluster's deployment folder. The folder
// (_output of this generation) is restored from Blob Storage into a private work folder, the command runs with
// the cluster's service principal (its secret only on the command line, redacted wherever the line is shown),
// what it prints streams to the logs route and its last meaningful line to the step, and the rewritten folder
// (apimodel.json) is stored back. Running the command again after a crash, a timeout or a retry converges on
// the same desired state: aks-engine scales to a node count and upgrades only nodes not yet at the version.
import path from 'node:path';
import type { Settings } from '../../config/settings';
import { aksEngineFailureSummary, commandLine, plainText, runAksEngine } from '../../aks-engine/run';
import { createWorkFolder, removeWorkFolder } from '../../aks-engine/work-folders';
import { artifactPaths, resourceGroupName } from '../../clusters/record';
import { ClusterStore } from '../../clusters/store';
import { nodeCount, type ClusterChange } from '../../domain/cluster-spec';
import type { StepName } from '../../domain/progress';
import { activity, type ActivityRun, type StepInput } from '../activity';
import { ClusterArtifacts } from '../artifacts';
import { failed, succeeded, type StepResult } from '../step-result';

export interface ChangeInput extends StepInput {
  change: ClusterChange;
}

/** Longer than any scale or upgrade should take, shorter than the function timeout (host.json). */
const commandTimeoutMs = 110 * 60_000;

interface Principal {
  appId?: string;
  secret?: string;
}

/** What a line of aks-engine's output tells about progress: a readable message, and a percent where it can. */
export function progressOf(
  step: StepName,
  line: string,
  state: { done: number; total: number },
): { message: string; percent?: number } | undefined {
  const text = plainText(line)
    .replace(/^(INFO|WARN|level=\w+)\s*(\[\d+\])?\s*/i, '')
    .replace(/^time="[^"]*"\s+level=\w+\s+msg="?/, '')
    .replace(/"$/, '')
    .trim();
  if (!text || /^(DEBU|debug)/i.test(text)) return undefined;
  if (
    step === 'upgrade' &&
    /(upgraded to expected orchestrator version|upgrade(d)? (of )?node .*(complete|finished|done)|finished upgrading)/i.test(text)
  )
    state.done++;
  if (step === 'scale' && /(scal(ed|ing) .*complete|new node .*ready|drained and deleted|removed node)/i.test(text)) state.done++;
  const percent = state.total > 0 ? Math.min(95, (state.done / state.total) * 100) : undefined;
  return { message: text.slice(0, 300), percent };
}

async function runChange(
  settings: Settings,
  input: ChangeInput,
  run: ActivityRun,
  step: 'scale' | 'upgrade',
  argsFor: (common: string[], apiServerHost: string) => string[][],
  total: number,
): Promise<StepResult<{ commands: number }>> {
  const artifacts = await ClusterArtifacts.open(settings, input.name, input.generation, run.signal);
  const principal = JSON.parse((await artifacts.readText(artifactPaths.servicePrincipal)) ?? '{}') as Principal;
  if (!principal.appId || !principal.secret) {
    return failed({
      code: 'ServicePrincipalMissing',
      message: "The cluster's service principal secret is not stored.",
      retryable: false,
      target: step,
    });
  }
  const record = (await new ClusterStore(settings).get(input.name))?.record;
  const apiServer = record?.outputs.apiServerUrl;
  if (!apiServer)
    return failed({ code: 'ClusterNotReady', message: 'The cluster has no API server address yet.', retryable: false, target: step });
  const secrets = [principal.secret];
  const common = [
    '--subscription-id',
    settings.subscriptionId,
    '--resource-group',
    resourceGroupName(input.name),
    '--location',
    input.spec.location,
    '--azure-env',
    settings.aksEngineAzureEnv,
    '--deployment-dir',
    '_output',
    '--auth-method',
    'client_secret',
    '--client-id',
    principal.appId,
    '--client-secret',
    principal.secret,
  ];
  const logName = `${artifactPaths.logs}aks-engine-${step}-${input.operationId}.log`;
  const workFolder = await createWorkFolder(input.name);
  let log = '';
  let lastUpload = 0;
  const uploadLog = async (force = false) => {
    if (!force && Date.now() - lastUpload < 5000) return;
    lastUpload = Date.now();
    // A stopped run's log is still written, once and at once, bounded to a second: its lease lives on for at least
    // two thirds of its lifetime (two seconds or more) after the stop, so no teardown has begun yet.
    const target = run.signal.aborted ? artifacts.withSignal(AbortSignal.timeout(1000)) : artifacts;
    await target.writeText(logName, log, 'text/plain').catch(() => undefined);
  };
  try {
    await artifacts.downloadFolder(artifactPaths.output, path.join(workFolder, '_output'));
    const state = { done: 0, total };
    let pending = '';
    const commands = argsFor(common, new URL(apiServer).host);
    for (const args of commands) {
      log += `$ ${commandLine(args, secrets)}\n`;
      const result = await runAksEngine(settings.aksEnginePath, args, {
        cwd: workFolder,
        timeoutMs: commandTimeoutMs,
        signal: run.signal,
        secrets,
        // What --azure-env AzureStackCloud reads its endpoints from (go-autorest's EnvironmentFilepathName).
        env: settings.aksEngineEnvironmentFile ? { AZURE_ENVIRONMENT_FILEPATH: settings.aksEngineEnvironmentFile } : undefined,
        onOutput: (text) => {
          log += text;
          pending += text;
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) {
            const progress = progressOf(step, line, state);
            if (progress) run.note(progress.message, progress.percent);
          }
          void uploadLog();
        },
      });
      log += `\nexit code ${result.exitCode}\n`;
      await uploadLog(true);
      if (run.signal.aborted) {
        return failed({
          code: 'OperationCanceled',
          message: `aks-engine ${step} was stopped: the operation ended.`,
          retryable: true,
          target: step,
        });
      }
      if (result.exitCode !== 0) {
        const logRoute = `GET /api/clusters/${input.name}/logs/${path.posix.basename(logName)}`;
        return failed({
          code:
            result.exitCode === -2
              ? 'Timeout'
              : result.exitCode === -1
                ? 'AksEngineNotRunnable'
                : step === 'scale'
                  ? 'AksEngineScaleFailed'
                  : 'AksEngineUpgradeFailed',
          message: `aks-engine ${step} failed: ${aksEngineFailureSummary(result.output)} (full output: ${logRoute})`,
          retryable: result.exitCode === -2,
          target: step,
        });
      }
      // Store the rewritten deployment folder after each command, so a retry starts from what aks-engine wrote.
      await artifacts.uploadFolder(path.join(workFolder, '_output'), artifactPaths.output);
    }
    return succeeded({ commands: commands.length }, `aks-engine ${step} finished.`);
  } finally {
    await removeWorkFolder(workFolder);
  }
}

export const scaleAgentPools = activity('scale', async function scaleAgentPools(settings: Settings, input: ChangeInput, run: ActivityRun) {
  const pools = input.change.agentPools ?? [];
  return runChange(
    settings,
    input,
    run,
    'scale',
    // Only scale takes --master-FQDN (it drains the nodes it removes through the API server); upgrade refuses the flag.
    (common, apiServerHost) =>
      pools.map((pool) => [
        'scale',
        ...common,
        '--master-FQDN',
        apiServerHost,
        '--node-pool',
        pool.name,
        '--new-node-count',
        String(pool.count),
      ]),
    pools.length,
  );
});

export const upgradeKubernetes = activity(
  'upgrade',
  async function upgradeKubernetes(settings: Settings, input: ChangeInput, run: ActivityRun) {
    const version = input.change.orchestratorVersion!;
    return runChange(
      settings,
      input,
      run,
      'upgrade',
      (common) => [['upgrade', ...common, '--upgrade-version', version, '--vm-timeout', '20']],
      nodeCount(input.spec),
    );
  },
);
