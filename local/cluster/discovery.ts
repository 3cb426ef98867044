// Discovery documents: how kubectl learns which resources exist before it asks for them.
import { resourceTypes } from './resources';

/** Legacy discovery: kubectl also asks for aggregated discovery, and falls back when the answer is plain JSON. */
export function apiVersions(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

/** No API groups: the stand-in serves core/v1 only, and listing a group it cannot serve would make discovery fail. */
export function apiGroupList() {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: [] };
}

export function coreV1Resources() {
  return {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: resourceTypes.map((type) => ({
      name: type.name,
      singularName: type.singularName,
      namespaced: type.namespaced,
      kind: type.kind,
      // Read-only: the stand-in answers what a freshly provisioned cluster holds.
      verbs: ['get', 'list'],
      ...(type.shortNames ? { shortNames: type.shortNames } : {}),
      ...(type.categories ? { categories: type.categories } : {}),
    })),
  };
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
