// authorization.k8s.io/v1 reviews: "may I" (SelfSubjectAccessReview, what `kubectl auth can-i` asks), "what
// may I" (SelfSubjectRulesReview, `kubectl auth can-i --list`) and "may they" (SubjectAccessReview, Local...).
import { parseJsonBody, reply, statusReply, type Reply, type ResourceRequest, type Services } from './handler-context';
import { isRecord } from './kube-object';
import type { User } from './rbac-authorizer';
import type { Attributes } from './rbac-rules';
import { badRequest, invalid } from './status';

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

export function review(services: Services, request: ResourceRequest): Reply {
  const body = parseJsonBody(request);
  if (!isRecord(body) || (body.kind !== undefined && body.kind !== request.type.kind))
    return statusReply(badRequest(`the object provided is unrecognized (must be of type ${request.type.kind})`));
  const spec = (isRecord(body.spec) ? body.spec : {}) as Record<string, unknown>;
  const answer = (status: object): Reply =>
    reply(201, { kind: request.type.kind, apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec, status });

  if (request.type.kind === 'SelfSubjectRulesReview') {
    const namespace = typeof spec.namespace === 'string' ? spec.namespace : '';
    if (!namespace) return statusReply(badRequest('no namespace on request'));
    const { rules, errors } = services.authorizer.rulesFor(request.user, namespace);
    return answer({
      resourceRules: rules
        .filter((rule) => !rule.nonResourceURLs?.length)
        .map((rule) => ({
          verbs: rule.verbs,
          apiGroups: rule.apiGroups ?? [],
          resources: rule.resources ?? [],
          ...(rule.resourceNames?.length ? { resourceNames: rule.resourceNames } : {}),
        })),
      nonResourceRules: rules
        .filter((rule) => rule.nonResourceURLs?.length)
        .map((rule) => ({ verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs })),
      incomplete: errors.length > 0,
      ...(errors.length ? { evaluationError: errors.join(', ') } : {}),
    });
  }

  let subject: User = request.user;
  if (request.type.kind === 'SubjectAccessReview' || request.type.kind === 'LocalSubjectAccessReview') {
    const user = typeof spec.user === 'string' ? spec.user : '';
    const groups = Array.isArray(spec.groups) ? spec.groups.map(String) : [];
    if (!user && groups.length === 0)
      return statusReply(
        invalid(request.type, '', [
          { reason: 'FieldValueRequired', message: 'Required value: at least one of user or group must be specified', field: 'spec.user' },
        ]),
      );
    subject = { name: user, groups };
  }
  const resource = isRecord(spec.resourceAttributes) ? (spec.resourceAttributes as ResourceAttributes) : undefined;
  const nonResource = isRecord(spec.nonResourceAttributes) ? (spec.nonResourceAttributes as { path?: string; verb?: string }) : undefined;
  if (!resource && !nonResource)
    return statusReply(
      invalid(request.type, '', [
        {
          reason: 'FieldValueRequired',
          message: 'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
          field: 'spec.resourceAttributes',
        },
      ]),
    );
  if (request.type.kind === 'LocalSubjectAccessReview' && (resource?.namespace ?? '') !== request.namespace)
    return statusReply(badRequest(`spec.resourceAttributes.namespace must match namespace: ${request.namespace}`));

  const attributes: Attributes = resource
    ? {
        user: subject,
        verb: resource.verb ?? '',
        isResourceRequest: true,
        apiGroup: resource.group ?? '',
        resource: resource.resource ?? '',
        subresource: resource.subresource ?? '',
        name: resource.name ?? '',
        namespace: resource.namespace ?? '',
        path: '',
      }
    : {
        user: subject,
        verb: nonResource?.verb ?? '',
        isResourceRequest: false,
        apiGroup: '',
        resource: '',
        subresource: '',
        name: '',
        namespace: '',
        path: nonResource?.path ?? '',
      };
  const decision = services.authorizer.authorize(attributes);
  return answer({ allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) });
}
