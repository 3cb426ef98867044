// Kubernetes versions as aks-engine v0.32.3 knows them (pkg/api/common/versions.go): every version it can deploy
// or upgrade, which of them new clusters may use (Linux, and Windows with its own list), the default release, how
// orchestratorRelease/orchestratorVersion become one version, and the upgrade paths (pkg/api/orchestrators.go)
// that `get-versions` and `upgrade` list.
import { compareSemver, parseSemver } from './semver';

/** AllKubernetesSupportedVersions: version -> whether new clusters may use it. */
export const KUBERNETES_VERSIONS: Readonly<Record<string, boolean>> = {
  '1.6.6': false,
  '1.6.9': true, // kept for the 2016-09-30 API
  '1.6.11': false,
  '1.6.12': false,
  '1.6.13': false,
  '1.7.0': false,
  '1.7.1': false,
  '1.7.2': false,
  '1.7.4': false,
  '1.7.5': false,
  '1.7.7': false,
  '1.7.9': false,
  '1.7.10': false,
  '1.7.12': false,
  '1.7.13': false,
  '1.7.14': false,
  '1.7.15': false,
  '1.7.16': false,
  '1.8.0': false,
  '1.8.1': false,
  '1.8.2': false,
  '1.8.4': false,
  '1.8.6': false,
  '1.8.7': false,
  '1.8.8': false,
  '1.8.9': false,
  '1.8.10': false,
  '1.8.11': false,
  '1.8.12': false,
  '1.8.13': false,
  '1.8.14': false,
  '1.8.15': false,
  '1.9.0': false,
  '1.9.1': false,
  '1.9.2': false,
  '1.9.3': false,
  '1.9.4': false,
  '1.9.5': false,
  '1.9.6': false,
  '1.9.7': false,
  '1.9.8': false,
  '1.9.9': false,
  '1.9.10': true,
  '1.9.11': true,
  '1.10.0-beta.2': false,
  '1.10.0-beta.4': false,
  '1.10.0-rc.1': false,
  '1.10.0': false,
  '1.10.1': false,
  '1.10.2': false,
  '1.10.3': false,
  '1.10.4': false,
  '1.10.5': false,
  '1.10.6': false,
  '1.10.7': false,
  '1.10.8': false,
  '1.10.9': false,
  '1.10.12': true,
  '1.10.13': true,
  '1.11.0-alpha.1': false,
  '1.11.0-alpha.2': false,
  '1.11.0-beta.1': false,
  '1.11.0-beta.2': false,
  '1.11.0-rc.1': false,
  '1.11.0-rc.2': false,
  '1.11.0-rc.3': false,
  '1.11.0': false,
  '1.11.1': false,
  '1.11.2': false,
  '1.11.3': false,
  '1.11.4': false,
  '1.11.5': false,
  '1.11.6': false,
  '1.11.7': true,
  '1.11.8': true,
  '1.12.0-alpha.1': false,
  '1.12.0-beta.0': false,
  '1.12.0-beta.1': false,
  '1.12.0-rc.1': false,
  '1.12.0-rc.2': false,
  '1.12.0': false,
  '1.12.1': false,
  '1.12.2': false,
  '1.12.4': false,
  '1.12.5': true,
  '1.12.6': true,
  '1.13.0-alpha.1': false,
  '1.13.0-alpha.2': false,
  '1.13.1': false,
  '1.13.2': false,
  '1.13.3': true,
  '1.13.4': true,
  '1.14.0-alpha.1': false,
  '1.14.0-alpha.2': true,
  '1.14.0-beta.1': true,
};

/** AllKubernetesWindowsSupportedVersions: the same list without the versions Windows never ran, and 1.8.12 allowed. */
export const KUBERNETES_WINDOWS_VERSIONS: Readonly<Record<string, boolean>> = (() => {
  const versions: Record<string, boolean> = { ...KUBERNETES_VERSIONS };
  for (const version of [
    '1.6.6',
    '1.6.9',
    '1.6.11',
    '1.6.12',
    '1.6.13',
    '1.7.0',
    '1.7.1',
    '1.8.13',
    '1.8.14',
    '1.8.15',
    '1.10.0-beta.2',
    '1.10.0-beta.4',
    '1.10.0-rc.1',
    '1.11.0-alpha.1',
    '1.11.0-alpha.2',
  ]) {
    delete versions[version];
  }
  versions['1.8.12'] = true; // the latest patch Windows supports in 1.8
  return versions;
})();

export const KUBERNETES_DEFAULT_RELEASE = '1.11';
export const KUBERNETES_DEFAULT_RELEASE_WINDOWS = '1.9';

/** IsKubernetesVersionGe: semver comparison where an unparsable version counts as 0.0.0. */
export function isKubernetesVersionGe(actual: string, version: string): boolean {
  return compareSemver(parseSemver(actual), parseSemver(version)) >= 0;
}

/** GetAllSupportedKubernetesVersions: ascending; with isUpdate every known version, else those new clusters may use. */
export function supportedKubernetesVersions(isUpdate: boolean, hasWindows: boolean): string[] {
  const table = hasWindows ? KUBERNETES_WINDOWS_VERSIONS : KUBERNETES_VERSIONS;
  return Object.entries(table)
    .filter(([, allowed]) => isUpdate || allowed)
    .map(([version]) => version)
    .sort((a, b) => compareSemver(parseSemver(a), parseSemver(b)));
}

