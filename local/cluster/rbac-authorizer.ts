// Authorization as kube-apiserver configures it on aks-engine clusters (--authorization-mode=Node,RBAC):
// system:masters may do everything; everyone else only what ClusterRoleBindings and RoleBindings grant.
import type { KubeObject } from './kube-object';
import type { ObjectStore } from './object-store';
import { ruleAllows, type Attributes, type PolicyRule } from './rbac-rules';
import { resourceTypeFor, type ResourceType } from './resources';

export interface User {
  name: string;
  groups: string[];
}

export interface Decision {
  allowed: boolean;
  /** Why, as kube-apiserver's audit annotation authorization.k8s.io/reason says it. */
  reason: string;
}

export interface RoleRef {
  apiGroup?: string;
  kind: string;
  name: string;
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export const privilegedGroup = 'system:masters';
const rbacGroup = 'rbac.authorization.k8s.io';
export const rbacTypes = {
  clusterRoles: resourceTypeFor(rbacGroup, 'v1', 'clusterroles')!,
  clusterRoleBindings: resourceTypeFor(rbacGroup, 'v1', 'clusterrolebindings')!,
  roles: resourceTypeFor(rbacGroup, 'v1', 'roles')!,
  roleBindings: resourceTypeFor(rbacGroup, 'v1', 'rolebindings')!,
};

interface BindingVisit {
  binding: KubeObject;
  role?: KubeObject;
  subject: Subject;
}

export class RbacAuthorizer {
  constructor(private readonly store: ObjectStore) {}

  authorize(attributes: Attributes): Decision {
    if (attributes.user.groups.includes(privilegedGroup)) return { allowed: true, reason: '' };
    const errors: string[] = [];
    for (const visit of this.applicableBindings(attributes.user, attributes.namespace, errors)) {
      const rules = (visit.role?.rules as PolicyRule[] | undefined) ?? [];
      if (rules.some((rule) => ruleAllows(attributes, rule))) return { allowed: true, reason: `RBAC: ${describeGrant(visit)}` };
    }
    return { allowed: false, reason: errors.length ? `RBAC: ${errors.join(', ')}` : '' };
  }

  /** Every rule that applies to the user in the namespace ('' for cluster-wide only), and the lookups that failed. */
  rulesFor(user: User, namespace: string): { rules: PolicyRule[]; errors: string[] } {
    if (user.groups.includes(privilegedGroup)) {
      return {
        rules: [
          { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
          { verbs: ['*'], nonResourceURLs: ['*'] },
        ],
        errors: [],
      };
    }
    const errors: string[] = [];
    const rules = this.applicableBindings(user, namespace, errors).flatMap((visit) => (visit.role?.rules as PolicyRule[]) ?? []);
    return { rules, errors };
  }

  /** ClusterRoleBindings first, then the namespace's RoleBindings, with the role each grants (if it exists). */
  private applicableBindings(user: User, namespace: string, errors: string[]): BindingVisit[] {
    const visits: BindingVisit[] = [];
    for (const binding of this.store.list(rbacTypes.clusterRoleBindings)) {
      const subject = appliesTo(user, binding, '');
      if (!subject) continue;
      visits.push({ binding, subject, role: this.role(binding.roleRef as RoleRef, '', errors) });
    }
    if (namespace) {
      for (const binding of this.store.list(rbacTypes.roleBindings, namespace)) {
        const subject = appliesTo(user, binding, namespace);
        if (!subject) continue;
        visits.push({ binding, subject, role: this.role(binding.roleRef as RoleRef, namespace, errors) });
      }
    }
    return visits;
  }

  private role(roleRef: RoleRef | undefined, namespace: string, errors: string[]): KubeObject | undefined {
    if (!roleRef) return undefined;
    const type: ResourceType = roleRef.kind === 'Role' ? rbacTypes.roles : rbacTypes.clusterRoles;
    if (roleRef.kind === 'Role' && !namespace) return undefined;
    const role = this.store.get(type, roleRef.name, roleRef.kind === 'Role' ? namespace : undefined);
    if (!role) errors.push(`${type.singularName}.${rbacGroup} "${roleRef.name}" not found`);
    return role;
  }
}

/** The binding's first subject naming the user, one of its groups, or its service account. */
function appliesTo(user: User, binding: KubeObject, bindingNamespace: string): Subject | undefined {
  const subjects = (binding.subjects as Subject[] | undefined) ?? [];
  return subjects.find((subject) => {
    switch (subject.kind) {
      case 'User':
        return subject.name === user.name;
      case 'Group':
        return user.groups.includes(subject.name);
      case 'ServiceAccount': {
        const namespace = subject.namespace || bindingNamespace;
        return namespace !== '' && user.name === `system:serviceaccount:${namespace}:${subject.name}`;
      }
      default:
        return false;
    }
  });
}

function describeGrant(visit: BindingVisit): string {
  const binding = visit.binding.metadata;
  const roleRef = visit.binding.roleRef as RoleRef;
  const bindingName = binding.namespace ? `RoleBinding "${binding.name}/${binding.namespace}"` : `ClusterRoleBinding "${binding.name}"`;
  const subject =
    visit.subject.kind === 'ServiceAccount'
      ? `ServiceAccount "${visit.subject.name}/${visit.subject.namespace || binding.namespace}"`
      : `${visit.subject.kind} "${visit.subject.name}"`;
  return `allowed by ${bindingName} of ${roleRef.kind} "${roleRef.name}" to ${subject}`;
}
