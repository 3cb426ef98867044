// Template deployments through @azure/arm-resourcesdeployments v2: the createOrUpdate poller
// (201 Accepted + Azure-AsyncOperation → Running → Succeeded/Failed), deployment operations as progress,
// outputs (and their admin overrides), resources readable by id, and ARM's synchronous and run-time errors.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { DeploymentsClient } from '@azure/arm-resourcesdeployments';
import { startAzureEmulator, type AzureEmulator } from '../../../local/azure';
import { adminCall, armCall, deploymentsClient, recordResponses, resourceClient, trustCaForFetch } from '../../support/azure-emulator';
import { aksLikeParameters, aksLikeTemplate } from './fixtures/aks-like-template';

const SUB = '33333333-2222-3333-4444-555555555555';
const fast = { updateIntervalInMs: 5 };

function deployment(dnsPrefix: string, masterCount = 1) {
  return {
    properties: { mode: 'Incremental' as const, template: aksLikeTemplate(), parameters: aksLikeParameters(dnsPrefix, masterCount) },
  };
}

async function operationsOf(client: DeploymentsClient, group: string, name: string) {
  const operations = [];
  for await (const operation of client.deploymentOperations.list(group, name)) operations.push(operation);
  return operations;
}

describe('ARM emulator: template deployments', () => {
  let emulator: AzureEmulator;
  let resources: ResourceManagementClient;
  let deployments: DeploymentsClient;

  before(async () => {
    emulator = await startAzureEmulator();
    trustCaForFetch(emulator.caPem);
  });
  after(() => emulator.close());
  beforeEach(async () => {
    emulator.admin.reset();
    resources = resourceClient(emulator, SUB);
    deployments = deploymentsClient(emulator, SUB);
    await resources.providers.register('Microsoft.DocumentDB');
  });

  it('runs a deployment to Succeeded through the SDK poller, with outputs and one operation per resource', async () => {
    await resources.resourceGroups.createOrUpdate('rg-ok', { location: 'centralus' });
    const recorded = recordResponses(deployments.pipeline);
    const result = await deployments.deployments.createOrUpdate('rg-ok', 'demo-1', deployment('demo', 3), fast);

    const put = recorded.find((response) => response.method === 'PUT')!;
    assert.equal(put.status, 201);
    const statusUrl = put.header('azure-asyncoperation') ?? '';
    assert.match(
      statusUrl,
      new RegExp(
        `^${emulator.armEndpoint}/subscriptions/${SUB}/resourcegroups/rg-ok/providers/Microsoft\\.Resources/deployments/demo-1/` +
          'operationStatuses/[0-9A-F]+\\?api-version=',
      ),
    );
    // The specification declares Location (final-state-via location) and Retry-After on the 201 too.
    const resultUrl = put.header('location') ?? '';
    assert.match(
      resultUrl,
      new RegExp(`^${emulator.armEndpoint}/subscriptions/${SUB}/resourcegroups/rg-ok/.*/deployments/demo-1/operationResults/`),
    );
    assert.match(put.header('retry-after') ?? '', /^\d+$/);
    const final = await armCall(emulator, 'GET', new URL(resultUrl).pathname + new URL(resultUrl).search, { token: 't' });
    assert.equal(final.status, 200, 'the Location answers the finished deployment');
    assert.equal(final.body.properties.provisioningState, 'Succeeded');
    assert.ok(
      recorded.some((response) => response.url.startsWith(statusUrl.split('?')[0]!)),
      'the poller read the status URL',
    );

    assert.equal(result.properties?.provisioningState, 'Succeeded');
    assert.deepEqual(result.properties?.outputs, {
      masterFQDN: { type: 'String', value: 'demo.centralus.cloudapp.azure.com' },
      cosmosEndpoint: { type: 'String', value: 'https://demok8s.etcd.cosmosdb.azure.com:2379' },
      location: { type: 'String', value: 'centralus' },
      masterCount: { type: 'Int', value: 3 },
    });
    assert.equal(result.properties?.mode, 'Incremental');
    assert.deepEqual(
      result.properties?.parameters?.servicePrincipalClientSecret,
      { type: 'SecureString' },
      'secure parameters are not echoed',
    );
    assert.ok(result.properties?.outputResources?.some((resource) => /databaseAccounts\/demok8s$/.test(resource.id!)));

    const operations = await operationsOf(deployments, 'rg-ok', 'demo-1');
    const created = operations.filter((operation) => operation.properties?.targetResource);
    assert.equal(created.length, 15, 'cosmos + nsg + vnet + ip + lb + availability set + 3 NICs + 3 VMs + 3 extensions');
    assert.ok(
      created.every(
        (operation) => operation.properties?.provisioningState === 'Succeeded' && operation.properties?.statusCode === 'Created',
      ),
    );
    assert.ok(operations.some((operation) => operation.properties?.provisioningOperation === 'EvaluateDeploymentOutput'));
    const cosmosOperation = created.find(
      (operation) => operation.properties?.targetResource?.resourceType === 'Microsoft.DocumentDB/databaseAccounts',
    )!;
    assert.equal(cosmosOperation.properties?.targetResource?.resourceName, 'demok8s');
    assert.match(cosmosOperation.id!, /\/deployments\/demo-1\/operations\/[0-9A-F]{16}$/);
  });

  it('keeps the tags a deployment was put with, returns them on reads, and refuses tags that are not strings', async () => {
    await resources.resourceGroups.createOrUpdate('rg-tags', { location: 'centralus' });
    const put = await deployments.deployments.createOrUpdate(
      'rg-tags',
      'tag-1',
      { ...deployment('tagdemo'), tags: { owner: 'op-1' } },
      fast,
    );
    assert.deepEqual(put.tags, { owner: 'op-1' });
    assert.deepEqual((await deployments.deployments.get('rg-tags', 'tag-1')).tags, { owner: 'op-1' });
    const listed = [];
    for await (const entry of deployments.deployments.listByResourceGroup('rg-tags')) listed.push(entry);
    assert.deepEqual(
      listed.map((entry) => entry.tags),
      [{ owner: 'op-1' }],
    );
    const untagged = await deployments.deployments.createOrUpdate('rg-tags', 'tag-1', deployment('tagdemo'), fast);
    assert.equal(untagged.tags, undefined, 'a new PUT replaces the tags');
    const refused = await armCall(
      emulator,
      'PUT',
      `/subscriptions/${SUB}/resourcegroups/rg-tags/providers/Microsoft.Resources/deployments/tag-2?api-version=2025-04-01`,
      { token: 't', body: { ...deployment('tagdemo'), tags: { owner: 7 } } },
    );
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.code, 'InvalidRequestContent');
  });

  it('makes the declared resources readable by id: Cosmos DB with EnableEtcd, public IP with FQDN, VMs without secrets', async () => {
    await resources.resourceGroups.createOrUpdate('rg-res', { location: 'centralus' });
    await deployments.deployments.createOrUpdate('rg-res', 'res-1', deployment('resdemo', 3), fast);
    const base = `/subscriptions/${SUB}/resourceGroups/rg-res/providers`;

    const cosmos = await resources.resources.getById(`${base}/Microsoft.DocumentDB/databaseAccounts/resdemok8s`, '2015-04-08');
    assert.equal(cosmos.kind, 'GlobalDocumentDB');
    assert.equal(cosmos.location, 'centralus');
    assert.deepEqual(cosmos.tags, { defaultExperience: 'Etcd' });
    const cosmosProperties = cosmos.properties as Record<string, any>;
    assert.deepEqual(cosmosProperties.capabilities, [{ name: 'EnableEtcd' }]);
    assert.equal(cosmosProperties.provisioningState, 'Succeeded');
    assert.equal(cosmosProperties.documentEndpoint, 'https://resdemok8s.documents.azure.com:443/');

    const ip = await resources.resources.getById(
      `${base}/Microsoft.Network/publicIPAddresses/k8s-master-ip-resdemo-12345678`,
      '2018-08-01',
    );
    const ipProperties = ip.properties as Record<string, any>;
    assert.equal(ipProperties.dnsSettings.fqdn, 'resdemo.centralus.cloudapp.azure.com');
    assert.match(ipProperties.ipAddress, /^203\.0\.113\.\d+$/);

    for (const i of [0, 1, 2]) {
      const vm = await resources.resources.getById(`${base}/Microsoft.Compute/virtualMachines/k8s-master-12345678-${i}`, '2018-06-01');
      const vmProperties = vm.properties as Record<string, any>;
      assert.equal(vmProperties.hardwareProfile.vmSize, 'Standard_D2_v2');
      assert.equal(vmProperties.osProfile.customData, undefined, 'customData is write-only');
      assert.match(vmProperties.vmId, /^[0-9a-f-]{36}$/);
    }
    const extension = await armCall(
      emulator,
      'GET',
      `${base}/Microsoft.Compute/virtualMachines/k8s-master-12345678-0/extensions/cse-master-0?api-version=2018-06-01`,
      { token: 't' },
    );
    assert.equal(extension.status, 200);
    assert.equal(extension.body.name, 'cse-master-0');
    assert.equal(extension.body.properties.protectedSettings, undefined, 'protectedSettings are write-only');
    assert.ok(!JSON.stringify(emulator.admin.state()).includes('not-a-real-secret'), 'secure parameter values are nowhere in the state');

    const listed = [];
    for await (const resource of resources.resources.listByResourceGroup('rg-res')) listed.push(resource.type);
    assert.equal(listed.length, 15);
    await assert.rejects(
      resources.resources.getById(`${base}/Microsoft.Compute/virtualMachines/nope`, '2018-06-01'),
      (error: any) => error.statusCode === 404 && error.code === 'ResourceNotFound',
    );
  });

  it('reports Accepted, then Running with per-resource progress, then Succeeded', async () => {
    // Accepted lasts long enough that a loaded machine still reads it right after the submit.
    emulator.admin.setTiming({ overrides: { deploymentAcceptedMs: 1500, deploymentResourceMs: 60 } });
    await resources.resourceGroups.createOrUpdate('rg-progress', { location: 'centralus' });
    const poller = deployments.deployments.createOrUpdate('rg-progress', 'progress-1', deployment('progress'), { updateIntervalInMs: 10 });
    await poller.submitted();
    assert.equal((await deployments.deployments.get('rg-progress', 'progress-1')).properties?.provisioningState, 'Accepted');
    assert.equal((await operationsOf(deployments, 'rg-progress', 'progress-1')).length, 0, 'nothing has started while Accepted');

    const seen = new Set<string>(['Accepted']);
    let sawRunningOperation = false;
    let sawPartialProgress = false;
    let finished = false;
    const done = poller.pollUntilDone().finally(() => (finished = true));
    while (!finished) {
      const current = await deployments.deployments.get('rg-progress', 'progress-1');
      seen.add(current.properties!.provisioningState!);
      const operations = await operationsOf(deployments, 'rg-progress', 'progress-1');
      if (operations.some((operation) => operation.properties?.provisioningState === 'Running')) sawRunningOperation = true;
      const done = operations.filter((operation) => operation.properties?.provisioningState === 'Succeeded').length;
      if (current.properties?.provisioningState === 'Running' && done > 0 && done < 10) sawPartialProgress = true;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    const result = await done;
    assert.equal(result.properties?.provisioningState, 'Succeeded');
    assert.ok(seen.has('Running'), `states seen: ${[...seen].join(', ')}`);
    assert.ok(sawRunningOperation, 'an operation was seen Running');
    assert.ok(sawPartialProgress, 'some but not all resources were done at some point');
    // Dependencies are respected: the VM finished no earlier than its NIC, the extension after its VM.
    const operations = await operationsOf(deployments, 'rg-progress', 'progress-1');
    const finishedAt = (type: string) =>
      new Date(
        operations.find((operation) => operation.properties?.targetResource?.resourceType === type)!.properties!.timestamp as Date | string,
      ).getTime();
    assert.ok(finishedAt('Microsoft.Network/networkInterfaces') < finishedAt('Microsoft.Compute/virtualMachines'));
    assert.ok(finishedAt('Microsoft.Compute/virtualMachines') < finishedAt('Microsoft.Compute/virtualMachines/extensions'));
  });

  it('merges outputs registered through the admin API into the deployment when it succeeds', async () => {
    await resources.resourceGroups.createOrUpdate('rg-local', { location: 'centralus' });
    const set = await adminCall(emulator, 'POST', '/deployment-outputs', {
      resourceGroup: 'RG-LOCAL',
      outputs: { masterFQDN: '127.0.0.1:6443', etcdEndpoint: { type: 'String', value: 'https://127.0.0.1:2379' } },
    });
    assert.equal(set.status, 200);
    const result = await deployments.deployments.createOrUpdate('rg-local', 'local-1', deployment('local'), fast);
    assert.deepEqual(result.properties?.outputs?.masterFQDN, { type: 'String', value: '127.0.0.1:6443' });
    assert.deepEqual(result.properties?.outputs?.etcdEndpoint, { type: 'String', value: 'https://127.0.0.1:2379' });
    assert.deepEqual(result.properties?.outputs?.location, { type: 'String', value: 'centralus' }, 'other outputs stay');
  });

  it('fails a deployment with VMExtensionProvisioningError: the poller throws, get() and operations carry the ARM error', async () => {
    await resources.resourceGroups.createOrUpdate('rg-fail', { location: 'centralus' });
    const fault = await adminCall(emulator, 'POST', '/deployment-faults', {
      resourceGroup: 'rg-fail',
      code: 'VMExtensionProvisioningError',
    });
    assert.equal(fault.status, 200);
    await assert.rejects(
      deployments.deployments.createOrUpdate('rg-fail', 'fail-1', deployment('fail'), fast),
      /The long-running operation has failed\. DeploymentFailed\./,
    );

    const failed = await deployments.deployments.get('rg-fail', 'fail-1');
    assert.equal(failed.properties?.provisioningState, 'Failed');
    assert.equal(failed.properties?.error?.code, 'DeploymentFailed');
    assert.equal(failed.properties?.error?.details?.[0]?.code, 'VMExtensionProvisioningError');
    assert.match(failed.properties?.error?.details?.[0]?.message ?? '', /cse-master-0/);
    assert.equal(failed.properties?.outputs, undefined);

    const operations = await operationsOf(deployments, 'rg-fail', 'fail-1');
    const failedOperation = operations.find((operation) => operation.properties?.provisioningState === 'Failed')!;
    assert.equal(failedOperation.properties?.targetResource?.resourceType, 'Microsoft.Compute/virtualMachines/extensions');
    assert.equal(failedOperation.properties?.statusCode, 'Conflict');
    assert.equal((failedOperation.properties?.statusMessage as any).error.code, 'VMExtensionProvisioningError');

    // The status URL body the poller read: {"status":"Failed","error":{...}}.
    const status = await armCall(
      emulator,
      'GET',
      `/subscriptions/${SUB}/resourcegroups/rg-fail/providers/Microsoft.Resources/deployments/fail-1?api-version=2026-06-01`,
      { token: 't' },
    );
    assert.equal(status.body.properties.error.details[0].code, 'VMExtensionProvisioningError');
    // The fault was used once: the next deployment succeeds.
    const retry = await deployments.deployments.createOrUpdate('rg-fail', 'fail-2', deployment('fail'), fast);
    assert.equal(retry.properties?.provisioningState, 'Succeeded');
  });

  it('fails a VM with OperationNotAllowed (quota) during the run, or refuses QuotaExceeded in preflight as a RestError', async () => {
    await resources.resourceGroups.createOrUpdate('rg-quota', { location: 'centralus' });
    emulator.admin.addDeploymentFault({ code: 'OperationNotAllowed' });
    await assert.rejects(deployments.deployments.createOrUpdate('rg-quota', 'quota-1', deployment('quota'), fast));
    const failed = await deployments.deployments.get('rg-quota', 'quota-1');
    assert.equal(failed.properties?.error?.details?.[0]?.code, 'OperationNotAllowed');
    assert.match(failed.properties?.error?.details?.[0]?.message ?? '', /exceeding approved Total Regional Cores quota/);
    // Nothing that depends on the failed VM was created: no extension exists.
    const types = [];
    for await (const resource of resources.resources.listByResourceGroup('rg-quota')) types.push(resource.type);
    assert.ok(!types.includes('Microsoft.Compute/virtualMachines/extensions'));

    emulator.admin.addDeploymentFault({ code: 'QuotaExceeded', phase: 'preflight', count: 2 });
    await assert.rejects(
      deployments.deployments.createOrUpdate('rg-quota', 'quota-2', deployment('quota'), fast),
      (error: any) => error.name === 'RestError' && error.statusCode === 400 && error.code === 'InvalidTemplateDeployment',
    );
    // The v2 SDK drops the body of a failed initial LRO response; the details are in it (ARM error shape).
    const raw = await armCall(
      emulator,
      'PUT',
      `/subscriptions/${SUB}/resourcegroups/rg-quota/providers/Microsoft.Resources/deployments/quota-2?api-version=2026-06-01`,
      { token: 't', body: deployment('quota') },
    );
    assert.equal(raw.status, 400);
    assert.equal(raw.body.error.code, 'InvalidTemplateDeployment');
    assert.equal(raw.body.error.details[0].code, 'QuotaExceeded');
    await assert.rejects(
      deployments.deployments.get('rg-quota', 'quota-2'),
      (error: any) => error.statusCode === 404 && error.code === 'DeploymentNotFound',
    );
  });

  it('fails the Cosmos DB account with BadRequest when its global name is taken by another group', async () => {
    await resources.resourceGroups.createOrUpdate('rg-first', { location: 'centralus' });
    await resources.resourceGroups.createOrUpdate('rg-second', { location: 'centralus' });
    await deployments.deployments.createOrUpdate('rg-first', 'first', deployment('taken'), fast);
    await assert.rejects(deployments.deployments.createOrUpdate('rg-second', 'second', deployment('taken'), fast));
    const failed = await deployments.deployments.get('rg-second', 'second');
    assert.deepEqual(
      failed.properties?.error?.details?.map((detail) => [detail.code, detail.message]),
      [['BadRequest', "DatabaseAccount name 'takenk8s' already exists."]],
    );
    // Redeploying into the group that owns the account is an update, not a conflict.
    const again = await deployments.deployments.createOrUpdate('rg-first', 'first-again', deployment('taken'), fast);
    assert.equal(again.properties?.provisioningState, 'Succeeded');
    const updated = (await operationsOf(deployments, 'rg-first', 'first-again')).find(
      (operation) => operation.properties?.targetResource?.resourceName === 'takenk8s',
    );
    assert.equal(updated?.properties?.statusCode, 'OK');
    // The same fault on demand, with its usual message:
    emulator.admin.addDeploymentFault({ code: 'BadRequest', resourceGroup: 'rg-second' });
    await assert.rejects(deployments.deployments.createOrUpdate('rg-second', 'second-2', deployment('fresh'), fast));
    assert.equal(
      (await deployments.deployments.get('rg-second', 'second-2')).properties?.error?.details?.[0]?.message,
      "DatabaseAccount name 'freshk8s' already exists.",
    );
  });

  it('refuses a template using an unregistered namespace with 409 MissingSubscriptionRegistration', async () => {
    emulator.admin.reset();
    await resources.resourceGroups.createOrUpdate('rg-unreg', { location: 'centralus' });
    await assert.rejects(
      deployments.deployments.createOrUpdate('rg-unreg', 'unreg', deployment('unreg'), fast),
      (error: any) =>
        error.name === 'RestError' &&
        error.statusCode === 409 &&
        error.code === 'MissingSubscriptionRegistration' &&
        /Microsoft\.DocumentDB/.test(error.message),
    );
  });

  it('refuses bad templates synchronously with 400 InvalidTemplate', async () => {
    await resources.resourceGroups.createOrUpdate('rg-bad', { location: 'centralus' });
    const broken = aksLikeTemplate();
    (broken.variables as Record<string, unknown>).cosmosAccountName = "[concat(parameters('noSuchParameter'), 'k8s')]";
    await assert.rejects(
      deployments.deployments.createOrUpdate(
        'rg-bad',
        'bad-1',
        { properties: { mode: 'Incremental', template: broken, parameters: aksLikeParameters('bad') } },
        fast,
      ),
      (error: any) =>
        error.statusCode === 400 &&
        error.code === 'InvalidTemplate' &&
        /Deployment template validation failed: .*noSuchParameter/.test(error.message),
    );
    const dangling = aksLikeTemplate();
    (dangling.resources as Array<Record<string, unknown>>)[1]!.dependsOn = ['Microsoft.Network/publicIPAddresses/ghost'];
    await assert.rejects(
      deployments.deployments.createOrUpdate(
        'rg-bad',
        'bad-2',
        { properties: { mode: 'Incremental', template: dangling, parameters: aksLikeParameters('bad') } },
        fast,
      ),
      (error: any) =>
        error.code === 'InvalidTemplate' &&
        /'Microsoft.Network\/publicIPAddresses\/ghost' is not defined in the template/.test(error.message),
    );
    const missingMode = await armCall(
      emulator,
      'PUT',
      `/subscriptions/${SUB}/resourcegroups/rg-bad/providers/Microsoft.Resources/deployments/bad-3?api-version=2026-06-01`,
      { token: 't', body: { properties: { template: aksLikeTemplate() } } },
    );
    assert.equal(missingMode.status, 400);
    assert.equal(missingMode.body.error.code, 'InvalidRequestContent');
    await assert.rejects(
      deployments.deployments.createOrUpdate('rg-bad', 'bad name!', deployment('bad'), fast),
      (error: any) => error.code === 'DeploymentNameInvalidCharacters',
    );
    await assert.rejects(
      deployments.deployments.createOrUpdate('rg-missing', 'x', deployment('bad'), fast),
      (error: any) => error.statusCode === 404 && error.code === 'ResourceGroupNotFound',
    );
  });

  it('validates a deployment (POST validate) without creating anything or using up run-time faults', async () => {
    await resources.resourceGroups.createOrUpdate('rg-validate', { location: 'centralus' });
    emulator.admin.addDeploymentFault({ code: 'VMExtensionProvisioningError' });
    const result = await deployments.deployments.validate('rg-validate', 'check', deployment('check', 3), fast);
    assert.equal(result.properties?.provisioningState, 'Succeeded');
    const state = emulator.admin.state() as { deployments: unknown[]; resources: unknown[] };
    assert.deepEqual([state.deployments.length, state.resources.length], [0, 0]);
    assert.equal(emulator.admin.faults().deployments.length, 1, 'the run-time fault waits for a real deployment');
    const broken = aksLikeTemplate();
    broken.outputs = { bad: { type: 'string', value: "[variables('missing')]" } };
    (broken.variables as Record<string, unknown>).oops = "[parameters('absent')]";
    const raw = await armCall(
      emulator,
      'POST',
      `/subscriptions/${SUB}/resourcegroups/rg-validate/providers/Microsoft.Resources/deployments/check/validate?api-version=2026-06-01`,
      {
        token: 't',
        body: { properties: { mode: 'Incremental', template: broken, parameters: aksLikeParameters('check') } },
      },
    );
    assert.equal(raw.status, 400);
    assert.equal(raw.body.error.code, 'InvalidTemplate');
    assert.equal(raw.body.error.additionalInfo[0].type, 'TemplateViolation');
    assert.equal(raw.body.error.additionalInfo[0].info.path, 'variables.oops');
  });

  it('refuses to replace a running deployment (409 DeploymentActiveAndUneditable) and can cancel it', async () => {
    emulator.admin.setTiming({ overrides: { deploymentResourceMs: 2_000 } });
    await resources.resourceGroups.createOrUpdate('rg-active', { location: 'centralus' });
    const poller = deployments.deployments.createOrUpdate('rg-active', 'active', deployment('active'), fast);
    await poller.submitted();
    await assert.rejects(
      deployments.deployments.createOrUpdate('rg-active', 'active', deployment('active'), fast),
      (error: any) => error.statusCode === 409 && error.code === 'DeploymentActiveAndUneditable',
    );
    await deployments.deployments.cancel('rg-active', 'active');
    await assert.rejects(poller.pollUntilDone(), /canceled/i);
    assert.equal((await deployments.deployments.get('rg-active', 'active')).properties?.provisioningState, 'Canceled');
  });

  it('deleting the resource group removes its deployments and resources', async () => {
    await resources.resourceGroups.createOrUpdate('rg-gone', { location: 'centralus' });
    await deployments.deployments.createOrUpdate('rg-gone', 'gone', deployment('gone', 3), fast);
    assert.equal((emulator.admin.state() as { resources: unknown[] }).resources.length, 15);
    await resources.resourceGroups.delete('rg-gone', fast);
    const state = emulator.admin.state() as { resources: unknown[]; deployments: unknown[]; resourceGroups: unknown[] };
    assert.deepEqual([state.resourceGroups.length, state.deployments.length, state.resources.length], [0, 0, 0]);
    const resource = await armCall(
      emulator,
      'GET',
      `/subscriptions/${SUB}/resourceGroups/rg-gone/providers/Microsoft.DocumentDB/databaseAccounts/gonek8s?api-version=2015-04-08`,
      { token: 't' },
    );
    assert.equal(resource.status, 404);
    assert.equal(resource.body.error.code, 'ResourceGroupNotFound');
  });

  it('pages deployment operations with nextLink, which the SDK follows', async () => {
    await emulator.close();
    emulator = await startAzureEmulator({ pageSize: 4 });
    trustCaForFetch(emulator.caPem);
    resources = resourceClient(emulator, SUB);
    deployments = deploymentsClient(emulator, SUB);
    await resources.providers.register('Microsoft.DocumentDB');
    await resources.resourceGroups.createOrUpdate('rg-pages', { location: 'centralus' });
    await deployments.deployments.createOrUpdate('rg-pages', 'pages', deployment('pages', 3), fast);
    const operations = await operationsOf(deployments, 'rg-pages', 'pages');
    assert.equal(operations.length, 16, '15 resources and the output evaluation');
    assert.equal(new Set(operations.map((operation) => operation.operationId)).size, 16);
    assert.equal(emulator.admin.calls().calls['LIST deploymentOperations'], 4);
  });
});
