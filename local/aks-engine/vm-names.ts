// VM names of aks-engine clusters (pkg/armhelpers/utils): k8s-<pool>-<8 hex cluster id>-<index> for Linux VMs of
// availability sets, <prefix>-<pool>-<cluster id>-vmss for scale sets, and the name a pool's VM at an index gets.

const LINUX_VM_NAME = /^[0-9a-zA-Z]{3}-(.+)-([0-9a-fA-F]{8})-{0,2}([0-9]+)$/;
const VMSS_NAME = /^[0-9a-zA-Z]+-(.+)-([0-9a-fA-F]{8})-vmss$/;

/** utils.K8sLinuxVMNameParts: pool identifier, cluster id (name suffix) and index, or the error aks-engine returns. */
export function k8sLinuxVmNameParts(vmName: string): { poolIdentifier: string; nameSuffix: string; index: number } {
  const match = LINUX_VM_NAME.exec(vmName);
  if (!match) throw new Error('resource name was missing from identifier');
  return { poolIdentifier: match[1]!, nameSuffix: match[2]!, index: Number(match[3]) };
}

/** utils.VmssNameParts */
export function vmssNameParts(name: string): { poolIdentifier: string; nameSuffix: string } | undefined {
  const match = VMSS_NAME.exec(name);
  return match ? { poolIdentifier: match[1]!, nameSuffix: match[2]! } : undefined;
}

/** utils.ResourceName: the last segment of a resource id. */
export function resourceName(id: string): string {
  const name = id.split('/').at(-1) ?? '';
  if (!name) throw new Error('resource name was missing from identifier');
  return name;
}

/** utils.GetK8sVMName for a Linux pool: p.GetAgentVMPrefix(pool) + index, i.e. k8s-<pool>-<cluster id>-<index>. */
export function k8sAgentVmName(poolName: string, clusterId: string, index: number): string {
  return `k8s-${poolName}-${clusterId}-${index}`;
}
