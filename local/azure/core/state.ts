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
  };
}
