// Looking at one cluster from outside, for the campaign and the focused defect tests: what the emulator and
// Storage hold for it, its aks-engine work folders, its steps through the API, and its record's state.
import { bearer } from '../support/stack';
import fs from 'node:fs';
import os from 'node:os';
import { BlobServiceClient } from '@azure/storage-blob';
import type { AdminState } from '../../local/azure';
import type { LocalStack } from '../../local/stack/stack';

export function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What the emulator holds for one cluster (every generation), matched by the names and tags the product uses. */
export function azureFootprint(state: AdminState, name: string) {
  const group = `aks-cosmos-${name}`.toLowerCase();
  const appName = new RegExp(`^aks-cosmos-${escape(name)}-g\\d+$`);
  const tag = `aks-cosmos-cluster:${name}`;
  const tagged = (object: Record<string, unknown>) => Array.isArray(object.tags) && object.tags.includes(tag);
  const applications = state.applications.filter((app) => appName.test(String(app.displayName)) || tagged(app));
  const deletedApplications = state.deletedItems.filter((item) => item.kind === 'application' && appName.test(String(item.displayName)));
  const appIds = new Set([...applications, ...deletedApplications].map((app) => String(app.appId)));
  const servicePrincipals = state.servicePrincipals.filter((sp) => appIds.has(String(sp.appId)) || tagged(sp));
  const principalIds = new Set([
    ...servicePrincipals.map((sp) => String(sp.id)),
    ...state.deletedItems
      .filter((item) => item.kind === 'servicePrincipal' && appIds.has(String(item.appId)))
      .map((item) => String(item.id)),
  ]);
  const inGroup = (id: string) => {
    const lower = id.toLowerCase();
    return lower.endsWith(`/resourcegroups/${group}`) || lower.includes(`/resourcegroups/${group}/`);
  };
  return {
    groups: state.resourceGroups.filter((candidate) => String(candidate.name).toLowerCase() === group),
    applications,
    servicePrincipals,
    roleAssignments: state.roleAssignments.filter((assignment) => inGroup(assignment.scope) || principalIds.has(assignment.principalId)),
    resources: state.resources.filter((resource) => inGroup(resource.id)),
    deployments: state.deployments.filter((deployment) => deployment.resourceGroup.toLowerCase() === group),
  };
}

/** The names of the blobs under `<name>/` in the artifacts container. */
export async function artifactBlobs(stack: LocalStack, name: string): Promise<string[]> {
  const container = BlobServiceClient.fromConnectionString(stack.settings.ARTIFACTS_STORAGE_CONNECTION_STRING!).getContainerClient(
    'cluster-artifacts',
  );
  const names: string[] = [];
  try {
    for await (const blob of container.listBlobsFlat({ prefix: `${name}/` })) names.push(blob.name);
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
  }
  return names;
}

/** Everything a deleted cluster must not leave behind, described; empty when nothing is left. */
export async function leftovers(stack: LocalStack, name: string): Promise<string[]> {
  const footprint = azureFootprint(stack.emulator.admin.state(), name);
  const left: string[] = [
    ...footprint.groups.map((group) => `resource group ${String(group.name)}`),
    ...footprint.roleAssignments.map((assignment) => `role assignment for ${assignment.principalId} at ${assignment.scope}`),
    ...footprint.applications.map((app) => `application ${String(app.displayName)}`),
    ...footprint.servicePrincipals.map((sp) => `service principal ${String(sp.displayName ?? sp.id)}`),
    ...footprint.resources.map((resource) => `resource ${resource.id}`),
    ...(await artifactBlobs(stack, name)).map((blob) => `blob ${blob}`),
  ];
  return left;
}

/** aks-engine work folders of the cluster in the OS temp folder: `aks-<name>-...`. */
export function workFolders(name: string): string[] {
  return fs.readdirSync(os.tmpdir()).filter((entry) => entry.startsWith(`aks-${name}-`));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls GET /clusters/{name} until the step is in one of the states (or the cluster ends); returns the cluster. */
export async function waitForStep(apiBaseUrl: string, name: string, step: string, states: string[], timeoutMs = 60_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    const response = await fetch(`${apiBaseUrl}/clusters/${name}`, { headers: bearer() });
    if (response.status === 200) {
      last = await response.json();
      const found = last.properties.steps.find((candidate: any) => candidate.name === step);
      if (found && states.includes(found.state)) return last;
      if (['Succeeded', 'Failed', 'Canceled', 'Deleted'].includes(last.properties.provisioningState)) {
        throw new Error(`cluster ${name} ended ${last.properties.provisioningState} before step ${step} was ${states.join('/')}`);
      }
    }
    await sleep(50);
  }
  throw new Error(`step ${step} of ${name} was not ${states.join('/')} within ${timeoutMs} ms: ${JSON.stringify(last?.properties?.steps)}`);
}

/** The state the cluster's record blob carries in its metadata ("accepted", "deleting", ...), undefined without one. */
export async function recordState(stack: LocalStack, name: string): Promise<string | undefined> {
  const blob = BlobServiceClient.fromConnectionString(stack.settings.ARTIFACTS_STORAGE_CONNECTION_STRING!)
    .getContainerClient('cluster-records')
    .getBlockBlobClient(`clusters/${name}.json`);
  try {
    return (await blob.getProperties()).metadata?.state;
  } catch {
    return undefined;
  }
}
