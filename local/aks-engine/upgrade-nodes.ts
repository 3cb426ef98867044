// UpgradeMasterNode and UpgradeAgentNode (pkg/operations/kubernetesupgrade): how one node is replaced. Delete: the
// VM, NIC and disk (an agent is cordoned and drained first and its node deregistered after). Create: deploy the
// upgrade template with the pool's offset and count set so that only this VM is (re)created. Validate: poll the
// node through the API server until it reports Ready.
import { randomInt } from 'node:crypto';
import type { ContainerService } from './apimodel/types';
import { deployTemplate, DeployTemplateError } from './arm-deployment';
import type { AzureClients } from './azure-clients';
import type { ComputeClient } from './compute-client';
import { cleanDeleteVirtualMachine } from './delete-vm';
import { goDuration, safelyDrainNode } from './drain';
import type { EntryLogger } from './entry-log';
import { isNodeReady, KubeStatusError, type KubeClient } from './kube-client';
import type { SimulatorSettings } from './settings';
import { simulatedInterval, sleep } from './sim-delay';

type Json = Record<string, unknown>;

export interface UpgradeContext {
  clients: AzureClients;
  compute: ComputeClient;
  settings: SimulatorSettings;
  logger: EntryLogger;
  subscriptionId: string;
  resourceGroup: string;
  model: ContainerService;
  /** The admin kubeconfig (engine.GenerateKubeConfig). */
  kubeconfig: string;
  /** --vm-timeout, 20 minutes by default. */
  stepTimeoutMs: number;
  /** ARM calls give up then (DefaultARMOperationTimeout). */
  armDeadline: number;
  /** GetKubernetesClient(masterURL, kubeconfig, ...): "" means the kubeconfig's server. */
  kubeClient(masterUrl: string): Promise<KubeClient>;
}

/** A node template and its parameters, as generateUpgradeTemplate returns them and the transforms leave them. */
export interface NodeTemplate {
  template: Json;
  parameters: Json;
}

