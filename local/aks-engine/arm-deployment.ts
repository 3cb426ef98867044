// armhelpers.DeployTemplate: submit a template as an Incremental deployment, log "Starting ARM Deployment (...)",
// wait for it, and log "Finished ARM Deployment (...). Succeeded" or "... Error: <error>". A deployment ARM
// refuses outright ends without the "Finished" line, as in aks-engine.
import { armErrorBody, autorestErrorText, serviceErrorText, statusCodeOf } from './arm-errors';
import type { AzureClients } from './azure-clients';
import { goErrorText } from './go-errors';
import { log } from './log';
import type { SimulatorSettings } from './settings';

/** The error DeployTemplate returns; its message is the text aks-engine prints for it. */
export class DeployTemplateError extends Error {}

export async function deployTemplate(
  clients: AzureClients,
  settings: SimulatorSettings,
  resourceGroup: string,
  name: string,
  template: unknown,
  parameters: unknown,
  deadline: number,
): Promise<void> {
  log.info(`Starting ARM Deployment (${name}). This will take some time...`);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), Math.max(0, deadline - Date.now()));
  try {
    const poller = clients.deployments.deployments.createOrUpdate(
      resourceGroup,
      name,
      { properties: { mode: 'Incremental', template, parameters: parameters as Record<string, never> } },
      { abortSignal: abort.signal, ...(settings.pollIntervalMs !== undefined ? { updateIntervalInMs: settings.pollIntervalMs } : {}) },
    );
    try {
      await poller.submitted();
    } catch (error) {
      const status = statusCodeOf(error);
      throw new DeployTemplateError(
        status
          ? `resources.DeploymentsClient#CreateOrUpdate: Failure sending request: ` +
              `StatusCode=${status} -- Original Error: ${serviceErrorText(armErrorBody(error) ?? {})}`
          : autorestErrorText('resources.DeploymentsClient#CreateOrUpdate', error),
      );
    }
    try {
      await poller.pollUntilDone();
    } catch (error) {
      const text = abort.signal.aborted
        ? 'Future#WaitForCompletion: context has been cancelled: StatusCode=200 -- Original Error: context deadline exceeded'
        : await deploymentErrorText(clients, resourceGroup, name, error);
      log.info(`Finished ARM Deployment (${name}). Error: ${text}`);
      throw new DeployTemplateError(text);
    }
    log.info(`Finished ARM Deployment (${name}). Succeeded`);
  } finally {
    clearTimeout(timer);
  }
}

/** The SDK's LRO error has no details; like aks-engine's poller, report the deployment's error body. */
async function deploymentErrorText(clients: AzureClients, resourceGroup: string, name: string, error: unknown): Promise<string> {
  try {
    const deployment = await clients.deployments.deployments.get(resourceGroup, name);
    const armError = deployment.properties?.error;
    if (armError) return serviceErrorText(armError as Parameters<typeof serviceErrorText>[0]);
  } catch {
    // fall through to the SDK's own message
  }
  const body = armErrorBody(error);
  return body ? serviceErrorText(body) : goErrorText(error);
}
