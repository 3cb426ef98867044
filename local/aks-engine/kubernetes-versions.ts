// Kubernetes versions aks-engine v0.32.3 allows for new clusters (pkg/api/common/versions.go) and how it turns
// orchestratorRelease/orchestratorVersion into one version (RationalizeReleaseAndVersion).

export const SUPPORTED_KUBERNETES_VERSIONS = [
  '1.9.10',
  '1.9.11',
  '1.10.12',
  '1.10.13',
  '1.11.7',
  '1.11.8',
  '1.12.5',
  '1.12.6',
  '1.13.3',
  '1.13.4',
  '1.14.0-alpha.2',
  '1.14.0-beta.1',
];

export const DEFAULT_KUBERNETES_RELEASE = '1.11';

interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string;
}

export function parseSemVer(version: string): SemVer | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/.exec(version);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease: match[4] ?? '' };
}

/** semver ordering, pre-releases before their release. */
export function compareVersions(a: string, b: string): number {
  const x = parseSemVer(a);
  const y = parseSemVer(b);
  if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
  for (const key of ['major', 'minor', 'patch'] as const) if (x[key] !== y[key]) return x[key] - y[key];
  if (x.prerelease === y.prerelease) return 0;
  if (!x.prerelease) return 1;
  if (!y.prerelease) return -1;
  return x.prerelease < y.prerelease ? -1 : 1;
}

export function isVersionAtLeast(version: string, minimum: string): boolean {
  return compareVersions(version, minimum) >= 0;
}

/** GetLatestPatchVersion: the highest non-pre-release version of a "major.minor" release. */
function latestPatch(release: string): string {
  const candidates = SUPPORTED_KUBERNETES_VERSIONS.filter((version) => {
    const parsed = parseSemVer(version);
    return parsed && !parsed.prerelease && `${parsed.major}.${parsed.minor}` === release;
  });
  return candidates.sort(compareVersions).at(-1) ?? '';
}

/** RationalizeReleaseAndVersion for Kubernetes: "" when the combination is not supported. */
export function rationalizeKubernetesVersion(release = '', version = ''): string {
  const rel = release.replace(/^v/, '');
  const ver = version.replace(/^v/, '');
  if (!rel && !ver) return latestPatch(DEFAULT_KUBERNETES_RELEASE);
  if (!ver) return latestPatch(rel);
  if (!rel) return SUPPORTED_KUBERNETES_VERSIONS.includes(ver) ? ver : '';
  const parsed = parseSemVer(ver);
  return parsed && `${parsed.major}.${parsed.minor}` === rel && SUPPORTED_KUBERNETES_VERSIONS.includes(ver) ? ver : '';
}

/** The release ("1.11") of a version, as ConvertContainerServiceToVLabs writes it back. */
export function releaseOf(version: string): string {
  const parsed = parseSemVer(version);
  return parsed ? `${parsed.major}.${parsed.minor}` : '';
}

/** GetAllSupportedKubernetesVersions as Go prints a []string with %v. */
export function supportedVersionsForMessage(): string {
  return `[${[...SUPPORTED_KUBERNETES_VERSIONS].sort(compareVersions).join(' ')}]`;
}
