// GET /api/clusters/{name}: the cluster resource, with live step progress while an operation runs.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { ProvisioningState } from '../../clusters/record';
import { clusterResource, isInProgress } from '../cluster-view';
import { jsonResponse } from '../json';
import { liveOperation } from '../operations';
import { findCluster } from '../route';

export async function getCluster(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const { record } = await findCluster(request);
  const live = await liveOperation(df.getClient(context), record);
  const resource = clusterResource(record, live);
  const state = (resource.properties as { provisioningState: ProvisioningState }).provisioningState;
  return jsonResponse(200, resource, isInProgress({ ...record, provisioningState: state }) ? { 'retry-after': '5' } : {});
}
