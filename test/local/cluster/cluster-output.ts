// aks-engine's _output/<dnsPrefix> folder for a test cluster, written by the aks-engine simulator's `generate`.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from '../../support/commands';
import { repoRoot } from '../../support/process';

export interface TestClusterSpec {
  dnsPrefix: string;
  masters: number;
  agentPools: Array<{ name: string; count: number }>;
}

export const simulatorBinary = path.join(repoRoot, 'local', 'aks-engine', 'bin', 'aks-engine');

/** Writes a minimal cosmosEtcd apimodel into workDir and runs `aks-engine generate` there; returns the output folder. */
export async function generateClusterOutput(workDir: string, spec: TestClusterSpec): Promise<string> {
  const apiModel = {
    apiVersion: 'vlabs',
    properties: {
      orchestratorProfile: { orchestratorType: 'Kubernetes' },
      masterProfile: { count: spec.masters, dnsPrefix: spec.dnsPrefix, vmSize: 'Standard_D2_v3', cosmosEtcd: true },
      agentPoolProfiles: spec.agentPools.map((pool) => ({
        name: pool.name,
        count: pool.count,
        vmSize: 'Standard_D2_v3',
        availabilityProfile: 'AvailabilitySet',
      })),
      linuxProfile: {
        adminUsername: 'azureuser',
        // A syntactically valid public key; nothing ever logs in with it.
        ssh: { publicKeys: [{ keyData: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 test@stand-in' }] },
      },
      servicePrincipalProfile: { clientId: '00000000-0000-0000-0000-000000000001', secret: 'not-a-real-secret' },
    },
  };
  const apiModelPath = path.join(workDir, `apimodel-${spec.dnsPrefix}.json`);
  writeFileSync(apiModelPath, JSON.stringify(apiModel, null, 2));
  const result = await runCommand(simulatorBinary, ['generate', '--api-model', apiModelPath], { cwd: workDir, timeoutMs: 60_000 });
  const outputDir = path.join(workDir, '_output', spec.dnsPrefix);
  if (result.code !== 0 || !existsSync(path.join(outputDir, 'ca.crt'))) {
    throw new Error(
      `aks-engine generate failed (exit ${result.code}); build first with "npm run build":\n${result.stdout}\n${result.stderr}`,
    );
  }
  return outputDir;
}
