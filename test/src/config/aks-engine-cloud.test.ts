// The cloud aks-engine's day-2 commands call: AKS_ENGINE_AZURE_ENV (a go-autorest cloud name, --azure-env) and
// AKS_ENGINE_ENVIRONMENT_FILE (the custom cloud's endpoints, only with AzureStackCloud), and the file reaching the
// child process as AZURE_ENVIRONMENT_FILEPATH.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readSettings, SettingError } from '../../../src/config/settings';
import { runAksEngine } from '../../../src/aks-engine/run';

const base = {
  AZURE_SUBSCRIPTION_ID: '00000000-0000-4000-8000-000000000001',
  ARTIFACTS_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
  AUTH_TENANT_ID: '00000000-0000-4000-8000-000000000003',
  AUTH_AUDIENCE: 'api://aks-cosmos-provisioner',
};

describe('AKS_ENGINE_AZURE_ENV and AKS_ENGINE_ENVIRONMENT_FILE', () => {
  test('the public cloud and no file by default', () => {
    const settings = readSettings(base);
    assert.equal(settings.aksEngineAzureEnv, 'AzurePublicCloud');
    assert.equal(settings.aksEngineEnvironmentFile, undefined);
  });

  test('a known cloud in any case, spelled as go-autorest names it', () => {
    assert.equal(readSettings({ ...base, AKS_ENGINE_AZURE_ENV: 'azureusgovernmentcloud' }).aksEngineAzureEnv, 'AzureUSGovernmentCloud');
    const stack = readSettings({ ...base, AKS_ENGINE_AZURE_ENV: 'AzureStackCloud', AKS_ENGINE_ENVIRONMENT_FILE: '/etc/cloud/env.json' });
    assert.equal(stack.aksEngineAzureEnv, 'AzureStackCloud');
    assert.equal(stack.aksEngineEnvironmentFile, '/etc/cloud/env.json');
  });

  test('refuses an unknown cloud, a custom cloud without its file, a relative file and a file no cloud reads', () => {
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ AKS_ENGINE_AZURE_ENV: 'AzureCloud' }, 'AKS_ENGINE_AZURE_ENV', /must be one of AzurePublicCloud, .*AzureStackCloud/],
      [
        { AKS_ENGINE_AZURE_ENV: 'AzureStackCloud' },
        'AKS_ENGINE_ENVIRONMENT_FILE',
        /is required when AKS_ENGINE_AZURE_ENV is AzureStackCloud/,
      ],
      [
        { AKS_ENGINE_AZURE_ENV: 'AzureStackCloud', AKS_ENGINE_ENVIRONMENT_FILE: 'env.json' },
        'AKS_ENGINE_ENVIRONMENT_FILE',
        /must be an absolute path/,
      ],
      [{ AKS_ENGINE_ENVIRONMENT_FILE: '/etc/cloud/env.json' }, 'AKS_ENGINE_ENVIRONMENT_FILE', /read only with .*AzureStackCloud/],
    ];
    for (const [env, setting, message] of cases) {
      assert.throws(
        () => readSettings({ ...base, ...env }),
        (error: unknown) => error instanceof SettingError && error.setting === setting && message.test(error.message),
        JSON.stringify(env),
      );
    }
  });

  test('the child process sees the variables given to it on top of this process environment', async () => {
    const script = 'process.stdout.write(`${process.env.AZURE_ENVIRONMENT_FILEPATH}|${process.env.PATH ? "path" : ""}`)';
    const run = await runAksEngine(process.execPath, ['-e', script], {
      cwd: process.cwd(),
      timeoutMs: 30_000,
      env: { AZURE_ENVIRONMENT_FILEPATH: '/etc/cloud/env.json' },
    });
    assert.equal(run.exitCode, 0, run.output);
    assert.equal(run.output, '/etc/cloud/env.json|path');
  });
});
