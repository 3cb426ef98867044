// The Kubernetes versions the aks-engine binary supports and the upgrades it allows, as `aks-engine get-versions
// -o json` says: asked once per process (the answer belongs to the binary) and cached.
import os from 'node:os';
import type { Settings } from '../config/settings';
import { aksEngineFailureSummary, runAksEngine } from './run';

interface GetVersionsAnswer {
  orchestrators?: Array<{ orchestratorVersion?: string; upgrades?: Array<{ orchestratorVersion?: string }> }>;
}

let cached: Promise<Map<string, string[]>> | undefined;

/** Every supported version with the versions it can be upgraded to. */
export function kubernetesVersions(settings: Settings): Promise<Map<string, string[]>> {
  cached ??= (async () => {
    const run = await runAksEngine(settings.aksEnginePath, ['get-versions', '-o', 'json'], { cwd: os.tmpdir(), timeoutMs: 60_000 });
    if (run.exitCode !== 0) throw new Error(`aks-engine get-versions failed: ${aksEngineFailureSummary(run.output)}`);
    const answer = JSON.parse(run.output.slice(run.output.indexOf('{'))) as GetVersionsAnswer;
    return new Map(
      (answer.orchestrators ?? [])
        .filter((entry) => entry.orchestratorVersion)
        .map((entry) => [
          entry.orchestratorVersion!,
          (entry.upgrades ?? []).map((upgrade) => upgrade.orchestratorVersion!).filter(Boolean),
        ]),
    );
  })().catch((error) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