/** Go's time.Now().Format("06-01-02T15.04.05") that names the deployments. */
function deploymentTime(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(date.getFullYear() % 100)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T` +
    `${pad(date.getHours())}.${pad(date.getMinutes())}.${pad(date.getSeconds())}`
  );
}

export function deploymentName(kind: 'master' | 'agent' | 'agentscaleset'): string {
  return `${kind}-${deploymentTime()}-${randomInt(2 ** 31 - 1)}`;
}

/** The master FQDN of the apimodel (GetMasterFQDN), usually empty: then the kubeconfig's server is used. */
export function masterFqdn(model: ContainerService): string {
  return model.properties?.masterProfile?.fqdn ?? '';
}

export async function deleteMasterNode(c: UpgradeContext, vmName: string): Promise<void> {
  await cleanDeleteVirtualMachine(c.compute, c.clients, c.logger, c.subscriptionId, c.resourceGroup, vmName);
}

export async function createMasterNode(c: UpgradeContext, node: NodeTemplate, masterNo: number): Promise<void> {
  const variables = node.template.variables as Json;
  variables.masterOffset = masterNo;
  c.logger.info(`Master offset: ${masterNo}`);
  variables.masterCount = masterNo + 1;
  c.logger.info(`Master pool set count to: ${masterNo + 1} temporarily during upgrade...`);
  await deployTemplate(c.clients, c.settings, c.resourceGroup, deploymentName('master'), node.template, node.parameters, c.armDeadline);
}

export async function validateMasterNode(c: UpgradeContext, vmName: string): Promise<void> {
  if (!vmName) return c.logger.warn('VM name was empty. Skipping node condition check');
  if (!c.model.properties?.masterProfile) return c.logger.warn('Master profile was empty. Skipping node condition check');
  const client = await c.kubeClient(masterFqdn(c.model));
  const ready = await pollNodeReady(c, client, vmName, 'Master');
  if (!ready) {
    c.logger.error(`Node was not ready within ${goDuration(c.stepTimeoutMs)}`);
    throw new Error(`Node was not ready within ${goDuration(c.stepTimeoutMs)}`);
  }
}

/** Polls every 5 s (scaled) until the node is Ready; false when the step timeout passes first. */
async function pollNodeReady(c: UpgradeContext, client: KubeClient, vmName: string, role: 'Master' | 'Agent'): Promise<boolean> {
  const deadline = Date.now() + c.stepTimeoutMs;
  while (Date.now() < deadline) {
    try {
      const node = await client.getNode(vmName);
      if (isNodeReady(node)) {
        c.logger.info(`${role} VM: ${vmName} is ready`);
        return true;
      }
      c.logger.info(`${role} VM: ${vmName} not ready yet...`);
    } catch (error) {
      c.logger.info(`${role} VM: ${vmName} status error: ${(error as Error).message}`);
    }
    await sleep(Math.min(simulatedInterval(c.settings, 5000), Math.max(0, deadline - Date.now())));
  }
  return false;
}

/** UpgradeAgentNode.DeleteNode: drain (a failure only warned about), delete the VM, deregister the node. */
export async function deleteAgentNode(c: UpgradeContext, vmName: string, drain: boolean): Promise<void> {
  const client = await c.kubeClient(masterFqdn(c.model));
  if (drain) {
    try {
      await safelyDrainNode(client, c.logger, vmName, {
        intervalMs: simulatedInterval(c.settings, 1000),
        waitTimeoutMs: c.stepTimeoutMs,
        drainTimeoutMs: 60_000,
        tooManyRequestsRetryMs: simulatedInterval(c.settings, 5000),
      });
    } catch (error) {
      c.logger.warn(`Error draining agent VM ${vmName}. Proceeding with deletion. Error: ${(error as Error).message}`);
    }
  }
  await cleanDeleteVirtualMachine(c.compute, c.clients, c.logger, c.subscriptionId, c.resourceGroup, vmName);
  try {
    await client.deleteNode(vmName);
  } catch (error) {
    if (error instanceof KubeStatusError && error.reason !== 'NotFound') {
      c.logger.warn(`Node ${vmName} got an error while deregistering: ${error.message}`);
    }
  }
}

/** UpgradeAgentNode.CreateNode: the pool's count and offset set to this index, deployed with DeployTemplateSync. */
export async function createAgentNode(c: UpgradeContext, node: NodeTemplate, poolName: string, agentNo: number): Promise<void> {
  node.parameters[`${poolName}Count`] = { ...(node.parameters[`${poolName}Count`] as Json), value: agentNo + 1 };
  c.logger.info(`Agent pool: ${poolName}, set count to: ${agentNo + 1} temporarily during upgrade. Upgrading agent: ${agentNo}`);
  (node.template.variables as Json)[`${poolName}Offset`] = agentNo;
  const name = deploymentName('agent');
  try {
    await deployTemplate(c.clients, c.settings, c.resourceGroup, name, node.template, node.parameters, c.armDeadline);
  } catch (error) {
    if (!(error instanceof DeployTemplateError)) throw error;
    // DeployTemplateSync: with no deployment body to read, the DeploymentError carries the top error only.
    c.logger.info(`Getting detailed deployment errors for ${name}`);
    c.logger.error('Got error from Azure SDK without response from ARM');
    throw new Error(
      `DeploymentName[${name}] ResourceGroup[${c.resourceGroup}] TopError[${error.message}] ` +
        'StatusCode[0] Response[] ProvisioningState[] Operations[]',
      { cause: error },
    );
  }
}

export async function validateAgentNode(c: UpgradeContext, vmName: string): Promise<void> {
  if (!vmName) return c.logger.warn('VM name was empty. Skipping node condition check');
  c.logger.info(`Validating ${vmName}`);
  const client = await c.kubeClient(masterFqdn(c.model));
  if (!(await pollNodeReady(c, client, vmName, 'Agent'))) throw new Error(`Node was not ready within ${goDuration(c.stepTimeoutMs)}`);
}
