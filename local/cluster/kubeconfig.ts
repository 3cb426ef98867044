// aks-engine's kubeconfig names the cluster's public FQDN; the stand-in listens on loopback instead.
import { readdirSync } from 'node:fs';
import path from 'node:path';

export interface Kubeconfig {
  apiVersion?: string;
  kind?: string;
  clusters: Array<{ name: string; cluster: { server: string; [field: string]: unknown } }>;
  [field: string]: unknown;
}

/** A copy of the kubeconfig whose clusters all point at the given server; credentials stay as they are. */
export function pointKubeconfigAt(kubeconfig: Kubeconfig | string, serverUrl: string): Kubeconfig {
  const parsed: Kubeconfig = typeof kubeconfig === 'string' ? JSON.parse(kubeconfig) : structuredClone(kubeconfig);
  if (!Array.isArray(parsed.clusters)) throw new Error('kubeconfig has no clusters');
  for (const entry of parsed.clusters) entry.cluster.server = serverUrl;
  return parsed;
}

/** aks-engine's 4-space indented JSON. */
export function formatKubeconfig(kubeconfig: Kubeconfig): string {
  return `${JSON.stringify(kubeconfig, null, 4)}\n`;
}

/** The kubeconfig aks-engine wrote for the location (kubeconfig/kubeconfig.<location>.json), if any. */
export function generatedKubeconfigPath(outputDir: string, location: string): string | undefined {
  const dir = path.join(outputDir, 'kubeconfig');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const name = `kubeconfig.${location}.json`;
  return names.includes(name) ? path.join(dir, name) : undefined;
}

export function generatedKubeconfigNames(outputDir: string): string[] {
  try {
    return readdirSync(path.join(outputDir, 'kubeconfig'));
  } catch {
    return [];
  }
}
