// Links the API hands out (Location, resource links, nextLink): from the configured public origin, or
// root-relative. Never from the request's Host header, which a client can forge.
import { settings } from '../config/settings';

/** A link to a path of this API, e.g. apiLink('/clusters/demo1'). */
export function apiLink(path: string): string {
  return `${settings().publicBaseUrl ?? ''}/api${path}`;
}

export function clusterLinks(name: string) {
  const self = apiLink(`/clusters/${name}`);
  return { self, kubeconfig: `${self}/kubeconfig`, artifacts: `${self}/artifacts`, logs: `${self}/logs`, operations: `${self}/operations` };
}
