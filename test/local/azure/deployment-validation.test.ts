// POST .../deployments/{name}/validate evaluates the template as a deployment would and creates nothing: 200 with
// validatedResources, or 400 with ARM's error (InvalidTemplate, NoRegisteredProviderFound, InvalidResourceType,
// InvalidTemplateDeployment with SkuNotAvailable or QuotaExceeded details, or a refusal the admin forced). A PUT
// gets the same preflight refusals; VMs a group already holds add no demand.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { DeploymentsClient } from '@azure/arm-resourcesdeployments';
import { startAzureEmulator, type AzureEmulator } from '../../../local/azure';
import { deploymentsClient, resourceClient } from '../../support/azure-emulator';
import { armSend } from './fixtures/arm-pipeline';
import { nodePoolDeployment, type PoolParameters } from './fixtures/node-pool-template';

const SUB = '8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5968';
const GROUP = 'rg-validate';
const fast = { updateIntervalInMs: 5 };

describe('Azure emulator: deployment validation', () => {
  let emulator: AzureEmulator;
  let resources: ResourceManagementClient;
  let deployments: DeploymentsClient;
  const validate = (body: unknown, name = 'validated') =>
    armSend(
      deployments,
      emulator.armEndpoint,
      'POST',
      `/subscriptions/${SUB}/resourcegroups/${GROUP}/providers/Microsoft.Resources/deployments/${name}/validate`,
      {
        apiVersion: '2026-06-01',
        body,
      },
    );
  const pool = (parameters: PoolParameters = {}) => nodePoolDeployment({ agentCount: 2, scaleSetCount: 1, ...parameters });
  const nothingCreated = () => {
    const state = emulator.admin.state();
    assert.deepEqual([state.deployments.length, state.resources.length], [0, 0], 'nothing was created');
  };

  before(async () => {
    emulator = await startAzureEmulator();
  });
  after(() => emulator.close());
  beforeEach(async () => {
    emulator.admin.reset();
    resources = resourceClient(emulator, SUB);
    deployments = deploymentsClient(emulator, SUB);
    await resources.resourceGroups.createOrUpdate(GROUP, { location: 'centralus' });
  });

  it('answers 200 with the validated resources and creates nothing (through the SDK and the pipeline)', async () => {
    const result = await deployments.deployments.validate(GROUP, 'validated', pool()).pollUntilDone();
    assert.equal(result.properties?.provisioningState, 'Succeeded');
    const ids = (result.properties?.validatedResources ?? []).map((resource) => resource.id);
    assert.ok(
      ids.includes(`/subscriptions/${SUB}/resourceGroups/${GROUP}/providers/Microsoft.Compute/virtualMachines/k8s-agentpool-12345678-1`),
    );
    assert.ok(ids.some((id) => id?.endsWith('/virtualMachineScaleSets/k8s-pool2-12345678-vmss')));
    const raw = await validate(pool());
    assert.equal(raw.status, 200);
    nothingCreated();
    assert.equal(emulator.admin.calls().calls['POST deployments/validate'], 2);
  });

  it('refuses template errors, unknown api-versions and unknown resource types as the PUT does', async () => {
    const broken = pool();
    (broken.properties.template.resources as any[])[0].name = "[parameters('missing')]";
    const invalid = await validate(broken);
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.error.code, 'InvalidTemplate');
    assert.match(invalid.body.error.message, /missing/);

    const oldVersion = pool();
    (oldVersion.properties.template.resources as any[])[0].apiVersion = '2001-01-01';
    const version = await validate(oldVersion);
    assert.equal(version.body.error.code, 'NoRegisteredProviderFound');

    const unknownType = pool();
    (unknownType.properties.template.resources as any[]).at(-1).type = 'Microsoft.Compute/virtualMachineScaleSetz';
    const type = await validate(unknownType);
    assert.equal(type.status, 400);
    assert.equal(type.body.error.code, 'InvalidResourceType');
    assert.match(
      type.body.error.message,
      /The resource type 'virtualMachineScaleSetz' could not be found in the namespace 'Microsoft.Compute' for api version '2018-10-01'/,
    );
    await assert.rejects(
      deployments.deployments.createOrUpdate(GROUP, 'put', unknownType, fast),
      (error: any) => error.statusCode === 400 && error.code === 'InvalidResourceType',
    );
    nothingCreated();
  });

  it('refuses a VM size restricted or not offered in the location with SkuNotAvailable', async () => {
    emulator.admin.restrictVmSize('centralus', 'Standard_D2_v3');
    const restricted = await validate(pool({ scaleSetVMSize: 'Standard_D4_v3' }));
    assert.equal(restricted.status, 400);
    assert.equal(restricted.body.error.code, 'InvalidTemplateDeployment');
    assert.match(
      restricted.body.error.message,
      /^The template deployment 'validated' is not valid according to the validation procedure\./,
    );
    assert.deepEqual(
      restricted.body.error.details.map((detail: any) => detail.code),
      ['SkuNotAvailable', 'SkuNotAvailable'],
      'one per VM of the restricted size',
    );
    assert.equal(
      restricted.body.error.details[0].message,
      `The requested size for resource '/subscriptions/${SUB}/resourceGroups/${GROUP}/providers/Microsoft.Compute/virtualMachines/` +
        `k8s-agentpool-12345678-0' is currently not available in location 'centralus' zones '' for subscription '${SUB}'. ` +
        'Please try another size or deploy to a different location or zones. See https://aka.ms/azureskunotavailable for details.',
    );
    emulator.admin.removeVmSize('centralus', 'Standard_D4_v3');
    const removed = await validate(pool({ agentVMSize: 'Standard_D8_v3', scaleSetVMSize: 'Standard_D4_v3' }));
    assert.deepEqual(
      removed.body.error.details.map((detail: any) => detail.message.includes('virtualMachineScaleSets/k8s-pool2-12345678-vmss')),
      [true],
    );
    await assert.rejects(
      deployments.deployments.createOrUpdate(GROUP, 'put', pool(), fast),
      (error: any) => error.statusCode === 400 && error.code === 'InvalidTemplateDeployment',
    );
    nothingCreated();
  });

  it('refuses vCPUs beyond the family or the regional quota with QuotaExceeded, counting only what is new', async () => {
    emulator.admin.setComputeQuota('centralus', 'standardDv3Family', { limit: 10, used: 6 });
    const family = await validate(pool());
    assert.equal(family.body.error.code, 'InvalidTemplateDeployment');
    assert.equal(family.body.error.details.length, 1);
    assert.equal(family.body.error.details[0].code, 'QuotaExceeded');
    assert.match(
      family.body.error.details[0].message,
      /^Operation could not be completed as it results in exceeding approved standardDv3Family Cores quota\. Additional details - Deployment Model: Resource Manager, Location: centralus, Current Limit: 10, Current Usage: 6, Additional Required: 6, \(Minimum\) New Limit Required: 12\./,
    );
    emulator.admin.setComputeQuota('centralus', 'standardDv3Family', { limit: 100, used: 0 });
    emulator.admin.setComputeQuota('centralus', 'cores', { limit: 4 });
    const regional = await validate(pool());
    assert.match(
      regional.body.error.details[0].message,
      /approved Total Regional Cores quota.*Current Limit: 4, Current Usage: 0, Additional Required: 6/,
    );
    nothingCreated();

    // What a group holds already adds nothing: a redeployment of the same VMs fits a quota they fill.
    emulator.admin.setComputeQuota('centralus', 'cores', { limit: 6 });
    await deployments.deployments.createOrUpdate(GROUP, 'cluster', pool(), fast);
    assert.equal((await validate(pool(), 'again')).status, 200);
    const more = await validate(pool({ agentCount: 3, agentOffset: 2 }), 'scale');
    assert.match(more.body.error.details[0].message, /Current Usage: 6, Additional Required: 2/);
  });

  it('refuses once when the admin forces a validation fault, leaving the deployment PUT alone', async () => {
    emulator.admin.addDeploymentFault({ phase: 'validate', code: 'QuotaExceeded', message: 'No quota today.' });
    const forced = await validate(pool());
    assert.equal(forced.status, 400);
    assert.deepEqual(
      [forced.body.error.code, forced.body.error.details[0].code, forced.body.error.details[0].message],
      ['InvalidTemplateDeployment', 'QuotaExceeded', 'No quota today.'],
    );
    assert.match(forced.body.error.details[0].target, /virtualMachines\/k8s-agentpool-12345678-0$/, 'the code picks its resource');
    assert.equal((await validate(pool())).status, 200, 'a fault applies once');
    emulator.admin.addDeploymentFault({ phase: 'validate', code: 'SkuNotAvailable' });
    await deployments.deployments.createOrUpdate(GROUP, 'cluster', pool(), fast);
    assert.equal((await validate(pool())).status, 400, 'the PUT left it for the next validation');
    assert.throws(() => emulator.admin.addDeploymentFault({ phase: 'sometime' as never, code: 'X' }), /phase must be/);
  });
});
