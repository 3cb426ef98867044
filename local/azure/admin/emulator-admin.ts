// Test and demo controls: inspect the whole state and call counts, reset, set timing, inject faults,
// replication delays and deployment outputs, and what the preflight checks find (names taken, quotas, VM sizes,
// permissions). Used in-process (startAzureEmulator().admin) and over HTTP.
import { setPermissions } from '../arm/authorization';
import { normalizeLocation } from '../arm/locations';
import { takeCosmosAccountName, takeDnsLabel } from '../arm/name-availability';
import { setProviderState } from '../arm/providers';
import { skuAvailability } from '../compute/resource-skus';
import { setComputeQuota, usages, type Usage } from '../compute/usages';
import { vmSize } from '../compute/vm-size-catalog';
import { toResourceGroup } from '../arm/resource-groups';
import { normalizeOutputs, statusOf } from '../arm/deployments';
import type { DeploymentFaultInput, DeploymentFaultRule } from '../core/deployment-faults';
import type { EmulatorCore, ReplicationSettings, RequestLogEntry } from '../core/emulator-core';
import type { RequestFaultInput, RequestFaultRule } from '../core/request-faults';
import type {
  ArmResource,
  AsyncOperationRecord,
  CapacitySettings,
  PermissionRecord,
  ProviderRecord,
  QuotaSetting,
  RegistrationState,
  ResourceOperationRecord,
  RoleAssignmentRecord,
  ScaleSetRecord,
  SkuRestriction,
} from '../core/state';
import { isLatencyProfile, type LatencyProfileName, type Timing } from '../core/timing';
import { verifyClientSecret, type ClientSecretCheck } from '../graph/client-secrets';
import { applicationView, servicePrincipalView } from '../graph/object-views';

export type { ClientSecretCheck } from '../graph/client-secrets';

export interface TimingInput {
  profile?: LatencyProfileName;
  scale?: number;
  overrides?: Partial<Timing>;
}

export interface ProviderStateInput {
  subscriptionId: string;
  namespace: string;
  registrationState: RegistrationState;
}

export interface DeploymentOutputsInput {
  resourceGroup: string;
  /** name → value, or name → {type, value}. */
  outputs: Record<string, unknown>;
}

export interface ComputeQuotaInput {
  /** The family's (or "cores"') quota; default 100 per family, 350 in all. */
  limit?: number;
  /** vCPUs counted as used besides the emulator's VMs. */
  used?: number;
}

/** One permission as Microsoft.Authorization/permissions lists it; absent lists are empty. */
export interface PermissionInput {
  actions?: string[];
  notActions?: string[];
  dataActions?: string[];
  notDataActions?: string[];
}

export interface AdminDeploymentView {
  id: string;
  name: string;
  resourceGroup: string;
  provisioningState: string;
  mode: string;
  /** When it was submitted, and when its last resource is scheduled to finish by the emulator's timing (ms since the epoch). */
  createdAt: number;
  endAt: number;
  outputs: Record<string, { type: string; value: unknown }> | null;
  error: unknown;
  /** existed: the resource was there before this deployment (an update, not a creation). */
  resources: Array<{ id: string; type: string; applied: boolean; failed: boolean; existed: boolean }>;
}

/** What GET /_admin/state (and admin.state()) returns. */
export interface AdminState {
  providers: ProviderRecord[];
  /** As ARM returns them. */
  resourceGroups: Array<Record<string, unknown>>;
  deployments: AdminDeploymentView[];
  /** Deployed resources, as GET by id returns them. */
  resources: ArmResource[];
  roleAssignments: RoleAssignmentRecord[];
  /** As Graph returns them (password credentials without secrets). */
  applications: Array<Record<string, unknown>>;
  servicePrincipals: Array<Record<string, unknown>>;
  deletedItems: Array<{ kind: string; id: unknown; appId: unknown; displayName: unknown }>;
  asyncOperations: AsyncOperationRecord[];
  /** Compute and Network long-running operations (VM, disk, NIC, scale set deletes and updates). */
  resourceOperations: ResourceOperationRecord[];
  /** Scale set instances by scale set id (lower case). */
  scaleSets: Record<string, ScaleSetRecord>;
  /** Names taken, quotas, VM size restrictions and removals, permissions: what the preflight checks find. */
  capacity: CapacitySettings;
  calls: Record<string, number>;
  faultsInjected: Record<string, number>;
  faults: { requests: RequestFaultRule[]; deployments: DeploymentFaultRule[] };
  timing: { profile: LatencyProfileName; scale: number; effective: Timing };
  replication: { delayMs: number; misses: number };
}

const registrationStates: RegistrationState[] = ['NotRegistered', 'Registering', 'Registered', 'Unregistering'];

export class EmulatorAdmin {
  constructor(private readonly core: EmulatorCore) {}

