// GET /api/health is anonymous: when a setting is invalid it says which one, never the value (a connection
// string or a URL with credentials would be handed to anyone).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getHealth } from '../../../src/api/handlers/health';

const valid: Record<string, string> = {
  AZURE_SUBSCRIPTION_ID: '6a1c4f9e-2b7d-4c1e-9f3a-0d5e8b7c6a21',
  ARTIFACTS_STORAGE_ACCOUNT_URL: 'https://account.blob.core.windows.net',
  AUTH_TENANT_ID: '72f988bf-0000-4000-8000-00000000e1a0',
  AUTH_AUDIENCE: 'api://aks-cosmos-provisioner',
};

async function healthWith(settings: Record<string, string>): Promise<{ status: number; text: string }> {
  const saved = { ...process.env };
  try {
    for (const name of Object.keys(process.env))
      if (/^(AZURE_|ARM_|GRAPH_|ARTIFACTS_|CREDENTIAL_|STEP_|AUTH_)/.test(name)) delete process.env[name];
    Object.assign(process.env, valid, settings);
    const answer = await getHealth();
    return { status: answer.status ?? 200, text: String(answer.body) };
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}

test('the health answer names an invalid setting without echoing its value', async () => {
  assert.equal((await healthWith({})).status, 200, 'the valid settings are healthy');
  const secrets: Array<[string, string]> = [
    ['CREDENTIAL_LINK_MINUTES', 'sv=2024-01-01&sig=c2VjcmV0LXNpZ25hdHVyZQ'],
    ['ARM_ENDPOINT', 'http://admin:hunter2-password@arm.internal'],
    ['ARTIFACTS_STORAGE_ACCOUNT_URL', 'not a url;AccountKey=c2VjcmV0LWFjY291bnQta2V5'],
    ['AZURE_CLIENT_ID', 'client-secret-value-0123456789'],
  ];
  for (const [name, value] of secrets) {
    const answer = await healthWith({ [name]: value });
    assert.equal(answer.status, 503, `${name}: ${answer.text}`);
    assert.match(answer.text, new RegExp(name), `${name}: the answer names the setting`);
    for (const piece of value.split(/[=&;:@/ ]+/).filter((part) => part.length >= 8))
      assert.ok(!answer.text.includes(piece), `${name}: the answer echoes "${piece}": ${answer.text}`);
  }
});
