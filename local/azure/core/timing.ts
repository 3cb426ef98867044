// How long things take. Tests use the "zero" profile (everything completes at the next request); demos use
// "azure", scaled down with a factor, so that the app's polling and progress reporting can be watched.

export type LatencyProfileName = 'zero' | 'azure';

export interface Timing {
  /** Added before every ARM/Graph answer. */
  requestLatencyMs: number;
  /** From register to Registered. */
  providerRegistrationMs: number;
  /** From DELETE to the group being gone. */
  resourceGroupDeleteMs: number;
  /** How long a new deployment stays Accepted before it runs. */
  deploymentAcceptedMs: number;
  /** Duration of one resource of a deployment, unless resourceDurationsMs names its type. */
  deploymentResourceMs: number;
  /** Per resource type (case-insensitive), e.g. {"Microsoft.Compute/virtualMachines": 60000}. */
  resourceDurationsMs: Record<string, number>;
  /** Duration of a Compute/Network delete (VM, disk, NIC, scale set instances), unless resourceDeleteDurationsMs names its type. */
  resourceDeleteMs: number;
  /** Per resource type (case-insensitive), e.g. {"Microsoft.Compute/virtualMachines": 60000}. */
  resourceDeleteDurationsMs: Record<string, number>;
  /** How long a new Entra object stays invisible to "other replicas". */
  replicationDelayMs: number;
  /** Retry-After (seconds) on poll responses of running operations; 0 leaves the header out. */
  pollRetryAfterSeconds: number;
}

const profiles: Record<LatencyProfileName, Timing> = {
  zero: {
    requestLatencyMs: 0,
    providerRegistrationMs: 0,
    resourceGroupDeleteMs: 0,
    deploymentAcceptedMs: 0,
    deploymentResourceMs: 0,
    resourceDurationsMs: {},
    resourceDeleteMs: 0,
    resourceDeleteDurationsMs: {},
    replicationDelayMs: 0,
    pollRetryAfterSeconds: 0,
  },
  // Rough orders of magnitude seen on Azure; a scale of 0.05-0.1 makes a cluster "deploy" in about a minute.
  azure: {
    requestLatencyMs: 60,
    providerRegistrationMs: 30_000,
    resourceGroupDeleteMs: 60_000,
    deploymentAcceptedMs: 3_000,
    deploymentResourceMs: 5_000,
    resourceDurationsMs: {
      'microsoft.documentdb/databaseaccounts': 300_000,
      'microsoft.compute/virtualmachines': 90_000,
      'microsoft.compute/virtualmachines/extensions': 240_000,
      'microsoft.compute/virtualmachinescalesets': 150_000,
      'microsoft.storage/storageaccounts': 20_000,
      'microsoft.network/virtualnetworks': 8_000,
      'microsoft.network/loadbalancers': 6_000,
    },
    resourceDeleteMs: 10_000,
    resourceDeleteDurationsMs: {
      'microsoft.compute/virtualmachines': 60_000,
      'microsoft.compute/virtualmachinescalesets': 90_000,
      'microsoft.compute/virtualmachinescalesets/virtualmachines': 60_000,
      'microsoft.compute/disks': 10_000,
      'microsoft.network/networkinterfaces': 5_000,
    },
    replicationDelayMs: 8_000,
    pollRetryAfterSeconds: 15,
  },
};

export interface TimingSettings {
  profile?: LatencyProfileName;
  /** Multiplies every duration of the profile (not explicit overrides). */
  scale?: number;
  overrides?: Partial<Timing>;
}

export function isLatencyProfile(value: unknown): value is LatencyProfileName {
  return value === 'zero' || value === 'azure';
}

export function resolveTiming(settings: TimingSettings = {}): Timing {
  const base = profiles[settings.profile ?? 'zero'];
  const scale = settings.scale ?? 1;
  if (!(scale >= 0) || !Number.isFinite(scale))
    throw new Error(`timing scale must be a non-negative number, got ${String(settings.scale)}`);
  const scaled: Timing = {
    requestLatencyMs: Math.round(base.requestLatencyMs * scale),
    providerRegistrationMs: Math.round(base.providerRegistrationMs * scale),
    resourceGroupDeleteMs: Math.round(base.resourceGroupDeleteMs * scale),
    deploymentAcceptedMs: Math.round(base.deploymentAcceptedMs * scale),
    deploymentResourceMs: Math.round(base.deploymentResourceMs * scale),
    resourceDurationsMs: scaleAll(base.resourceDurationsMs, scale),
    resourceDeleteMs: Math.round(base.resourceDeleteMs * scale),
    resourceDeleteDurationsMs: scaleAll(base.resourceDeleteDurationsMs, scale),
    replicationDelayMs: Math.round(base.replicationDelayMs * scale),
    pollRetryAfterSeconds: base.pollRetryAfterSeconds === 0 ? 0 : Math.max(1, Math.round(base.pollRetryAfterSeconds * scale)),
  };
  const overrides = settings.overrides ?? {};
  const resourceDurationsMs = { ...scaled.resourceDurationsMs };
  for (const [type, ms] of Object.entries(overrides.resourceDurationsMs ?? {})) resourceDurationsMs[type.toLowerCase()] = ms;
  const resourceDeleteDurationsMs = { ...scaled.resourceDeleteDurationsMs };
  for (const [type, ms] of Object.entries(overrides.resourceDeleteDurationsMs ?? {})) resourceDeleteDurationsMs[type.toLowerCase()] = ms;
  return { ...scaled, ...overrides, resourceDurationsMs, resourceDeleteDurationsMs };
}

function scaleAll(durations: Record<string, number>, scale: number): Record<string, number> {
  return Object.fromEntries(Object.entries(durations).map(([type, ms]) => [type, Math.round(ms * scale)]));
}

export function resourceDuration(timing: Timing, type: string): number {
  return timing.resourceDurationsMs[type.toLowerCase()] ?? timing.deploymentResourceMs;
}

export function deleteDuration(timing: Timing, type: string): number {
  return timing.resourceDeleteDurationsMs[type.toLowerCase()] ?? timing.resourceDeleteMs;
}
