// Every knob of the simulator, read from the environment in one place (documented in README.md). The real
// aks-engine talks to the public cloud endpoints of --azure-env with an AAD token; the simulator talks to whatever
// endpoints these name, with a static bearer token, so it can run against a local ARM/Graph emulator. With
// --azure-env AzureStackCloud it reads the endpoints from AZURE_ENVIRONMENT_FILEPATH, as the real tool does.
import { readFileSync } from 'node:fs';

export interface SimulatorSettings {
  armEndpoint: string;
  /** Graph's base URL (standing for https://graph.microsoft.com); calls go to <graphEndpoint>/v1.0/... */
  graphEndpoint: string;
  /** PEM of extra CAs to trust for the ARM and Graph endpoints. */
  caPem?: string;
  accessToken: string;
  tenantId: string;
  /** Where a service principal signs in (ADAL's {activeDirectoryEndpoint}{tenant}/oauth2/token); a static token when unset. */
  activeDirectoryEndpoint?: string;
  /** The resource ARM tokens are asked for (go-autorest's ServiceManagementEndpoint). */
  serviceManagementResource: string;
  /** Multiplies the simulated delays (0 by default: no delays). */
  delayScale: number;
  pkiKeyBits: number;
  sshKeyBits: number;
  /** LRO polling interval; undefined keeps the SDK's default (2 s, or the server's Retry-After). */
  pollIntervalMs?: number;
  maxRetries?: number;
  /** How long to retry a role assignment that fails with anything but 403 (aks-engine retries every second). */
  roleAssignmentRetryIntervalMs: number;
  armTimeoutMs: number;
}

/** The public cloud endpoints per --azure-env (go-autorest's environments), used when no override is set. */
const CLOUD_ENDPOINTS: Record<string, { arm: string; graph: string }> = {
  AZUREPUBLICCLOUD: { arm: 'https://management.azure.com/', graph: 'https://graph.microsoft.com' },
  AZURECHINACLOUD: { arm: 'https://management.chinacloudapi.cn/', graph: 'https://microsoftgraph.chinacloudapi.cn' },
  AZUREUSGOVERNMENTCLOUD: { arm: 'https://management.usgovcloudapi.net/', graph: 'https://graph.microsoft.us' },
  AZUREGERMANCLOUD: { arm: 'https://management.microsoftazure.de/', graph: 'https://graph.microsoft.de' },
};

const AZURE_STACK_CLOUD = 'AZURESTACKCLOUD';
/** go-autorest's EnvironmentFilepathName: the file AzureStackCloud's endpoints come from. */
export const ENVIRONMENT_FILEPATH_NAME = 'AZURE_ENVIRONMENT_FILEPATH';

/** go-autorest's azure.EnvironmentFromName accepts these names case-insensitively, and AzureStackCloud (from a file). */
export function isKnownAzureEnvironment(name: string): boolean {
  return name.toUpperCase() in CLOUD_ENDPOINTS || name.toUpperCase() === AZURE_STACK_CLOUD;
}

/** The parts of go-autorest's azure.Environment (its JSON names) the simulator uses. */
interface EnvironmentFile {
  resourceManagerEndpoint?: string;
  activeDirectoryEndpoint?: string;
  graphEndpoint?: string;
  serviceManagementEndpoint?: string;
}

/** azure.EnvironmentFromFile: the file AZURE_ENVIRONMENT_FILEPATH names, with Go's wording when it cannot be read. */
function readEnvironmentFile(file: string | undefined): EnvironmentFile {
  let text: string;
  try {
    text = readFileSync(file ?? '', 'utf8');
  } catch (error) {
    throw new Error(`open ${file ?? ''}: no such file or directory`, { cause: error });
  }
  try {
    return JSON.parse(text) as EnvironmentFile;
  } catch (error) {
    throw new Error(`invalid character in the environment file ${file}: ${(error as Error).message}`, { cause: error });
  }
}

export function readSettings(azureEnvironment = 'AzurePublicCloud', env: NodeJS.ProcessEnv = process.env): SimulatorSettings {
  const stack = azureEnvironment.toUpperCase() === AZURE_STACK_CLOUD ? readEnvironmentFile(env[ENVIRONMENT_FILEPATH_NAME]) : undefined;
  const cloud = CLOUD_ENDPOINTS[azureEnvironment.toUpperCase()] ?? CLOUD_ENDPOINTS.AZUREPUBLICCLOUD!;
  // Go trusts the CAs of SSL_CERT_FILE; AKS_ENGINE_CA_FILE is the simulator's own name for it.
  const caFile = env.AKS_ENGINE_CA_FILE || env.SSL_CERT_FILE;
  // A custom cloud's file names every endpoint, as the real tool reads them; a named cloud may be redirected.
  const arm = stack ? stack.resourceManagerEndpoint : env.AKS_ENGINE_ARM_ENDPOINT || cloud.arm;
  const graph = stack ? stack.graphEndpoint : env.AKS_ENGINE_GRAPH_ENDPOINT || cloud.graph;
  if (!arm || !graph) throw new Error(`${env[ENVIRONMENT_FILEPATH_NAME]}: resourceManagerEndpoint and graphEndpoint are required`);
  return {
    armEndpoint: arm.replace(/\/+$/, ''),
    graphEndpoint: graph.replace(/\/+$/, ''),
    caPem: caFile ? readFileSync(caFile, 'utf8') : undefined,
    activeDirectoryEndpoint: (stack ? stack.activeDirectoryEndpoint : env.AKS_ENGINE_ACTIVE_DIRECTORY_ENDPOINT) || undefined,
    serviceManagementResource: stack?.serviceManagementEndpoint || 'https://management.core.windows.net/',
    accessToken: env.AKS_ENGINE_ACCESS_TOKEN || 'aks-engine-simulator',
    tenantId: env.AKS_ENGINE_TENANT_ID || '72f988bf-86f1-41af-91ab-2d7cd011db47',
    delayScale: number(env.AKS_ENGINE_SIM_DELAY_SCALE, 0),
    pkiKeyBits: number(env.AKS_ENGINE_SIM_KEY_BITS, 2048),
    sshKeyBits: number(env.AKS_ENGINE_SIM_SSH_KEY_BITS, 2048),
    pollIntervalMs: env.AKS_ENGINE_ARM_POLL_INTERVAL_MS ? number(env.AKS_ENGINE_ARM_POLL_INTERVAL_MS, 2000) : undefined,
    maxRetries: env.AKS_ENGINE_ARM_MAX_RETRIES ? number(env.AKS_ENGINE_ARM_MAX_RETRIES, 3) : undefined,
    roleAssignmentRetryIntervalMs: number(env.AKS_ENGINE_ROLE_ASSIGNMENT_RETRY_MS, 1000),
    armTimeoutMs: number(env.AKS_ENGINE_ARM_TIMEOUT_SECONDS, 150 * 60) * 1000,
  };
}

function number(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`invalid number ${JSON.stringify(raw)} in the environment`);
  return value;
}
