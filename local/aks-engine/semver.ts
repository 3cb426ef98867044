// blang/semver as aks-engine uses it: semver.Make parses "major.minor.patch[-pre][+build]" strictly (an error
// leaves the zero version, which aks-engine then compares anyway), and comparison follows semver 2.0.0.

export interface Semver {
  valid: boolean;
  major: number;
  minor: number;
  patch: number;
  prerelease: Array<string | number>;
}

const PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export function parseSemver(text: string): Semver {
  const match = PATTERN.exec(text);
  if (!match) return { valid: false, major: 0, minor: 0, patch: 0, prerelease: [] };
  const prerelease = match[4] ? match[4].split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)) : [];
  // semver.Make refuses numeric pre-release identifiers with leading zeros.
  if (match[4]?.split('.').some((part) => /^0\d+$/.test(part))) return { valid: false, major: 0, minor: 0, patch: 0, prerelease: [] };
  return { valid: true, major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease };
}

export function compareSemver(a: Semver, b: Semver): number {
  for (const key of ['major', 'minor', 'patch'] as const) if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  if (a.prerelease.length === 0 && b.prerelease.length === 0) return 0;
  if (a.prerelease.length === 0) return 1;
  if (b.prerelease.length === 0) return -1;
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    if (i >= a.prerelease.length) return -1;
    if (i >= b.prerelease.length) return 1;
    const x = a.prerelease[i]!;
    const y = b.prerelease[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

export function semverString(version: Semver): string {
  return `${version.major}.${version.minor}.${version.patch}${version.prerelease.length ? `-${version.prerelease.join('.')}` : ''}`;
}
