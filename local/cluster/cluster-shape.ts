// The facts about a cluster that decide what the stand-in serves: node names, versions, sizes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type AvailabilityProfile = 'AvailabilitySet' | 'VirtualMachineScaleSets';

export interface AgentPoolShape {
  name: string;
  count: number;
  vmSize?: string;
  availabilityProfile?: AvailabilityProfile;
}

export interface ClusterShape {
  dnsPrefix: string;
  location: string;
  /** Without the leading "v", e.g. 1.11.8. */
  kubernetesVersion: string;
  /** aks-engine's 8-digit name suffix, part of every VM name. */
  clusterId: string;
  masters: { count: number; vmSize?: string };
  agentPools: AgentPoolShape[];
}

/** aks-engine v0.32.3 defaults to release 1.11, i.e. 1.11.8, when the apimodel names no version. */
export const defaultKubernetesVersion = '1.11.8';
/** While the Cosmos DB etcd API preview lasted, centralus was its only region. */
export const defaultLocation = 'centralus';

/** What aks-engine's expanded apimodel.json and parameters file tell about the cluster; every field may be missing. */
export interface GeneratedModelFacts {
  dnsPrefix?: string;
  location?: string;
  kubernetesVersion?: string;
  clusterId?: string;
  masterVmSize?: string;
  agentPools: Map<string, { vmSize?: string; availabilityProfile?: AvailabilityProfile }>;
}

export function readGeneratedModelFacts(outputDir: string): GeneratedModelFacts {
  const facts: GeneratedModelFacts = { agentPools: new Map() };
  const model = readJson(path.join(outputDir, 'apimodel.json'));
  const properties = asRecord(model?.properties);
  const orchestrator = asRecord(properties?.orchestratorProfile);
  const master = asRecord(properties?.masterProfile);
  facts.location = nonEmptyString(model?.location);
  facts.kubernetesVersion = nonEmptyString(orchestrator?.orchestratorVersion);
  facts.dnsPrefix = nonEmptyString(master?.dnsPrefix);
  facts.masterVmSize = nonEmptyString(master?.vmSize);
  for (const pool of Array.isArray(properties?.agentPoolProfiles) ? properties.agentPoolProfiles : []) {
    const record = asRecord(pool);
    const name = nonEmptyString(record?.name);
    if (!name) continue;
    const profile = nonEmptyString(record?.availabilityProfile);
    facts.agentPools.set(name, {
      vmSize: nonEmptyString(record?.vmSize),
      availabilityProfile: profile === 'VirtualMachineScaleSets' || profile === 'AvailabilitySet' ? profile : undefined,
    });
  }
  // aks-engine v0.32.3 writes the cluster id as the default of the template's nameSuffix parameter (its
  // parameters file leaves it out); a parameters file that names it wins, as it does in ARM.
  const parameters = asRecord(readJson(path.join(outputDir, 'azuredeploy.parameters.json'))?.parameters);
  const declared = asRecord(asRecord(readJson(path.join(outputDir, 'azuredeploy.json'))?.parameters)?.nameSuffix);
  facts.clusterId = nonEmptyString(asRecord(parameters?.nameSuffix)?.value) ?? nonEmptyString(declared?.defaultValue);
  return facts;
}

/**
 * aks-engine derives the id from the dnsPrefix with Go's math/rand; when its parameters file does not
 * say, an id that is stable for the dnsPrefix (though not aks-engine's exact value) keeps names predictable.
 */
export function fallbackClusterId(dnsPrefix: string): string {
  const digest = createHash('sha256').update(dnsPrefix).digest();
  return String(digest.readUInt32BE(0) % 100_000_000).padStart(8, '0');
}

/** The location of the one kubeconfig aks-engine wrote, or centralus when it wrote one per Azure location. */
export function locationFromKubeconfigNames(fileNames: string[]): string | undefined {
  const locations = fileNames
    .map((name) => /^kubeconfig\.(.+)\.json$/.exec(name)?.[1])
    .filter((location): location is string => Boolean(location));
  if (locations.length === 1) return locations[0];
  if (locations.includes(defaultLocation)) return defaultLocation;
  return locations.sort()[0];
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return asRecord(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
