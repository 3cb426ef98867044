// GET /api/clusters: a page of clusters in name order, optionally only some states, with a nextLink.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { settings } from '../../config/settings';
import { provisioningStates, type ProvisioningState } from '../../clusters/record';
import { ClusterStore } from '../../clusters/store';
import { clusterNamePattern } from '../../domain/cluster-spec';
import { clusterResource } from '../cluster-view';
import { ApiError } from '../errors';
import { jsonResponse } from '../json';
import { apiLink } from '../links';
import { integerQuery } from '../route';

function stateFilter(text: string | null): ProvisioningState[] | undefined {
  if (!text) return undefined;
  return text.split(',').map((value) => {
    const match = provisioningStates.find((state) => state.toLowerCase() === value.trim().toLowerCase());
    if (!match) {
      const shown = value.trim().slice(0, 40);
      throw new ApiError(
        400,
        'InvalidQueryParameter',
        `'${shown}' is not a provisioning state; use ${provisioningStates.join(', ')}.`,
        'state',
      );
    }
    return match;
  });
}

export async function listClusters(request: HttpRequest): Promise<HttpResponseInit> {
  const top = integerQuery(request, 'top', 1, 100) ?? 20;
  const stateText = request.query.get('state');
  const wanted = stateFilter(stateText);
  const skipToken = request.query.get('skipToken') ?? undefined;
  if (skipToken !== undefined && !clusterNamePattern.test(skipToken)) {
    throw new ApiError(400, 'InvalidQueryParameter', 'The skipToken is not valid.', 'skipToken');
  }
  const page = await new ClusterStore(settings()).list(top, skipToken, wanted);
  let nextLink: string | null = null;
  if (page.continuationToken) {
    const query = new URLSearchParams({ top: String(top) });
    if (stateText) query.set('state', stateText);
    query.set('skipToken', page.continuationToken);
    nextLink = apiLink(`/clusters?${query}`);
  }
  return jsonResponse(200, { value: page.records.map((record) => clusterResource(record)), nextLink });
}
