// api-versions checked per resource type, through the real SDK clients: the versions they send by default and
// those aks-engine v0.32.3's templates use pass; others get ARM's 400 (InvalidApiVersionParameter for ARM's own
// types, NoRegisteredProviderFound for a provider's), in the request path and in a deployment's template.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ResourceManagementClient } from '@azure/arm-resources';
import { DeploymentsClient } from '@azure/arm-resourcesdeployments';
import { startAzureEmulator, type AzureEmulator } from '../../../local/azure';
import { deploymentsClient, fastRetries, resourceClient, staticCredential, trustCaForFetch } from '../../support/azure-emulator';

const SUB = '5d6e7f8a-9b0c-4d1e-8f2a-3b4c5d6e7f8a';

/** Resource types and api-versions as aks-engine v0.32.3 writes them into azuredeploy.json (its `generate` output). */
const AKS_ENGINE_TYPES: Array<[type: string, apiVersion: string, name: string]> = [
  ['Microsoft.Compute/availabilitySets', '2018-10-01', 'as'],
  ['Microsoft.Compute/virtualMachines', '2018-10-01', 'vm'],
  ['Microsoft.Compute/virtualMachineScaleSets', '2018-10-01', 'vmss'],
  ['Microsoft.Network/virtualNetworks', '2018-08-01', 'vnet'],
  ['Microsoft.Network/networkSecurityGroups', '2018-08-01', 'nsg'],
  ['Microsoft.Network/publicIPAddresses', '2018-08-01', 'ip'],
  ['Microsoft.Network/loadBalancers', '2018-08-01', 'lb'],
  ['Microsoft.Network/networkInterfaces', '2018-08-01', 'nic'],
  ['Microsoft.Network/routeTables', '2018-08-01', 'rt'],
  ['Microsoft.DocumentDB/databaseAccounts', '2015-04-08', 'cosmos'],
  ['Microsoft.Storage/storageAccounts', '2018-07-01', 'storage'],
  ['Microsoft.KeyVault/vaults', '2018-02-14', 'kv'],
  ['Microsoft.ManagedIdentity/userAssignedIdentities', '2015-08-31-PREVIEW', 'id'],
];

function template(resources: Array<Record<string, unknown>>) {
  return {
    $schema: 'https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    resources,
  };
}

describe('ARM emulator: api-versions', () => {
  let emulator: AzureEmulator;
  let resources: ResourceManagementClient;
  let deployments: DeploymentsClient;

  before(async () => {
    emulator = await startAzureEmulator({
      registeredProviders: ['Microsoft.Compute', 'Microsoft.Network', 'Microsoft.Storage', 'Microsoft.DocumentDB'],
    });
    trustCaForFetch(emulator.caPem);
    resources = resourceClient(emulator, SUB);
    deployments = deploymentsClient(emulator, SUB);
    await resources.providers.register('Microsoft.KeyVault');
    await resources.providers.register('Microsoft.ManagedIdentity');
    await resources.resourceGroups.createOrUpdate('rg-versions', { location: 'centralus' });
  });
  after(() => emulator.close());

  it("refuses an api-version ARM's own types do not support with InvalidApiVersionParameter", async () => {
    const old = new ResourceManagementClient(staticCredential, SUB, {
      endpoint: emulator.armEndpoint,
      tlsOptions: { ca: emulator.caPem },
      retryOptions: fastRetries,
      apiVersion: '2099-01-01',
    });
    await assert.rejects(old.resourceGroups.get('rg-versions'), (error: any) => {
      assert.equal(error.statusCode, 400);
      assert.equal(error.code, 'InvalidApiVersionParameter');
      assert.match(
        error.message,
        /^The api-version '2099-01-01' is invalid\. The supported versions are '2026-06-01,2025-04-01,.*,2018-05-01,.*'\.$/,
      );
      return true;
    });
    const withVersion = new ResourceManagementClient(staticCredential, SUB, {
      endpoint: emulator.armEndpoint,
      tlsOptions: { ca: emulator.caPem },
      apiVersion: '2018-05-01',
    });
    assert.equal((await withVersion.resourceGroups.get('rg-versions')).location, 'centralus', "aks-engine v0.32.3's resources api-version");
  });

  it("refuses an api-version a provider's type does not support with NoRegisteredProviderFound", async () => {
    const vm = `/subscriptions/${SUB}/resourceGroups/rg-versions/providers/Microsoft.Compute/virtualMachines/vm0`;
    await assert.rejects(resources.resources.getById(vm, '2099-01-01'), (error: any) => {
      assert.equal(error.statusCode, 400);
      assert.equal(error.code, 'NoRegisteredProviderFound');
      assert.match(
        error.message,
        /^No registered resource provider found for location 'centralus' and API version '2099-01-01' for type 'virtualMachines'\. The supported api-versions are '2025-04-01, 2024-11-01, .*2018-10-01, .*'\. The supported locations are '.*centralus.*'\.$/,
      );
      return true;
    });
    await assert.rejects(
      resources.resources.getById(vm, '2018-10-01'),
      (error: any) => error.statusCode === 404,
      'a supported version reaches the handler',
    );

    // arm-authorization v9 has its api-version built in: a policy swaps in one the type does not support.
    const authorization = new AuthorizationManagementClient(staticCredential, SUB, {
      endpoint: emulator.armEndpoint,
      tlsOptions: { ca: emulator.caPem },
    });
    authorization.pipeline.addPolicy({
      name: 'unsupportedApiVersion',
      sendRequest: (request, next) => {
        request.url = request.url.replace(/api-version=[^&]+/, 'api-version=2030-01-01');
        return next(request);
      },
    });
    await assert.rejects(
      authorization.roleAssignments.get(`/subscriptions/${SUB}`, '1c1b1a19-0000-4000-8000-000000000001'),
      (error: any) => {
        assert.equal(error.code, 'NoRegisteredProviderFound');
        assert.match(error.message, /for type 'roleAssignments'\. The supported api-versions are '2022-04-01, /);
        return true;
      },
    );
    const provider = await resources.providers.get('Microsoft.Compute');
    const vmType = provider.resourceTypes?.find((type) => type.resourceType === 'virtualMachines');
    assert.ok(vmType?.apiVersions?.includes('2018-10-01'), 'providers.get lists the versions it accepts');
  });

  it("accepts the api-versions aks-engine v0.32.3's templates use, and refuses others in a template", async () => {
    const all = AKS_ENGINE_TYPES.map(([type, apiVersion, name]) => ({ type, apiVersion, name, location: 'centralus', properties: {} }));
    const valid = await deployments.deployments.validate('rg-versions', 'aks-versions', {
      properties: { mode: 'Incremental', template: template(all) },
    });
    assert.equal(valid.properties?.provisioningState, 'Succeeded');
    assert.equal(valid.properties?.validatedResources?.length, AKS_ENGINE_TYPES.length);

    const bad = template([
      { type: 'Microsoft.Network/publicIPAddresses', apiVersion: '2001-01-01', name: 'ip', location: 'centralus', properties: {} },
    ]);
    await assert.rejects(
      deployments.deployments.createOrUpdate('rg-versions', 'bad-version', { properties: { mode: 'Incremental', template: bad } }),
      (error: any) => {
        assert.equal(error.statusCode, 400);
        assert.equal(error.code, 'NoRegisteredProviderFound');
        assert.match(error.message, /API version '2001-01-01' for type 'publicIPAddresses'/);
        return true;
      },
    );
    assert.ok(!emulator.admin.state().deployments.some((deployment) => deployment.name === 'bad-version'), 'nothing was deployed');
  });
});
