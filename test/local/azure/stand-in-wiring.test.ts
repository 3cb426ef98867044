// The template aks-engine's generate writes, deployed to the emulator with the hooks wired as the local stack wires
// them: the stand-in cluster's nodes follow the group's VMs as scale and upgrade change them (a deployment adding a
// VM next to the others, a VM deleted as a long-running operation, a master replaced with a newer orchestrator tag).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { DeploymentsClient } from '@azure/arm-resourcesdeployments';
import { startAzureEmulator, type AzureEmulator } from '../../../local/azure';
import { StandInClusters } from '../../../local/stack/stand-in-clusters';
import { deploymentsClient, resourceClient } from '../../support/azure-emulator';
import { eventually } from '../../support/process';
import { generateClusterOutput } from '../cluster/cluster-output';

const SUB = '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b';
const GROUP = 'rg-wired';
const fast = { updateIntervalInMs: 5 };

describe('Azure emulator: the stand-in cluster follows the VMs (hooks wired as in the local stack)', () => {
  let workDir: string;
  let emulator: AzureEmulator;
  let clusters: StandInClusters;
  let resources: ResourceManagementClient;
  let deployments: DeploymentsClient;
  let template: any;
  let parameters: Record<string, { value: unknown }>;
  let suffix: string;
  const nodes = () =>
    clusters
      .get(GROUP)!
      .nodes()
      .map((node) => [node.name, node.kubeletVersion])
      .sort();
  const deploy = (name: string, change: (template: any, parameters: Record<string, { value: unknown }>) => void) => {
    const copy = structuredClone(template);
    const values = structuredClone(parameters);
    change(copy, values);
    return deployments.deployments.createOrUpdate(
      GROUP,
      name,
      { properties: { mode: 'Incremental', template: copy, parameters: values } },
      fast,
    );
  };

  before(async () => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'emulator-wiring-test-'));
    const outputDir = await generateClusterOutput(workDir, { dnsPrefix: 'wired1', masters: 1, agentPools: [{ name: 'agent', count: 1 }] });
    template = JSON.parse(readFileSync(path.join(outputDir, 'azuredeploy.json'), 'utf8'));
    parameters = JSON.parse(readFileSync(path.join(outputDir, 'azuredeploy.parameters.json'), 'utf8')).parameters;
    suffix = String(template.parameters.nameSuffix.defaultValue);
    clusters = new StandInClusters(path.join(workDir, 'clusters'), () => undefined, { nodeReadyDelayMs: 50 });
    emulator = await startAzureEmulator({
      registeredProviders: ['Microsoft.Compute', 'Microsoft.Network', 'Microsoft.Storage', 'Microsoft.DocumentDB'],
      log: () => undefined,
      hooks: {
        deploymentStarted: (deployment) => clusters.onDeployment(deployment),
        resourceGroupDeleted: (resourceGroup) => clusters.onResourceGroupDeleted(resourceGroup),
        virtualMachinesChanged: (resourceGroup, vms) => clusters.onVirtualMachinesChanged(resourceGroup, vms),
      },
    });
    resources = resourceClient(emulator, SUB);
    deployments = deploymentsClient(emulator, SUB);
    await resources.resourceGroups.createOrUpdate(GROUP, { location: 'centralus' });
  });
  after(async () => {
    await emulator?.close();
    await clusters?.stopAll();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("deploys aks-engine's template through the preflight checks; the cluster's nodes are its VMs", async () => {
    const validation = await deployments.deployments
      .validate(GROUP, 'wired1', {
        properties: { mode: 'Incremental', template, parameters },
      })
      .pollUntilDone();
    assert.equal(validation.properties?.provisioningState, 'Succeeded');
    const result = await deploy('wired1', () => undefined);
    assert.equal(result.properties?.provisioningState, 'Succeeded');
    assert.deepEqual(nodes(), [
      [`k8s-agent-${suffix}-0`, '1.11.8'],
      [`k8s-master-${suffix}-0`, '1.11.8'],
    ]);
  });

  it('adds the node of a VM a scale deployment adds next to the existing one', async () => {
    await deploy(`${GROUP}-12345`, (copy, values) => {
      values.agentCount = { value: 2 };
      copy.variables.agentOffset = 1;
    });
    assert.deepEqual(nodes(), [
      [`k8s-agent-${suffix}-0`, '1.11.8'],
      [`k8s-agent-${suffix}-1`, '1.11.8'],
      [`k8s-master-${suffix}-0`, '1.11.8'],
    ]);
    await eventually(
      async () =>
        clusters
          .get(GROUP)!
          .nodes()
          .every((node) => node.ready)
          ? true
          : undefined,
      5_000,
      20,
    );
  });

  it('removes the node of a VM deleted through the deleteById poller', async () => {
    await resources.resources.beginDeleteByIdAndWait(
      `/subscriptions/${SUB}/resourceGroups/${GROUP}/providers/Microsoft.Compute/virtualMachines/k8s-agent-${suffix}-0`,
      '2018-10-01',
      fast,
    );
    assert.deepEqual(
      nodes().map(([name]) => name),
      [`k8s-agent-${suffix}-1`, `k8s-master-${suffix}-0`],
    );
  });

  it("reports a replaced master's newer kubelet and server version (an upgrade's delete and redeploy)", async () => {
    const master = `/subscriptions/${SUB}/resourceGroups/${GROUP}/providers/Microsoft.Compute/virtualMachines/k8s-master-${suffix}-0`;
    await resources.resources.beginDeleteByIdAndWait(master, '2018-10-01', fast);
    await deploy('master-upgrade', (copy, values) => {
      copy.variables.orchestratorNameVersionTag = 'Kubernetes:1.12.8';
      values.agentCount = { value: 2 };
      copy.variables.agentOffset = 2;
    });
    assert.deepEqual(nodes(), [
      [`k8s-agent-${suffix}-1`, '1.11.8'],
      [`k8s-master-${suffix}-0`, '1.12.8'],
    ]);
    assert.equal(clusters.get(GROUP)!.serverVersion(), '1.12.8');
  });
});
