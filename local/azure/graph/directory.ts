// Lookups shared by the Graph handlers and by ARM (role assignments need to find service principals).
import type { EmulatorCore } from '../core/emulator-core';
import type { DirectoryObjectRecord } from '../core/state';
import { ApiError } from '../http/errors';

export function findServicePrincipalRecord(core: EmulatorCore, id: string): DirectoryObjectRecord | undefined {
  return core.state.servicePrincipals[id.toLowerCase()];
}

export function findApplicationByAppId(core: EmulatorCore, appId: string): DirectoryObjectRecord | undefined {
  return Object.values(core.state.applications).find((record) => String(record.object.appId).toLowerCase() === appId.toLowerCase());
}

export function graphNotFound(id: string): ApiError {
  return new ApiError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** Objects this "replica" can see: a new object may miss for a while (replication delay on demand). */
export function visible(core: EmulatorCore, record: DirectoryObjectRecord | undefined): record is DirectoryObjectRecord {
  return record !== undefined && core.isReplicated(record.replication);
}
