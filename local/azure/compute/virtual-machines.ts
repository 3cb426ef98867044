// Virtual machines (Compute): list a group's VMs (or a subscription's), get one, its instance view
// ($expand=instanceView or /instanceView), and delete one as a long-running operation. A VM being deleted reports
// provisioningState Deleting; once gone, its OS disk and NIC stay (Azure's default) until deleted themselves.
import type { EmulatorCore } from '../core/emulator-core';
import { keyOf, resourceGroupId } from '../core/ids';
import type { ArmResource, ResourceRecord } from '../core/state';
import { notFound } from '../http/errors';
import { pageOf } from '../http/paging';
import { queryParam, type EmulatorRequest } from '../http/request';
import type { Router } from '../http/router';
import { requireGroup } from '../arm/resource-groups';
import { VM_TYPE } from './inventory';
import { deleteResource } from './operations';
import { typedStorageProfile } from './typed-storage-profile';

const GROUP = '/subscriptions/([^/]+)/resourcegroups/([^/]+)';
const VMS = `${GROUP}/providers/Microsoft\\.Compute/virtualMachines`;

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function resourceNotFound(type: string, name: string, groupName: string) {
  return notFound(
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${groupName}' was not found. ` +
      'For more details please go to https://aka.ms/ARMResourceNotFoundFix',
  );
}

export function wantsInstanceView(request: EmulatorRequest): boolean {
  return /instanceview/i.test(queryParam(request.query, '$expand') ?? '') || queryParam(request.query, 'statusOnly') === 'true';
}

function status(code: string, displayStatus: string, time?: number): Record<string, unknown> {
  const entry: Record<string, unknown> = { code, level: 'Info', displayStatus };
  if (time !== undefined) entry.time = new Date(time).toISOString();
  return entry;
}

/** A VM's instance view: provisioning and power state, agent, disks and extensions. */
export function instanceViewOf(core: EmulatorCore, entry: ResourceRecord): Record<string, unknown> {
  const properties = record(entry.resource.properties);
  const deleting = properties.provisioningState === 'Deleting';
  const osDisk = record(record(properties.storageProfile).osDisk);
  const extensions = childExtensions(core, entry.resource.id).map((extension) => {
    const settings = record(extension.properties);
    return {
      name: extension.name,
      type: `${String(settings.publisher ?? 'Microsoft.Azure.Extensions')}.${String(settings.type ?? 'CustomScript')}`,
      typeHandlerVersion: settings.typeHandlerVersion ?? '2.0',
      statuses: [{ ...status('ProvisioningState/succeeded', 'Provisioning succeeded'), message: 'Enable succeeded' }],
    };
  });
  return {
    computerName: record(properties.osProfile).computerName ?? entry.resource.name,
    osName: 'ubuntu',
    osVersion: '16.04',
    vmAgent: {
      vmAgentVersion: '2.2.40',
      statuses: [{ ...status('ProvisioningState/succeeded', 'Ready'), message: 'Guest Agent is running' }],
    },
    disks: osDisk.name
      ? [{ name: osDisk.name, statuses: [status('ProvisioningState/succeeded', 'Provisioning succeeded', entry.createdAt)] }]
      : [],
    extensions,
    statuses: [
      deleting
        ? status('ProvisioningState/deleting', 'Deleting', core.now())
        : status('ProvisioningState/succeeded', 'Provisioning succeeded', entry.createdAt),
      status('PowerState/running', 'VM running'),
    ],
  };
}

function childExtensions(core: EmulatorCore, vmId: string): ArmResource[] {
  const prefix = `${keyOf(vmId)}/extensions/`;
  return Object.entries(core.state.resources)
    .filter(([key]) => key.startsWith(prefix) && !key.slice(prefix.length).includes('/'))
    .map(([, child]) => child.resource);
}

/** A VM as GET returns it: its extensions under resources, its instance view when asked. */
function toVirtualMachine(core: EmulatorCore, entry: ResourceRecord, expand: boolean): ArmResource {
  const vm: ArmResource = { ...entry.resource, properties: { ...entry.resource.properties } };
  if (vm.properties.storageProfile !== undefined) vm.properties.storageProfile = typedStorageProfile(vm.properties.storageProfile);
  const extensions = childExtensions(core, entry.resource.id);
  if (extensions.length > 0) vm.resources = extensions;
  if (expand) vm.properties.instanceView = instanceViewOf(core, entry);
  return vm;
}

function vmsOf(core: EmulatorCore, filter: (entry: ResourceRecord) => boolean): ResourceRecord[] {
  return Object.values(core.state.resources)
    .filter((entry) => entry.resource.type.toLowerCase() === VM_TYPE && filter(entry))
    .sort((a, b) => a.createdAt - b.createdAt || a.resource.name.localeCompare(b.resource.name));
}

export function registerVirtualMachineRoutes(router: Router, core: EmulatorCore): void {
  const find = (subscriptionId: string, groupName: string, name: string): ResourceRecord => {
    requireGroup(core, subscriptionId, groupName);
    const entry =
      core.state.resources[keyOf(`${resourceGroupId(subscriptionId, groupName)}/providers/Microsoft.Compute/virtualMachines/${name}`)];
    if (!entry) throw resourceNotFound('Microsoft.Compute/virtualMachines', name, groupName);
    return entry;
  };

  router.add('GET', '/subscriptions/([^/]+)/providers/Microsoft\\.Compute/virtualMachines', 'LIST virtualMachines', (request, [sub]) => {
    const prefix = `/subscriptions/${sub!.toLowerCase()}/`;
    const vms = vmsOf(core, (entry) => entry.resourceGroupKey.startsWith(prefix));
    return {
      status: 200,
      body: pageOf(
        vms.map((entry) => toVirtualMachine(core, entry, wantsInstanceView(request))),
        request,
        core.settings.pageSize,
      ),
    };
  });

  router.add('GET', VMS, 'LIST virtualMachines', (request, [subscriptionId, groupName]) => {
    const group = requireGroup(core, subscriptionId!, groupName!);
    const vms = vmsOf(core, (entry) => entry.resourceGroupKey === keyOf(group.id));
    return {
      status: 200,
      body: pageOf(
        vms.map((entry) => toVirtualMachine(core, entry, wantsInstanceView(request))),
        request,
        core.settings.pageSize,
      ),
    };
  });

  router.add('GET', `${VMS}/([^/]+)`, 'GET virtualMachines', (request, [subscriptionId, groupName, name]) => ({
    status: 200,
    body: toVirtualMachine(core, find(subscriptionId!, groupName!, name!), wantsInstanceView(request)),
  }));

  router.add('GET', `${VMS}/([^/]+)/instanceView`, 'GET virtualMachines/instanceView', (_request, [subscriptionId, groupName, name]) => ({
    status: 200,
    body: instanceViewOf(core, find(subscriptionId!, groupName!, name!)),
  }));

  router.add('DELETE', `${VMS}/([^/]+)`, 'DELETE virtualMachines', (request, [subscriptionId, groupName, name]) =>
    deleteResource(
      core,
      request,
      { subscriptionId: subscriptionId!, groupName: groupName!, type: 'Microsoft.Compute/virtualMachines', name: name! },
      'operations',
    ),
  );
}
