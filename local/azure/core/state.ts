// The emulator's whole state: plain JSON so that it can be returned by the admin API and persisted.
import type { ErrorDetail } from '../http/errors';
import type { ResourceBody } from '../template-evaluation/template-evaluator';

export type RegistrationState = 'NotRegistered' | 'Registering' | 'Registered' | 'Unregistering';

export interface ProviderRecord {
  subscriptionId: string;
  namespace: string;
  registrationState: RegistrationState;
  /** When a Registering/Unregistering provider settles. */
  settlesAt?: number;
}

export interface ResourceGroupRecord {
  id: string;
  subscriptionId: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  managedBy?: string;
  provisioningState: 'Succeeded' | 'Deleting';
  createdAt: number;
  /** The async operation deleting it, while it is Deleting. */
  deleteOperationId?: string;
}

/** A resource as ARM returns it on GET. */
export interface ArmResource extends ResourceBody {
  id: string;
  name: string;
  type: string;
  [extra: string]: unknown;
}

export interface ResourceRecord {
  resource: ArmResource;
  resourceGroupKey: string;
  deploymentId: string;
  createdAt: number;
}

/** An RBAC permission as Microsoft.Authorization/permissions lists it. */
export interface PermissionRecord {
  actions: string[];
  notActions: string[];
  dataActions?: string[];
  notDataActions?: string[];
}

/** Admin-set regional vCPU quota of one family ("cores" for Total Regional vCPUs). */
export interface QuotaSetting {
  /** The quota; the default applies when absent. */
  limit?: number;
  /** vCPUs counted as used besides the emulator's own VMs. */
  used?: number;
}

/** A VM size restricted for the subscription in a location. */
export interface SkuRestriction {
  size: string;
  reasonCode: 'NotAvailableForSubscription' | 'QuotaId';
}

/** What the subscription may use and what is taken: the answers of the preflight checks, set through the admin API. */
export interface CapacitySettings {
  /** Cosmos DB account names taken worldwide besides the emulator's own accounts (lower case). */
  takenCosmosAccountNames: string[];
  /** DNS labels taken per location besides the emulator's public IPs (lower case). */
  takenDnsLabels: Record<string, string[]>;
  /** Per location, per quota family (lower case). */
  computeQuotas: Record<string, Record<string, QuotaSetting>>;
  /** Per location, per VM size (lower case). */
  skuRestrictions: Record<string, Record<string, SkuRestriction>>;
  /** Per location: VM sizes (lower case) not offered there. */
  removedSkus: Record<string, string[]>;
  /** Per principal object id (lower case): what it may do; principals not listed may do everything. */
  permissions: Record<string, PermissionRecord[]>;
}

/** A virtual machine of a scale set, as the scale set created it. */
export interface ScaleSetInstance {
  instanceId: string;
  vmId: string;
  /** The scale set's tags when the instance was created (its model: an upgrade replaces instances). */
  tags: Record<string, string>;
  /** The scale set's VM size when the instance was created. */
  vmSize: string;
  osDiskName: string;
  createdAt: number;
  /** Being deleted (an instance delete or a scale-in in progress). */
  deleting?: boolean;
}

export interface ScaleSetRecord {
  nextInstanceId: number;
  instances: ScaleSetInstance[];
}

/**
 * A Compute or Network long-running operation (VM, disk, NIC, scale set deletes; scale set updates), polled at
 * the provider's operations URL (Azure-AsyncOperation) and its Location URL.
 */
export interface ResourceOperationRecord {
  id: string;
  subscriptionId: string;
  provider: 'Microsoft.Compute' | 'Microsoft.Network';
  /** Disk operations live under DiskOperations, the others under operations. */
  family: 'operations' | 'DiskOperations';
  location: string;
  kind: 'delete' | 'update' | 'deleteInstances';
  /** State key of the resource it acts on. */
  targetKey: string;
  groupKey: string;
  startedAt: number;
  completesAt: number;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  endedAt?: number;
  error?: ErrorDetail;
  /** deleteInstances: the instances it removes. */
  instanceIds?: string[];
  /** update: the resource as it will be. */
  resource?: ArmResource;
  /** The change has been made (the operation succeeds once the VM hook has heard of it). */
  applied?: boolean;
}

export interface AsyncOperationRecord {
  id: string;
  subscriptionId: string;
  kind: 'resourceGroupDelete' | 'deploymentDelete';
  /** State key of what is being deleted. */
  targetKey: string;
  startedAt: number;
  completesAt: number;
  status: 'Running' | 'Succeeded';
  /** The resourceGroupDeleted hook has been called for it. */
  hookCalled?: boolean;
}