/** GetLatestPatchVersion: the highest version of a "major.minor" release (pre-releases included), "" if none. */
export function latestPatchVersion(majorMinor: string, versions: string[]): string {
  let latest = '';
  for (const version of versions) {
    const parsed = parseSemver(version);
    if (!parsed.valid) return latest;
    if (`${parsed.major}.${parsed.minor}` !== majorMinor) continue;
    if (!latest || compareSemver(parsed, parseSemver(latest)) > 0) latest = version;
  }
  return latest;
}

export function defaultKubernetesVersion(hasWindows: boolean): string {
  return latestPatchVersion(
    hasWindows ? KUBERNETES_DEFAULT_RELEASE_WINDOWS : KUBERNETES_DEFAULT_RELEASE,
    supportedKubernetesVersions(false, hasWindows),
  );
}

/** RationalizeReleaseAndVersion for Kubernetes: the version a release/version pair names, "" when unsupported. */
export function rationalizeReleaseAndVersion(release: string, version: string, isUpdate: boolean, hasWindows: boolean): string {
  const rel = release.replace(/^v/, '');
  const ver = version.replace(/^v/, '');
  const supported = supportedKubernetesVersions(isUpdate, hasWindows);
  if (!rel && !ver) return defaultKubernetesVersion(hasWindows);
  if (!ver) return latestPatchVersion(rel, supported);
  if (!rel) return supported.includes(ver) ? ver : '';
  return (
    supported.find((candidate) => {
      const parsed = parseSemver(candidate);
      return `${parsed.major}.${parsed.minor}` === rel && candidate === ver;
    }) ?? ''
  );
}

/** GetValidPatchVersion: the version itself when supported, else the latest patch of its release. */
export function validPatchVersion(version: string, isUpdate: boolean, hasWindows: boolean): string {
  if (!version) return rationalizeReleaseAndVersion('', '', isUpdate, hasWindows);
  const exact = rationalizeReleaseAndVersion('', version, isUpdate, hasWindows);
  if (exact) return exact;
  const parsed = parseSemver(version);
  if (!parsed.valid) return '';
  return rationalizeReleaseAndVersion(`${parsed.major}.${parsed.minor}`, '', isUpdate, hasWindows);
}

/** GetVersionsGt / GetVersionsLt / GetVersionsBetween of versions.go. */
export function versionsBetween(versions: string[], min: string, max: string, inclusive: boolean, preReleases: boolean): string[] {
  const low = parseSemver(min);
  const high = parseSemver(max);
  const includePre = preReleases || low.prerelease.length > 0;
  return versions.filter((version) => {
    const parsed = parseSemver(version);
    if (!includePre && parsed.prerelease.length > 0) return false;
    const above = compareSemver(parsed, low);
    const below = compareSemver(parsed, high);
    return (inclusive ? above >= 0 : above > 0) && (inclusive ? below <= 0 : below < 0);
  });
}

/**
 * getKubernetesAvailableUpgradeVersions (pkg/api/orchestrators.go): the versions a cluster at `version` may be
 * upgraded to: later patches of its release and the next release, skipping to the next available release when one
 * is missing from the list.
 */
export function kubernetesUpgradeVersions(version: string, hasWindows = false): string[] {
  const current = parseSemver(version);
  if (!current.valid) throw new Error(`Invalid character(s) found in version ${JSON.stringify(version)}`);
  const supported = supportedKubernetesVersions(false, hasWindows);
  const later = supported.filter((candidate) => compareSemver(parseSemver(candidate), current) > 0);
  if (later.length === 0) return [];
  const min = later.map(parseSemver).sort(compareSemver)[0]!;
  const skip =
    current.major >= min.major && current.minor + 1 < min.minor
      ? `${min.major}.${min.minor + 1}.0-alpha.0`
      : `${current.major}.${current.minor + 2}.0-alpha.0`;
  return versionsBetween(supported, version, skip, false, true);
}

/** One entry of `get-versions -o json` (its `default` is left out when false; the upgrades' type is empty, as printed). */
export interface KubernetesVersionProfile {
  orchestratorType: 'Kubernetes';
  orchestratorVersion: string;
  default: boolean;
  upgrades: Array<{ orchestratorType: ''; orchestratorVersion: string }>;
}

/** kubernetesInfo: every version new clusters may use, with its upgrades (what `get-versions` prints). */
export function kubernetesVersionProfiles(hasWindows = false): KubernetesVersionProfile[] {
  const defaultVersion = defaultKubernetesVersion(hasWindows);
  return supportedKubernetesVersions(false, hasWindows).map((version) => ({
    orchestratorType: 'Kubernetes',
    orchestratorVersion: version,
    default: version === defaultVersion,
    upgrades: kubernetesUpgradeVersions(version, hasWindows).map((upgrade) => ({
      orchestratorType: '' as const,
      orchestratorVersion: upgrade,
    })),
  }));
}

/** Go prints a []string with %v as "[a b c]". */
export function goStringSlice(values: string[]): string {
  return `[${values.join(' ')}]`;
}
