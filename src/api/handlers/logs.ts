// GET /api/clusters/{name}/logs[/{file}]: what aks-engine printed and why a deployment failed. Logs hold no secrets.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { settings } from '../../config/settings';
import { artifactPaths } from '../../clusters/record';
import { ClusterArtifacts } from '../../provisioning/artifacts';
import { existingFileLink, liveCluster } from '../download-links';
import { ApiError } from '../errors';
import { jsonResponse } from '../json';
import { apiLink } from '../links';

export async function listLogs(request: HttpRequest): Promise<HttpResponseInit> {
  const record = await liveCluster(request);
  const artifacts = await ClusterArtifacts.open(settings(), record.name, record.generation);
  const base = apiLink(`/clusters/${record.name}/logs`);
  const files = await artifacts.list(artifactPaths.logs);
  return jsonResponse(200, {
    value: files.map((file) => ({ name: file.name, size: file.size, link: `${base}/${encodeURIComponent(file.name)}` })),
  });
}

export async function getLog(request: HttpRequest): Promise<HttpResponseInit> {
  const record = await liveCluster(request);
  return existingFileLink(
    request,
    settings(),
    record,
    artifactPaths.logs,
    (file) => new ApiError(404, 'LogNotFound', `Cluster '${record.name}' has no log '${file}'.`, 'file'),
    (file) => `${record.name}-${file}`,
  );
}
