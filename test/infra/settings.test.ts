// The function app's settings in infra/ and the settings the product reads (src/config/settings.ts)
// are the same list: every app setting in the infrastructure is either one the product reads or one of
// the platform's, and every setting the product reads is either set in the infrastructure or left to
// its documented default for a stated reason.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { readSettings, settingNames } from '../../src/config/settings';
import { repoRoot } from '../support/process';
import { parseDockerfile, stageEnv } from './support/dockerfile';
import { appSettings, bicepFile, functionAppBicep, trace, type Traced } from './support/infra';

/** Settings the Functions platform reads, not src/config. */
const platformSettings: Record<string, string> = {
  FUNCTIONS_EXTENSION_VERSION: 'the Functions runtime major version (~4)',
  FUNCTIONS_WORKER_RUNTIME: 'the language worker (node)',
  AzureWebJobsStorage__accountName: 'host storage and the Durable Functions task hub, by account name',
  AzureWebJobsStorage__credential: 'host storage through a managed identity',
  AzureWebJobsStorage__clientId: 'which user-assigned identity the host uses for its storage',
  APPLICATIONINSIGHTS_CONNECTION_STRING: 'where the host sends logs and telemetry',
  WEBSITES_ENABLE_APP_SERVICE_STORAGE: 'no shared /home: the code is in the image',
  WEBSITES_PORT: 'the port the host listens on inside the container',
  FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: 'the largest request body the host reads before the app sees it',
};

/** Settings the product reads that the infrastructure leaves unset, and why. */
const leftToDefault: Record<string, string> = {
  ARM_ENDPOINT: 'Azure public cloud (https://management.azure.com); the Cosmos DB etcd API preview exists only there',
  ARM_AUDIENCE: 'Azure public cloud ARM audience, as above',
  GRAPH_ENDPOINT: 'Microsoft Graph of the public cloud (https://graph.microsoft.com); Bicep environment() only knows the retired Azure AD Graph',
  GRAPH_AUDIENCE: 'Microsoft Graph audience of the public cloud, as above',
  ARTIFACTS_STORAGE_CONNECTION_STRING:
    'must stay unset in Azure: it would carry an account key, and the account has Shared Key access disabled; ' +
    'ARTIFACTS_STORAGE_ACCOUNT_URL is used instead',
  CREDENTIAL_LINK_MINUTES: 'tuning: the documented default (15) suits Azure; change with az functionapp config appsettings set',
  CREDENTIAL_LINK_MAX_MINUTES: 'tuning: documented default (60)',
  DEPLOYMENT_POLL_SECONDS: 'tuning: documented default (15) is gentle on ARM throttling limits',
  STEP_MAX_ATTEMPTS: 'tuning: documented default',
  STEP_FIRST_RETRY_SECONDS: 'tuning: documented default',
  STEP_MAX_RETRY_SECONDS: 'tuning: documented default',
  VERIFY_TIMEOUT_MINUTES: 'tuning: documented default (20)',
  ARTIFACT_RETENTION_DAYS: 'documented default 0: artifacts (which hold secrets) go with the cluster',
  ACTIVITY_LEASE_SECONDS: 'tuning: documented default (60); how long stopped work may hold back a teardown after a crash',
  DIRECTORY_REPLICATION_SECONDS: 'tuning: documented default (300) covers Entra ID replication',
  AKS_ENGINE_AZURE_ENV:
    'documented default AzurePublicCloud: scale and upgrade call the public cloud, where the Cosmos DB etcd API preview is',
  AKS_ENGINE_ENVIRONMENT_FILE: 'unset in the public cloud: only AKS_ENGINE_AZURE_ENV AzureStackCloud (Azure Stack Hub, custom clouds) reads it',
  PREFLIGHT_CHECKS: 'documented default true: a create asks Azure first; false only for clouds whose ARM lacks a checked API',
  ETCD_TRUST_CLUSTER_CA:
    'documented default false: the Cosmos DB etcd endpoint has a publicly trusted certificate; only local stand-ins need the cluster CA',
  AUTH_ISSUER:
    "default https://login.microsoftonline.com/<AUTH_TENANT_ID>/v2.0: the issuer of the v2.0 access tokens the API's registration asks for",
  AUTH_CLOCK_SKEW_SECONDS: 'tuning: documented default (60) tolerates ordinary clock drift between Entra ID and the app',
  KUBECONFIG_DEFAULT_MINUTES: 'documented default (60): a minted kubeconfig lives an hour unless the caller asks otherwise, like Gardener',
  KUBECONFIG_MAX_MINUTES: 'documented default (480): a working day at most; 1440 is the ceiling the app accepts',
  CREDENTIAL_SWEEP_SECONDS: 'tuning: documented default (300) for deleting minted kubeconfigs whose links have expired',
  QUOTA_MAX_CLUSTERS:
    'documented default (10) per caller; Clusters.Admin raises one caller with PUT /api/quotas/{objectId}, ' +
    "and the subscription's quota is the real ceiling",
  QUOTA_MAX_VMS: 'documented default (50) per caller, as above',
  QUOTA_MAX_VCPUS: "documented default (200) per caller, as above; the preflight checks the region's vCPU quota on top",
};

const names: readonly string[] = settingNames;
const entries = appSettings();
const infraNames = entries.map((e) => e.key);
const file = bicepFile(functionAppBicep);
const traced = new Map<string, Traced>(entries.map((e) => [e.key, trace(file, e.valueTokens)]));

