// GET /api/clusters/{name}/kubeconfig: a kubeconfig minted for this caller and this request (a fresh client
// certificate signed by the cluster CA, naming the caller, in the view or admin group), delivered as a
// short-lived, read-only link to one blob. aks-engine's own admin kubeconfig is break-glass: Clusters.Admin
// only, asked for explicitly, always audited.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { settings, type Settings } from '../../config/settings';
import { readOnlyLink } from '../../azure/blob-storage';
import { callerLabel, isAdmin } from '../../auth/caller';
import { artifactPaths, type ClusterRecord } from '../../clusters/record';
import { mintClientCertificate } from '../../credentials/client-certificate';
import { IssuedCredentials } from '../../credentials/issued-credentials';
import { ensureSweeperRunning } from '../../credentials/sweeper';
import { accessGroups, type Access } from '../../kubernetes/access-bindings';
import { clientKubeconfig, type Kubeconfig } from '../../kubernetes/kubeconfig';
import { ClusterArtifacts } from '../../provisioning/artifacts';
import { linkAnswer, linkExpiry, liveCluster } from '../download-links';
import { ApiError } from '../errors';
import { jsonResponse } from '../json';
import { integerQuery, requireOwner, type Call } from '../route';

const accessModes = ['view', 'admin', 'break-glass'] as const;
type AccessMode = (typeof accessModes)[number];

function accessQuery(request: HttpRequest): AccessMode {
  const value = request.query.get('access') ?? 'view';
  if (!accessModes.includes(value as AccessMode)) {
    throw new ApiError(400, 'InvalidQueryParameter', `Query parameter 'access' must be one of ${accessModes.join(', ')}.`, 'access');
  }
  return value as AccessMode;
}

function requireReady(record: ClusterRecord): void {
  if (record.provisioningState !== 'Succeeded') {
    throw new ApiError(
      409,
      'ClusterNotReady',
      `Cluster '${record.name}' is ${record.provisioningState}; its kubeconfig is available once it has Succeeded.`,
      'provisioningState',
    );
  }
}

async function readRequired(artifacts: ClusterArtifacts, relative: string): Promise<string> {
  const text = await artifacts.readText(relative);
  if (text === undefined)
    throw new ApiError(409, 'ClusterCredentialsMissing', `The cluster's ${relative} is not stored; retry the create operation.`);
  return text;
}

async function mint(request: HttpRequest, context: InvocationContext, call: Call, config: Settings, record: ClusterRecord, access: Access) {
  const minutes = integerQuery(request, 'expiresInMinutes', 5, config.maxKubeconfigMinutes) ?? config.kubeconfigMinutes;
  const artifacts = await ClusterArtifacts.open(config, record.name, record.generation);
  const [caCertificate, caKey, adminKubeconfig] = await Promise.all([
    readRequired(artifacts, `${artifactPaths.output}ca.crt`),
    readRequired(artifacts, `${artifactPaths.output}ca.key`),
    readRequired(artifacts, artifactPaths.kubeconfig),
  ]);
  const cluster = (JSON.parse(adminKubeconfig) as Kubeconfig).clusters?.[0]?.cluster;
  if (!cluster?.server || !cluster['certificate-authority-data'])
    throw new ApiError(409, 'ClusterCredentialsMissing', "The cluster's kubeconfig names no API server.");
  const user = callerLabel(call.caller);
  const group = accessGroups[access];
  const minted = mintClientCertificate({ certificatePem: caCertificate, privateKeyPem: caKey }, user, group, minutes);
  const kubeconfig = clientKubeconfig(
    record.name,
    cluster.server,
    cluster['certificate-authority-data'],
    `${record.name}-${access}`,
    minted.certificatePem,
    minted.privateKeyPem,
  );
  // The link lives no longer than the certificate; the blob goes when the link has expired.
  const linkExpiresOn = new Date(Math.min(Date.now() + config.linkMinutes * 60_000, minted.notAfter.getTime()));
  await ensureSweeperRunning(df.getClient(context), config.credentialSweepSeconds);
  const blob = await new IssuedCredentials(config).write(minted.serial, linkExpiresOn, JSON.stringify(kubeconfig, null, 2));
  const link = await readOnlyLink(
    config,
    blob,
    (linkExpiresOn.getTime() - Date.now()) / 60_000,
    `${record.name}-${access}-kubeconfig.json`,
  );
  call.audit.credential = { kind: 'kubeconfig', access, subject: user, serial: minted.serial, expiresOn: minted.notAfter.toISOString() };
  return jsonResponse(
    200,
    {
      url: link.url,
      expiresOn: link.expiresOn,
      access,
      certificate: {
        user,
        group,
        serial: minted.serial,
        notBefore: minted.notBefore.toISOString(),
        notAfter: minted.notAfter.toISOString(),
      },
    },
    { 'cache-control': 'no-store' },
  );
}

export async function getKubeconfig(request: HttpRequest, context: InvocationContext, call: Call): Promise<HttpResponseInit> {
  const config = settings();
  const access = accessQuery(request);
  const record = await liveCluster(request);
  call.audit.cluster = record.name;
  if (access === 'break-glass') {
    if (!isAdmin(call.caller)) {
      throw new ApiError(
        403,
        'MissingRole',
        "The break-glass kubeconfig (aks-engine's own cluster-admin certificate) needs the app role 'Clusters.Admin'.",
        'access',
      );
    }
    requireReady(record);
    const answer = await linkAnswer(request, config, record, artifactPaths.kubeconfig, `${record.name}-break-glass-kubeconfig.json`, {
      access,
      breakGlass: true,
      warning:
        "This is aks-engine's own admin kubeconfig: its client certificate is valid for 30 years and cannot be revoked. " +
        'This hand-out is recorded in the audit trail. Prefer ?access=admin, which mints a short-lived certificate for you.',
    });
    call.audit.credential = { kind: 'break-glass-kubeconfig', access, expiresOn: linkExpiry(answer) };
    return answer;
  }
  requireOwner(call.caller, record);
  requireReady(record);
  return mint(request, context, call, config, record, access);
}
