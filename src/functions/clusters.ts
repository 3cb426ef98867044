// HTTP routes of the provisioning API. Every route but the contract and the health probe needs a Microsoft
// Entra ID bearer token with the app role named here, validated by the app itself (so no function key).
import { app, type HttpMethod } from '@azure/functions';
import * as df from 'durable-functions';
import { settings } from '../config/settings';
import { roles, type Role } from '../auth/caller';
import { getArtifact, listArtifacts } from '../api/handlers/artifacts';
import { getAuditTrail } from '../api/handlers/audit';
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
import { getQuota, setQuota } from '../api/handlers/quotas';
import { retryOperation } from '../api/handlers/retry-operation';
import { updateCluster } from '../api/handlers/update-cluster';
import { listUpgrades } from '../api/handlers/upgrades';
import { anonymous, protectedRoute, type Handler } from '../api/route';

// Fail at start-up, naming the setting, rather than on the first request.
settings();

const durableClient = df.input.durableClient();

/** Every protected route: name, method, route template, the app role it needs, whether it writes, handler. */
const routes: Array<[string, HttpMethod, string, Role, 'write' | 'read', Handler]> = [
  ['createCluster', 'POST', 'clusters', roles.write, 'write', createCluster],
  ['listClusters', 'GET', 'clusters', roles.read, 'read', listClusters],
  ['getCluster', 'GET', 'clusters/{name}', roles.read, 'read', getCluster],
  ['deleteCluster', 'DELETE', 'clusters/{name}', roles.write, 'write', deleteCluster],
  ['updateCluster', 'PATCH', 'clusters/{name}', roles.write, 'write', updateCluster],
  ['listUpgrades', 'GET', 'clusters/{name}/upgrades', roles.read, 'read', listUpgrades],
  ['retryOperation', 'POST', 'clusters/{name}/retry', roles.write, 'write', retryOperation],
  ['cancelOperation', 'POST', 'clusters/{name}/cancel', roles.write, 'write', cancelOperation],
  ['getKubeconfig', 'GET', 'clusters/{name}/kubeconfig', roles.credentials, 'read', getKubeconfig],
  ['listArtifacts', 'GET', 'clusters/{name}/artifacts', roles.read, 'read', listArtifacts],
  ['getArtifact', 'GET', 'clusters/{name}/artifacts/{file}', roles.read, 'read', getArtifact],
  ['listLogs', 'GET', 'clusters/{name}/logs', roles.read, 'read', listLogs],
  ['getLog', 'GET', 'clusters/{name}/logs/{file}', roles.read, 'read', getLog],
  ['listOperations', 'GET', 'clusters/{name}/operations', roles.read, 'read', listOperations],
  ['getAuditTrail', 'GET', 'audit', roles.admin, 'read', getAuditTrail],
  ['getQuota', 'GET', 'quotas/{objectId}', roles.read, 'read', getQuota],
  ['setQuota', 'PUT', 'quotas/{objectId}', roles.admin, 'write', setQuota],
];

for (const [name, method, route, role, kind, handler] of routes) {
  app.http(name, {
    route,
    methods: [method],
    authLevel: 'anonymous',
    extraInputs: [durableClient],
    handler: protectedRoute({ name, method, route, role, write: kind === 'write', handler }),
  });
}
app.http('openApi', { route: 'openapi.yaml', methods: ['GET'], authLevel: 'anonymous', handler: anonymous(getOpenApi) });
app.http('health', { route: 'health', methods: ['GET'], authLevel: 'anonymous', handler: anonymous(getHealth) });
