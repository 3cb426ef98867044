// Every app setting the product reads, with its type, default and validation: the one typed home of
// configuration. An invalid setting fails at start-up with a message naming it.
import path from 'node:path';

export interface Settings {
  /** Subscription in which clusters are created. */
  subscriptionId: string;
  /** Client id of the user-assigned managed identity the app runs as; unset means system-assigned. */
  managedIdentityClientId?: string;
  armEndpoint: string;
  /** Audience of ARM tokens; Azure's public cloud unless ARM lives elsewhere. */
  armAudience: string;
  graphEndpoint: string;
  graphAudience: string;
  /** Blob Storage for artifacts and cluster records: a connection string (account key) or an account URL (token). */
  storage: { connectionString: string } | { accountUrl: string };
  /** Path or name of the aks-engine v0.32.3 executable. */
  aksEnginePath: string;
  /** The cloud aks-engine scale and upgrade sign in to and call (--azure-env), by go-autorest's name. */
  aksEngineAzureEnv: string;
  /**
   * go-autorest environment file (endpoints of ARM, Entra ID, Graph, ...) given to aks-engine as AZURE_ENVIRONMENT_FILEPATH:
   * what --azure-env AzureStackCloud reads, for Azure Stack Hub and other custom clouds.
   */
  aksEngineEnvironmentFile?: string;
  /** Locations a cluster may be created in (the Cosmos DB etcd API preview exists only in centralus). */
  allowedLocations: string[];
  /** Default lifetime of credential download links, and the longest a caller may ask for. */
  linkMinutes: number;
  maxLinkMinutes: number;
  /** How often the deployment step polls ARM, in seconds (durable timers between polls). */
  deploymentPollSeconds: number;
  /** Retries of a step that failed with an error that can pass (throttling, 5xx, replication delay). */
  stepMaxAttempts: number;
  stepFirstRetrySeconds: number;
  stepMaxRetrySeconds: number;
  /** How long the verify step waits for the API server and Ready nodes. */
  verifyTimeoutMinutes: number;
  /** Days artifacts are kept after teardown; 0 deletes them with the cluster. */
  artifactRetentionDays: number;
  /** Add --cacert ca.crt to etcdctl commands, for etcd endpoints whose certificate the cluster CA signed. */
  etcdTrustClusterCa: boolean;
  /** How long an activity's lease on the cluster record lasts unless renewed (it is renewed every third of it). */
  activityLeaseSeconds: number;
  /** How long after creating a directory object a 404 for it may still be replication lag. */
  directoryReplicationSeconds: number;
  /** The API's public origin for absolute links (Location, nextLink, resource links); links are relative when unset. */
  publicBaseUrl?: string;
  /** Who may call: Microsoft Entra ID tokens of this tenant and issuer, for one of these audiences. */
  auth: { tenantId: string; issuer: string; audiences: string[]; clockSkewSeconds: number };
  /** Lifetime of minted kubeconfig certificates: the default and the longest a caller may ask for. */
  kubeconfigMinutes: number;
  maxKubeconfigMinutes: number;
  /** How often minted kubeconfigs whose links have expired are deleted. */
  credentialSweepSeconds: number;
  /** Whether a create asks Azure first (name, DNS label, quota, VM sizes, providers, permissions). */
  preflightChecks: boolean;
  /** What one caller may have at once, unless an admin set other limits for that caller. */
  quota: CallerQuota;
}

export interface CallerQuota {
  clusters: number;
  vms: number;
  vcpus: number;
}

export class SettingError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`App setting ${setting}: ${message}`);
  }
}

