// GET /api/clusters/{name}/kubeconfig and /artifacts[/{file}]: short-lived, read-only SAS links to single
// blobs. The links are the only secrets the API ever returns, and only to the caller who asked.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { settings, type Settings } from '../../config/settings';
import { readOnlyLink, type ReadLink } from '../../azure/blob-storage';
import { artifactPaths, type ClusterRecord } from '../../clusters/record';
import { ClusterArtifacts, isDownloadable } from '../../provisioning/artifacts';
import { ApiError, notFound } from '../errors';
import { baseUrl, booleanQuery, findCluster, integerQuery } from '../handler';
import { jsonResponse } from '../json';

const etcdctlFiles = ['etcdclient.crt', 'etcdclient.key'];

/** Credentials of a deleted cluster are never handed out, even while retention keeps its blobs. */
async function requireRecord(request: HttpRequest): Promise<ClusterRecord> {
  const { name, record } = await findCluster(request);
  if (record.provisioningState === 'Deleted') throw notFound(name);
  return record;
}

function linkMinutes(request: HttpRequest, config: Settings): number {
  return integerQuery(request, 'expiresInMinutes', 1, config.maxLinkMinutes) ?? config.linkMinutes;
}

/** A link answer: JSON, or a 302 to the link with ?redirect=true. Never cached. */
function linkResponse(request: HttpRequest, link: ReadLink, extra: Record<string, unknown> = {}): HttpResponseInit {
  const headers = { 'cache-control': 'no-store' };
  if (booleanQuery(request, 'redirect')) return { status: 302, headers: { ...headers, location: link.url } };
  return jsonResponse(200, { ...extra, url: link.url, expiresOn: link.expiresOn }, headers);
}

export async function getKubeconfig(request: HttpRequest): Promise<HttpResponseInit> {
  const config = settings();
  const record = await requireRecord(request);
  if (record.provisioningState !== 'Succeeded') {
    throw new ApiError(
      409,
      'ClusterNotReady',
      `Cluster '${record.name}' is ${record.provisioningState}; its kubeconfig is available once it has Succeeded.`,
      'provisioningState',
    );
  }
  const artifacts = await ClusterArtifacts.open(config, record.name, record.generation);
  const link = await readOnlyLink(
    config,
    artifacts.blob(artifactPaths.kubeconfig),
    linkMinutes(request, config),
    `${record.name}-kubeconfig.json`,
  );
  return linkResponse(request, link);
}

function etcdctlCommand(record: ClusterRecord, config: Settings): string {
  const endpoint = record.outputs.etcdEndpoint ?? `https://${record.outputs.cosmosAccountName}.etcd.cosmosdb.azure.com:2379`;
  const ca = config.etcdTrustClusterCa ? ' --cacert ca.crt' : '';
  return `ETCDCTL_API=3 etcdctl --endpoints ${endpoint} --cert etcdclient.crt --key etcdclient.key${ca} get /registry --prefix`;
}

export async function listArtifacts(request: HttpRequest): Promise<HttpResponseInit> {
  const config = settings();
  const record = await requireRecord(request);
  const artifacts = await ClusterArtifacts.open(config, record.name, record.generation);
  const files = await artifacts.list(artifactPaths.output);
  if (files.length === 0) {
    throw new ApiError(
      409,
      'ArtifactsNotReady',
      `Cluster '${record.name}' has no artifacts yet (state ${record.provisioningState}); aks-engine output is stored by the generate step.`,
      'provisioningState',
    );
  }
  const base = `${baseUrl(request)}/api/clusters/${record.name}/artifacts`;
  const needed = config.etcdTrustClusterCa ? [...etcdctlFiles, 'ca.crt'] : etcdctlFiles;
  return jsonResponse(200, {
    value: files.map((file) => ({
      name: file.name,
      size: file.size,
      kind: file.kind,
      downloadable: isDownloadable(file.name),
      link: isDownloadable(file.name) ? `${base}/${encodeURIComponent(file.name)}` : null,
    })),
    etcdctl: {
      endpoint: record.outputs.etcdEndpoint ?? null,
      files: needed.map((name) => ({ name, link: `${base}/${name}` })),
      command: etcdctlCommand(record, config),
      note: 'Download each file from its link (the answer holds a short-lived URL), then run the command in that folder. The Cosmos DB etcd API refuses --keys-only.',
    },
  });
}

function fileParam(request: HttpRequest): string {
  const file = request.params.file ?? '';
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(file) || file.startsWith('.'))
    throw new ApiError(400, 'InvalidFileName', `'${file.slice(0, 64)}' is not a file name.`, 'file');
  return file;
}

export async function getArtifact(request: HttpRequest): Promise<HttpResponseInit> {
  const config = settings();
  const record = await requireRecord(request);
  const file = fileParam(request);
  const artifacts = await ClusterArtifacts.open(config, record.name, record.generation);
  const relative = `${artifactPaths.output}${file}`;
  if (!(await artifacts.exists(relative)))
    throw new ApiError(404, 'ArtifactNotFound', `Cluster '${record.name}' has no artifact '${file}'.`, 'file');
  if (!isDownloadable(file)) {
    throw new ApiError(
      403,
      'ArtifactNotDownloadable',
      `'${file}' holds secrets that are never handed out; use the kubeconfig route or the etcd client files.`,
      'file',
    );
  }
  const link = await readOnlyLink(config, artifacts.blob(relative), linkMinutes(request, config), file);
  return linkResponse(request, link, { name: file });
}

/** GET /api/clusters/{name}/logs: what aks-engine printed and why a deployment failed. Logs hold no secrets. */
export async function listLogs(request: HttpRequest): Promise<HttpResponseInit> {
  const record = await requireRecord(request);
  const artifacts = await ClusterArtifacts.open(settings(), record.name, record.generation);
  const base = `${baseUrl(request)}/api/clusters/${record.name}/logs`;
  const files = await artifacts.list(artifactPaths.logs);
  return jsonResponse(200, {
    value: files.map((file) => ({ name: file.name, size: file.size, link: `${base}/${encodeURIComponent(file.name)}` })),
  });
}

export async function getLog(request: HttpRequest): Promise<HttpResponseInit> {
  const config = settings();
  const record = await requireRecord(request);
  const file = fileParam(request);
  const artifacts = await ClusterArtifacts.open(config, record.name, record.generation);
  const relative = `${artifactPaths.logs}${file}`;
  if (!(await artifacts.exists(relative))) throw new ApiError(404, 'LogNotFound', `Cluster '${record.name}' has no log '${file}'.`, 'file');
  const link = await readOnlyLink(config, artifacts.blob(relative), linkMinutes(request, config), `${record.name}-${file}`);
  return linkResponse(request, link, { name: file });
}
