// Short-lived, read-only SAS links to single blobs: the only secrets the API ever returns, and only to the
// caller who asked. Shared by the kubeconfig, artifact and log routes.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { Settings } from '../config/settings';
import { readOnlyLink } from '../azure/blob-storage';
import type { ClusterRecord } from '../clusters/record';
import { ClusterArtifacts } from '../provisioning/artifacts';
import { ApiError, notFound } from './errors';
import { jsonResponse } from './json';
import { booleanQuery, findCluster, integerQuery } from './route';

/** Credentials of a deleted cluster are never handed out, even while retention keeps its blobs. */
export async function liveCluster(request: HttpRequest): Promise<ClusterRecord> {
  const { name, record } = await findCluster(request);
  if (record.provisioningState === 'Deleted') throw notFound(name);
  return record;
}

/** The {file} route parameter: a plain file name. */
export function fileParam(request: HttpRequest): string {
  const file = request.params.file ?? '';
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(file) || file.startsWith('.')) {
    throw new ApiError(400, 'InvalidFileName', `'${file.slice(0, 64)}' is not a file name.`, 'file');
  }
  return file;
}

/**
 * A link to one blob of the cluster's current generation: JSON with the URL and its expiry, or a 302 to it
 * with ?redirect=true. Never cached.
 */
export async function linkAnswer(
  request: HttpRequest,
  config: Settings,
  record: ClusterRecord,
  blobPath: string,
  downloadName: string,
  extra: Record<string, unknown> = {},
): Promise<HttpResponseInit> {
  const minutes = integerQuery(request, 'expiresInMinutes', 1, config.maxLinkMinutes) ?? config.linkMinutes;
  const artifacts = await ClusterArtifacts.open(config, record.name, record.generation);
  const link = await readOnlyLink(config, artifacts.blob(blobPath), minutes, downloadName);
  const headers = { 'cache-control': 'no-store' };
  if (booleanQuery(request, 'redirect')) return { status: 302, headers: { ...headers, location: link.url } };
  return jsonResponse(200, { ...extra, url: link.url, expiresOn: link.expiresOn }, headers);
}

/** A link to a file that must exist under a folder of the artifacts, or the given 404. */
export async function existingFileLink(
  request: HttpRequest,
  config: Settings,
  record: ClusterRecord,
  folder: string,
  missing: (file: string) => ApiError,
  downloadName: (file: string) => string,
): Promise<HttpResponseInit> {
  const file = fileParam(request);
  const artifacts = await ClusterArtifacts.open(config, record.name, record.generation);
  if (!(await artifacts.exists(`${folder}${file}`))) throw missing(file);
  return linkAnswer(request, config, record, `${folder}${file}`, downloadName(file), { name: file });
}

/** When the link in a link answer expires (the 302 form has it in its URL's "se" parameter). */
export function linkExpiry(answer: HttpResponseInit): string {
  const location = (answer.headers as Record<string, string> | undefined)?.location;
  const expiry = location
    ? new URL(location).searchParams.get('se')
    : (JSON.parse(String(answer.body)) as { expiresOn?: string }).expiresOn;
  return expiry ?? new Date().toISOString();
}
