// The Compute and Network calls aks-engine v0.32.3's scale and upgrade make besides deployments, through the SDK
// pipeline: deployments that add VMs to a group that has some, VM list/get/instance view, VM delete as a
// long-running operation followed by its NIC and OS disk, scale set capacity updates and instance deletes; and the
// virtualMachinesChanged hook, which hears of every change before the deployment or delete that made it finishes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { DeploymentsClient } from '@azure/arm-resourcesdeployments';
import { startAzureEmulator, type AzureEmulator, type VirtualMachineEvent } from '../../../local/azure';
import { deploymentsClient, recordResponses, resourceClient } from '../../support/azure-emulator';
import { eventually } from '../../support/process';
import { armSend, type PipelineAnswer } from './fixtures/arm-pipeline';
import { nodePoolDeployment } from './fixtures/node-pool-template';

const SUB = '0d2a7c4e-1b3f-4a5d-8e6f-7a8b9c0d1e2f';
const GROUP = 'rg-day2';
const COMPUTE = '2018-10-01';
const fast = { updateIntervalInMs: 5 };
const groupPath = `/subscriptions/${SUB}/resourceGroups/${GROUP}`;
const vmPath = (name: string) => `${groupPath}/providers/Microsoft.Compute/virtualMachines/${name}`;
const vmssPath = `${groupPath}/providers/Microsoft.Compute/virtualMachineScaleSets/k8s-pool2-12345678-vmss`;

