// Renders the aks-engine vlabs apimodel for a cluster: the Cosmos DB etcd walkthrough's model, with the
// cluster's own service principal. The result holds a secret and is only ever written to a private temp dir.
import type { ClusterSpec } from '../domain/cluster-spec';

export interface ServicePrincipalSecret {
  appId: string;
  secret: string;
}

export function renderApiModel(spec: ClusterSpec, servicePrincipal: ServicePrincipalSecret): Record<string, unknown> {
  return {
    apiVersion: 'vlabs',
    location: spec.location,
    properties: {
      orchestratorProfile: { orchestratorType: 'Kubernetes', orchestratorVersion: spec.orchestratorProfile.orchestratorVersion },
      masterProfile: { count: spec.masterProfile.count, dnsPrefix: spec.name, vmSize: spec.masterProfile.vmSize, cosmosEtcd: true },
      agentPoolProfiles: spec.agentPoolProfiles.map((pool) => ({
        name: pool.name,
        count: pool.count,
        vmSize: pool.vmSize,
        availabilityProfile: pool.availabilityProfile,
      })),
      linuxProfile: { adminUsername: spec.linuxProfile.adminUsername, ssh: { publicKeys: [{ keyData: spec.linuxProfile.sshPublicKey }] } },
      servicePrincipalProfile: { clientId: servicePrincipal.appId, secret: servicePrincipal.secret },
    },
  };
}
