// VM (and so node) names as aks-engine v0.32.3 templates give them.
import type { AvailabilityProfile } from './cluster-shape';

export function masterNodeName(clusterId: string, index: number): string {
  return `k8s-master-${clusterId}-${index}`;
}

/**
 * Availability-set VMs are numbered; scale-set instances take the computer-name prefix plus the
 * instance id in base 36, padded to 6 characters, as Azure names VMSS hosts.
 */
export function agentNodeName(pool: string, clusterId: string, index: number, profile: AvailabilityProfile = 'AvailabilitySet'): string {
  if (profile === 'VirtualMachineScaleSets') return `k8s-${pool}-${clusterId}-vmss${index.toString(36).padStart(6, '0')}`;
  return `k8s-${pool}-${clusterId}-${index}`;
}
