// HTTP routes of the provisioning API. Everything but the contract and the health probe needs a function key.
import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { settings } from '../config/settings';
import { handle } from '../api/handler';
import { cancelOperation } from '../api/handlers/cancel-operation';
import { createCluster } from '../api/handlers/create-cluster';
import { getArtifact, getKubeconfig, getLog, listArtifacts, listLogs } from '../api/handlers/credentials';
import { deleteCluster } from '../api/handlers/delete-cluster';
import { getCluster, listClusters, listOperations } from '../api/handlers/read-cluster';
import { retryOperation } from '../api/handlers/retry-operation';
import { getHealth, getOpenApi } from '../api/handlers/service';

// Fail at start-up, naming the setting, rather than on the first request.
settings();

const durableClient = df.input.durableClient();

app.http('createCluster', {
  route: 'clusters',
  methods: ['POST'],
  authLevel: 'function',
  extraInputs: [durableClient],
  handler: handle(createCluster),
});
app.http('listClusters', { route: 'clusters', methods: ['GET'], authLevel: 'function', handler: handle(listClusters) });
app.http('getCluster', {
  route: 'clusters/{name}',
  methods: ['GET'],
  authLevel: 'function',
  extraInputs: [durableClient],
  handler: handle(getCluster),
});
app.http('deleteCluster', {
  route: 'clusters/{name}',
  methods: ['DELETE'],
  authLevel: 'function',
  extraInputs: [durableClient],
  handler: handle(deleteCluster),
});
app.http('retryOperation', {
  route: 'clusters/{name}/retry',
  methods: ['POST'],
  authLevel: 'function',
  extraInputs: [durableClient],
  handler: handle(retryOperation),
});
app.http('cancelOperation', {
  route: 'clusters/{name}/cancel',
  methods: ['POST'],
  authLevel: 'function',
  extraInputs: [durableClient],
  handler: handle(cancelOperation),
});
app.http('getKubeconfig', { route: 'clusters/{name}/kubeconfig', methods: ['GET'], authLevel: 'function', handler: handle(getKubeconfig) });
app.http('listArtifacts', { route: 'clusters/{name}/artifacts', methods: ['GET'], authLevel: 'function', handler: handle(listArtifacts) });
app.http('getArtifact', {
  route: 'clusters/{name}/artifacts/{file}',
  methods: ['GET'],
  authLevel: 'function',
  handler: handle(getArtifact),
});
app.http('listLogs', { route: 'clusters/{name}/logs', methods: ['GET'], authLevel: 'function', handler: handle(listLogs) });
app.http('getLog', { route: 'clusters/{name}/logs/{file}', methods: ['GET'], authLevel: 'function', handler: handle(getLog) });
app.http('listOperations', {
  route: 'clusters/{name}/operations',
  methods: ['GET'],
  authLevel: 'function',
  handler: handle(listOperations),
});
app.http('openApi', { route: 'openapi.yaml', methods: ['GET'], authLevel: 'anonymous', handler: handle(getOpenApi) });
app.http('health', { route: 'health', methods: ['GET'], authLevel: 'anonymous', handler: handle(getHealth) });
