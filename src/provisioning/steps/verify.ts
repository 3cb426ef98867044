// Step "verify": the cluster is ready when its API server answers with the admin credentials and every
// expected node reports Ready. Until then the step reports what it sees and the orchestration polls again.
import https from 'node:https';
import type { Settings } from '../../config/settings';
import { artifactPaths } from '../../clusters/record';
import { ClusterArtifacts } from '../artifacts';
import { nodeCount } from '../../domain/cluster-spec';
import { activity, type StepInput } from '../activity';
import { failed, running, succeeded, type StepResult } from '../step-result';

interface Kubeconfig {
  clusters?: Array<{ cluster?: { server?: string; 'certificate-authority-data'?: string } }>;
  users?: Array<{ user?: { 'client-certificate-data'?: string; 'client-key-data'?: string } }>;
}

interface NodeList {
  items?: Array<{ metadata?: { name?: string }; status?: { conditions?: Array<{ type?: string; status?: string }> } }>;
}

function getJson(url: URL, kubeconfig: Kubeconfig): Promise<{ status: number; body: unknown }> {
  const cluster = kubeconfig.clusters?.[0]?.cluster;
  const user = kubeconfig.users?.[0]?.user;
  const decode = (value: string | undefined) => (value ? Buffer.from(value, 'base64') : undefined);
  return new Promise((resolve, reject) => {
    const request = https.get(
      url,
      {
        ca: decode(cluster?.['certificate-authority-data']),
        cert: decode(user?.['client-certificate-data']),
        key: decode(user?.['client-key-data']),
        timeout: 15_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: keep the text for the message
          }
          resolve({ status: response.statusCode ?? 0, body });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error('the API server did not answer within 15 s')));
    request.on('error', reject);
  });
}

export const verifyCluster = activity('verify', async function verifyCluster(settings: Settings, input: StepInput): Promise<
  StepResult<{ readyNodes: number }>
> {
  const artifacts = await ClusterArtifacts.open(settings, input.name, input.generation);
  const text = await artifacts.readText(artifactPaths.kubeconfig);
  if (!text)
    return failed({
      code: 'KubeconfigMissing',
      message: 'The cluster kubeconfig is not stored; the deploy step must finish first.',
      retryable: false,
      target: 'verify',
    });
  const kubeconfig = JSON.parse(text) as Kubeconfig;
  const server = kubeconfig.clusters?.[0]?.cluster?.server;
  if (!server)
    return failed({
      code: 'KubeconfigInvalid',
      message: 'The cluster kubeconfig names no API server.',
      retryable: false,
      target: 'verify',
    });
  const expected = nodeCount(input.spec);
  let answer;
  try {
    answer = await getJson(new URL('/api/v1/nodes', server), kubeconfig);
  } catch (error) {
    return running(`Waiting for the API server at ${server}: ${(error as Error).message}.`);
  }
  if (answer.status === 401 || answer.status === 403) {
    return failed({
      code: 'ApiServerRejectedCredentials',
      message: `The API server at ${server} refused the cluster's admin credentials (HTTP ${answer.status}).`,
      retryable: false,
      target: 'verify',
    });
  }
  if (answer.status !== 200) return running(`The API server at ${server} answered HTTP ${answer.status}; waiting.`);
  const nodes = (answer.body as NodeList).items ?? [];
  const ready = nodes.filter((node) =>
    node.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True'),
  ).length;
  if (ready < expected) return running(`${ready} of ${expected} nodes are Ready.`, (ready / expected) * 100);
  return succeeded({ readyNodes: ready }, `All ${ready} nodes are Ready.`);
});
