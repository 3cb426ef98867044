// Faults on demand, seen through the SDKs' retry policies: throttling (429 + Retry-After), transient 5xx,
// dropped connections, and what happens when retries run out. Every attempt shows in the call counts.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startAzureEmulator, type AzureEmulator } from '../../../local/azure';
import { adminCall, authorizationClient, graphCall, recordResponses, resourceClient, trustCaForFetch } from '../../support/azure-emulator';

const SUB = '22222222-2222-3333-4444-555555555555';

describe('ARM/Graph emulator: injected faults', () => {
  let emulator: AzureEmulator;

  before(async () => {
    emulator = await startAzureEmulator();
    trustCaForFetch(emulator.caPem);
  });
  after(() => emulator.close());
  beforeEach(() => emulator.admin.reset());

  it('throttles N matching requests with 429 + Retry-After; the SDK retries them and the call counts show each attempt', async () => {
    const client = resourceClient(emulator, SUB);
    const responses = recordResponses(client.pipeline);
    const rule = await adminCall(emulator, 'POST', '/faults', {
      method: 'PUT',
      path: '/resourcegroups/rg-throttled$',
      status: 429,
      count: 2,
      retryAfterSeconds: 0,
    });
    assert.equal(rule.status, 200);
    assert.equal(rule.body.remaining, 2);

    const group = await client.resourceGroups.createOrUpdate('rg-throttled', { location: 'centralus' });
    assert.equal(group.name, 'rg-throttled');
    assert.deepEqual(
      responses.map((response) => response.status),
      [429, 429, 201],
    );
    assert.equal(responses[0]!.header('retry-after'), '0');

    const calls = (await adminCall(emulator, 'GET', '/calls')).body;
    assert.equal(calls.calls['PUT resourceGroups'], 3);
    assert.equal(calls.faultsInjected['PUT resourceGroups'], 2);
    const state = emulator.admin.state() as { resourceGroups: unknown[] };
    assert.equal(state.resourceGroups.length, 1, 'the group exists once');
    assert.deepEqual(emulator.admin.faults().requests, [], 'a spent rule is dropped');
  });

  it('answers transient 5xx N times; the SDK retries with its exponential policy and succeeds', async () => {
    const client = resourceClient(emulator, SUB);
    const responses = recordResponses(client.pipeline);
    emulator.admin.addFault({ operation: 'GET providers', status: 500, count: 2 });
    const provider = await client.providers.get('Microsoft.Compute');
    assert.equal(provider.registrationState, 'Registered');
    assert.deepEqual(
      responses.map((response) => response.status),
      [500, 500, 200],
    );
    assert.equal(emulator.admin.calls().calls['GET providers'], 3);
  });

  it('surfaces the injected error as a RestError once the retries are used up', async () => {
    const client = resourceClient(emulator, SUB, { maxRetries: 1, retryDelayInMs: 1, maxRetryDelayInMs: 2 });
    emulator.admin.addFault({
      method: 'GET',
      path: '/resourcegroups$',
      status: 503,
      count: 5,
      retryAfterSeconds: 0,
      code: 'ServerBusy',
      message: 'Try again later.',
    });
    await assert.rejects(
      async () => {
        for await (const _group of client.resourceGroups.list()) void _group;
      },
      (error: any) => error.name === 'RestError' && error.statusCode === 503 && error.code === 'ServerBusy',
    );
    assert.equal(emulator.admin.calls().faultsInjected['LIST resourceGroups'], 2);
    assert.equal(emulator.admin.faults().requests[0]!.remaining, 3);
  });

  it('drops connections on demand; the SDK retries the network error', async () => {
    const client = resourceClient(emulator, SUB);
    emulator.admin.addFault({ operation: 'PUT resourceGroups', action: 'reset', count: 1 });
    const group = await client.resourceGroups.createOrUpdate('rg-reset', { location: 'centralus' });
    assert.equal(group.name, 'rg-reset');
    assert.equal(emulator.admin.calls().calls['PUT resourceGroups'], 2);
  });

  it('applies to the authorization client (core-client pipeline) and to Graph calls alike', async () => {
    emulator.admin.addFault({ operation: 'GET roleDefinitions', status: 429, retryAfterSeconds: 0 });
    const definition = await authorizationClient(emulator, SUB).roleDefinitions.get(
      `/subscriptions/${SUB}`,
      'b24988ac-6180-42a0-ab88-20f7382dd24c',
    );
    assert.equal(definition.roleName, 'Contributor');
    assert.equal(emulator.admin.calls().calls['GET roleDefinitions'], 2);

    emulator.admin.addFault({ path: '^/graph/v1\\.0/applications$', method: 'POST', status: 429, retryAfterSeconds: 7 });
    const throttled = await graphCall(emulator, 'POST', '/applications', { displayName: 'x' });
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '7');
    assert.equal(throttled.body.error.code, 'TooManyRequests');
    assert.ok(throttled.body.error.innerError['request-id'], 'Graph errors carry innerError');
  });

  it('validates fault rules', async () => {
    const bad = await adminCall(emulator, 'POST', '/faults', { status: 429 });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /path.*operation/);
    const badStatus = await adminCall(emulator, 'POST', '/faults', { path: 'x', status: 200 });
    assert.equal(badStatus.status, 400);
    const cleared = await adminCall(emulator, 'DELETE', '/faults');
    assert.deepEqual(cleared.body, { requests: [], deployments: [] });
  });
});
