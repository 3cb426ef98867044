// Step "verify": the cluster is ready when its API server answers with the admin credentials and every
// expected node reports Ready; then the RBAC bindings that give minted kubeconfigs their meaning are made.
// Until then the step reports what it sees and the orchestration polls again.
import type { Settings } from '../../config/settings';
import { artifactPaths } from '../../clusters/record';
import { nodeCount } from '../../domain/cluster-spec';
import { ensureAccessBindings } from '../../kubernetes/access-bindings';
import { KubernetesClient } from '../../kubernetes/api-client';
import type { Kubeconfig } from '../../kubernetes/kubeconfig';
import { activity, type ActivityRun, type StepInput } from '../activity';
import { ClusterArtifacts } from '../artifacts';
import { failed, running, succeeded, type StepResult } from '../step-result';

interface NodeList {
  items?: Array<{
    metadata?: { name?: string };
    status?: { conditions?: Array<{ type?: string; status?: string }>; nodeInfo?: { kubeletVersion?: string } };
  }>;
}

const isReady = (node: NonNullable<NodeList['items']>[number]) =>
  node.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;

export const verifyCluster = activity(
  'verify',
  async function verifyCluster(settings: Settings, input: StepInput, run: ActivityRun): Promise<StepResult<{ readyNodes: number }>> {
    const artifacts = await ClusterArtifacts.open(settings, input.name, input.generation, run.signal);
    const text = await artifacts.readText(artifactPaths.kubeconfig);
    if (!text) {
      return failed({
        code: 'KubeconfigMissing',
        message: 'The cluster kubeconfig is not stored; the deploy step must finish first.',
        retryable: false,
        target: 'verify',
      });
    }
    let client: KubernetesClient;
    try {
      client = new KubernetesClient(JSON.parse(text) as Kubeconfig);
    } catch (error) {
      return failed({ code: 'KubeconfigInvalid', message: (error as Error).message, retryable: false, target: 'verify' });
    }
    const expected = nodeCount(input.spec);
    let answer;
    try {
      answer = await client.request('GET', '/api/v1/nodes');
    } catch (error) {
      return running(`Waiting for the API server at ${client.server}: ${(error as Error).message}.`);
    }
    if (answer.status === 401 || answer.status === 403) {
      return failed({
        code: 'ApiServerRejectedCredentials',
        message: `The API server at ${client.server} refused the cluster's admin credentials (HTTP ${answer.status}).`,
        retryable: false,
        target: 'verify',
      });
    }
    if (answer.status !== 200) return running(`The API server at ${client.server} answered HTTP ${answer.status}; waiting.`);
    const ready = ((answer.body as NodeList).items ?? []).filter(isReady).length;
    if (ready < expected) return running(`${ready} of ${expected} nodes are Ready.`, (ready / expected) * 100);
    await ensureAccessBindings(client);
    return succeeded({ readyNodes: ready }, `All ${ready} nodes are Ready; access bindings for minted kubeconfigs are in place.`);
  },
);
