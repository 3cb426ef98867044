// The operations a create's preflight asks, sent through the ARM SDK pipeline as the product sends them, with the
// state the admin API sets (in process and over HTTP): Cosmos DB account names taken worldwide, DNS labels taken
// per location, regional vCPU usages, resource SKUs with restrictions, and the caller's permissions. Afterwards
// the call counts show that nothing was written.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { DeploymentsClient } from '@azure/arm-resourcesdeployments';
import { AzureEmulatorAdminClient, startAzureEmulator, type AzureEmulator } from '../../../local/azure';
import { KUBERNETES_ALLOWED_VM_SIZES } from '../../../local/aks-engine/template-generation/vm-sizes';
import { vmSizes } from '../../../src/domain/vm-sizes';
import { aksLikeParameters, aksLikeTemplate } from './fixtures/aks-like-template';
import { armSend, principalCredential } from './fixtures/arm-pipeline';
import { deploymentsClient, fastRetries, resourceClient } from '../../support/azure-emulator';
import { nodePoolDeployment } from './fixtures/node-pool-template';

const SUB = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const APP = { objectId: '2b4d6f80-1a3c-4e5f-8a7b-9c0d1e2f3a4b', appId: 'c3d4e5f6-0000-4000-8000-000000000abc' };

describe('Azure emulator: preflight operations', () => {
  let emulator: AzureEmulator;
  let resources: ResourceManagementClient;
  let deployments: DeploymentsClient;
  let http: AzureEmulatorAdminClient;
  const get = (path: string, apiVersion: string, query?: Record<string, string>) =>
    armSend(resources, emulator.armEndpoint, 'GET', path, { apiVersion, query });
  const cosmosName = (name: string) =>
    armSend(resources, emulator.armEndpoint, 'HEAD', `/providers/Microsoft.DocumentDB/databaseAccountNames/${name}`, {
      apiVersion: '2024-11-15',
    });
  const dnsAvailable = async (location: string, label: string) =>
    (
      await get(`/subscriptions/${SUB}/providers/Microsoft.Network/locations/${location}/CheckDnsNameAvailability`, '2024-05-01', {
        domainNameLabel: label,
      })
    ).body.available;
  const usage = async (location: string, name: string) =>
    (await get(`/subscriptions/${SUB}/providers/Microsoft.Compute/locations/${location}/usages`, '2024-07-01')).body.value.find(
      (entry: any) => entry.name.value === name,
    );
  const skus = async (location: string) =>
    (await get(`/subscriptions/${SUB}/providers/Microsoft.Compute/skus`, '2021-07-01', { $filter: `location eq '${location}'` })).body
      .value;

  before(async () => {
    emulator = await startAzureEmulator({ registeredProviders: ['Microsoft.Compute', 'Microsoft.Network', 'Microsoft.DocumentDB'] });
    http = new AzureEmulatorAdminClient(emulator.adminEndpoint, emulator.caPem);
  });
  after(() => emulator.close());
  beforeEach(() => {
    emulator.admin.reset();
    resources = resourceClient(emulator, SUB);
    deployments = deploymentsClient(emulator, SUB);
  });

  it('answers 404 for a free Cosmos DB account name and 200 for one taken, by an account the emulator holds or the admin', async () => {
    assert.equal((await cosmosName('freecosmos')).status, 404);
    await http.takeCosmosAccountName('takenbyadmin');
    assert.equal((await cosmosName('takenbyadmin')).status, 200);
    assert.equal((await cosmosName('TakenByAdmin')).status, 200, 'names compare without case');
    await resources.resourceGroups.createOrUpdate('rg-cosmos', { location: 'centralus' });
    await deployments.deployments.createOrUpdate(
      'rg-cosmos',
      'd',
      { properties: { mode: 'Incremental', template: aksLikeTemplate(), parameters: aksLikeParameters('held') } },
      { updateIntervalInMs: 5 },
    );
    assert.equal((await cosmosName('heldk8s')).status, 200, 'an account held in any group');
    // A deployment of an account whose name the admin took fails as a taken name does.
    await resources.resourceGroups.createOrUpdate('rg-cosmos2', { location: 'centralus' });
    emulator.admin.takeCosmosAccountName('otherk8s');
    await assert.rejects(
      deployments.deployments.createOrUpdate(
        'rg-cosmos2',
        'd',
        { properties: { mode: 'Incremental', template: aksLikeTemplate(), parameters: aksLikeParameters('other') } },
        { updateIntervalInMs: 5 },
      ),
    );
    const failed = await deployments.deployments.get('rg-cosmos2', 'd');
    assert.match(JSON.stringify(failed.properties?.error), /DatabaseAccount name 'otherk8s' already exists/);
  });

  it('answers DNS label availability per location: public IPs held and labels the admin took', async () => {
    assert.equal(await dnsAvailable('centralus', 'mycluster'), true);
    await http.takeDnsLabel('centralus', 'MyCluster');
    assert.equal(await dnsAvailable('centralus', 'mycluster'), false);
    assert.equal(await dnsAvailable('westeurope', 'mycluster'), true, 'labels are per location');
    await resources.resourceGroups.createOrUpdate('rg-dns', { location: 'centralus' });
    await deployments.deployments.createOrUpdate(
      'rg-dns',
      'd',
      { properties: { mode: 'Incremental', template: aksLikeTemplate(), parameters: aksLikeParameters('ipheld') } },
      { updateIntervalInMs: 5 },
    );
    assert.equal(await dnsAvailable('Central US', 'ipheld'), false, "the master public IP's label");
    const missing = await get(
      `/subscriptions/${SUB}/providers/Microsoft.Network/locations/centralus/CheckDnsNameAvailability`,
      '2024-05-01',
    );
    assert.equal(missing.status, 400);
  });

  it('lists regional usages: generous defaults, VMs the emulator holds, and admin-set limits and baselines', async () => {
    const cores = await usage('centralus', 'cores');
    assert.deepEqual(cores, {
      unit: 'Count',
      currentValue: 0,
      limit: 350,
      name: { value: 'cores', localizedValue: 'Total Regional vCPUs' },
    });
    const dv3 = await usage('centralus', 'standardDv3Family');
    assert.deepEqual(dv3, {
      unit: 'Count',
      currentValue: 0,
      limit: 100,
      name: { value: 'standardDv3Family', localizedValue: 'Standard Dv3 Family vCPUs' },
    });
    for (const family of new Set(Object.values(vmSizes).map((size) => size.family)))
      assert.ok(await usage('centralus', family), `the usages list ${family}`);

    await resources.resourceGroups.createOrUpdate('rg-usage', { location: 'centralus' });
    await deployments.deployments.createOrUpdate('rg-usage', 'd', nodePoolDeployment({ agentCount: 2, scaleSetCount: 1 }), {
      updateIntervalInMs: 5,
    });
    assert.equal((await usage('centralus', 'standardDv3Family')).currentValue, 6, 'two VMs and an instance of 2 vCPUs');
    assert.equal((await usage('centralus', 'cores')).currentValue, 6);
    assert.equal((await usage('centralus', 'virtualMachines')).currentValue, 3);
    assert.equal((await usage('westeurope', 'cores')).currentValue, 0, 'per location');

    assert.deepEqual(await http.setComputeQuota('centralus', 'standardDv3Family', { limit: 10, used: 4 }), { limit: 10, used: 4 });
    emulator.admin.setComputeQuota('Central US', 'cores', { limit: 12 });
    assert.deepEqual(
      [(await usage('centralus', 'standardDv3Family')).currentValue, (await usage('centralus', 'standardDv3Family')).limit],
      [10, 10],
    );
    assert.equal((await usage('centralus', 'cores')).limit, 12);
    const viaAdmin = await http.computeUsage('centralus', SUB);
    assert.equal(viaAdmin.find((entry) => entry.name === 'standardDv3Family')?.currentValue, 10);
    assert.throws(() => emulator.admin.setComputeQuota('centralus', 'standardNopeFamily', { limit: 1 }), /unknown quota name/);
  });

  it('lists resource SKUs per location with capabilities, and the restrictions and removals the admin set', async () => {
    const central = await skus('centralus');
    const vms = central.filter((sku: any) => sku.resourceType === 'virtualMachines');
    for (const size of new Set([...Object.keys(vmSizes), ...KUBERNETES_ALLOWED_VM_SIZES])) {
      const sku = vms.find((candidate: any) => candidate.name === size);
      assert.ok(sku, `${size} is offered in centralus`);
      assert.deepEqual(sku.locations, ['centralus']);
      assert.deepEqual(sku.restrictions, []);
      const capability = (name: string) => sku.capabilities.find((entry: any) => entry.name === name)?.value;
      if (vmSizes[size]) {
        assert.equal(capability('vCPUs'), String(vmSizes[size]!.vcpus), `${size} vCPUs`);
        assert.equal(sku.family, vmSizes[size]!.family, `${size} family`);
      }
      assert.ok(Number(capability('MemoryGB')) > 0);
    }
    const d2 = vms.find((sku: any) => sku.name === 'Standard_D2s_v3');
    assert.equal(d2.size, 'D2s_v3');
    assert.equal(d2.tier, 'Standard');
    assert.equal(d2.capabilities.find((entry: any) => entry.name === 'MemoryGB').value, '8');
    assert.equal(d2.capabilities.find((entry: any) => entry.name === 'PremiumIO').value, 'True');
    assert.deepEqual(d2.locationInfo[0].zones, ['1', '2', '3']);
    const constrained = vms.find((sku: any) => sku.name === 'Standard_DS11-1_v2');
    assert.deepEqual(
      ['vCPUs', 'vCPUsAvailable'].map((name) => constrained.capabilities.find((entry: any) => entry.name === name).value),
      ['2', '1'],
    );
    assert.ok(central.some((sku: any) => sku.resourceType === 'disks' && sku.name === 'Premium_LRS'));
    assert.equal((await skus('westeurope')).length, central.length);
    assert.deepEqual(await skus('atlantis'), []);

    await http.restrictVmSize('centralus', 'Standard_D2_v3');
    emulator.admin.restrictVmSize('centralus', 'standard_d4_v3', 'QuotaId');
    await http.removeVmSize('centralus', 'Standard_F2');
    const after = (await skus('centralus')).filter((sku: any) => sku.resourceType === 'virtualMachines');
    assert.deepEqual(after.find((sku: any) => sku.name === 'Standard_D2_v3').restrictions, [
      {
        type: 'Location',
        values: ['centralus'],
        restrictionInfo: { locations: ['centralus'], zones: [] },
        reasonCode: 'NotAvailableForSubscription',
      },
    ]);
    assert.equal(after.find((sku: any) => sku.name === 'Standard_D4_v3').restrictions[0].reasonCode, 'QuotaId');
    assert.equal(
      after.find((sku: any) => sku.name === 'Standard_F2'),
      undefined,
      'a removed size is not listed',
    );
    const westeurope = (await skus('westeurope')).find((sku: any) => sku.name === 'Standard_D2_v3');
    assert.deepEqual(westeurope.restrictions, [], 'other locations are unaffected');
    assert.throws(() => emulator.admin.restrictVmSize('centralus', 'Standard_Nope'), /unknown VM size/);
  });

  it("lists the caller's permissions: everything by default, what the admin set for its principal otherwise", async () => {
    const app = new ResourceManagementClient(principalCredential(APP.objectId, APP.appId), SUB, {
      endpoint: emulator.armEndpoint,
      tlsOptions: { ca: emulator.caPem },
      retryOptions: fastRetries,
    });
    const path = `/subscriptions/${SUB}/providers/Microsoft.Authorization/permissions`;
    const permissions = async () => (await armSend(app, emulator.armEndpoint, 'GET', path, { apiVersion: '2022-04-01' })).body.value;
    assert.deepEqual(await permissions(), [{ actions: ['*'], notActions: [], dataActions: [], notDataActions: [] }]);
    const set = [
      { actions: ['*/read', 'Microsoft.Resources/subscriptions/resourceGroups/write'], notActions: ['Microsoft.Compute/*/read'] },
    ];
    await http.setPermissions(APP.objectId, set);
    assert.deepEqual(await permissions(), [{ ...set[0], dataActions: [], notDataActions: [] }]);
    assert.deepEqual((await get(path, '2022-04-01')).body.value[0].actions, ['*'], "another caller's permissions are its own");
    await resources.resourceGroups.createOrUpdate('rg-perm', { location: 'centralus' });
    const inGroup = await armSend(
      app,
      emulator.armEndpoint,
      'GET',
      `/subscriptions/${SUB}/resourcegroups/rg-perm/providers/Microsoft.Authorization/permissions`,
      { apiVersion: '2022-04-01' },
    );
    assert.equal(inGroup.body.value[0].notActions[0], 'Microsoft.Compute/*/read', 'the same at group scope');
    await http.clearPermissions(APP.objectId);
    assert.deepEqual((await permissions())[0].actions, ['*']);
  });

  it('accepts the api-versions the product sends and refuses others with the provider error', async () => {
    const bad = await get(`/subscriptions/${SUB}/providers/Microsoft.Compute/skus`, '2030-01-01');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'NoRegisteredProviderFound');
    assert.match(bad.body.error.message, /The supported api-versions are '2021-07-01, 2019-04-01/);
    const badCosmos = await armSend(resources, emulator.armEndpoint, 'HEAD', '/providers/Microsoft.DocumentDB/databaseAccountNames/x', {
      apiVersion: '2030-01-01',
    });
    assert.equal(badCosmos.status, 400);
  });

  it('counts every preflight call, and a preflight writes nothing', async () => {
    await cosmosName('counted');
    await dnsAvailable('centralus', 'counted');
    await usage('centralus', 'cores');
    await skus('centralus');
    await get(`/subscriptions/${SUB}/providers/Microsoft.Authorization/permissions`, '2022-04-01');
    const { calls } = await http.calls();
    assert.deepEqual(calls, {
      'HEAD databaseAccountNames': 1,
      'GET checkDnsNameAvailability': 1,
      'LIST usages': 1,
      'LIST skus': 1,
      'LIST permissions': 1,
    });
    const state = emulator.admin.state();
    assert.deepEqual([state.resourceGroups.length, state.deployments.length, state.resources.length], [0, 0, 0]);
  });
});
