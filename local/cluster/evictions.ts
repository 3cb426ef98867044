// POST pods/<name>/eviction (policy/v1beta1 Eviction, what drains send): the pod is deleted unless a
// PodDisruptionBudget forbids it (429, and the client retries), and the answer is a 201 Success Status.
import { parseJsonBody, reply, statusReply, type Reply, type ResourceRequest, type Services } from './handler-context';
import { isRecord, type KubeObject } from './kube-object';
import { parseLabelSelector } from './object-store';
import { resourceTypeFor } from './resources';
import { badRequest, failureStatus, objectNotFound } from './status';

const disruptionBudgets = resourceTypeFor('policy', 'v1beta1', 'poddisruptionbudgets')!;
const pods = resourceTypeFor('', 'v1', 'pods')!;
const evictionVersions = ['policy/v1beta1', 'policy/v1'];

export function evictPod(services: Services, request: ResourceRequest): Reply {
  const body = parseJsonBody(request);
  if (!isRecord(body) || (body.kind !== undefined && body.kind !== 'Eviction'))
    return statusReply(badRequest('the object provided is unrecognized (must be of type Eviction)'));
  if (body.apiVersion !== undefined && !evictionVersions.includes(String(body.apiVersion)))
    return statusReply(
      badRequest(`the API version in the data (${body.apiVersion}) does not match the expected API version (policy/v1beta1)`),
    );
  const named = isRecord(body.metadata) ? body.metadata.name : undefined;
  if (named !== undefined && named !== request.name) return statusReply(badRequest('name in URL does not match name in Eviction object'));

  const pod = services.store.get(request.type, request.name!, request.namespace);
  if (!pod) return statusReply(objectNotFound(request.type, request.name!));
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  // Pods that have finished can always go; the others only within their disruption budget.
  if (phase !== 'Succeeded' && phase !== 'Failed') {
    const refusal = budgetRefusal(services, pod);
    if (refusal) return statusReply(refusal);
  }
  if (!request.url.searchParams.getAll('dryRun').includes('All'))
    services.store.delete(request.type, pod.metadata.name, pod.metadata.namespace);
  return reply(201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}

function budgetRefusal(services: Services, pod: KubeObject) {
  const budgets = services.store.list(disruptionBudgets, pod.metadata.namespace).filter((budget) => selects(budget, pod));
  if (budgets.length === 0) return undefined;
  if (budgets.length > 1)
    return failureStatus(
      500,
      'InternalError',
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    );
  const budget = budgets[0]!;
  const covered = services.store.list(pods, pod.metadata.namespace).filter((candidate) => selects(budget, candidate));
  const healthy = covered.filter((candidate) => (candidate.status as { phase?: string } | undefined)?.phase === 'Running').length;
  const spec = budget.spec as { minAvailable?: number | string; maxUnavailable?: number | string };
  const needed =
    spec.minAvailable !== undefined
      ? amount(spec.minAvailable, covered.length, true)
      : covered.length - amount(spec.maxUnavailable ?? 0, covered.length, false);
  if (healthy - 1 >= needed) return undefined;
  return failureStatus(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
    causes: [
      {
        reason: 'DisruptionBudget',
        message: `The disruption budget ${budget.metadata.name} needs ${needed} healthy pods and has ${healthy} currently`,
        field: '',
      },
    ],
  });
}

function selects(budget: KubeObject, pod: KubeObject): boolean {
  const matchLabels = ((budget.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels ??
    {}) as Record<string, string>;
  const selector = Object.entries(matchLabels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  return selector !== '' && parseLabelSelector(selector)(pod.metadata.labels ?? {});
}

/** An IntOrString of the budget: a count, or a percentage of the pods it covers (rounded up, as the controller does). */
function amount(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(value);
  if (!percent) return Number(value) || 0;
  const exact = (Number(percent[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}
