// GET /api/clusters/{name}/operations: the cluster's operations, newest first.
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { jsonResponse } from '../json';
import { findCluster } from '../route';

export async function listOperations(request: HttpRequest): Promise<HttpResponseInit> {
  const { record } = await findCluster(request);
  return jsonResponse(200, { value: [...record.operations].reverse() });
}
