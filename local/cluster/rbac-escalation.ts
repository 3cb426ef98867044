// RBAC's escalation prevention: a user may write a role only with permissions they hold (or the escalate
// verb), and bind a role only if they hold its permissions (or the bind verb); system:masters may do both.
import type { KubeObject } from './kube-object';
import { privilegedGroup, rbacTypes, type RbacAuthorizer, type RoleRef, type User } from './rbac-authorizer';
import { formatRule, uncoveredRules, type PolicyRule } from './rbac-rules';
import type { ObjectStore } from './object-store';
import type { ResourceType } from './resources';
import { forbidden, objectNotFound, type StatusBody } from './status';

const rbacGroup = 'rbac.authorization.k8s.io';

/** A 403 or 404 Status when the user may not write this role or binding; undefined when they may. */
export function escalationRefusal(
  store: ObjectStore,
  authorizer: RbacAuthorizer,
  user: User,
  type: ResourceType,
  object: KubeObject,
): StatusBody | undefined {
  if (type.group !== rbacGroup || user.groups.includes(privilegedGroup)) return undefined;
  const namespace = object.metadata.namespace ?? '';
  const name = object.metadata.name;
  const may = (verb: string, resource: string, resourceName: string) =>
    authorizer.authorize({
      user,
      verb,
      isResourceRequest: true,
      apiGroup: rbacGroup,
      resource,
      subresource: '',
      name: resourceName,
      namespace,
      path: '',
    }).allowed;

  if (type === rbacTypes.clusterRoles || type === rbacTypes.roles) {
    if (may('escalate', type.name, name)) return undefined;
    if (object.aggregationRule !== undefined && uncoveredRules(authorizer.rulesFor(user, '').rules, allRules).length > 0)
      return forbidden(type, name, 'must have cluster-admin privileges to use the aggregationRule');
    return refuseUncovered(authorizer, user, type, name, namespace, (object.rules as PolicyRule[] | undefined) ?? []);
  }

  const roleRef = object.roleRef as RoleRef;
  const roleType = roleRef.kind === 'Role' ? rbacTypes.roles : rbacTypes.clusterRoles;
  if (may('bind', roleType.name, roleRef.name)) return undefined;
  const role = store.get(roleType, roleRef.name, roleRef.kind === 'Role' ? namespace : undefined);
  if (!role) return objectNotFound(roleType, roleRef.name);
  return refuseUncovered(authorizer, user, type, name, namespace, (role.rules as PolicyRule[] | undefined) ?? []);
}

const allRules: PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

function refuseUncovered(
  authorizer: RbacAuthorizer,
  user: User,
  type: ResourceType,
  name: string,
  namespace: string,
  requested: PolicyRule[],
): StatusBody | undefined {
  const owned = authorizer.rulesFor(user, namespace);
  const missing = uncoveredRules(owned.rules, requested);
  if (missing.length === 0) return undefined;
  const groups = `[${user.groups.map((group) => JSON.stringify(group)).join(' ')}]`;
  const message =
    `user ${JSON.stringify(user.name)} (groups=${groups}) is attempting to grant RBAC permissions not currently held:\n` +
    missing.map(formatRule).join('\n');
  return forbidden(type, name, message);
}
