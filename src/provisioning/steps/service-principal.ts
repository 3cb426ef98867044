// Step "servicePrincipal": a Microsoft Entra application and service principal per cluster, a client secret
// kept only in the private artifacts container, and Contributor on the cluster's resource group.
// Each sub-step records its result before the next one starts, so a crash or retry resumes where it stopped.
import { createHash } from 'node:crypto';
import { RestError } from '@azure/core-rest-pipeline';
import type { Settings } from '../../config/settings';
import { armClients } from '../../azure/arm-clients';
import { classifyError } from '../../azure/failures';
import { GraphClient } from '../../azure/graph';
import { artifactPaths, resourceGroupName } from '../../clusters/record';
import { ClusterStore } from '../../clusters/store';
import { ClusterArtifacts } from '../artifacts';
import { asStep, failed, succeeded, type StepResult } from '../step-result';
import type { StepInput } from './step-input';

export const contributorRoleId = 'b24988ac-6180-42a0-ab88-20f7382dd24c';
/** aks-engine clusters use the secret for the Azure cloud provider; it must outlive the cluster's expected life. */
const secretLifetimeDays = 730;

/** The secret blob: ids, and the password that Graph shows only once. */
interface ServicePrincipalState {
  appId?: string;
  applicationObjectId?: string;
  servicePrincipalObjectId?: string;
  passwordKeyId?: string;
  secret?: string;
}

export interface ServicePrincipalIds {
  applicationId: string;
  applicationObjectId: string;
  servicePrincipalObjectId: string;
  roleAssignmentName: string;
}

/** A GUID derived from its inputs, so the role assignment has the same name on every attempt. */
export function deterministicGuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function applicationDisplayName(name: string, generation: number): string {
  return `aks-cosmos-${name}-g${generation}`;
}

async function readState(artifacts: ClusterArtifacts): Promise<ServicePrincipalState> {
  const text = await artifacts.readText(artifactPaths.servicePrincipal);
  return text ? (JSON.parse(text) as ServicePrincipalState) : {};
}

export const ensureServicePrincipal = (settings: Settings) =>
  asStep('servicePrincipal', async (input: StepInput): Promise<StepResult<ServicePrincipalIds>> => {
    const graph = new GraphClient(settings);
    const artifacts = await ClusterArtifacts.open(settings, input.name, input.generation);
    const state = await readState(artifacts);
    const save = () => artifacts.writeText(artifactPaths.servicePrincipal, JSON.stringify(state));
    const tag = `aks-cosmos-cluster:${input.name}`;

    // A recorded application is never looked up to decide whether to create another: right after creation
    // Entra replicas may not show it yet, and a second application would be the result.
    if (!state.applicationObjectId) {
      const application = await graph.createApplication(applicationDisplayName(input.name, input.generation), tag);
      state.appId = application.appId;
      state.applicationObjectId = application.id;
      await save();
    }
    if (!state.servicePrincipalObjectId) {
      try {
        const principal = (await graph.findServicePrincipal(state.appId!)) ?? (await graph.createServicePrincipal(state.appId!, tag));
        state.servicePrincipalObjectId = principal.id;
      } catch (error) {
        // A brand-new application may not have replicated yet.
        return failed(classifyError(error, 'servicePrincipal', true));
      }
      await save();
    }
    if (!state.secret) {
      if (state.passwordKeyId) {
        // A password was added but its secret was never stored (a crash in between): replace it.
        await graph.removePassword(state.applicationObjectId!, state.passwordKeyId).catch(() => undefined);
      }
      const password = await graph.addPassword(
        state.applicationObjectId!,
        'aks-engine',
        new Date(Date.now() + secretLifetimeDays * 86_400_000),
      );
      state.passwordKeyId = password.keyId;
      state.secret = password.secretText;
      await save();
    }

    const group = resourceGroupName(input.name);
    const scope = `subscriptions/${settings.subscriptionId}/resourceGroups/${group}`;
    const roleAssignmentName = deterministicGuid(scope, state.servicePrincipalObjectId!, contributorRoleId);
    try {
      await armClients(settings).authorization.roleAssignments.create(scope, roleAssignmentName, {
        roleDefinitionId: `/subscriptions/${settings.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${contributorRoleId}`,
        principalId: state.servicePrincipalObjectId!,
        // Tells ARM not to look the principal up, which fails while Entra replicates a new principal.
        principalType: 'ServicePrincipal',
      });
    } catch (error) {
      if (!(error instanceof RestError && error.statusCode === 409 && error.code === 'RoleAssignmentExists')) {
        return failed(classifyError(error, 'servicePrincipal', true));
      }
    }
    const ids: ServicePrincipalIds = {
      applicationId: state.appId!,
      applicationObjectId: state.applicationObjectId!,
      servicePrincipalObjectId: state.servicePrincipalObjectId!,
      roleAssignmentName,
    };
    await new ClusterStore(settings).update(input.name, (record) => {
      if (record.generation !== input.generation) return undefined;
      record.outputs = { ...record.outputs, ...ids };
      return record;
    });
    return succeeded(ids, `Service principal ${ids.applicationId} has Contributor on '${group}'.`);
  });

export const removeServicePrincipal = (settings: Settings) =>
  asStep('servicePrincipal', async (input: StepInput): Promise<StepResult<undefined>> => {
    const artifacts = await ClusterArtifacts.open(settings, input.name, input.generation);
    const state = await readState(artifacts);
    const record = (await new ClusterStore(settings).get(input.name))?.record;
    const outputs = record?.generation === input.generation ? record.outputs : undefined;
    const group = resourceGroupName(input.name);
    const roleAssignmentName = outputs?.roleAssignmentName;
    if (roleAssignmentName) {
      const scope = `subscriptions/${settings.subscriptionId}/resourceGroups/${group}`;
      await armClients(settings)
        .authorization.roleAssignments.delete(scope, roleAssignmentName)
        .catch((error: unknown) => {
          if (!(error instanceof RestError && (error.statusCode === 404 || error.statusCode === 204))) throw error;
        });
    }
    const objectId = state.applicationObjectId ?? outputs?.applicationObjectId;
    if (objectId) await new GraphClient(settings).deleteApplication(objectId);
    return succeeded(
      undefined,
      objectId ? `Application ${state.appId ?? outputs?.applicationId} deleted.` : 'No application had been created.',
    );
  });
