// GET /api/openapi.yaml: the contract, anonymous by design.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { HttpResponseInit } from '@azure/functions';

/** openapi.yaml sits at the app root, next to host.json, in the repository and in the image. */
const contractFile = path.resolve(__dirname, '..', '..', '..', '..', 'openapi.yaml');
let contract: Promise<string> | undefined;

export async function getOpenApi(): Promise<HttpResponseInit> {
  contract ??= fs.readFile(contractFile, 'utf8');
  return {
    status: 200,
    headers: { 'content-type': 'application/yaml; charset=utf-8', 'cache-control': 'public, max-age=300' },
    body: await contract,
  };
}
