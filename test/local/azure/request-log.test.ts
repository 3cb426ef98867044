// The emulator's request log (every counted call with the status it was answered with), lost answers (the
// request takes effect, the connection drops) and the list of client secrets Graph issued.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startAzureEmulator, type AzureEmulator } from '../../../local/azure';
import { adminCall, graphCall, resourceClient, trustCaForFetch } from '../../support/azure-emulator';

const SUB = '22222222-2222-3333-4444-555555555555';

describe('ARM/Graph emulator: request log, lost answers, issued secrets', () => {
  let emulator: AzureEmulator;

  before(async () => {
    emulator = await startAzureEmulator();
    trustCaForFetch(emulator.caPem);
  });
  after(() => emulator.close());
  beforeEach(() => emulator.admin.reset());

  it('logs each counted request with its path and the status it got, injected faults and dropped connections included', async () => {
    emulator.admin.addFault({ operation: 'PUT resourceGroups', status: 429, retryAfterSeconds: 0, count: 1 });
    emulator.admin.addFault({ operation: 'GET resourceGroups', action: 'reset', count: 1 });
    const client = resourceClient(emulator, SUB);
    await client.resourceGroups.createOrUpdate('rg-log', { location: 'centralus' });
    await client.resourceGroups.get('rg-log');
    const log = emulator.admin.requests().filter((entry) => /resourcegroups\/rg-log$/i.test(entry.path));
    assert.deepEqual(
      log.map((entry) => `${entry.method} ${entry.operation} ${entry.status}`),
      ['PUT PUT resourceGroups 429', 'PUT PUT resourceGroups 201', 'GET GET resourceGroups 0', 'GET GET resourceGroups 200'],
    );
    assert.ok(
      log.every((entry, i) => i === 0 || entry.at >= log[i - 1]!.at),
      'oldest first',
    );
    const overHttp = await adminCall(emulator, 'GET', '/requests');
    assert.equal(overHttp.status, 200);
    assert.equal(overHttp.body.requests.length, emulator.admin.requests().length);
    emulator.admin.reset();
    assert.deepEqual(emulator.admin.requests(), [], 'a reset clears the log');
  });

  it('"reset-after" lets the request take effect and drops the connection before the answer', async () => {
    emulator.admin.addFault({ method: 'POST', path: '^/graph/v1\\.0/applications$', action: 'reset-after', count: 1 });
    await assert.rejects(graphCall(emulator, 'POST', '/applications', { displayName: 'lost-answer' }), /fetch failed/);
    const state = emulator.admin.state();
    assert.deepEqual(
      state.applications.map((app) => app.displayName),
      ['lost-answer'],
      'the application was created although its answer was lost',
    );
    assert.equal(state.faultsInjected['POST applications'], 1);
    assert.equal(emulator.admin.requests().at(-1)!.status, 0, 'logged as unanswered');
    const next = await graphCall(emulator, 'POST', '/applications', { displayName: 'answered' });
    assert.equal(next.status, 201, 'the rule is spent');
    const bad = await adminCall(emulator, 'POST', '/faults', { path: 'x', action: 'explode' });
    assert.equal(bad.status, 400);
  });

  it('remembers the client secrets Graph issued, in memory only', async () => {
    const app = await graphCall(emulator, 'POST', '/applications', { displayName: 'with-secret' });
    const password = await graphCall(emulator, 'POST', `/applications/${app.body.id}/addPassword`, { passwordCredential: {} });
    assert.equal(password.status, 200);
    assert.deepEqual(emulator.admin.issuedSecrets(), [password.body.secretText]);
    assert.ok(!JSON.stringify(emulator.admin.state()).includes(password.body.secretText), 'never in the state');
    assert.equal((await adminCall(emulator, 'GET', '/secrets')).status, 404, 'never served over HTTP');
  });
});