/** The names of every setting read here, for the infrastructure check that both lists match. */
export const settingNames = [
  'AZURE_SUBSCRIPTION_ID',
  'AZURE_CLIENT_ID',
  'ARM_ENDPOINT',
  'ARM_AUDIENCE',
  'GRAPH_ENDPOINT',
  'GRAPH_AUDIENCE',
  'ARTIFACTS_STORAGE_CONNECTION_STRING',
  'ARTIFACTS_STORAGE_ACCOUNT_URL',
  'AKS_ENGINE_PATH',
  'AKS_ENGINE_AZURE_ENV',
  'AKS_ENGINE_ENVIRONMENT_FILE',
  'ALLOWED_LOCATIONS',
  'CREDENTIAL_LINK_MINUTES',
  'CREDENTIAL_LINK_MAX_MINUTES',
  'DEPLOYMENT_POLL_SECONDS',
  'STEP_MAX_ATTEMPTS',
  'STEP_FIRST_RETRY_SECONDS',
  'STEP_MAX_RETRY_SECONDS',
  'VERIFY_TIMEOUT_MINUTES',
  'ARTIFACT_RETENTION_DAYS',
  'ETCD_TRUST_CLUSTER_CA',
  'ACTIVITY_LEASE_SECONDS',
  'DIRECTORY_REPLICATION_SECONDS',
  'PUBLIC_BASE_URL',
  'AUTH_TENANT_ID',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'AUTH_CLOCK_SKEW_SECONDS',
  'KUBECONFIG_DEFAULT_MINUTES',
  'KUBECONFIG_MAX_MINUTES',
  'CREDENTIAL_SWEEP_SECONDS',
  'PREFLIGHT_CHECKS',
  'QUOTA_MAX_CLUSTERS',
  'QUOTA_MAX_VMS',
  'QUOTA_MAX_VCPUS',
] as const;

type SettingName = (typeof settingNames)[number];
type Environment = Record<string, string | undefined>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function text(env: Environment, name: SettingName): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function required(env: Environment, name: SettingName): string {
  const value = text(env, name);
  if (value === undefined) throw new SettingError(name, 'is required');
  return value;
}

function uuid(name: SettingName, value: string): string {
  if (!uuidPattern.test(value)) throw new SettingError(name, `must be a GUID, got "${value}"`);
  return value.toLowerCase();
}

function httpsUrl(env: Environment, name: SettingName, fallback: string): string {
  const value = text(env, name) ?? fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SettingError(name, `must be an absolute URL, got "${value}"`);
  }
  // Bearer tokens must never travel in clear text, so control-plane endpoints are HTTPS only.
  if (url.protocol !== 'https:') throw new SettingError(name, `must be an https:// URL, got "${value}"`);
  return value.replace(/\/+$/, '');
}

