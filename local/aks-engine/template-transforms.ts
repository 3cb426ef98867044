// The template transforms scale and upgrade apply to a freshly generated azuredeploy.json (pkg/engine/transform):
// strip what must not change on existing machines (master custom data, data disks, images, sizes), drop the NSG,
// route table and VNET a scale must not touch, keep only the pools being upgraded, attach the masters' etcd disks.
import type { EntryLogger } from './entry-log';

type Json = Record<string, unknown>;

const VM_TYPE = 'Microsoft.Compute/virtualMachines';
const VMSS_TYPE = 'Microsoft.Compute/virtualMachineScaleSets';
const VM_EXTENSION_TYPE = 'Microsoft.Compute/virtualMachines/extensions';
const NIC_TYPE = 'Microsoft.Network/networkInterfaces';
const NSG_TYPE = 'Microsoft.Network/networkSecurityGroups';
const ROUTE_TABLE_TYPE = 'Microsoft.Network/routeTables';
const VNET_TYPE = 'Microsoft.Network/virtualNetworks';
const MASTER_PREFIX = "variables('masterVMNamePrefix')";

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

function removeIndexes<T>(array: T[], indexes: number[]): T[] {
  const gone = new Set(indexes);
  return array.filter((_, index) => !gone.has(index));
}

function removeCustomData(logger: EntryLogger, properties: Json): boolean {
  if (!isObject(properties.osProfile)) {
    logger.warn('Template improperly formatted');
    return false;
  }
  delete properties.osProfile.customData;
  return true;
}

function removeFromStorageProfile(logger: EntryLogger, properties: Json, field: 'dataDisks' | 'imageReference'): boolean {
  if (!isObject(properties.storageProfile)) {
    logger.warn('Template improperly formatted. Could not find: storageProfile');
    return false;
  }
  delete properties.storageProfile[field];
  return true;
}

/** NormalizeMasterResourcesForScaling: master VMs keep their disks, image, size and custom data; their extensions go. */
export function normalizeMasterResourcesForScaling(logger: EntryLogger, template: Json): void {
  const resources = template.resources as unknown[];
  const toRemove: number[] = [];
  resources.forEach((resource, index) => {
    if (!isObject(resource)) return logger.warn('Template improperly formatted');
    const type = resource.type;
    const name = resource.name;
    if (typeof type !== 'string' || type !== VM_TYPE) {
      if (typeof name !== 'string') return logger.warn('Template improperly formatted');
      if (name.includes(MASTER_PREFIX) && type === VM_EXTENSION_TYPE) toRemove.push(index);
      return;
    }
    if (typeof name !== 'string') return logger.warn('Template improperly formatted');
    if (!name.includes(MASTER_PREFIX)) return;
    const properties = resource.properties;
    if (!isObject(properties) || !isObject(properties.hardwareProfile)) return logger.warn('Template improperly formatted');
    delete properties.hardwareProfile.vmSize;
    if (!removeCustomData(logger, properties)) return;
    if (!removeFromStorageProfile(logger, properties, 'dataDisks')) return;
    removeFromStorageProfile(logger, properties, 'imageReference');
  });
  template.resources = removeIndexes(resources, toRemove);
}

/** NormalizeForVMSSScaling */
export function normalizeForVmssScaling(logger: EntryLogger, template: Json): void {
  normalizeMasterResourcesForScaling(logger, template);
  for (const resource of template.resources as unknown[]) {
    if (!isObject(resource)) {
      logger.warn('Template improperly formatted');
      continue;
    }
    if (resource.type !== VMSS_TYPE) continue;
    const profile = isObject(resource.properties) ? resource.properties.virtualMachineProfile : undefined;
    if (!isObject(profile)) {
      logger.warn('Template improperly formatted');
      continue;
    }
    if (!removeCustomData(logger, profile)) continue;
    removeFromStorageProfile(logger, profile, 'imageReference');
  }
}

/** NormalizeForK8sVMASScalingUp: also removes the NSG, route table and VNET and every dependency on them. */
export function normalizeForK8sVmasScalingUp(logger: EntryLogger, template: Json): void {
  normalizeMasterResourcesForScaling(logger, template);
  let nsgIndex = -1;
  let routeTableIndex = -1;
  let vnetIndex = -1;
  const resources = template.resources as unknown[];
  resources.forEach((resource, index) => {
    if (!isObject(resource)) return logger.warn('Template improperly formatted for resource');
    const type = resource.type;
    const name = String(resource.name);
    const twice = (kind: string) => `Found 2 resources with type ${kind} in the template. There should only be 1`;
    if (type === NSG_TYPE && !name.includes("variables('jumpboxNetworkSecurityGroupName')")) {
      if (nsgIndex !== -1) {
        logger.error(twice(NSG_TYPE));
        throw new Error(twice(NSG_TYPE));
      }
      nsgIndex = index;
    }
    if (type === ROUTE_TABLE_TYPE) {
      if (routeTableIndex !== -1) {
        logger.warn(twice(ROUTE_TABLE_TYPE));
        throw new Error(twice(ROUTE_TABLE_TYPE));
      }
      routeTableIndex = index;
    }
    if (type === VNET_TYPE) {
      if (vnetIndex !== -1) {
        logger.warn(twice(VNET_TYPE));
        throw new Error(twice(VNET_TYPE));
      }
      vnetIndex = index;
    }
    if (!Array.isArray(resource.dependsOn)) return;
    const kept = (resource.dependsOn as string[]).filter(
      (dependency) => ![NSG_TYPE, 'nsgID', ROUTE_TABLE_TYPE, 'routeTableID', VNET_TYPE, 'vnetID'].some((word) => dependency.includes(word)),
    );
    if (kept.length > 0) resource.dependsOn = kept;
    else delete resource.dependsOn;
  });
  if (nsgIndex === -1) {
    const message = `Found no resources with type ${NSG_TYPE} in the template. There should have been 1`;
    logger.error(message);
    throw new Error(message);
  }
  const toRemove: number[] = [];
  if (routeTableIndex === -1) logger.info(`Found no resources with type ${ROUTE_TABLE_TYPE} in the template.`);
  else toRemove.push(routeTableIndex);
  if (vnetIndex !== -1) toRemove.push(vnetIndex);
  toRemove.push(nsgIndex);
  template.resources = removeIndexes(resources, toRemove);
}