export interface DeploymentStep {
  operationId: string;
  resourceId: string;
  type: string;
  name: string;
  startAt: number;
  endAt: number;
  /** The resource existed before this deployment (an update: statusCode OK rather than Created). */
  existed: boolean;
  /** Why this step fails, if it does. */
  failure?: ErrorDetail & { statusCode: string };
  /** The resource as it will exist once the step succeeds. */
  resource: ArmResource;
  /** Written into the resources map already. */
  applied: boolean;
}

export interface OutputValue {
  type: string;
  value: unknown;
}

export interface DeploymentRecord {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroupName: string;
  resourceGroupKey: string;
  /** Id of the operationStatuses URL of this run. */
  runId: string;
  correlationId: string;
  /** The tags the PUT gave the deployment (ARM keeps them with the deployment and returns them). */
  tags?: Record<string, string>;
  mode: 'Incremental' | 'Complete';
  createdAt: number;
  acceptedUntil: number;
  endAt: number;
  templateHash: string;
  contentVersion: string;
  parameters: Record<string, { type: string; value?: unknown }>;
  providers: Array<{ namespace: string; resourceTypes: Array<{ resourceType: string; locations: string[] }> }>;
  dependencies: Array<{
    id: string;
    resourceType: string;
    resourceName: string;
    dependsOn: Array<{ id: string; resourceType: string; resourceName: string }>;
  }>;
  steps: DeploymentStep[];
  /** Outputs as the template computes them; overrides are merged in when the deployment succeeds. */
  plannedOutputs: Record<string, OutputValue>;
  /** Deployment-level error when outputs could not be evaluated. */
  outputsError?: ErrorDetail;
  /** Outputs returned by the deploymentStarted hook, or its failure. */
  hookOutputs?: Record<string, OutputValue>;
  hookError?: ErrorDetail;
  /** Set once the end time has passed and the outcome has been recorded. */
  finalized: boolean;
  outcome?: 'Succeeded' | 'Failed' | 'Canceled';
  outputs?: Record<string, OutputValue>;
  error?: ErrorDetail;
  canceledAt?: number;
}

export interface RoleAssignmentRecord {
  id: string;
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: string;
  description: string | null;
  condition: string | null;
  conditionVersion: string | null;
  createdOn: string;
  updatedOn: string;
  createdBy: string;
  updatedBy: string;
}

/** Eventual consistency of a new Entra object, as seen from "another replica". */
export interface Replication {
  visibleAt: number;
  missesLeft: number;
}

export interface DirectoryObjectRecord {
  object: Record<string, unknown>;
  replication: Replication;
}

export interface DeletedItemRecord {
  kind: 'application' | 'servicePrincipal';
  object: Record<string, unknown>;
  deletedAt: number;
}

export interface EmulatorState {
  providers: Record<string, ProviderRecord>;
  resourceGroups: Record<string, ResourceGroupRecord>;
  resources: Record<string, ResourceRecord>;
  deployments: Record<string, DeploymentRecord>;
  asyncOperations: Record<string, AsyncOperationRecord>;
  roleAssignments: Record<string, RoleAssignmentRecord>;
  applications: Record<string, DirectoryObjectRecord>;
  servicePrincipals: Record<string, DirectoryObjectRecord>;
  deletedItems: Record<string, DeletedItemRecord>;
  /** Requests per operation, e.g. {"PUT resourceGroups": 1}, including the ones answered with an injected fault. */
  calls: Record<string, number>;
  /** Injected faults per operation. */
  faultsInjected: Record<string, number>;
  /** Source of fake public IP addresses. */
  nextPublicIp: number;
  capacity: CapacitySettings;
  /** Instances of each scale set, by the scale set's state key. */
  scaleSets: Record<string, ScaleSetRecord>;
  resourceOperations: Record<string, ResourceOperationRecord>;
}

export function emptyCapacity(): CapacitySettings {
  return { takenCosmosAccountNames: [], takenDnsLabels: {}, computeQuotas: {}, skuRestrictions: {}, removedSkus: {}, permissions: {} };
}

export function emptyState(): EmulatorState {
  return {
    providers: {},
    resourceGroups: {},
    resources: {},
    deployments: {},
    asyncOperations: {},
    roleAssignments: {},
    applications: {},
    servicePrincipals: {},
    deletedItems: {},
    calls: {},
    faultsInjected: {},
    nextPublicIp: 10,
    capacity: emptyCapacity(),
    scaleSets: {},
    resourceOperations: {},
  };
}
