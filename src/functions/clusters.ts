// HTTP routes of the provisioning API. Everything but the contract and the health probe needs a function key.
import { app, type HttpMethod } from '@azure/functions';
import * as df from 'durable-functions';
import { settings } from '../config/settings';
import { getArtifact, listArtifacts } from '../api/handlers/artifacts';
import { cancelOperation } from '../api/handlers/cancel-operation';
import { getOpenApi } from '../api/handlers/contract';
import { createCluster } from '../api/handlers/create-cluster';
import { deleteCluster } from '../api/handlers/delete-cluster';
import { getCluster } from '../api/handlers/get-cluster';
import { getHealth } from '../api/handlers/health';
import { getKubeconfig } from '../api/handlers/kubeconfig';
import { listClusters } from '../api/handlers/list-clusters';
import { listOperations } from '../api/handlers/list-operations';
import { getLog, listLogs } from '../api/handlers/logs';
import { retryOperation } from '../api/handlers/retry-operation';
import { handle } from '../api/route';

// Fail at start-up, naming the setting, rather than on the first request.
settings();

const durableClient = df.input.durableClient();

/** Every keyed route: name, method, route template, handler. */
const routes: Array<[string, HttpMethod, string, Parameters<typeof handle>[0]]> = [
  ['createCluster', 'POST', 'clusters', createCluster],
  ['listClusters', 'GET', 'clusters', listClusters],
  ['getCluster', 'GET', 'clusters/{name}', getCluster],
  ['deleteCluster', 'DELETE', 'clusters/{name}', deleteCluster],
  ['retryOperation', 'POST', 'clusters/{name}/retry', retryOperation],
  ['cancelOperation', 'POST', 'clusters/{name}/cancel', cancelOperation],
  ['getKubeconfig', 'GET', 'clusters/{name}/kubeconfig', getKubeconfig],
  ['listArtifacts', 'GET', 'clusters/{name}/artifacts', listArtifacts],
  ['getArtifact', 'GET', 'clusters/{name}/artifacts/{file}', getArtifact],
  ['listLogs', 'GET', 'clusters/{name}/logs', listLogs],
  ['getLog', 'GET', 'clusters/{name}/logs/{file}', getLog],
  ['listOperations', 'GET', 'clusters/{name}/operations', listOperations],
];

for (const [name, method, route, handler] of routes) {
  app.http(name, { route, methods: [method], authLevel: 'function', extraInputs: [durableClient], handler: handle(handler) });
}
app.http('openApi', { route: 'openapi.yaml', methods: ['GET'], authLevel: 'anonymous', handler: handle(getOpenApi) });
app.http('health', { route: 'health', methods: ['GET'], authLevel: 'anonymous', handler: handle(getHealth) });
