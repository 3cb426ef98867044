// `aks-engine get-versions` (cmd/get_versions.go): the Kubernetes versions new clusters may use, each with the
// versions it can be upgraded to, or one version (any version v0.32.3 knows) with its upgrades; as text aligned by
// Go's tabwriter, newest first, or as the vlabs OrchestratorVersionProfileList in JSON.
import { CommandError } from './command-error';
import {
  defaultKubernetesVersion,
  kubernetesUpgradeVersions,
  kubernetesVersionProfiles,
  supportedKubernetesVersions,
} from './kubernetes-versions';

export interface GetVersionsOptions {
  version: string;
  windows: boolean;
  output: string;
}

/** vlabs.OrchestratorVersionProfile: upgrades carry only their version (orchestratorType ""), empty fields are left out. */
interface VlabsVersionProfile {
  orchestratorType: string;
  orchestratorVersion: string;
  default?: true;
  upgrades?: Array<{ orchestratorType: ''; orchestratorVersion: string }>;
}

/** api.GetOrchestratorVersionProfileListVLabs("Kubernetes", version, windows). */
export function versionProfiles(version: string, windows: boolean): VlabsVersionProfile[] {
  const profiles = version
    ? [{ version, isDefault: version === defaultKubernetesVersion(windows), upgrades: upgradesOf(version, windows) }]
    : kubernetesVersionProfiles(windows).map((p) => ({
        version: p.orchestratorVersion,
        isDefault: p.default,
        upgrades: p.upgrades.map((u) => u.orchestratorVersion),
      }));
  return profiles.map(({ version: v, isDefault, upgrades }) => ({
    orchestratorType: 'Kubernetes',
    orchestratorVersion: v,
    ...(isDefault ? { default: true as const } : {}),
    ...(upgrades.length > 0 ? { upgrades: upgrades.map((u) => ({ orchestratorType: '' as const, orchestratorVersion: u })) } : {}),
  }));
}

/** kubernetesInfo for one version: any version v0.32.3 knows (Linux list, even with --windows), else an error. */
function upgradesOf(version: string, windows: boolean): string[] {
  if (!supportedKubernetesVersions(true, false).includes(version)) throw new CommandError(`Kubernetes version ${version} is not supported`);
  return kubernetesUpgradeVersions(version, windows);
}

/** text/tabwriter (minwidth 0, tabwidth 4, padding 1, spaces) for rows of one tab-terminated cell and a trailing text. */
function tabwriter(rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([cell]) => cell.length)) + 1;
  return rows.map(([cell, rest]) => `${cell.padEnd(width)}${rest}\n`).join('');
}

export function getVersionsOutput(o: GetVersionsOptions): string {
  const profiles = versionProfiles(o.version, o.windows);
  switch (o.output) {
    case 'json':
      // helpers.JSONMarshalIndent ends with a newline and fmt.Println adds another.
      return `${JSON.stringify({ orchestrators: profiles }, null, 2)}\n\n`;
    case 'human':
      return tabwriter([
        ['Version', 'Upgrades'],
        ...[...profiles]
          .reverse()
          .map((p): [string, string] => [p.orchestratorVersion, (p.upgrades ?? []).map((u) => u.orchestratorVersion).join(', ')]),
      ]);
    default:
      throw new CommandError(`output format "${o.output}" is not supported`);
  }
}