describe('app settings: infra/ and src/config/settings.ts', () => {
  test('the function app has each setting once', () => {
    assert.equal(new Set(infraNames).size, infraNames.length);
  });

  test('every app setting in infra/ is read by src/config or is a platform setting', () => {
    const unknown = infraNames.filter((n) => !names.includes(n) && !(n in platformSettings));
    assert.deepEqual(unknown, [], 'add it to src/config/settings.ts, or to the platform list of this test with a reason');
  });

  test('every setting src/config reads is set in infra/ or left to its documented default with a reason', () => {
    const missing = names.filter((n) => !infraNames.includes(n) && !(n in leftToDefault));
    assert.deepEqual(missing, [], 'set it in infra/modules/functionapp.bicep, or list it in leftToDefault with a reason');
  });

  test('the lists do not contradict each other or go stale', () => {
    assert.deepEqual(Object.keys(leftToDefault).filter((n) => infraNames.includes(n)), [], 'left to default but set in infra/');
    assert.deepEqual(Object.keys(leftToDefault).filter((n) => !names.includes(n)), [], 'left to default but no longer read by src/config');
    assert.deepEqual(Object.keys(platformSettings).filter((n) => names.includes(n)), [], 'listed as platform but read by src/config');
    assert.deepEqual(Object.keys(platformSettings).filter((n) => !infraNames.includes(n)), [], 'listed as platform but not set in infra/');
  });

  test('values come from the right places', () => {
    const expected: Record<string, Traced> = {
      FUNCTIONS_EXTENSION_VERSION: { literal: '~4' },
      FUNCTIONS_WORKER_RUNTIME: { literal: 'node' },
      AzureWebJobsStorage__accountName: { expression: 'storage.outputs.name' },
      AzureWebJobsStorage__credential: { literal: 'managedidentity' },
      AzureWebJobsStorage__clientId: { expression: 'identity.outputs.clientId' },
      APPLICATIONINSIGHTS_CONNECTION_STRING: { expression: 'monitoring.outputs.applicationInsightsConnectionString' },
      WEBSITES_ENABLE_APP_SERVICE_STORAGE: { literal: 'false' },
      AZURE_SUBSCRIPTION_ID: { expression: 'subscription().subscriptionId' },
      AZURE_CLIENT_ID: { expression: 'identity.outputs.clientId' },
      ARTIFACTS_STORAGE_ACCOUNT_URL: { expression: 'storage.outputs.blobEndpoint' },
      ALLOWED_LOCATIONS: { literal: 'centralus' },
      AUTH_TENANT_ID: { expression: 'tenant().tenantId' },
      AUTH_AUDIENCE: { expression: "'${apiAppId},${apiIdentifierUri}'" },
    };
    for (const [name, want] of Object.entries(expected)) assert.deepEqual(traced.get(name), want, name);
  });

  test("AUTH_AUDIENCE names the API registration's client id and its identifier URI", () => {
    const name = (text: string) => [{ kind: 'ident' as const, text, line: 0 }];
    assert.deepEqual(trace(file, name('apiAppId')), { expression: 'apiRegistration.outputs.appId' });
    assert.deepEqual(trace(file, name('apiIdentifierUri')), { literal: 'api://aks-cosmos-provisioner' });
  });

  test('AKS_ENGINE_PATH and WEBSITES_PORT match the image', () => {
    const dockerfile = parseDockerfile(fs.readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8'));
    const env = stageEnv(dockerfile.stages[dockerfile.stages.length - 1]!, dockerfile.globalArgs);
    assert.equal(traced.get('AKS_ENGINE_PATH')?.literal, env.get('AKS_ENGINE_PATH'));
    assert.equal(traced.get('WEBSITES_PORT')?.literal, /:(\d+)$/.exec(env.get('ASPNETCORE_URLS') ?? '')?.[1]);
  });

  test('src/config accepts the settings the infrastructure gives the app', () => {
    // what Azure fills in for the expressions
    const azureValues: Record<string, string> = {
      'subscription().subscriptionId': '00000000-0000-4000-8000-000000000001',
      'identity.outputs.clientId': '00000000-0000-4000-8000-000000000002',
      'storage.outputs.blobEndpoint': 'https://stexample.blob.core.windows.net/',
      "'https://${appName}.azurewebsites.net'": 'https://func-example.azurewebsites.net',
      'tenant().tenantId': '00000000-0000-4000-8000-000000000003',
      "'${apiAppId},${apiIdentifierUri}'": '00000000-0000-4000-8000-000000000004,api://aks-cosmos-provisioner',
    };
    const env: Record<string, string> = {};
    for (const name of infraNames.filter((n) => names.includes(n))) {
      const t = traced.get(name)!;
      const v = t.literal ?? azureValues[t.expression!];
      assert.ok(v !== undefined, `${name}: no sample value for ${t.expression}`);
      env[name] = v;
    }
    const settings = readSettings(env);
    assert.equal(settings.subscriptionId, azureValues['subscription().subscriptionId']);
    assert.equal(settings.managedIdentityClientId, azureValues['identity.outputs.clientId']);
    assert.deepEqual(settings.storage, { accountUrl: 'https://stexample.blob.core.windows.net' });
    assert.equal(settings.aksEnginePath, '/usr/local/bin/aks-engine');
    assert.equal(settings.aksEngineAzureEnv, 'AzurePublicCloud');
    assert.equal(settings.aksEngineEnvironmentFile, undefined);
    assert.deepEqual(settings.allowedLocations, ['centralus']);
    assert.equal(settings.publicBaseUrl, 'https://func-example.azurewebsites.net');
    assert.deepEqual(settings.auth, {
      tenantId: '00000000-0000-4000-8000-000000000003',
      issuer: 'https://login.microsoftonline.com/00000000-0000-4000-8000-000000000003/v2.0',
      audiences: ['00000000-0000-4000-8000-000000000004', 'api://aks-cosmos-provisioner'],
      clockSkewSeconds: 60,
    });
  });
});
