// The default model (`--show-default-model`, deploy without --api-model) and the names aks-engine derives from the
// dnsPrefix for a Cosmos DB etcd (the account `<dnsPrefix>k8s` and its etcd endpoint).
import type { ContainerService, Properties } from './types';

export { clusterId, isCosmosEtcd } from '../defaults/properties';

export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';
export const INTERNAL_LB_IP_OFFSET = 10;
export const ETCD_CLIENT_PORT = 2379;

/** LoadDefaultContainerServiceProperties: Kubernetes, 3 masters Standard_DS2_v2, pool "agent" x3, azureuser. */
export function defaultModel(): ContainerService {
  return {
    apiVersion: 'vlabs',
    properties: {
      orchestratorProfile: { orchestratorType: 'kubernetes' },
      masterProfile: { count: 3, vmSize: 'Standard_DS2_v2', osDiskSizeGB: 200 },
      agentPoolProfiles: [{ name: 'agent', count: 3, vmSize: 'Standard_DS2_v2', osDiskSizeGB: 200 }],
      linuxProfile: { adminUsername: 'azureuser', ssh: { publicKeys: null } },
    },
  } as ContainerService;
}

/** The Cosmos DB account (`<dnsPrefix>k8s`, case kept) and its etcd endpoint host. */
export function cosmosAccountName(dnsPrefix: string): string {
  return `${dnsPrefix}k8s`;
}
export function cosmosEtcdHost(dnsPrefix: string): string {
  return `${cosmosAccountName(dnsPrefix)}.etcd.cosmosdb.azure.com`;
}

export function dnsPrefixOf(p: Properties): string {
  return p.masterProfile?.dnsPrefix ?? '';
}
