// In-process hooks for the local stack: a deployment waits for deploymentStarted and takes the outputs it
// returns (or fails if it throws); a resource group delete waits for resourceGroupDeleted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startAzureEmulator, type AzureEmulator, type DeploymentStartedEvent } from '../../../local/azure';
import { deploymentsClient, resourceClient } from '../../support/azure-emulator';
import { eventually } from '../../support/process';
import { aksLikeParameters, aksLikeTemplate } from './fixtures/aks-like-template';

const SUB = '77777777-2222-3333-4444-555555555555';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('Azure emulator hooks', () => {
  let emulator: AzureEmulator;
  const started: DeploymentStartedEvent[] = [];
  const deleted: string[] = [];
  const nextDeployment = deferred<Record<string, unknown> | undefined>();
  let onDeployment = (): Promise<Record<string, unknown> | undefined> => nextDeployment.promise;
  const nextDelete = deferred<void>();

  before(async () => {
    emulator = await startAzureEmulator({
      registeredProviders: ['Microsoft.Compute', 'Microsoft.Network', 'Microsoft.Storage', 'Microsoft.DocumentDB'],
      log: () => undefined,
      hooks: {
        deploymentStarted: (event) => {
          started.push(event);
          return onDeployment();
        },
        resourceGroupDeleted: (name) => {
          deleted.push(name);
          return nextDelete.promise;
        },
      },
    });
  });
  after(() => emulator.close());

  it('keeps a deployment Running until deploymentStarted settles, then merges the outputs it returns', async () => {
    const resources = resourceClient(emulator, SUB);
    const deployments = deploymentsClient(emulator, SUB);
    await resources.resourceGroups.createOrUpdate('rg-hook', { location: 'centralus' });
    const poller = deployments.deployments.createOrUpdate(
      'rg-hook',
      'hooked',
      { properties: { mode: 'Incremental', template: aksLikeTemplate(), parameters: aksLikeParameters('hooked') } },
      { updateIntervalInMs: 5 },
    );
    await poller.submitted();
    assert.equal(started.length, 1);
    assert.equal(started[0]!.resourceGroup, 'rg-hook');
    assert.equal(started[0]!.deploymentName, 'hooked');
    assert.equal(started[0]!.parameters.servicePrincipalClientSecret?.value, 'not-a-real-secret', 'the hook sees secure values');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal((await deployments.deployments.get('rg-hook', 'hooked')).properties?.provisioningState, 'Running');

    nextDeployment.resolve({ apiServerUrl: 'https://127.0.0.1:6443', masterFQDN: '127.0.0.1:6443' });
    const result = await poller.pollUntilDone();
    assert.deepEqual(result.properties?.outputs?.apiServerUrl, { type: 'String', value: 'https://127.0.0.1:6443' });
    assert.deepEqual(result.properties?.outputs?.masterFQDN, { type: 'String', value: '127.0.0.1:6443' });
    assert.deepEqual(result.properties?.outputs?.location, { type: 'String', value: 'centralus' });
  });

  it('fails the deployment when deploymentStarted throws', async () => {
    onDeployment = async () => {
      throw new Error('etcd did not start');
    };
    const deployments = deploymentsClient(emulator, SUB);
    await assert.rejects(
      deployments.deployments.createOrUpdate(
        'rg-hook',
        'broken',
        { properties: { mode: 'Incremental', template: aksLikeTemplate(), parameters: aksLikeParameters('hooked') } },
        { updateIntervalInMs: 5 },
      ),
    );
    const failed = await deployments.deployments.get('rg-hook', 'broken');
    assert.equal(failed.properties?.error?.details?.[0]?.code, 'LocalStandInFailed');
    assert.match(failed.properties?.error?.details?.[0]?.message ?? '', /etcd did not start/);
  });

  it('keeps a group delete running until resourceGroupDeleted settles', async () => {
    const resources = resourceClient(emulator, SUB);
    const poller = resources.resourceGroups.delete('rg-hook', { updateIntervalInMs: 5 });
    let done = false;
    const finished = poller.pollUntilDone().then(() => (done = true));
    await eventually(async () => (deleted.length > 0 ? true : undefined), 5_000, 10);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(deleted, ['rg-hook']);
    assert.equal(done, false, 'still deleting while the hook runs');
    nextDelete.resolve();
    await finished;
    await assert.rejects(resources.resourceGroups.get('rg-hook'), (error: any) => error.code === 'ResourceGroupNotFound');
    assert.deepEqual(deleted, ['rg-hook'], 'called once');
  });
});
