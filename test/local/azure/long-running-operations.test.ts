// Long-running operations as the Microsoft.Resources specification declares them, through the real SDK pollers:
// the deployment PUT's 201 carries Location (202 while running, then the deployment) and Retry-After; a Canceled
// run reports an error object; a deployment delete ends in 204 (the spec's), a resource group delete in 200
// (what @azure/arm-resources v8 needs).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { DeploymentsClient } from '@azure/arm-resourcesdeployments';
import { startAzureEmulator, type AzureEmulator } from '../../../local/azure';
import {
  armCall,
  deploymentsClient,
  recordResponses,
  resourceClient,
  trustCaForFetch,
  type RecordedResponse,
} from '../../support/azure-emulator';

const SUB = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f';
const fast = { updateIntervalInMs: 5 };
const template = {
  $schema: 'https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  resources: [{ type: 'Microsoft.Network/publicIPAddresses', apiVersion: '2018-08-01', name: 'ip', location: 'centralus', properties: {} }],
};
const body = { properties: { mode: 'Incremental' as const, template } };

describe('ARM emulator: long-running operations as specified', () => {
  let emulator: AzureEmulator;
  let resources: ResourceManagementClient;
  let deployments: DeploymentsClient;
  /** What the deployments client received; emptied by each test. */
  let recorded: RecordedResponse[];
  /** Deployments wait for this hook: tests hold a run until they release it. */
  const held = new Map<string, () => void>();

  before(async () => {
    emulator = await startAzureEmulator({
      hooks: {
        deploymentStarted: ({ deploymentName }) =>
          deploymentName.startsWith('held-') ? new Promise<void>((resolve) => held.set(deploymentName, resolve)) : undefined,
      },
    });
    trustCaForFetch(emulator.caPem);
    resources = resourceClient(emulator, SUB);
    deployments = deploymentsClient(emulator, SUB);
    recorded = recordResponses(deployments.pipeline);
    await resources.resourceGroups.createOrUpdate('rg-lro', { location: 'centralus' });
  });
  after(() => emulator.close());

  const get = (url: string) => armCall(emulator, 'GET', new URL(url).pathname + new URL(url).search, { token: 't' });

  it("answers the PUT's 201 with Location and Retry-After; Location answers 202 while running, then the deployment", async () => {
    recorded.length = 0;
    const poller = deployments.deployments.createOrUpdate('rg-lro', 'held-put', body, fast);
    await poller.submitted();
    const put = recorded.find((response) => response.method === 'PUT')!;
    assert.equal(put.status, 201);
    assert.ok(put.header('azure-asyncoperation'));
    assert.match(put.header('retry-after') ?? '', /^[1-9]\d*$/);
    const location = put.header('location')!;
    const running = await get(location);
    assert.equal(running.status, 202);
    assert.equal(running.headers.get('location'), location);

    held.get('held-put')!();
    const result = await poller;
    assert.equal(result.properties?.provisioningState, 'Succeeded');
    const done = await get(location);
    assert.equal(done.status, 200);
    assert.equal(done.body.id, result.id);
    assert.equal(done.body.properties.provisioningState, 'Succeeded');
  });

  it('reports Canceled with an error object, and the SDK poller ends canceled', async () => {
    recorded.length = 0;
    const poller = deployments.deployments.createOrUpdate('rg-lro', 'held-cancel', body, fast);
    await poller.submitted();
    const statusUrl = recorded.find((response) => response.method === 'PUT')!.header('azure-asyncoperation')!;
    await deployments.deployments.cancel('rg-lro', 'held-cancel');
    await assert.rejects(poller, /cancel/i);
    const status = await get(statusUrl);
    assert.equal(status.status, 200);
    assert.equal(status.body.status, 'Canceled');
    assert.deepEqual(status.body.error, {
      code: 'ResourceDeploymentFailure',
      message: "The resource operation completed with terminal provisioning state 'Canceled'.",
    });
    held.get('held-cancel')!();
  });

  it('ends a deployment delete with 204 and a resource group delete with 200, both through the SDK pollers', async () => {
    await deployments.deployments.createOrUpdate('rg-lro', 'to-delete', body, fast);
    recorded.length = 0;
    await deployments.deployments.delete('rg-lro', 'to-delete', fast);
    const del = recorded.find((response) => response.method === 'DELETE')!;
    assert.equal(del.status, 202);
    const polls = recorded.filter((response) => response.method === 'GET' && response.url.includes('/operationresults/'));
    assert.equal(polls.at(-1)?.status, 204, 'the deployment delete ends in 204, as its specification says');
    assert.ok(!emulator.admin.state().deployments.some((deployment) => deployment.name === 'to-delete'), 'the deployment is gone');

    const groupRecorded = recordResponses(resources.pipeline);
    await resources.resourceGroups.delete('rg-lro', fast);
    const groupPolls = groupRecorded.filter((response) => response.method === 'GET' && response.url.includes('/operationresults/'));
    assert.equal(groupPolls.at(-1)?.status, 200);
    assert.equal(emulator.admin.state().resourceGroups.length, 0);
  });
});
