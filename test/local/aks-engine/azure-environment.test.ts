// The simulator's cloud as the real aks-engine finds it: --azure-env AzureStackCloud reads every endpoint from the
// go-autorest environment file AZURE_ENVIRONMENT_FILEPATH names (and fails without it), Go's SSL_CERT_FILE is trusted,
// and a named cloud keeps the simulator's own endpoint overrides.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { validateAuthArgs } from '../../../local/aks-engine/auth-args';
import { readSettings } from '../../../local/aks-engine/settings';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-azure-env-'));
after(() => fs.rmSync(folder, { recursive: true, force: true }));

const environmentFile = path.join(folder, 'environment.json');
fs.writeFileSync(
  environmentFile,
  JSON.stringify({
    name: 'AzureStackCloud',
    resourceManagerEndpoint: 'https://arm.example.test:8443/',
    activeDirectoryEndpoint: 'https://login.example.test/',
    graphEndpoint: 'https://graph.example.test/',
    serviceManagementEndpoint: 'https://management.example.test/',
  }),
);
const caFile = path.join(folder, 'ca.pem');
fs.writeFileSync(caFile, 'a CA bundle');

describe('--azure-env AzureStackCloud', () => {
  test('takes ARM, Entra ID, Graph and the token resource from the file, whatever the overrides say', () => {
    const settings = readSettings('azurestackcloud', {
      AZURE_ENVIRONMENT_FILEPATH: environmentFile,
      AKS_ENGINE_ARM_ENDPOINT: 'https://elsewhere.example.test',
      SSL_CERT_FILE: caFile,
    });
    assert.equal(settings.armEndpoint, 'https://arm.example.test:8443');
    assert.equal(settings.graphEndpoint, 'https://graph.example.test');
    assert.equal(settings.activeDirectoryEndpoint, 'https://login.example.test/');
    assert.equal(settings.serviceManagementResource, 'https://management.example.test/');
    assert.equal(settings.caPem, 'a CA bundle');
  });

  test('fails as go-autorest does when the file is not there', () => {
    assert.throws(() => readSettings('AzureStackCloud', {}), /^Error: open : no such file or directory$/);
    const missing = path.join(folder, 'missing.json');
    assert.throws(() => readSettings('AzureStackCloud', { AZURE_ENVIRONMENT_FILEPATH: missing }), new RegExp(`open ${missing}`));
  });

  test('is a valid --azure-env; an unknown name still is not', () => {
    const auth = {
      subscriptionId: '22222222-2222-2222-2222-222222222222',
      authMethod: 'client_secret',
      clientId: '11111111-1111-1111-1111-111111111111',
      clientSecret: 's',
      certificatePath: '',
      privateKeyPath: '',
      language: 'en-us',
    };
    assert.doesNotThrow(() => validateAuthArgs({ ...auth, azureEnv: 'AzureStackCloud' }));
    assert.throws(() => validateAuthArgs({ ...auth, azureEnv: 'AzureMoonCloud' }), /valid target Azure cloud environment/);
  });

  test('a named cloud keeps the overrides and the public service management resource', () => {
    const settings = readSettings('AzurePublicCloud', {
      AKS_ENGINE_ARM_ENDPOINT: 'https://127.0.0.1:1/',
      AKS_ENGINE_ACTIVE_DIRECTORY_ENDPOINT: 'https://127.0.0.1:2/',
    });
    assert.equal(settings.armEndpoint, 'https://127.0.0.1:1');
    assert.equal(settings.activeDirectoryEndpoint, 'https://127.0.0.1:2/');
    assert.equal(settings.serviceManagementResource, 'https://management.core.windows.net/');
  });
});
