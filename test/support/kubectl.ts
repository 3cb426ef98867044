// kubectl against a stand-in cluster with a given kubeconfig: its output (failing the test on a non-zero exit)
// and the node list as the day-2 tests read it.
import assert from 'node:assert/strict';
import { runCommand } from './commands';

export interface NodeSummary {
  name: string;
  version: string;
  ready: boolean;
}

export function kubectlWith(kubeconfig: string, cacheDir: string) {
  const kubectl = async (...args: string[]): Promise<string> => {
    const result = await runCommand('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args]);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout;
  };
  const nodes = async (): Promise<NodeSummary[]> =>
    (JSON.parse(await kubectl('get', 'nodes', '-o', 'json')).items as any[]).map((node) => ({
      name: node.metadata.name,
      version: node.status.nodeInfo.kubeletVersion,
      ready: node.status.conditions.some((condition: any) => condition.type === 'Ready' && condition.status === 'True'),
    }));
  return { kubectl, nodes };
}
