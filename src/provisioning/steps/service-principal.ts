// Step "servicePrincipal": a Microsoft Entra application and service principal per cluster, a client secret
// kept only in the private artifacts container, and Contributor on the cluster's resource group.
// Each sub-step records its result before the next one starts, so a crash or retry resumes where it stopped.
import type { Settings } from '../../config/settings';
import { classifyError } from '../../azure/failures';
import { GraphClient } from '../../azure/graph';
import { ensureContributor, removeContributor } from '../../azure/role-assignments';
import { artifactPaths, resourceGroupName } from '../../clusters/record';
import { activity, type ActivityRun, type StepInput } from '../activity';
import { ClusterArtifacts } from '../artifacts';
import { failed, running, succeeded, type StepResult } from '../step-result';

/** aks-engine clusters use the secret for the Azure cloud provider; it must outlive the cluster's expected life. */
const secretLifetimeDays = 730;

/** The secret blob: ids, and the password that Graph shows only once. */
interface ServicePrincipalState {
  appId?: string;
  applicationObjectId?: string;
  /** When the application was created: until replication can no longer explain it, a 404 proves nothing. */
  applicationCreatedAt?: string;
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

/** Unique per cluster generation: teardown finds the application by it even when its id was never stored. */
export function applicationDisplayName(name: string, generation: number): string {
  return `aks-cosmos-${name}-g${generation}`;
}

async function readState(artifacts: ClusterArtifacts): Promise<ServicePrincipalState> {
  const text = await artifacts.readText(artifactPaths.servicePrincipal);
  return text ? (JSON.parse(text) as ServicePrincipalState) : {};
}

export const ensureServicePrincipal = activity(
  'servicePrincipal',
  async function ensureServicePrincipal(settings: Settings, input: StepInput, run: ActivityRun): Promise<StepResult<ServicePrincipalIds>> {
    const graph = new GraphClient(settings);
    const artifacts = await ClusterArtifacts.open(settings, input.name, input.generation, run.signal);
    const state = await readState(artifacts);
    const save = () => artifacts.writeText(artifactPaths.servicePrincipal, JSON.stringify(state));
    const tag = `aks-cosmos-cluster:${input.name}`;
    const displayName = applicationDisplayName(input.name, input.generation);

    // A recorded application is never looked up to decide whether to create another: right after creation
    // Entra replicas may not show it yet. An unrecorded one (a crash before it was saved) may be found by name.
    if (!state.applicationObjectId) {
      const application = (await graph.findApplicationsByName(displayName))[0] ?? (await graph.createApplication(displayName, tag));
      state.appId = application.appId;
      state.applicationObjectId = application.id;
      state.applicationCreatedAt = new Date().toISOString();
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
      const expiresOn = new Date(Date.now() + secretLifetimeDays * 86_400_000);
      const password = await graph.addPassword(state.applicationObjectId!, 'aks-engine', expiresOn);
      state.passwordKeyId = password.keyId;
      state.secret = password.secretText;
      await save();
    }

    const group = resourceGroupName(input.name);
    let roleAssignmentName: string;
    try {
      roleAssignmentName = await ensureContributor(settings, group, state.servicePrincipalObjectId!);
    } catch (error) {
      return failed(classifyError(error, 'servicePrincipal', true));
    }
    const ids: ServicePrincipalIds = {
      applicationId: state.appId!,
      applicationObjectId: state.applicationObjectId!,
      servicePrincipalObjectId: state.servicePrincipalObjectId!,
      roleAssignmentName,
    };
    return succeeded(ids, `Service principal ${ids.applicationId} has Contributor on '${group}'.`);
  },
);

export const removeServicePrincipal = activity(
  'servicePrincipal',
  async function removeServicePrincipal(settings: Settings, input: StepInput): Promise<StepResult<undefined>> {
    const graph = new GraphClient(settings);
    const artifacts = await ClusterArtifacts.open(settings, input.name, input.generation);
    const state = await readState(artifacts);
    if (state.servicePrincipalObjectId) await removeContributor(settings, resourceGroupName(input.name), state.servicePrincipalObjectId);
    const found = await graph.findApplicationsByName(applicationDisplayName(input.name, input.generation));
    const targets = [
      ...new Set([state.applicationObjectId, ...found.map((application) => application.id)].filter((id) => id !== undefined)),
    ];
    let unconfirmed: string | undefined;
    for (const objectId of targets) {
      const deleted = await graph.deleteApplication(objectId);
      const createdAt = objectId === state.applicationObjectId ? Date.parse(state.applicationCreatedAt ?? '') : NaN;
      // A 404 for an application created moments ago may only mean this replica has not seen it yet.
      if (!deleted && Date.now() - createdAt < settings.directoryReplicationSeconds * 1000) unconfirmed = objectId;
    }
    if (unconfirmed) return running(`Application ${unconfirmed} is not visible yet (directory replication); deleting it again shortly.`);
    if (targets.length === 0) return succeeded(undefined, 'No application had been created.');
    return succeeded(undefined, `Application ${state.appId ?? targets.join(', ')} deleted.`);
  },
);
