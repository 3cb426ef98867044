// Whether a set of Azure RBAC permissions (actions and notActions with wildcards, as the
// Microsoft.Authorization permissions API lists them) allows an action.

export interface Permission {
  actions?: string[];
  notActions?: string[];
}

function matches(pattern: string, action: string): boolean {
  const expression = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return expression.test(action);
}

/** Allowed when one permission's actions match and none of that permission's notActions do. */
export function allows(permissions: Permission[], action: string): boolean {
  return permissions.some(
    (permission) =>
      (permission.actions ?? []).some((pattern) => matches(pattern, action)) &&
      !(permission.notActions ?? []).some((pattern) => matches(pattern, action)),
  );
}
