// GET /api/clusters/{name} and GET /api/clusters: the cluster resource, and a paged, filterable list.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { settings } from '../../config/settings';
import type { ProvisioningState } from '../../clusters/record';
import { ClusterStore } from '../../clusters/store';
import { clusterNamePattern } from '../cluster-spec';
import { clusterResource, isInProgress } from '../cluster-view';
import { ApiError } from '../errors';
import { baseUrl, findCluster, integerQuery } from '../handler';
import { jsonResponse } from '../json';
import { liveOperation } from '../operations';

const states: ProvisioningState[] = ['Accepted', 'Provisioning', 'Succeeded', 'Failed', 'Canceling', 'Canceled', 'Deleting', 'Deleted'];

export async function getCluster(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const { record } = await findCluster(request);
  const live = await liveOperation(df.getClient(context), record);
  const resource = clusterResource(record, baseUrl(request), live);
  const state = (resource.properties as { provisioningState: ProvisioningState }).provisioningState;
  return jsonResponse(200, resource, isInProgress({ ...record, provisioningState: state }) ? { 'retry-after': '5' } : {});
}

export async function listClusters(request: HttpRequest): Promise<HttpResponseInit> {
  const top = integerQuery(request, 'top', 1, 100) ?? 20;
  const stateText = request.query.get('state');
  let wanted: ProvisioningState[] | undefined;
  if (stateText) {
    wanted = stateText.split(',').map((value) => {
      const match = states.find((state) => state.toLowerCase() === value.trim().toLowerCase());
      if (!match)
        throw new ApiError(
          400,
          'InvalidQueryParameter',
          `'${value.trim().slice(0, 40)}' is not a provisioning state; use ${states.join(', ')}.`,
          'state',
        );
      return match;
    });
  }
  const skipToken = request.query.get('skipToken') ?? undefined;
  if (skipToken !== undefined && !clusterNamePattern.test(skipToken))
    throw new ApiError(400, 'InvalidQueryParameter', 'The skipToken is not valid.', 'skipToken');
  const page = await new ClusterStore(settings()).list(top, skipToken, wanted);
  const base = baseUrl(request);
  let nextLink: string | null = null;
  if (page.continuationToken) {
    const next = new URL(`${base}/api/clusters`);
    next.searchParams.set('top', String(top));
    if (stateText) next.searchParams.set('state', stateText);
    next.searchParams.set('skipToken', page.continuationToken);
    nextLink = next.href;
  }
  return jsonResponse(200, { value: page.records.map((record) => clusterResource(record, base)), nextLink });
}

export async function listOperations(request: HttpRequest): Promise<HttpResponseInit> {
  const { record } = await findCluster(request);
  return jsonResponse(200, { value: [...record.operations].reverse() });
}
