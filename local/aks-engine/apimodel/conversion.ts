// ConvertVLabsContainerService and ConvertContainerServiceToVLabs (pkg/api/convertertoapi.go, converterfromapi.go):
// what changes on the way into the unversioned model aks-engine applies defaults to (the default network plugin,
// the resolved version, location normalised, empty collections made non-nil) and what is lost or derived on the way
// back out to apimodel.json (orchestratorRelease, the master's IP count and HTTP source prefix).
import { rationalizeReleaseAndVersion } from '../kubernetes-versions';
import { parseSemver } from '../semver';
import type { AgentPoolProfile, ContainerService, KubernetesConfig, Properties } from './types';
import { hasWindows } from './validate';

const clone = <T>(value: T): T => (value === undefined ? value : (structuredClone(value) as T));

/** helpers.NormalizeAzureRegion */
export function normalizeAzureRegion(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

export function toUnversioned(vlabs: ContainerService): ContainerService {
  const cs = clone(vlabs);
  if (cs.location !== undefined) cs.location = normalizeAzureRegion(cs.location);
  const p = cs.properties!;
  convertOrchestratorProfile(p, vlabs.properties!);
  if (p.masterProfile) {
    const m = p.masterProfile;
    m.storageProfile ||= 'ManagedDisks';
    m.extensions = m.extensions ?? [];
    if (m.kubernetesConfig) m.kubernetesConfig = convertKubernetesConfig(m.kubernetesConfig);
  }
  p.agentPoolProfiles = ((p.agentPoolProfiles ?? []) as AgentPoolProfile[]).map((pool) => {
    pool.ports ??= [];
    pool.diskSizesGB ??= [];
    pool.customNodeLabels ??= {};
    pool.extensions ??= [];
    if (pool.kubernetesConfig) pool.kubernetesConfig = convertKubernetesConfig(pool.kubernetesConfig);
    return pool;
  });
  if (p.linuxProfile) p.linuxProfile.secrets ??= [];
  p.extensionProfiles ??= [];
  if (p.windowsProfile) p.windowsProfile.secrets ??= [];
  return cs;
}

function convertOrchestratorProfile(p: Properties, vlabs: Properties): void {
  const o = p.orchestratorProfile!;
  if (o.orchestratorType !== 'Kubernetes') return;
  const given = vlabs.orchestratorProfile!.kubernetesConfig;
  const k = given ? convertKubernetesConfig(o.kubernetesConfig!) : {};
  // setVlabsKubernetesDefaults: the legacy "networkPolicy: azure|none" spellings, then Azure CNI by default.
  if (given) {
    if (!given.networkPlugin && given.networkPolicy === 'azure') {
      k.networkPlugin = 'azure';
      k.networkPolicy = '';
    } else if (given.networkPolicy === 'none') {
      k.networkPlugin = 'kubenet';
      k.networkPolicy = '';
    }
  }
  if (!k.networkPlugin) k.networkPlugin = 'azure';
  o.kubernetesConfig = k;
  o.orchestratorVersion = rationalizeReleaseAndVersion(o.orchestratorRelease ?? '', o.orchestratorVersion ?? '', false, hasWindows(p));
  delete o.orchestratorRelease;
}

/** convertVLabsKubernetesConfig: every component map and the addon list become non-nil; dockerEngineVersion is dropped. */
function convertKubernetesConfig(k: KubernetesConfig): KubernetesConfig {
  const out: KubernetesConfig = { ...k };
  delete out.dockerEngineVersion;
  out.addons = (k.addons ?? []).map((addon) => ({ ...addon, config: { ...(addon.config ?? {}) } }));
  out.kubeletConfig = { ...(k.kubeletConfig ?? {}) };
  out.controllerManagerConfig = { ...(k.controllerManagerConfig ?? {}) };
  out.cloudControllerManagerConfig = { ...(k.cloudControllerManagerConfig ?? {}) };
  out.apiServerConfig = { ...(k.apiServerConfig ?? {}) };
  out.schedulerConfig = { ...(k.schedulerConfig ?? {}) };
  out.podSecurityPolicyConfig = { ...(k.podSecurityPolicyConfig ?? {}) };
  return out;
}

/** ConvertContainerServiceToVLabs: what apimodel.json is written from. */
export function toVlabs(cs: ContainerService): ContainerService {
  const out = clone(cs);
  const o = out.properties?.orchestratorProfile;
  if (o?.orchestratorVersion) {
    const version = parseSemver(o.orchestratorVersion);
    o.orchestratorRelease = `${version.major}.${version.minor}`;
  }
  const m = out.properties?.masterProfile;
  if (m) {
    delete m.ipAddressCount;
    delete m.HTTPSourceAddressPrefix;
    m.oauthEnabled = false;
  }
  for (const pool of (out.properties?.agentPoolProfiles ?? []) as AgentPoolProfile[]) delete pool.ipAddressCount;
  return out;
}
