// Impersonate-User / Impersonate-Group headers (`kubectl --as`, `--as-group`), as kube-apiserver's impersonation
// filter handles them: each impersonated name must be allowed by the `impersonate` verb, then the request runs
// as that user. Without the headers, the caller stays who they are.
import type { IncomingHttpHeaders } from 'node:http';
import type { RbacAuthorizer, User } from './rbac-authorizer';
import { failureStatus, forbidden, type StatusBody } from './status';

export type Impersonation = { user: User; impersonated: boolean } | { refusal: StatusBody };

export function impersonate(headers: IncomingHttpHeaders, caller: User, authorizer: RbacAuthorizer): Impersonation {
  const all = (name: string) =>
    ([] as string[])
      .concat(headers[name] ?? [])
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter(Boolean);
  const userName = all('impersonate-user')[0];
  const groups = all('impersonate-group');
  const extras = Object.keys(headers).filter((name) => name.startsWith('impersonate-extra-'));
  if (!userName) {
    if (groups.length || extras.length) {
      return {
        refusal: failureStatus(
          500,
          'InternalError',
          'Internal error occurred: requested impersonation of groups without impersonating a user',
        ),
      };
    }
    return { user: caller, impersonated: false };
  }

  const serviceAccount = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(userName);
  const checks: Array<{ resource: string; name: string; namespace: string }> = [
    serviceAccount
      ? { resource: 'serviceaccounts', name: serviceAccount[2]!, namespace: serviceAccount[1]! }
      : { resource: 'users', name: userName, namespace: '' },
    ...groups.map((group) => ({ resource: 'groups', name: group, namespace: '' })),
  ];
  for (const check of checks) {
    const decision = authorizer.authorize({
      user: caller,
      verb: 'impersonate',
      isResourceRequest: true,
      apiGroup: '',
      resource: check.resource,
      subresource: '',
      name: check.name,
      namespace: check.namespace,
      path: '',
    });
    if (!decision.allowed) {
      const scope = check.namespace ? `in the namespace "${check.namespace}"` : 'at the cluster scope';
      const why = `User "${caller.name}" cannot impersonate resource "${check.resource}" in API group "" ${scope}`;
      return { refusal: forbidden({ name: check.resource, group: '' }, check.name, decision.reason ? `${why}: ${decision.reason}` : why) };
    }
  }
  const implied = serviceAccount
    ? ['system:serviceaccounts', `system:serviceaccounts:${serviceAccount[1]}`, 'system:authenticated']
    : ['system:authenticated'];
  return { user: { name: userName, groups: [...new Set([...groups, ...implied])] }, impersonated: true };
}
