// Virtual machine scale sets (Compute): list, get, create or update (PUT, PATCH: a body with only sku.capacity
// changes the capacity, as aks-engine's SetVirtualMachineScaleSetCapacity sends it), delete; their instances:
// list, get, instance view, delete one (DELETE .../virtualMachines/{instanceId}) or several (POST .../delete).
// Updates and deletes are long-running operations; instances follow the capacity when they complete.
import { randomUUID } from 'node:crypto';
import type { EmulatorCore } from '../core/emulator-core';
import { keyOf, resourceGroupId } from '../core/ids';
import type { ArmResource, ResourceGroupRecord, ScaleSetInstance } from '../core/state';
import { deleteDuration, resourceDuration } from '../core/timing';
import { ApiError, badRequest } from '../http/errors';
import { pageOf } from '../http/paging';
import { isRecord, type EmulatorRequest } from '../http/request';
import type { Router } from '../http/router';
import { requireAction } from '../arm/authorization';
import { normalizeLocation } from '../arm/locations';
import { requireGroup } from '../arm/resource-groups';
import { capacityProblems } from './capacity-check';
import { scaleSetSku, VMSS_TYPE } from './inventory';
import { acceptedOperation, operationHeaders, startResourceOperation } from './operations';
import { resourceNotFound, wantsInstanceView } from './virtual-machines';
import { typedStorageProfile } from './typed-storage-profile';

const GROUP = '/subscriptions/([^/]+)/resourcegroups/([^/]+)';
const SETS = `${GROUP}/providers/Microsoft\\.Compute/virtualMachineScaleSets`;

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Azure's computer name of an instance: the prefix and the instance id in base 36, six characters. */
function computerName(prefix: string, instanceId: string): string {
  return `${prefix}${Number(instanceId).toString(36).padStart(6, '0')}`;
}

function instanceStatus(instance: ScaleSetInstance): Array<Record<string, unknown>> {
  return [
    instance.deleting
      ? { code: 'ProvisioningState/deleting', level: 'Info', displayStatus: 'Deleting' }
      : {
          code: 'ProvisioningState/succeeded',
          level: 'Info',
          displayStatus: 'Provisioning succeeded',
          time: new Date(instance.createdAt).toISOString(),
        },
    { code: 'PowerState/running', level: 'Info', displayStatus: 'VM running' },
  ];
}

/** An instance as VirtualMachineScaleSetVMs_Get returns it, built from the scale set's model when it was created. */
function toInstance(scaleSet: ArmResource, instance: ScaleSetInstance, expand: boolean): Record<string, unknown> {
  const model = record(record(scaleSet.properties).virtualMachineProfile);
  const osProfile = record(model.osProfile);
  const prefix = typeof osProfile.computerNamePrefix === 'string' ? osProfile.computerNamePrefix : scaleSet.name;
  const storage = record(typedStorageProfile(model.storageProfile));
  const osDisk = record(storage.osDisk);
  const imagePublisher = String(record(storage.imageReference).publisher ?? '');
  const name = computerName(prefix, instance.instanceId);
  const { computerNamePrefix: _prefix, customData: _customData, adminPassword: _password, ...guest } = osProfile;
  const properties: Record<string, unknown> = {
    latestModelApplied: true,
    vmId: instance.vmId,
    hardwareProfile: { vmSize: instance.vmSize },
    storageProfile: {
      imageReference: storage.imageReference,
      osDisk: {
        ...osDisk,
        osType: osDisk.osType ?? (/windows/i.test(imagePublisher) ? 'Windows' : 'Linux'),
        name: instance.osDiskName,
        managedDisk: { storageAccountType: record(osDisk.managedDisk).storageAccountType ?? 'Standard_LRS' },
        diskSizeGB: osDisk.diskSizeGB ?? 30,
      },
      dataDisks: [],
    },
    osProfile: { ...guest, computerName: name, secrets: [], allowExtensionOperations: true },
    networkProfileConfiguration: model.networkProfile,
    provisioningState: instance.deleting ? 'Deleting' : 'Succeeded',
  };
  if (expand) properties.instanceView = { computerName: name, osName: 'ubuntu', osVersion: '16.04', statuses: instanceStatus(instance) };
  return {
    id: `${scaleSet.id}/virtualMachines/${instance.instanceId}`,
    name: `${scaleSet.name}_${instance.instanceId}`,
    type: 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines',
    location: scaleSet.location,
    tags: instance.tags,
    instanceId: instance.instanceId,
    sku: { name: instance.vmSize, tier: scaleSetSku(scaleSet).tier ?? 'Standard' },
    properties,
  };
}