/** Go's %v of a map[string]bool: "map[a:true b:false]", keys sorted. */
function goBoolMap(map: Record<string, boolean> | undefined): string {
  const keys = Object.keys(map ?? {}).sort();
  return `map[${keys.map((key) => `${key}:${map![key]}`).join(' ')}]`;
}

/**
 * NormalizeResourcesForK8sMasterUpgrade: masters re-attach their etcd disk; agent VMs (and, for a master upgrade,
 * their NICs) and VM extensions are removed unless their pool is preserved.
 */
export function normalizeResourcesForK8sMasterUpgrade(
  logger: EntryLogger,
  template: Json,
  isMasterManagedDisk: boolean,
  agentPoolsToPreserve: Record<string, boolean> | undefined,
): void {
  const resources = template.resources as unknown[];
  logger.info(`Resource count before running NormalizeResourcesForK8sMasterUpgrade: ${resources.length}`);
  const filtered: unknown[] = [];
  const dropLast = () => void (filtered.length > 0 && filtered.pop());
  for (const resource of resources) {
    filtered.push(resource);
    if (!isObject(resource)) {
      logger.warn('Template improperly formatted for field name: resources');
      continue;
    }
    const type = resource.type;
    if (typeof type !== 'string' || ![VM_TYPE, VM_EXTENSION_TYPE, NIC_TYPE].includes(type)) continue;
    const name = resource.name;
    if (typeof name !== 'string') {
      logger.warn('Template improperly formatted for field name: name');
      continue;
    }
    if (type === NIC_TYPE) {
      if (!name.includes(MASTER_PREFIX) && agentPoolsToPreserve === undefined) {
        logger.info(`Removing nic: ${name} from template`);
        dropLast();
      }
      continue;
    }
    if (type.toLowerCase() === VM_TYPE.toLowerCase() && name.includes(MASTER_PREFIX)) {
      const properties = resource.properties;
      if (!isObject(properties)) {
        logger.warn(`Template improperly formatted for field name: properties, resource name: ${name}`);
        continue;
      }
      if (!isObject(properties.storageProfile)) {
        logger.warn('Template improperly formatted: storageProfile');
        continue;
      }
      const dataDisks = properties.storageProfile.dataDisks;
      const dataDisk = Array.isArray(dataDisks) ? (dataDisks[0] as unknown) : undefined;
      if (isObject(dataDisk)) {
        dataDisk.createOption = 'attach';
        if (isMasterManagedDisk) {
          dataDisk.managedDisk = {
            id:
              "[concat('/subscriptions/', variables('subscriptionId'), '/resourceGroups/', variables('resourceGroup')," +
              "'/providers/Microsoft.Compute/disks/', variables('masterVMNamePrefix'), copyIndex(variables('masterOffset')),'-etcddisk')]",
          };
        }
      }
    }
    const tags = isObject(resource.tags) ? resource.tags : {};
    const poolName = tags.poolName === undefined ? '<nil>' : String(tags.poolName);
    if (type === VM_TYPE) {
      logger.info(`Evaluating if agent pool: ${poolName}, resource: ${name} needs to be removed`);
      if (tags.poolName === undefined || name.includes(MASTER_PREFIX)) continue;
      logger.info(`agentPoolsToPreserve: ${goBoolMap(agentPoolsToPreserve)}...`);
      if (!agentPoolsToPreserve || Object.keys(agentPoolsToPreserve).length === 0 || !agentPoolsToPreserve[poolName]) {
        logger.info(`Removing agent pool: ${poolName}, resource: ${name} from template`);
        dropLast();
      }
    } else if (type === VM_EXTENSION_TYPE) {
      logger.info(`Evaluating if extension: ${name} needs to be removed`);
      if (name.includes(MASTER_PREFIX)) continue;
      logger.info(`agentPoolsToPreserve: ${goBoolMap(agentPoolsToPreserve)}...`);
      const keep = Object.entries(agentPoolsToPreserve ?? {}).some(([pool, preserve]) => preserve && name.includes(`variables('${pool}`));
      if (!keep) {
        logger.info(`Removing extension: ${name} from template`);
        dropLast();
      }
    }
  }
  template.resources = filtered;
  logger.info(`Resource count after running NormalizeResourcesForK8sMasterUpgrade: ${filtered.length}`);
}

/** NormalizeResourcesForK8sAgentUpgrade */
export function normalizeResourcesForK8sAgentUpgrade(
  logger: EntryLogger,
  template: Json,
  isMasterManagedDisk: boolean,
  agentPoolsToPreserve: Record<string, boolean>,
): void {
  logger.info('Running NormalizeResourcesForK8sMasterUpgrade....');
  normalizeResourcesForK8sMasterUpgrade(logger, template, isMasterManagedDisk, agentPoolsToPreserve);
  logger.info('Running NormalizeForK8sVMASScalingUp....');
  normalizeForK8sVmasScalingUp(logger, template);
}
