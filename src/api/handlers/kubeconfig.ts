// GET /api/clusters/{name}/kubeconfig: a short-lived, read-only link to the cluster's kubeconfig.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { settings } from '../../config/settings';
import { artifactPaths } from '../../clusters/record';
import { linkAnswer, liveCluster } from '../download-links';
import { ApiError } from '../errors';

export async function getKubeconfig(request: HttpRequest): Promise<HttpResponseInit> {
  const record = await liveCluster(request);
  if (record.provisioningState !== 'Succeeded') {
    throw new ApiError(
      409,
      'ClusterNotReady',
      `Cluster '${record.name}' is ${record.provisioningState}; its kubeconfig is available once it has Succeeded.`,
      'provisioningState',
    );
  }
  return linkAnswer(request, settings(), record, artifactPaths.kubeconfig, `${record.name}-kubeconfig.json`);
}