function withState(resource: ArmResource, provisioningState: string): ArmResource {
  return { ...resource, properties: { ...resource.properties, provisioningState } };
}

/** PUT or PATCH body over the existing scale set: given fields replace, sku and properties merge. */
function merged(
  existing: ArmResource | undefined,
  body: Record<string, unknown>,
  id: string,
  name: string,
  group: ResourceGroupRecord,
): ArmResource {
  const location = typeof body.location === 'string' ? (normalizeLocation(body.location) ?? body.location) : undefined;
  const resource: ArmResource = existing
    ? { ...existing, properties: { ...existing.properties } }
    : { id, name, type: 'Microsoft.Compute/virtualMachineScaleSets', location: location ?? group.location, properties: {} };
  if (isRecord(body.tags)) resource.tags = { ...(body.tags as Record<string, string>) };
  if (isRecord(body.sku)) resource.sku = { ...record(resource.sku), ...body.sku };
  if (isRecord(body.properties)) resource.properties = { ...resource.properties, ...body.properties };
  for (const field of ['zones', 'identity', 'plan'] as const) if (body[field] !== undefined) resource[field] = body[field];
  resource.properties.uniqueId ??= randomUUID();
  resource.properties.provisioningState = 'Succeeded';
  return resource;
}

export function registerScaleSetRoutes(router: Router, core: EmulatorCore): void {
  const idOf = (subscriptionId: string, group: ResourceGroupRecord, name: string) =>
    `${resourceGroupId(subscriptionId, group.name)}/providers/Microsoft.Compute/virtualMachineScaleSets/${name}`;
  const find = (subscriptionId: string, groupName: string, name: string) => {
    const group = requireGroup(core, subscriptionId, groupName);
    const entry = core.state.resources[keyOf(idOf(subscriptionId, group, name))];
    if (!entry || entry.resource.type.toLowerCase() !== VMSS_TYPE)
      throw resourceNotFound('Microsoft.Compute/virtualMachineScaleSets', name, groupName);
    return { group, entry };
  };
  const instancesOf = (key: string) => core.state.scaleSets[key]?.instances ?? [];
  const findInstance = (subscriptionId: string, groupName: string, name: string, instanceId: string) => {
    const { group, entry } = find(subscriptionId, groupName, name);
    const instance = instancesOf(keyOf(entry.resource.id)).find((candidate) => candidate.instanceId === instanceId);
    if (!instance) throw resourceNotFound('Microsoft.Compute/virtualMachineScaleSets/virtualMachines', `${name}/${instanceId}`, groupName);
    return { group, entry, instance };
  };
  const running = (key: string) =>
    Object.values(core.state.resourceOperations).some((operation) => operation.targetKey === key && operation.status === 'InProgress');

  router.add('GET', SETS, 'LIST virtualMachineScaleSets', (request, [subscriptionId, groupName]) => {
    const group = requireGroup(core, subscriptionId!, groupName!);
    const sets = Object.values(core.state.resources)
      .filter((entry) => entry.resourceGroupKey === keyOf(group.id) && entry.resource.type.toLowerCase() === VMSS_TYPE)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((entry) => entry.resource);
    return { status: 200, body: pageOf(sets, request, core.settings.pageSize) };
  });

  router.add('GET', `${SETS}/([^/]+)`, 'GET virtualMachineScaleSets', (_request, [subscriptionId, groupName, name]) => ({
    status: 200,
    body: find(subscriptionId!, groupName!, name!).entry.resource,
  }));

  const update = (request: EmulatorRequest, subscriptionId: string, groupName: string, name: string, patch: boolean) => {
    const group = requireGroup(core, subscriptionId, groupName);
    const id = idOf(subscriptionId, group, name);
    requireAction(core, request, 'Microsoft.Compute/virtualMachineScaleSets/write', id);
    const key = keyOf(id);
    const existing = core.state.resources[key];
    if (patch && !existing) throw resourceNotFound('Microsoft.Compute/virtualMachineScaleSets', name, groupName);
    if (!isRecord(request.body))
      throw badRequest('InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
    if (running(key))
      throw new ApiError(
        409,
        'OperationNotAllowed',
        `Operation 'Put on Virtual Machine Scale Set' is not allowed since an operation on '${name}' is in progress.`,
      );
    const next = merged(existing?.resource, request.body, id, name, group);
    const problems = capacityProblems(core, subscriptionId, [next], group.location);
    if (problems.length > 0) throw new ApiError(409, problems[0]!.code, problems[0]!.message);
    const grows = scaleSetSku(next).capacity > (existing ? scaleSetSku(existing.resource).capacity : 0);
    if (existing) existing.resource.properties.provisioningState = 'Updating';
    else
      core.state.resources[key] = {
        resource: withState({ ...next, sku: { ...record(next.sku), capacity: 0 } }, 'Creating'),
        resourceGroupKey: keyOf(group.id),
        deploymentId: '',
        createdAt: core.now(),
      };
    const operation = startResourceOperation(core, {
      subscriptionId,
      provider: 'Microsoft.Compute',
      family: 'operations',
      location: next.location ?? group.location,
      kind: 'update',
      targetKey: key,
      groupKey: keyOf(group.id),
      resource: next,
      durationMs: grows
        ? resourceDuration(core.timing, 'Microsoft.Compute/virtualMachines')
        : deleteDuration(core.timing, 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines'),
    });
    return {
      status: existing ? 200 : 201,
      body: withState(next, existing ? 'Updating' : 'Creating'),
      headers: { 'azure-asyncoperation': operationHeaders(core, request, operation)['azure-asyncoperation']! },
    };
  };
  router.add('PUT', `${SETS}/([^/]+)`, 'PUT virtualMachineScaleSets', (request, [subscriptionId, groupName, name]) =>
    update(request, subscriptionId!, groupName!, name!, false),
  );
  router.add('PATCH', `${SETS}/([^/]+)`, 'PATCH virtualMachineScaleSets', (request, [subscriptionId, groupName, name]) =>
    update(request, subscriptionId!, groupName!, name!, true),
  );

  const deleteInstances = (
    request: EmulatorRequest,
    subscriptionId: string,
    groupName: string,
    name: string,
    ids: string[] | undefined,
  ) => {
    const { group, entry } = find(subscriptionId, groupName, name);
    const key = keyOf(entry.resource.id);
    const instances = instancesOf(key);
    const wanted = ids ?? instances.map((instance) => instance.instanceId);
    const unknown = wanted.filter((id) => !instances.some((instance) => instance.instanceId === id));
    if (unknown.length > 0)
      throw badRequest(
        'InvalidParameter',
        `The provided instanceId ${unknown[0]} is not an active Virtual Machine Scale Set VM instanceId.`,
        {
          target: 'instanceIds',
        },
      );
    for (const instance of instances) if (wanted.includes(instance.instanceId)) instance.deleting = true;
    const operation = startResourceOperation(core, {
      subscriptionId,
      provider: 'Microsoft.Compute',
      family: 'operations',
      location: entry.resource.location ?? group.location,
      kind: ids === undefined ? 'delete' : 'deleteInstances',
      targetKey: key,
      groupKey: keyOf(group.id),
      instanceIds: wanted,
      durationMs: deleteDuration(core.timing, `Microsoft.Compute/virtualMachineScaleSets${ids === undefined ? '' : '/virtualMachines'}`),
    });
    return acceptedOperation(core, request, operation);
  };

  router.add('DELETE', `${SETS}/([^/]+)`, 'DELETE virtualMachineScaleSets', (request, [subscriptionId, groupName, name]) => {
    const group = requireGroup(core, subscriptionId!, groupName!);
    requireAction(core, request, 'Microsoft.Compute/virtualMachineScaleSets/delete', idOf(subscriptionId!, group, name!));
    if (!core.state.resources[keyOf(idOf(subscriptionId!, group, name!))]) return { status: 204 };
    return deleteInstances(request, subscriptionId!, groupName!, name!, undefined);
  });

  router.add('POST', `${SETS}/([^/]+)/delete`, 'POST virtualMachineScaleSets/delete', (request, [subscriptionId, groupName, name]) => {
    const group = requireGroup(core, subscriptionId!, groupName!);
    requireAction(core, request, 'Microsoft.Compute/virtualMachineScaleSets/delete/action', idOf(subscriptionId!, group, name!));
    const ids = isRecord(request.body) && Array.isArray(request.body.instanceIds) ? request.body.instanceIds.map(String) : undefined;
    if (!ids || ids.length === 0)
      throw badRequest('InvalidParameter', "Required parameter 'instanceIds' is missing (null).", { target: 'instanceIds' });
    return deleteInstances(request, subscriptionId!, groupName!, name!, ids);
  });

  router.add('GET', `${SETS}/([^/]+)/virtualMachines`, 'LIST virtualMachineScaleSetVMs', (request, [subscriptionId, groupName, name]) => {
    const { entry } = find(subscriptionId!, groupName!, name!);
    const instances = [...instancesOf(keyOf(entry.resource.id))].sort((a, b) => Number(a.instanceId) - Number(b.instanceId));
    return {
      status: 200,
      body: pageOf(
        instances.map((instance) => toInstance(entry.resource, instance, wantsInstanceView(request))),
        request,
        core.settings.pageSize,
      ),
    };
  });

  router.add(
    'GET',
    `${SETS}/([^/]+)/virtualMachines/([^/]+)`,
    'GET virtualMachineScaleSetVMs',
    (request, [subscriptionId, groupName, name, instanceId]) => {
      const { entry, instance } = findInstance(subscriptionId!, groupName!, name!, instanceId!);
      return { status: 200, body: toInstance(entry.resource, instance, wantsInstanceView(request)) };
    },
  );

  router.add(
    'GET',
    `${SETS}/([^/]+)/virtualMachines/([^/]+)/instanceView`,
    'GET virtualMachineScaleSetVMs/instanceView',
    (_request, [subscriptionId, groupName, name, instanceId]) => {
      const { entry, instance } = findInstance(subscriptionId!, groupName!, name!, instanceId!);
      return { status: 200, body: record(toInstance(entry.resource, instance, true).properties).instanceView };
    },
  );

  router.add(
    'DELETE',
    `${SETS}/([^/]+)/virtualMachines/([^/]+)`,
    'DELETE virtualMachineScaleSetVMs',
    (request, [subscriptionId, groupName, name, instanceId]) => {
      const group = requireGroup(core, subscriptionId!, groupName!);
      requireAction(
        core,
        request,
        'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/delete',
        `${idOf(subscriptionId!, group, name!)}/virtualMachines/${instanceId}`,
      );
      const { entry } = find(subscriptionId!, groupName!, name!);
      if (!instancesOf(keyOf(entry.resource.id)).some((instance) => instance.instanceId === instanceId)) return { status: 204 };
      return deleteInstances(request, subscriptionId!, groupName!, name!, [instanceId!]);
    },
  );
}
