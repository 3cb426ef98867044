// addDefaultFeatureGates (pkg/api/defaults.go): merges default feature gates into a component's --feature-gates,
// keys sorted, the user's values winning; the flag is written (possibly empty) even when nothing is added.
import { isKubernetesVersionGe } from '../kubernetes-versions';

export function addDefaultFeatureGates(flags: Record<string, string>, version: string, minVersion: string, defaults: string): void {
  const applies = !minVersion || isKubernetesVersionGe(version, minVersion);
  flags['--feature-gates'] = combineValues(flags['--feature-gates'] ?? '', applies ? defaults : '');
}

/** combineValues: "a=1,b=2" lists merged (later ones win), written back sorted by key. */
export function combineValues(...inputs: string[]): string {
  const values = new Map<string, string>();
  for (const input of inputs) {
    for (const part of input.split(',')) {
      const pieces = part.trim().split('=');
      if (pieces.length === 2) values.set(pieces[0]!, pieces[1]!);
    }
  }
  return [...values.keys()]
    .sort()
    .map((key) => `${key}=${values.get(key)}`)
    .join(',');
}
