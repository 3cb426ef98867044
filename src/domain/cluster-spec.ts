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
