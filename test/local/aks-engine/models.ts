// Apimodels for the simulator's tests: a valid cosmosEtcd cluster definition and a way to vary it.

export type Model = Record<string, any>;

/** A valid vlabs model like the provisioner writes: Kubernetes, cosmosEtcd, one AvailabilitySet pool. */
export function cosmosModel(dnsPrefix = 'aks-sg-test', options: { masters?: number; location?: string | null } = {}): Model {
  const model: Model = {
    apiVersion: 'vlabs',
    properties: {
      orchestratorProfile: { orchestratorType: 'Kubernetes' },
      masterProfile: { count: options.masters ?? 1, dnsPrefix, vmSize: 'Standard_D2_v2', cosmosEtcd: true },
      agentPoolProfiles: [{ name: 'agentpool1', count: 2, vmSize: 'Standard_D2_v2', availabilityProfile: 'AvailabilitySet' }],
      linuxProfile: {
        adminUsername: 'azureuser',
        ssh: { publicKeys: [{ keyData: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 test@host' }] },
      },
      servicePrincipalProfile: { clientId: '11111111-1111-1111-1111-111111111111', secret: 'not-a-real-secret' },
    },
  };
  if (options.location !== null) model.location = options.location ?? 'centralus';
  return model;
}

/** A deep copy changed by `edit`. */
export function variant(edit: (model: Model) => void, base: Model = cosmosModel()): Model {
  const copy = structuredClone(base);
  edit(copy);
  return copy;
}
