// The simulator's azuredeploy.json for a range of cluster shapes deploys on the local Azure emulator to Succeeded,
// as the real v0.32.3 template does (its structure, parameters and variables are the real tool's): Windows pools,
// scale-set masters, custom VNETs, storage accounts, private clusters, zones and standard load balancers included.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { DeploymentsClient } from '@azure/arm-resourcesdeployments';
import { startAzureEmulator, type AzureEmulator } from '../../../local/azure';
import { CORPUS_DIR } from '../../../local/aks-engine/conformance/corpus';
import { deploymentsClient, resourceClient, trustCaForFetch } from '../../support/azure-emulator';
import { runAksEngine, scratchDir } from '../../support/aks-engine';

const SUB = '44444444-2222-3333-4444-555555555555';

const SHAPES = [
  'product/m1-as-default',
  'product/m3-vmss',
  'product/m5-as',
  'vlabs/windows-and-linux-vmss',
  'vlabs/azure-vmss-master',
  'vlabs/custom-vnet-as',
  'vlabs/custom-vnet-vmss-master',
  'vlabs/storage-account-disks',
  'vlabs/private-cluster-m3',
  'vlabs/standard-lb',
  'vlabs/availability-zones',
  'vlabs/managed-disks-attached-as',
];

describe('the simulator’s templates deploy on the local Azure emulator', () => {
  let emulator: AzureEmulator;
  let resources: ResourceManagementClient;
  let deployments: DeploymentsClient;
  let work: ReturnType<typeof scratchDir>;

  before(async () => {
    work = scratchDir();
    emulator = await startAzureEmulator({ latency: 'zero' });
    trustCaForFetch(emulator.caPem);
    resources = resourceClient(emulator, SUB);
    deployments = deploymentsClient(emulator, SUB);
    await resources.providers.register('Microsoft.DocumentDB');
  });
  after(async () => {
    await emulator?.close();
    work?.remove();
  });

  for (const [index, shape] of SHAPES.entries()) {
    it(shape, async () => {
      const dir = path.join(work.dir, `case-${index}`);
      const run = await runAksEngine(['generate', '--api-model', path.join(CORPUS_DIR, `${shape}.json`), '--output-directory', dir], {
        cwd: work.dir,
      });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const template = JSON.parse(readFileSync(path.join(dir, 'azuredeploy.json'), 'utf8'));
      const parameters = JSON.parse(readFileSync(path.join(dir, 'azuredeploy.parameters.json'), 'utf8')).parameters;
      const group = `rg-${index}`;
      await resources.resourceGroups.createOrUpdate(group, { location: 'westus2' });
      const result = await deployments.deployments.createOrUpdate(
        group,
        'cluster',
        { properties: { mode: 'Incremental', template, parameters } },
        { updateIntervalInMs: 5 },
      );
      assert.equal(result.properties?.provisioningState, 'Succeeded', JSON.stringify(result.properties?.error));
      assert.match(String(result.properties?.outputs?.masterFQDN?.value ?? ''), /cloudapp|^$/);
      const types = new Set<string>();
      for await (const resource of resources.resources.listByResourceGroup(group)) types.add(resource.type!);
      const compute = [...types].filter((type) => /virtualMachines$|virtualMachineScaleSets$/.test(type));
      assert.ok(compute.length > 0, `machines were created: ${[...types].join(', ')}`);
      assert.ok(readdirSync(path.join(dir, 'kubeconfig')).length >= 1);
    });
  }
});