  /** Everything the emulator holds, after applying what time has changed. */
  state(): AdminState {
    const core = this.core;
    core.advance();
    const now = core.now();
    const s = core.state;
    return {
      providers: Object.values(s.providers),
      resourceGroups: Object.values(s.resourceGroups).map(toResourceGroup),
      deployments: Object.values(s.deployments).map((deployment) => ({
        id: deployment.id,
        name: deployment.name,
        resourceGroup: deployment.resourceGroupName,
        provisioningState: statusOf(deployment, now),
        mode: deployment.mode,
        createdAt: deployment.createdAt,
        endAt: deployment.endAt,
        outputs: deployment.outputs ?? null,
        error: deployment.error ?? null,
        resources: deployment.steps.map((step) => ({
          id: step.resourceId,
          type: step.type,
          applied: step.applied,
          failed: Boolean(step.failure),
          existed: step.existed,
        })),
      })),
      resources: Object.values(s.resources).map((entry) => entry.resource),
      roleAssignments: Object.values(s.roleAssignments),
      applications: Object.values(s.applications).map((record) => applicationView(record.object, '', false)),
      servicePrincipals: Object.values(s.servicePrincipals).map((record) => servicePrincipalView(record.object, '', false)),
      deletedItems: Object.values(s.deletedItems).map((item) => ({
        kind: item.kind,
        id: item.object.id,
        appId: item.object.appId,
        displayName: item.object.displayName,
      })),
      asyncOperations: Object.values(s.asyncOperations),
      resourceOperations: Object.values(s.resourceOperations),
      scaleSets: s.scaleSets,
      capacity: s.capacity,
      calls: { ...s.calls },
      faultsInjected: { ...s.faultsInjected },
      faults: this.faults(),
      timing: this.timing(),
      replication: this.replication(),
    };
  }

  calls(): { calls: Record<string, number>; faultsInjected: Record<string, number> } {
    return { calls: { ...this.core.state.calls }, faultsInjected: { ...this.core.state.faultsInjected } };
  }

  /** Every counted ARM and Graph request with its answer's status (0 when the connection was dropped), oldest first. */
  requests(): RequestLogEntry[] {
    return this.core.requestLog.map((entry) => ({ ...entry }));
  }

  /** The client secrets Graph has issued; in-process only, never served over HTTP nor persisted. */
  issuedSecrets(): string[] {
    return [...this.core.issuedSecrets];
  }

  reset(): void {
    this.core.reset();
  }

  timing(): { profile: LatencyProfileName; scale: number; effective: Timing } {
    return { profile: this.core.timingSettings.profile ?? 'zero', scale: this.core.timingSettings.scale ?? 1, effective: this.core.timing };
  }

  setTiming(input: TimingInput): Timing {
    if (input.profile !== undefined && !isLatencyProfile(input.profile))
      throw new Error(`profile must be "zero" or "azure", got ${String(input.profile)}`);
    return this.core.setTiming({
      profile: input.profile ?? this.core.timingSettings.profile,
      scale: input.scale ?? this.core.timingSettings.scale,
      overrides: input.overrides,
    });
  }

  /** Registers a managed identity's service principal (it has no application object), already replicated. */
  addManagedIdentity(input: { objectId: string; clientId: string; displayName: string }): void {
    this.core.state.servicePrincipals[input.objectId.toLowerCase()] = {
      object: {
        id: input.objectId,
        deletedDateTime: null,
        accountEnabled: true,
        appId: input.clientId,
        displayName: input.displayName,
        servicePrincipalNames: [input.clientId],
        servicePrincipalType: 'ManagedIdentity',
        tags: [],
        keyCredentials: [],
        passwordCredentials: [],
      },
      replication: { visibleAt: 0, missesLeft: 0 },
    };
    this.core.changed();
  }

  /**
   * What Entra's token endpoint would conclude from a client id and secret, from the Graph side: an application
   * with that appId and a current password with that secret, and its service principal (the token's oid).
   */
  verifyClientSecret(clientId: string, secret: string): ClientSecretCheck {
    return verifyClientSecret(this.core, clientId, secret);
  }

  addFault(input: RequestFaultInput): RequestFaultRule {
    return this.core.requestFaults.add(input);
  }

  addDeploymentFault(input: DeploymentFaultInput): DeploymentFaultRule {
    return this.core.deploymentFaults.add(input);
  }

  faults(): { requests: RequestFaultRule[]; deployments: DeploymentFaultRule[] } {
    return { requests: this.core.requestFaults.list(), deployments: this.core.deploymentFaults.list() };
  }

  clearFaults(): void {
    this.core.requestFaults.clear();
    this.core.deploymentFaults.clear();
  }

  replication(): { delayMs: number; misses: number } {
    return { delayMs: this.core.replicationDelayMs(), misses: this.core.replication.misses };
  }

  /** Replication delay for Entra objects created from now on: invisible for delayMs and/or the first `misses` lookups. */
  setReplication(input: Partial<ReplicationSettings>): { delayMs: number; misses: number } {
    if (input.delayMs !== undefined && !(Number.isFinite(input.delayMs) && input.delayMs >= 0))
      throw new Error('delayMs must be a non-negative number');
    if (input.misses !== undefined && !(Number.isInteger(input.misses) && input.misses >= 0))
      throw new Error('misses must be a non-negative integer');
    this.core.replication = {
      delayMs: input.delayMs ?? this.core.replication.delayMs,
      misses: input.misses ?? this.core.replication.misses,
    };
    return this.replication();
  }

