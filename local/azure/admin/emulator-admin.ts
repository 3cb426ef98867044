// Test and demo controls: inspect the whole state and call counts, reset, set timing, inject faults,
// replication delays and deployment outputs. Used in-process (startAzureEmulator().admin) and over HTTP.
import { setProviderState } from '../arm/providers';
import { toResourceGroup } from '../arm/resource-groups';
import { normalizeOutputs, statusOf } from '../arm/deployments';
import type { DeploymentFaultInput, DeploymentFaultRule } from '../core/deployment-faults';
import type { EmulatorCore, ReplicationSettings, RequestLogEntry } from '../core/emulator-core';
import type { RequestFaultInput, RequestFaultRule } from '../core/request-faults';
import type { ArmResource, AsyncOperationRecord, ProviderRecord, RegistrationState, RoleAssignmentRecord } from '../core/state';
import { isLatencyProfile, type LatencyProfileName, type Timing } from '../core/timing';
import { applicationView } from '../graph/applications';

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

export interface AdminDeploymentView {
  id: string;
  name: string;
  resourceGroup: string;
  provisioningState: string;
  mode: string;
  outputs: Record<string, { type: string; value: unknown }> | null;
  error: unknown;
  resources: Array<{ id: string; type: string; applied: boolean; failed: boolean }>;
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
        outputs: deployment.outputs ?? null,
        error: deployment.error ?? null,
        resources: deployment.steps.map((step) => ({
          id: step.resourceId,
          type: step.type,
          applied: step.applied,
          failed: Boolean(step.failure),
        })),
      })),
      resources: Object.values(s.resources).map((entry) => entry.resource),
      roleAssignments: Object.values(s.roleAssignments),
      applications: Object.values(s.applications).map((record) => applicationView(record.object, '', false)),
      servicePrincipals: Object.values(s.servicePrincipals).map((record) => record.object),
      deletedItems: Object.values(s.deletedItems).map((item) => ({
        kind: item.kind,
        id: item.object.id,
        appId: item.object.appId,
        displayName: item.object.displayName,
      })),
      asyncOperations: Object.values(s.asyncOperations),
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
