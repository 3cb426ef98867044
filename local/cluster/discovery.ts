// Discovery documents: how kubectl and client-go learn which groups, resources and verbs exist before they ask.
import { apiVersionOf, resourceTypes, servedGroupVersions, subresources } from './resources';

/** Legacy discovery: kubectl also asks for aggregated discovery, and falls back when the answer is plain JSON. */
export function apiVersions(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(name: string) {
  const versions = servedGroupVersions()
    .filter((groupVersion) => groupVersion.group === name)
    .map(({ version }) => ({ groupVersion: `${name}/${version}`, version }));
  return versions.length ? { name, versions, preferredVersion: versions[0]! } : undefined;
}

/** The named groups (policy for evictions, rbac for roles and bindings, ...), without the core group. */
export function apiGroupList() {
  const names = [...new Set(servedGroupVersions().map((groupVersion) => groupVersion.group))].filter(Boolean);
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: names.map((name) => apiGroup(name)!) };
}

export function apiGroupDocument(name: string) {
  const group = apiGroup(name);
  return group ? { kind: 'APIGroup', apiVersion: 'v1', ...group } : undefined;
}

/** The resources of one group version, each with its subresources (pods/eviction names the policy version it speaks). */
export function apiResourceList(group: string, version: string) {
  const types = resourceTypes.filter((type) => type.group === group && type.version === version);
  if (!types.length) return undefined;
  const resources = types
    .flatMap((type) => [
      {
        name: type.name,
        singularName: type.singularName,
        namespaced: type.namespaced,
        kind: type.kind,
        verbs: type.verbs,
        ...(type.shortNames ? { shortNames: type.shortNames } : {}),
        ...(type.categories ? { categories: type.categories } : {}),
      },
      ...(subresources[type.name] ?? []).map((subresource) => ({
        name: `${type.name}/${subresource.name}`,
        singularName: '',
        namespaced: type.namespaced,
        ...(subresource.group !== undefined ? { group: subresource.group, version: subresource.version } : {}),
        kind: subresource.kind,
        verbs: subresource.verbs,
      })),
    ])
    .sort((a, b) => a.name.localeCompare(b.name));
  const groupVersion = apiVersionOf(types[0]!);
  return group
    ? { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources }
    : { kind: 'APIResourceList', groupVersion, resources };
}

/** The /version document of the Kubernetes release the cluster runs; the stand-in is no build of it, hence no commit. */
export function versionInfo(kubernetesVersion: string) {
  const [major = '1', minor = '0'] = kubernetesVersion.split('.');
  return {
    major,
    minor,
    gitVersion: `v${kubernetesVersion}`,
    gitCommit: '',
    gitTreeState: 'clean',
    buildDate: '',
    // Kubernetes 1.11 and 1.12 were built with Go 1.10; later 2019 releases with Go 1.11.
    goVersion: Number(minor) <= 12 ? 'go1.10.8' : 'go1.11.5',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
