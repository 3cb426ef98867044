// What a cluster is asked to be: the fields of the aks-engine vlabs apimodel users know, with the defaults of
// the Cosmos DB etcd walkthrough. Two requests ask for the same cluster exactly when their canonical forms match.

export type AvailabilityProfile = 'AvailabilitySet' | 'VirtualMachineScaleSets';

export interface AgentPoolSpec {
  name: string;
  count: number;
  vmSize: string;
  availabilityProfile: AvailabilityProfile;
}

export interface ClusterSpec {
  name: string;
  location: string;
  /** aks-engine's apimodel name for the Kubernetes version, e.g. 1.11.8. */
  orchestratorProfile: { orchestratorVersion: string };
  masterProfile: { count: 1 | 3 | 5; vmSize: string };
  agentPoolProfiles: AgentPoolSpec[];
  linuxProfile: { adminUsername: string; sshPublicKey: string };
  tags: Record<string, string>;
}

/** Lowercase letter first, then letters, digits and hyphens, ending in a letter or digit: 3-41 characters, so
 * that "<name>k8s" is a valid, globally unique Cosmos DB account name (3-44) and a valid aks-engine dnsPrefix. */
export const clusterNamePattern = /^[a-z][a-z0-9-]{1,39}[a-z0-9]$/;

export const defaultSpec = {
  location: 'centralus',
  /** What aks-engine v0.32.3 deploys when the apimodel names no version. */
  orchestratorVersion: '1.11.8',
  masterProfile: { count: 1, vmSize: 'Standard_D2_v3' },
  agentPool: { name: 'agent', count: 1, vmSize: 'Standard_D2_v3', availabilityProfile: 'AvailabilitySet' },
  adminUsername: 'azureuser',
} as const;

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, sortKeys(record[key])]),
    );
  }
  return value;
}

/** A stable text of a spec: two requests ask for the same cluster exactly when these are equal. */
export function canonicalSpec(spec: ClusterSpec): string {
  return JSON.stringify(sortKeys(spec));
}

/** How many VMs a spec asks for: masters and every agent. */
export function nodeCount(spec: ClusterSpec): number {
  return spec.masterProfile.count + spec.agentPoolProfiles.reduce((sum, pool) => sum + pool.count, 0);
}

/** How many vCPUs a spec asks for. */
export function vcpuCount(spec: ClusterSpec, vcpusOf: (vmSize: string) => number): number {
  return (
    spec.masterProfile.count * vcpusOf(spec.masterProfile.vmSize) +
    spec.agentPoolProfiles.reduce((sum, pool) => sum + pool.count * vcpusOf(pool.vmSize), 0)
  );
}

/** A change a day-2 operation makes: agent pool counts (scale) or the Kubernetes version (upgrade). */
export interface ClusterChange {
  agentPools?: Array<{ name: string; count: number }>;
  orchestratorVersion?: string;
}

/** The spec once a change is made. */
export function applyChange(spec: ClusterSpec, change: ClusterChange): ClusterSpec {
  return {
    ...spec,
    orchestratorProfile: { orchestratorVersion: change.orchestratorVersion ?? spec.orchestratorProfile.orchestratorVersion },
    agentPoolProfiles: spec.agentPoolProfiles.map((pool) => ({
      ...pool,
      count: change.agentPools?.find((entry) => entry.name === pool.name)?.count ?? pool.count,
    })),
  };
}