function integer(env: Environment, name: SettingName, fallback: number, min: number, max: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new SettingError(name, `must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return number;
}

function boolean(env: Environment, name: SettingName, fallback: boolean): boolean {
  const value = text(env, name);
  if (value === undefined) return fallback;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new SettingError(name, `must be true or false, got "${value}"`);
}

function storage(env: Environment): Settings['storage'] {
  const connectionString = text(env, 'ARTIFACTS_STORAGE_CONNECTION_STRING');
  const accountUrl = text(env, 'ARTIFACTS_STORAGE_ACCOUNT_URL');
  if (connectionString && accountUrl) {
    throw new SettingError('ARTIFACTS_STORAGE_CONNECTION_STRING', 'and ARTIFACTS_STORAGE_ACCOUNT_URL are both set; set one');
  }
  if (connectionString) return { connectionString };
  if (!accountUrl) throw new SettingError('ARTIFACTS_STORAGE_ACCOUNT_URL', 'is required (or ARTIFACTS_STORAGE_CONNECTION_STRING)');
  try {
    new URL(accountUrl);
  } catch {
    throw new SettingError('ARTIFACTS_STORAGE_ACCOUNT_URL', `must be an absolute URL, got "${accountUrl}"`);
  }
  return { accountUrl: accountUrl.replace(/\/+$/, '') };
}

/** An http(s) origin, without path, query or trailing slash. */
function publicBaseUrl(env: Environment): string | undefined {
  const value = text(env, 'PUBLIC_BASE_URL');
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SettingError('PUBLIC_BASE_URL', 'must be an absolute URL such as https://provisioner.example.com');
  }
  if (!['https:', 'http:'].includes(url.protocol) || url.pathname.replace(/\/+$/, '') !== '' || url.search || url.hash) {
    throw new SettingError('PUBLIC_BASE_URL', 'must be an http(s) origin without a path, such as https://provisioner.example.com');
  }
  return url.origin;
}

function auth(env: Environment): Settings['auth'] {
  const tenantId = uuid('AUTH_TENANT_ID', required(env, 'AUTH_TENANT_ID'));
  const issuer = httpsUrl(env, 'AUTH_ISSUER', `https://login.microsoftonline.com/${tenantId}/v2.0`);
  const audiences = required(env, 'AUTH_AUDIENCE')
    .split(',')
    .map((audience) => audience.trim())
    .filter(Boolean);
  if (audiences.length === 0) throw new SettingError('AUTH_AUDIENCE', "must name the API's application id and/or its application ID URI");
  return { tenantId, issuer, audiences, clockSkewSeconds: integer(env, 'AUTH_CLOCK_SKEW_SECONDS', 60, 0, 300) };
}

/** The cloud names go-autorest's EnvironmentFromName knows (any case); AzureStackCloud reads its endpoints from a file. */
const azureEnvironments = ['AzurePublicCloud', 'AzureChinaCloud', 'AzureUSGovernmentCloud', 'AzureGermanCloud', 'AzureStackCloud'];

function aksEngineCloud(env: Environment): Pick<Settings, 'aksEngineAzureEnv' | 'aksEngineEnvironmentFile'> {
  const value = text(env, 'AKS_ENGINE_AZURE_ENV') ?? 'AzurePublicCloud';
  const name = azureEnvironments.find((known) => known.toLowerCase() === value.toLowerCase());
  if (!name) throw new SettingError('AKS_ENGINE_AZURE_ENV', `must be one of ${azureEnvironments.join(', ')}, got "${value}"`);
  const file = text(env, 'AKS_ENGINE_ENVIRONMENT_FILE');
  if (file !== undefined && !path.isAbsolute(file)) {
    throw new SettingError('AKS_ENGINE_ENVIRONMENT_FILE', `must be an absolute path, got "${file}"`);
  }
  // aks-engine reads the file only for AzureStackCloud and fails without it; any other cloud has built-in endpoints.
  if (name === 'AzureStackCloud' && file === undefined) {
    throw new SettingError('AKS_ENGINE_ENVIRONMENT_FILE', 'is required when AKS_ENGINE_AZURE_ENV is AzureStackCloud');
  }
  if (name !== 'AzureStackCloud' && file !== undefined) {
    throw new SettingError('AKS_ENGINE_ENVIRONMENT_FILE', `is read only with AKS_ENGINE_AZURE_ENV AzureStackCloud, not ${name}`);
  }
  return { aksEngineAzureEnv: name, aksEngineEnvironmentFile: file };
}

export function readSettings(env: Environment = process.env): Settings {
  const clientId = text(env, 'AZURE_CLIENT_ID');
  const linkMinutes = integer(env, 'CREDENTIAL_LINK_MINUTES', 15, 1, 1440);
  const maxLinkMinutes = integer(env, 'CREDENTIAL_LINK_MAX_MINUTES', 60, 1, 1440);
  if (linkMinutes > maxLinkMinutes) {
    throw new SettingError('CREDENTIAL_LINK_MINUTES', `(${linkMinutes}) must not exceed CREDENTIAL_LINK_MAX_MINUTES (${maxLinkMinutes})`);
  }
  const kubeconfigMinutes = integer(env, 'KUBECONFIG_DEFAULT_MINUTES', 60, 5, 1440);
  const maxKubeconfigMinutes = integer(env, 'KUBECONFIG_MAX_MINUTES', 480, 5, 1440);
  if (kubeconfigMinutes > maxKubeconfigMinutes) {
    throw new SettingError(
      'KUBECONFIG_DEFAULT_MINUTES',
      `(${kubeconfigMinutes}) must not exceed KUBECONFIG_MAX_MINUTES (${maxKubeconfigMinutes})`,
    );
  }
  const firstRetry = integer(env, 'STEP_FIRST_RETRY_SECONDS', 5, 0, 3600);
  const maxRetry = integer(env, 'STEP_MAX_RETRY_SECONDS', 120, 0, 86400);
  if (firstRetry > maxRetry)
    throw new SettingError('STEP_FIRST_RETRY_SECONDS', `(${firstRetry}) must not exceed STEP_MAX_RETRY_SECONDS (${maxRetry})`);
  const locations = (text(env, 'ALLOWED_LOCATIONS') ?? 'centralus')
    .split(',')
    .map((location) => location.trim().toLowerCase())
    .filter(Boolean);
  if (locations.length === 0 || locations.some((location) => !/^[a-z0-9]+$/.test(location))) {
    throw new SettingError('ALLOWED_LOCATIONS', 'must be a comma-separated list of Azure region names such as "centralus"');
  }
  return {
    subscriptionId: uuid('AZURE_SUBSCRIPTION_ID', required(env, 'AZURE_SUBSCRIPTION_ID')),
    managedIdentityClientId: clientId === undefined ? undefined : uuid('AZURE_CLIENT_ID', clientId),
    armEndpoint: httpsUrl(env, 'ARM_ENDPOINT', 'https://management.azure.com'),
    armAudience: httpsUrl(env, 'ARM_AUDIENCE', 'https://management.azure.com'),
    graphEndpoint: httpsUrl(env, 'GRAPH_ENDPOINT', 'https://graph.microsoft.com'),
    graphAudience: httpsUrl(env, 'GRAPH_AUDIENCE', 'https://graph.microsoft.com'),
    storage: storage(env),
    aksEnginePath: text(env, 'AKS_ENGINE_PATH') ?? 'aks-engine',
    ...aksEngineCloud(env),
    allowedLocations: locations,
    linkMinutes,
    maxLinkMinutes,
    deploymentPollSeconds: integer(env, 'DEPLOYMENT_POLL_SECONDS', 15, 1, 600),
    stepMaxAttempts: integer(env, 'STEP_MAX_ATTEMPTS', 6, 1, 50),
    stepFirstRetrySeconds: firstRetry,
    stepMaxRetrySeconds: maxRetry,
    verifyTimeoutMinutes: integer(env, 'VERIFY_TIMEOUT_MINUTES', 20, 1, 240),
    artifactRetentionDays: integer(env, 'ARTIFACT_RETENTION_DAYS', 0, 0, 3650),
    etcdTrustClusterCa: boolean(env, 'ETCD_TRUST_CLUSTER_CA', false),
    activityLeaseSeconds: integer(env, 'ACTIVITY_LEASE_SECONDS', 60, 3, 3600),
    directoryReplicationSeconds: integer(env, 'DIRECTORY_REPLICATION_SECONDS', 300, 0, 3600),
    publicBaseUrl: publicBaseUrl(env),
    auth: auth(env),
    kubeconfigMinutes,
    maxKubeconfigMinutes,
    credentialSweepSeconds: integer(env, 'CREDENTIAL_SWEEP_SECONDS', 300, 1, 3600),
    preflightChecks: boolean(env, 'PREFLIGHT_CHECKS', true),
    quota: {
      clusters: integer(env, 'QUOTA_MAX_CLUSTERS', 10, 0, 10_000),
      vms: integer(env, 'QUOTA_MAX_VMS', 50, 0, 100_000),
      vcpus: integer(env, 'QUOTA_MAX_VCPUS', 200, 0, 1_000_000),
    },
  };
}

let cached: Settings | undefined;

/** The settings of this process, read and validated once. */
export function settings(): Settings {
  cached ??= readSettings();
  return cached;
}