  setProviderState(input: ProviderStateInput): ProviderRecord {
    if (!registrationStates.includes(input.registrationState))
      throw new Error(`registrationState must be one of ${registrationStates.join(', ')}`);
    if (!input.subscriptionId || !input.namespace) throw new Error('subscriptionId and namespace are required');
    const record = setProviderState(this.core, input.subscriptionId, input.namespace, input.registrationState);
    this.core.changed();
    return { ...record };
  }

  /** Marks a Cosmos DB account name as taken worldwide (HEAD databaseAccountNames answers 200; deployments of it fail). */
  takeCosmosAccountName(name: string): void {
    takeCosmosAccountName(this.core, name);
    this.core.changed();
  }

  /** Marks a public IP DNS label as used in a location (CheckDnsNameAvailability answers available: false). */
  takeDnsLabel(location: string, label: string): void {
    takeDnsLabel(this.core, location, label);
    this.core.changed();
  }

  /** Sets a location's quota of a VM family ("standardDv3Family") or of all vCPUs ("cores"): its limit and/or a used baseline. */
  setComputeQuota(location: string, family: string, input: ComputeQuotaInput = {}): QuotaSetting {
    setComputeQuota(this.core, location, family, input);
    this.core.changed();
    return { ...this.core.state.capacity.computeQuotas[this.region(location)]![String(family).toLowerCase()] };
  }

  /** The usages a subscription sees in a location (as Compute's usages API lists them). */
  computeUsage(location: string, subscriptionId: string): Usage[] {
    this.core.advance();
    return usages(this.core, subscriptionId, location);
  }

  /** Restricts a VM size for the subscription in a location (type Location; NotAvailableForSubscription by default). */
  restrictVmSize(location: string, size: string, reasonCode: SkuRestriction['reasonCode'] = 'NotAvailableForSubscription'): void {
    const region = this.region(location);
    const spec = this.size(size);
    if (reasonCode !== 'NotAvailableForSubscription' && reasonCode !== 'QuotaId')
      throw new Error(`reasonCode must be NotAvailableForSubscription or QuotaId, got ${String(reasonCode)}`);
    (this.core.state.capacity.skuRestrictions[region] ??= {})[spec.toLowerCase()] = { size: spec, reasonCode };
    this.core.changed();
  }

  /** Stops offering a VM size in a location: the resource SKUs of that location no longer list it. */
  removeVmSize(location: string, size: string): void {
    const region = this.region(location);
    const spec = this.size(size).toLowerCase();
    const removed = (this.core.state.capacity.removedSkus[region] ??= []);
    if (!removed.includes(spec)) removed.push(spec);
    this.core.changed();
  }

  /** Whether a VM size is offered in a location and whether it is restricted there. */
  vmSizeAvailability(location: string, size: string): { offered: boolean; restriction?: SkuRestriction } {
    const { offered, restriction } = skuAvailability(this.core, location, size);
    return restriction ? { offered, restriction } : { offered };
  }

  /**
   * What a principal (a token's oid) may do at subscription scope and below; writes outside it get 403
   * AuthorizationFailed. undefined (or clearPermissions) goes back to the default, everything ([{actions: ['*']}]).
   */
  setPermissions(principalId: string, permissions: PermissionInput[] | undefined): PermissionRecord[] | undefined {
    setPermissions(this.core, principalId, permissions as PermissionRecord[] | undefined);
    this.core.changed();
    return this.core.state.capacity.permissions[principalId.toLowerCase()];
  }

  clearPermissions(principalId: string): void {
    this.setPermissions(principalId, undefined);
  }

  private region(location: string): string {
    const region = normalizeLocation(String(location ?? ''));
    if (!region) throw new Error(`unknown location '${location}'`);
    return region;
  }

  private size(size: string): string {
    const spec = vmSize(String(size ?? ''));
    if (!spec) throw new Error(`unknown VM size '${size}'`);
    return spec.name;
  }

  /** Outputs merged into the next successful deployments of a resource group (e.g. loopback endpoints). */
  setDeploymentOutputs(input: DeploymentOutputsInput): void {
    if (!input.resourceGroup || typeof input.outputs !== 'object' || input.outputs === null)
      throw new Error('resourceGroup and outputs are required');
    const key = input.resourceGroup.toLowerCase();
    this.core.outputOverrides.set(key, { ...(this.core.outputOverrides.get(key) ?? {}), ...normalizeOutputs(input.outputs) });
  }

  clearDeploymentOutputs(resourceGroup?: string): void {
    if (resourceGroup) this.core.outputOverrides.delete(resourceGroup.toLowerCase());
    else this.core.outputOverrides.clear();
  }
}