describe('Azure emulator: day-2 Compute operations and the VM hook', () => {
  let emulator: AzureEmulator;
  let resources: ResourceManagementClient;
  let deployments: DeploymentsClient;
  const events: Array<{ group: string; vms: VirtualMachineEvent[] }> = [];
  let gate: Promise<void> | undefined;
  const send = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', path: string, options: Parameters<typeof armSend>[4] = {}) =>
    armSend(resources, emulator.armEndpoint, method, path, { apiVersion: COMPUTE, ...options });
  const lastEvent = () => events.at(-1)!.vms.map((vm) => vm.name);
  /** Polls an operation's Azure-AsyncOperation URL until it is over. */
  const settle = async (answer: PipelineAnswer) => {
    const statusUrl = answer.headers['azure-asyncoperation']!;
    return eventually(
      async () => {
        const status = await armSend(resources, emulator.armEndpoint, 'GET', statusUrl);
        return status.body.status === 'InProgress' ? undefined : status;
      },
      5_000,
      10,
    );
  };

  before(async () => {
    emulator = await startAzureEmulator({
      log: () => undefined,
      hooks: {
        virtualMachinesChanged: async (group, vms) => {
          events.push({ group, vms });
          await gate;
        },
      },
    });
    resources = resourceClient(emulator, SUB);
    deployments = deploymentsClient(emulator, SUB);
    await resources.resourceGroups.createOrUpdate(GROUP, { location: 'centralus' });
  });
  after(() => emulator.close());

  it('adds VMs and scale set instances with a deployment, which ends only after the hook has heard of them', async () => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const poller = deployments.deployments.createOrUpdate(GROUP, 'cluster', nodePoolDeployment({ agentCount: 2, scaleSetCount: 2 }), fast);
    await poller.submitted();
    await eventually(async () => {
      await deployments.deployments.get(GROUP, 'cluster'); // requests are what move the emulator's clock on
      return events.length > 0 ? true : undefined;
    });
    assert.equal((await deployments.deployments.get(GROUP, 'cluster')).properties?.provisioningState, 'Running', 'waits for the hook');
    open();
    gate = undefined;
    assert.equal((await poller.pollUntilDone()).properties?.provisioningState, 'Succeeded');
    assert.equal(events[0]!.group, GROUP);
    assert.deepEqual(lastEvent(), [
      'k8s-agentpool-12345678-0',
      'k8s-agentpool-12345678-1',
      'k8s-pool2-12345678-vmss_0',
      'k8s-pool2-12345678-vmss_1',
    ]);
    const vm = events.at(-1)!.vms[0]!;
    assert.equal(vm.poolName, 'agentpool');
    assert.equal(vm.tags.orchestrator, 'Kubernetes:1.13.5');
    assert.equal(events.at(-1)!.vms[2]!.poolName, 'pool2');
  });

  it('lists and gets VMs as Compute does: OS disk, computerName, extensions, instance view', async () => {
    const list = await send('GET', `${groupPath}/providers/Microsoft.Compute/virtualMachines`);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.value.map((vm: any) => vm.name),
      ['k8s-agentpool-12345678-0', 'k8s-agentpool-12345678-1'],
    );
    const vm = list.body.value[0];
    assert.equal(vm.type, 'Microsoft.Compute/virtualMachines');
    assert.equal(vm.properties.provisioningState, 'Succeeded');
    assert.equal(vm.properties.hardwareProfile.vmSize, 'Standard_D2_v3');
    assert.equal(vm.properties.osProfile.computerName, 'k8s-agentpool-12345678-0');
    assert.equal(vm.properties.osProfile.customData, undefined, 'customData is write-only');
    const osDisk = vm.properties.storageProfile.osDisk;
    assert.equal(osDisk.osType, 'Linux');
    assert.match(osDisk.name, /^k8s-agentpool-12345678-0_OsDisk_1_[0-9a-f]{32}$/);
    assert.equal(osDisk.managedDisk.id, `${groupPath}/providers/Microsoft.Compute/disks/${osDisk.name}`);
    assert.equal(vm.properties.instanceView, undefined, 'no instance view unless asked');
    assert.deepEqual(
      vm.resources.map((extension: any) => extension.name),
      ['cse-agent-0'],
    );

    const expanded = await send('GET', `${groupPath}/providers/Microsoft.Compute/virtualMachines`, {
      apiVersion: '2024-07-01',
      query: { $expand: 'instanceView' },
    });
    const statuses = expanded.body.value[1].properties.instanceView.statuses.map((status: any) => status.code);
    assert.deepEqual(statuses, ['ProvisioningState/succeeded', 'PowerState/running']);
    const one = await send('GET', vmPath('k8s-agentpool-12345678-1'), { query: { $expand: 'instanceView' } });
    assert.equal(one.body.properties.instanceView.computerName, 'k8s-agentpool-12345678-1');
    const view = await send('GET', `${vmPath('k8s-agentpool-12345678-1')}/instanceView`);
    assert.equal(view.body.extensions[0].statuses[0].code, 'ProvisioningState/succeeded');
    assert.equal((await send('GET', vmPath('nope'))).body.error.code, 'ResourceNotFound');

    const disks = await armSend(resources, emulator.armEndpoint, 'GET', `${groupPath}/providers/Microsoft.Compute/disks`, {
      apiVersion: '2018-06-01',
    });
    const disk = disks.body.value.find((candidate: any) => candidate.name === osDisk.name);
    assert.equal(disk.managedBy, vm.id, 'the OS disk exists as a disk, attached');
    assert.equal(disk.properties.diskState, 'Attached');
    const nic = await resources.resources.getById(vm.properties.networkProfile.networkInterfaces[0].id, '2018-08-01');
    assert.equal((nic.properties as any).virtualMachine.id, vm.id);
  });

  it('adds VMs next to existing ones with an incremental deployment (aks-engine scale: count and offset)', async () => {
    const before = events.length;
    await deployments.deployments.createOrUpdate(
      GROUP,
      `${GROUP}-1234`,
      nodePoolDeployment({ agentCount: 3, agentOffset: 2, scaleSetCount: 2 }),
      fast,
    );
    assert.ok(events.length > before);
    assert.deepEqual(
      lastEvent().filter((name) => name.includes('agentpool')),
      ['k8s-agentpool-12345678-0', 'k8s-agentpool-12345678-1', 'k8s-agentpool-12345678-2'],
    );
    const usages = await send('GET', `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/centralus/usages`, {
      apiVersion: '2024-07-01',
    });
    const dv3 = usages.body.value.find((usage: any) => usage.name.value === 'standardDv3Family');
    assert.equal(dv3.currentValue, 10, 'three VMs and two instances of 2 vCPUs');
  });

  it("deletes a VM as a long-running operation, then its NIC and OS disk (aks-engine's CleanDeleteVirtualMachine)", async () => {
    // Long enough for the checks below to see the deletion under way, on a busy machine too.
    emulator.admin.setTiming({ overrides: { resourceDeleteDurationsMs: { 'Microsoft.Compute/virtualMachines': 1500 } } });
    try {
      const vm = (await send('GET', vmPath('k8s-agentpool-12345678-2'))).body;
      const nicId = vm.properties.networkProfile.networkInterfaces[0].id;
      const diskName = vm.properties.storageProfile.osDisk.name;

      const accepted = await send('DELETE', vmPath('k8s-agentpool-12345678-2'));
      assert.equal(accepted.status, 202);
      const operations = `https://127\\.0\\.0\\.1:\\d+/subscriptions/${SUB}/providers/Microsoft\\.Compute/locations/centralus/operations/`;
      assert.match(accepted.headers['azure-asyncoperation']!, new RegExp(`^${operations}[\\w-]+\\?api-version=2018-10-01$`));
      assert.match(accepted.headers.location!, new RegExp(`^${operations}[\\w-]+\\?monitor=true&api-version=2018-10-01$`));
      // Go's autorest waits a minute between polls without Retry-After, so every unfinished answer carries it.
      assert.match(accepted.headers['retry-after'] ?? '', /^[1-9]\d*$/);
      assert.equal((await send('GET', vmPath('k8s-agentpool-12345678-2'))).body.properties.provisioningState, 'Deleting');
      const running = await armSend(resources, emulator.armEndpoint, 'GET', accepted.headers['azure-asyncoperation']!);
      assert.equal(running.body.status, 'InProgress');
      assert.match(running.headers['retry-after'] ?? '', /^[1-9]\d*$/);
      assert.equal((await armSend(resources, emulator.armEndpoint, 'GET', accepted.headers.location!)).status, 202);
      const inUse = await armSend(resources, emulator.armEndpoint, 'DELETE', nicId, { apiVersion: '2018-08-01' });
      assert.equal(inUse.status, 400);
      assert.equal(inUse.body.error.code, 'NicInUse');
      const attached = await armSend(
        resources,
        emulator.armEndpoint,
        'DELETE',
        `${groupPath}/providers/Microsoft.Compute/disks/${diskName}`,
        {
          apiVersion: '2018-06-01',
        },
      );
      assert.equal(attached.status, 409);

      const done = await settle(accepted);
      assert.equal(done.body.status, 'Succeeded');
      assert.ok(done.body.endTime);
      assert.equal((await armSend(resources, emulator.armEndpoint, 'GET', accepted.headers.location!)).status, 200);
      assert.equal((await send('GET', vmPath('k8s-agentpool-12345678-2'))).status, 404);
      assert.ok(!lastEvent().includes('k8s-agentpool-12345678-2'), 'the hook heard of it');

      const nicDelete = await armSend(resources, emulator.armEndpoint, 'DELETE', nicId, { apiVersion: '2018-08-01' });
      assert.equal(nicDelete.status, 202);
      assert.match(nicDelete.headers['azure-asyncoperation']!, /\/providers\/Microsoft\.Network\/locations\/centralus\/operations\//);
      assert.match(nicDelete.headers.location!, /\/providers\/Microsoft\.Network\/locations\/centralus\/operationResults\//);
      assert.equal((await settle(nicDelete)).body.status, 'Succeeded');
      assert.equal((await armSend(resources, emulator.armEndpoint, 'GET', nicDelete.headers.location!)).status, 204);
      const diskDelete = await armSend(
        resources,
        emulator.armEndpoint,
        'DELETE',
        `${groupPath}/providers/Microsoft.Compute/disks/${diskName}`,
        {
          apiVersion: '2018-06-01',
        },
      );
      assert.equal(diskDelete.status, 202);
      assert.match(diskDelete.headers['azure-asyncoperation']!, /\/DiskOperations\//);
      await settle(diskDelete);
      const left = emulator.admin.state().resources.map((resource) => resource.name);
      assert.ok(!left.includes(diskName) && !left.some((name) => name.endsWith('-nic-2')), 'NIC and disk are gone');
      assert.equal(
        (await armSend(resources, emulator.armEndpoint, 'DELETE', nicId, { apiVersion: '2018-08-01' })).status,
        204,
        'gone: 204',
      );
    } finally {
      emulator.admin.setTiming({ overrides: {} });
    }
  });

  it("deletes a VM through @azure/arm-resources' deleteById poller, and finishes only once the hook has heard of it", async () => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const recorded = recordResponses(resources.pipeline);
    const poller = await resources.resources.beginDeleteById(`${vmPath('k8s-agentpool-12345678-1')}`, COMPUTE, fast);
    let finished = false;
    const done = poller.pollUntilDone().then(() => (finished = true));
    await eventually(async () => (lastEvent().includes('k8s-agentpool-12345678-1') ? undefined : true), 5_000, 5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(finished, false, 'still running while the hook runs');
    open();
    gate = undefined;
    await done;
    assert.equal(recorded[0]!.status, 202);
    assert.ok(
      recorded.some((response) => response.url.includes('/operations/')),
      'polled the operation',
    );
    assert.equal((await send('GET', vmPath('k8s-agentpool-12345678-1'))).status, 404);
  });

  it('scales a scale set with a PUT of its sku alone (SetVirtualMachineScaleSetCapacity) and deletes instances', async () => {
    const list = await send('GET', `${groupPath}/providers/Microsoft.Compute/virtualMachineScaleSets`);
    assert.deepEqual(
      list.body.value.map((set: any) => [set.name, set.sku.capacity]),
      [['k8s-pool2-12345678-vmss', 2]],
    );
    const put = await send('PUT', vmssPath, {
      body: { location: 'centralus', sku: { name: 'Standard_D2_v3', tier: 'Standard', capacity: 3 } },
    });
    assert.equal(put.status, 200);
    assert.equal(put.body.properties.provisioningState, 'Updating');
    assert.equal((await settle(put)).body.status, 'Succeeded');
    const scaleSet = (await send('GET', vmssPath)).body;
    assert.equal(scaleSet.sku.capacity, 3);
    assert.ok(scaleSet.properties.virtualMachineProfile.osProfile, 'the model is kept');
    assert.equal(scaleSet.tags.poolName, 'pool2', 'and so are the tags');

    const instances = (await send('GET', `${vmssPath}/virtualMachines`)).body.value;
    assert.deepEqual(
      instances.map((instance: any) => [instance.instanceId, instance.name, instance.properties.osProfile.computerName]),
      [
        ['0', 'k8s-pool2-12345678-vmss_0', 'k8s-pool2-12345678-vmss000000'],
        ['1', 'k8s-pool2-12345678-vmss_1', 'k8s-pool2-12345678-vmss000001'],
        ['2', 'k8s-pool2-12345678-vmss_2', 'k8s-pool2-12345678-vmss000002'],
      ],
    );
    assert.equal(instances[0].tags.orchestrator, 'Kubernetes:1.13.5');
    assert.ok(lastEvent().includes('k8s-pool2-12345678-vmss_2'));
    const one = await send('GET', `${vmssPath}/virtualMachines/2`, { query: { $expand: 'instanceView' } });
    assert.equal(one.body.properties.instanceView.statuses[1].code, 'PowerState/running');

    const deleteOne = await send('DELETE', `${vmssPath}/virtualMachines/0`);
    assert.equal(deleteOne.status, 202);
    await settle(deleteOne);
    const deleteMany = await send('POST', `${vmssPath}/delete`, { body: { instanceIds: ['1'] } });
    assert.equal(deleteMany.status, 202);
    await settle(deleteMany);
    assert.deepEqual(
      (await send('GET', `${vmssPath}/virtualMachines`)).body.value.map((instance: any) => instance.instanceId),
      ['2'],
    );
    assert.equal((await send('GET', vmssPath)).body.sku.capacity, 1, 'deleting instances lowers the capacity');
    assert.deepEqual(
      lastEvent().filter((name) => name.includes('vmss')),
      ['k8s-pool2-12345678-vmss_2'],
    );
    const unknown = await send('POST', `${vmssPath}/delete`, { body: { instanceIds: ['7'] } });
    assert.equal(unknown.status, 400);
  });

  it("keeps each instance's model: after a template with a new version, only new instances carry it (an upgrade's surge)", async () => {
    await deployments.deployments.createOrUpdate(
      GROUP,
      'agentscaleset-upgrade',
      nodePoolDeployment({ agentCount: 1, scaleSetCount: 2, version: '1.14.1' }),
      fast,
    );
    const vms = events.at(-1)!.vms.filter((vm) => vm.name.includes('vmss'));
    assert.deepEqual(
      vms.map((vm) => [vm.name, vm.tags.orchestrator]),
      [
        ['k8s-pool2-12345678-vmss_2', 'Kubernetes:1.13.5'],
        ['k8s-pool2-12345678-vmss_3', 'Kubernetes:1.14.1'],
      ],
    );
    const agent = events.at(-1)!.vms.find((vm) => vm.name === 'k8s-agentpool-12345678-0')!;
    assert.equal(agent.tags.orchestrator, 'Kubernetes:1.14.1', 'a VM redeployed in place takes the new tags');
  });

  it('refuses a scale set capacity beyond the quota with 409 QuotaExceeded, and counts every call', async () => {
    emulator.admin.setComputeQuota('centralus', 'standardDv3Family', { limit: 8 });
    const put = await send('PUT', vmssPath, { body: { location: 'centralus', sku: { name: 'Standard_D2_v3', capacity: 5 } } });
    assert.equal(put.status, 409);
    assert.equal(put.body.error.code, 'QuotaExceeded');
    assert.match(
      put.body.error.message,
      /exceeding approved standardDv3Family Cores quota.*Current Limit: 8, Current Usage: 6, Additional Required: 6/,
    );
    const calls = emulator.admin.calls().calls;
    assert.ok(calls['DELETE virtualMachines']! >= 2);
    assert.ok(calls['PUT virtualMachineScaleSets']! >= 2);
    assert.ok(calls['GET computeOperations']! > 0);
  });
});
