// GET /api/openapi.yaml: the contract, anonymous by design.
import type { HttpResponseInit } from '@azure/functions';
import { contract } from '../contract/openapi';

export async function getOpenApi(): Promise<HttpResponseInit> {
  return {
    status: 200,
    headers: { 'content-type': 'application/yaml; charset=utf-8', 'cache-control': 'public, max-age=300' },
    body: contract().text,
  };
}
