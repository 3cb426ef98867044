// GET /api/clusters/{name}/artifacts[/{file}]: aks-engine's files by name, size and kind, links to the public
// ones and to the etcd client files, and the etcdctl command that uses them.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { isAdmin } from '../../auth/caller';
import { settings, type Settings } from '../../config/settings';
import { artifactPaths, etcdEndpoint, type ClusterRecord } from '../../clusters/record';
import { ClusterArtifacts, isDownloadable } from '../../provisioning/artifacts';
import { existingFileLink, fileParam, linkExpiry, liveCluster } from '../download-links';
import { ApiError } from '../errors';
import { jsonResponse } from '../json';
import { apiLink } from '../links';
import type { Call } from '../route';

const etcdctlFiles = ['etcdclient.crt', 'etcdclient.key'];

function etcdctlCommand(record: ClusterRecord, config: Settings): string {
  const ca = config.etcdTrustClusterCa ? ' --cacert ca.crt' : '';
  const endpoint = etcdEndpoint(record.outputs);
  return `ETCDCTL_API=3 etcdctl --endpoints ${endpoint} --cert etcdclient.crt --key etcdclient.key${ca} get /registry --prefix`;
}

export async function listArtifacts(request: HttpRequest): Promise<HttpResponseInit> {
  const config = settings();
  const record = await liveCluster(request);
  const files = await (await ClusterArtifacts.open(config, record.name, record.generation)).list(artifactPaths.output);
  if (files.length === 0) {
    throw new ApiError(
      409,
      'ArtifactsNotReady',
      `Cluster '${record.name}' has no artifacts yet (state ${record.provisioningState}); ` +
        'aks-engine output is stored by the generate step.',
      'provisioningState',
    );
  }
  const base = apiLink(`/clusters/${record.name}/artifacts`);
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
      note:
        'Download each file from its link (the answer holds a short-lived URL), then run the command in that folder. ' +
        'The Cosmos DB etcd API refuses --keys-only.',
    },
  });
}

export async function getArtifact(request: HttpRequest, _context: InvocationContext, call: Call): Promise<HttpResponseInit> {
  const config = settings();
  const record = await liveCluster(request);
  const file = fileParam(request);
  call.audit.cluster = record.name;
  if (etcdctlFiles.includes(file) && !isAdmin(call.caller)) {
    // The Cosmos DB account trusts exactly this one client certificate: it cannot be minted per caller.
    throw new ApiError(
      403,
      'MissingRole',
      `The etcd client files give full access to the cluster's etcd; '${file}' needs the app role 'Clusters.Admin'.`,
      'file',
    );
  }
  if (!isDownloadable(file)) {
    const artifacts = await ClusterArtifacts.open(config, record.name, record.generation);
    if (await artifacts.exists(`${artifactPaths.output}${file}`)) {
      throw new ApiError(
        403,
        'ArtifactNotDownloadable',
        `'${file}' holds secrets that are never handed out; use the kubeconfig route or the etcd client files.`,
        'file',
      );
    }
  }
  const answer = await existingFileLink(
    request,
    config,
    record,
    artifactPaths.output,
    (name) => new ApiError(404, 'ArtifactNotFound', `Cluster '${record.name}' has no artifact '${name}'.`, 'file'),
    (name) => name,
  );
  call.audit.credential = { kind: 'artifact-link', file, expiresOn: linkExpiry(answer) };
  return answer;
}
