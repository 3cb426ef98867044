// Who is calling: the identity a validated Microsoft Entra ID token names, and the app roles it carries.
import type { Creator } from '../domain/creator';

export const roles = {
  /** See every cluster's state, operations, logs and public artifacts; never a secret. */
  read: 'Clusters.Read',
  /** Create clusters; change, cancel, retry and delete the caller's own clusters. */
  write: 'Clusters.Write',
  /** Get kubeconfigs minted for the caller for the caller's own clusters. */
  credentials: 'Clusters.Credentials',
  /** Everything on every cluster, break-glass credentials, the etcd client files, the audit trail, quotas. */
  admin: 'Clusters.Admin',
} as const;

export type Role = (typeof roles)[keyof typeof roles];
export const allRoles: readonly Role[] = Object.values(roles);

export interface Caller {
  /** The object id (oid) of the user or service principal. */
  objectId: string;
  /** The client application the token was issued to (azp, or appid in v1 tokens). */
  applicationId: string;
  /** A display name when the token carries one (name, or app_displayname). */
  displayName?: string;
  tenantId: string;
  roles: Role[];
}

export function hasRole(caller: Caller, role: Role): boolean {
  return caller.roles.includes(roles.admin) || caller.roles.includes(role);
}

export const isAdmin = (caller: Caller) => caller.roles.includes(roles.admin);

/** How the caller is named where a person reads it (certificates, audit): readable and unique. */
export function callerLabel(caller: Caller): string {
  return `${caller.displayName ?? caller.applicationId} (${caller.objectId})`;
}

export function creatorOf(caller: Caller): Creator {
  return {
    objectId: caller.objectId,
    applicationId: caller.applicationId,
    ...(caller.displayName ? { displayName: caller.displayName } : {}),
  };
}
