// Every knob of the simulator, read from the environment in one place (documented in README.md). The real
// aks-engine talks to the public cloud endpoints of --azure-env with an AAD token; the simulator talks to whatever
// endpoints these name, with a static bearer token, so it can run against a local ARM/Graph emulator.
import { readFileSync } from 'node:fs';

export interface SimulatorSettings {
  armEndpoint: string;
  /** Graph's base URL (standing for https://graph.microsoft.com); calls go to <graphEndpoint>/v1.0/... */
  graphEndpoint: string;
  /** PEM of extra CAs to trust for the ARM and Graph endpoints. */
  caPem?: string;
  accessToken: string;
  tenantId: string;
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

/** go-autorest's azure.EnvironmentFromName accepts these names case-insensitively. */
export function isKnownAzureEnvironment(name: string): boolean {
  return name.toUpperCase() in CLOUD_ENDPOINTS;
}

export function readSettings(azureEnvironment = 'AzurePublicCloud', env: NodeJS.ProcessEnv = process.env): SimulatorSettings {
  const cloud = CLOUD_ENDPOINTS[azureEnvironment.toUpperCase()] ?? CLOUD_ENDPOINTS.AZUREPUBLICCLOUD!;
  const caFile = env.AKS_ENGINE_CA_FILE;
  return {
    armEndpoint: (env.AKS_ENGINE_ARM_ENDPOINT || cloud.arm).replace(/\/+$/, ''),
    graphEndpoint: (env.AKS_ENGINE_GRAPH_ENDPOINT || cloud.graph).replace(/\/+$/, ''),
    caPem: caFile ? readFileSync(caFile, 'utf8') : undefined,
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
