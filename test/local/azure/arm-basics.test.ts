// ARM front door and the simple resources, driven by @azure/arm-resources v8: bearer token, api-version,
// case-insensitive paths and "//", providers (Registering → Registered), resource groups and their
// long-running delete through the SDK poller.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { bearerTokenAuthenticationPolicyName } from '@azure/core-rest-pipeline';
import { startAzureEmulator, type AzureEmulator } from '../../../local/azure';
import { armCall, recordResponses, resourceClient, trustCaForFetch } from '../../support/azure-emulator';
import { eventually } from '../../support/process';

const SUB = '11111111-2222-3333-4444-555555555555';

describe('ARM emulator: front door, providers and resource groups', () => {
  let emulator: AzureEmulator;

  before(async () => {
    emulator = await startAzureEmulator();
    trustCaForFetch(emulator.caPem);
  });
  after(() => emulator.close());
  beforeEach(() => emulator.admin.reset());

  it('serves HTTPS with a certificate issued by the CA it wrote to disk', async () => {
    const { readFileSync } = await import('node:fs');
    const { X509Certificate } = await import('node:crypto');
    assert.equal(readFileSync(emulator.caFile, 'utf8'), emulator.caPem);
    const ca = new X509Certificate(emulator.caPem);
    assert.equal(ca.ca, true);
    assert.match(emulator.armEndpoint, /^https:\/\/127\.0\.0\.1:\d+$/);
    // fetch trusts it only because of trustCaForFetch: the request succeeds at the TLS level.
    const response = await armCall(emulator, 'GET', `/subscriptions/${SUB}?api-version=2022-12-01`, { token: 't' });
    assert.equal(response.status, 200);
    assert.equal(response.body.subscriptionId, SUB);
  });

  it('answers 401 with an ARM error body when no bearer token is sent, from raw HTTP and from the SDK', async () => {
    const raw = await armCall(emulator, 'GET', `/subscriptions/${SUB}/resourcegroups?api-version=2025-04-01`);
    assert.equal(raw.status, 401);
    assert.equal(raw.body.error.code, 'AuthenticationFailed');
    assert.match(raw.headers.get('www-authenticate') ?? '', /^Bearer /);

    const client = resourceClient(emulator, SUB);
    client.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
    await assert.rejects(
      client.resourceGroups.get('any'),
      (error: any) => error.statusCode === 401 && error.code === 'AuthenticationFailed',
    );
    assert.equal(emulator.admin.calls().calls['GET resourceGroups'], undefined, 'unauthenticated requests are not counted as calls');
  });

  it('requires api-version (400 MissingApiVersionParameter) and refuses one ARM does not support', async () => {
    const missing = await armCall(emulator, 'GET', `/subscriptions/${SUB}/resourcegroups`, { token: 't' });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.code, 'MissingApiVersionParameter');
    const odd = await armCall(emulator, 'GET', `/subscriptions/${SUB}/resourcegroups?api-version=1999-01-01-whatever`, { token: 't' });
    assert.equal(odd.status, 400);
    assert.equal(odd.body.error.code, 'InvalidApiVersionParameter');
  });

  it('matches paths case-insensitively and tolerates // after the host', async () => {
    await resourceClient(emulator, SUB).resourceGroups.createOrUpdate('Case-RG', { location: 'westeurope' });
    const upper = await armCall(emulator, 'GET', `/SUBSCRIPTIONS/${SUB}/RESOURCEGROUPS/case-rg?api-version=2025-04-01`, { token: 't' });
    assert.equal(upper.status, 200);
    assert.equal(upper.body.name, 'Case-RG');
    assert.equal(upper.body.id, `/subscriptions/${SUB}/resourceGroups/Case-RG`);
    const doubled = await armCall(emulator, 'GET', `//subscriptions/${SUB}/resourceGroups/Case-RG?api-version=2025-04-01`, { token: 't' });
    assert.equal(doubled.status, 200);
    const unknown = await armCall(emulator, 'GET', `/subscriptions/${SUB}/nothing/here?api-version=2025-04-01`, { token: 't' });
    assert.equal(unknown.status, 404);
    assert.equal(typeof unknown.body.error.code, 'string');
  });

  it('registers a provider: register answers Registering, get shows Registered after the delay', async () => {
    emulator.admin.setTiming({ overrides: { providerRegistrationMs: 1_000 } });
    const client = resourceClient(emulator, SUB);
    assert.equal((await client.providers.get('Microsoft.DocumentDB')).registrationState, 'NotRegistered');
    const started = Date.now();
    const registered = await client.providers.register('Microsoft.DocumentDB');
    assert.equal(registered.registrationState, 'Registering');
    assert.equal(registered.namespace, 'Microsoft.DocumentDB');
    assert.ok(registered.resourceTypes?.some((type) => type.resourceType === 'databaseAccounts'));
    assert.equal((await client.providers.get('microsoft.documentdb')).registrationState, 'Registering');
    const registeredAt = await eventually(
      async () => ((await client.providers.get('Microsoft.DocumentDB')).registrationState === 'Registered' ? Date.now() : undefined),
      5_000,
      50,
    );
    assert.ok(registeredAt - started >= 1_000, 'not before the configured delay');
    // Compute, Network and Storage start registered, as the design's check expects.
    for (const namespace of ['Microsoft.Compute', 'Microsoft.Network', 'Microsoft.Storage']) {
      assert.equal((await client.providers.get(namespace)).registrationState, 'Registered', namespace);
    }
    const all: string[] = [];
    for await (const provider of client.providers.list()) all.push(provider.namespace!);
    assert.ok(all.includes('Microsoft.DocumentDB') && all.includes('Microsoft.Resources'));
    await assert.rejects(
      client.providers.get('Microsoft.Nope'),
      (error: any) => error.statusCode === 404 && error.code === 'InvalidResourceNamespace',
    );
  });

  it('creates (201), updates (200), reads, checks, lists and filters resource groups', async () => {
    const client = resourceClient(emulator, SUB);
    const responses = recordResponses(client.pipeline);
    const created = await client.resourceGroups.createOrUpdate('rg-a', { location: 'Central US', tags: { cluster: 'a' } });
    assert.equal(created.location, 'centralus');
    assert.equal(created.properties?.provisioningState, 'Succeeded');
    await client.resourceGroups.createOrUpdate('rg-a', { location: 'centralus', tags: { cluster: 'a', v: '2' } });
    assert.deepEqual(
      responses.map((response) => response.status),
      [201, 200],
    );
    await client.resourceGroups.createOrUpdate('rg-b', { location: 'centralus', tags: { cluster: 'b' } });
    assert.deepEqual((await client.resourceGroups.get('RG-A')).tags, { cluster: 'a', v: '2' });
    assert.equal((await client.resourceGroups.checkExistence('rg-a')).body, true);
    assert.equal((await client.resourceGroups.checkExistence('nope')).body, false);
    const names: string[] = [];
    for await (const group of client.resourceGroups.list({ filter: "tagName eq 'cluster' and tagValue eq 'b'" })) names.push(group.name!);
    assert.deepEqual(names, ['rg-b']);
    await assert.rejects(
      client.resourceGroups.createOrUpdate('rg-a', { location: 'westeurope' }),
      (error: any) => error.statusCode === 409 && error.code === 'InvalidResourceGroupLocation',
    );
    await assert.rejects(
      client.resourceGroups.createOrUpdate('rg-c', { location: 'atlantis' }),
      (error: any) => error.statusCode === 400 && error.code === 'LocationNotAvailableForResourceGroup',
    );
    await assert.rejects(
      client.resourceGroups.get('missing'),
      (error: any) => error.statusCode === 404 && error.code === 'ResourceGroupNotFound',
    );
    const head = await armCall(emulator, 'HEAD', `/subscriptions/${SUB}/resourcegroups/missing?api-version=2025-04-01`, { token: 't' });
    assert.equal(head.status, 404);
    const headOk = await armCall(emulator, 'HEAD', `/subscriptions/${SUB}/resourcegroups/rg-a?api-version=2025-04-01`, { token: 't' });
    assert.equal(headOk.status, 204);
  });

  it('pages long lists with nextLink, which the SDK follows', async () => {
    await emulator.close();
    emulator = await startAzureEmulator({ pageSize: 2 });
    trustCaForFetch(emulator.caPem);
    const client = resourceClient(emulator, SUB);
    for (const name of ['p1', 'p2', 'p3', 'p4', 'p5']) await client.resourceGroups.createOrUpdate(name, { location: 'centralus' });
    const page = await armCall(emulator, 'GET', `/subscriptions/${SUB}/resourcegroups?api-version=2025-04-01`, { token: 't' });
    assert.equal(page.body.value.length, 2);
    assert.match(
      page.body.nextLink,
      new RegExp(`^${emulator.armEndpoint}/subscriptions/${SUB}/resourcegroups\\?api-version=2025-04-01&%24skiptoken=2$`),
    );
    const names: string[] = [];
    for await (const group of client.resourceGroups.list()) names.push(group.name!);
    assert.deepEqual(names, ['p1', 'p2', 'p3', 'p4', 'p5']);
    assert.equal(emulator.admin.calls().calls['LIST resourceGroups'], 4, 'one raw call plus three pages');
  });

  it('deletes a group as a long-running operation: 202 + Location (+ Retry-After), polls 202 then 200, then 404', async () => {
    emulator.admin.setTiming({ overrides: { resourceGroupDeleteMs: 500 } });
    const client = resourceClient(emulator, SUB);
    await client.resourceGroups.createOrUpdate('rg-del', { location: 'centralus' });

    const responses = recordResponses(client.pipeline);
    const poller = client.resourceGroups.delete('rg-del', { updateIntervalInMs: 50 });
    await poller.submitted();
    assert.equal((await client.resourceGroups.get('rg-del')).properties?.provisioningState, 'Deleting');
    await assert.rejects(
      client.resourceGroups.createOrUpdate('rg-del', { location: 'centralus' }),
      (error: any) => error.statusCode === 409 && error.code === 'ResourceGroupBeingDeleted',
    );
    await poller.pollUntilDone();

    const deleteResponse = responses.find((response) => response.method === 'DELETE')!;
    assert.equal(deleteResponse.status, 202);
    const location = deleteResponse.header('location') ?? '';
    assert.match(location, new RegExp(`^${emulator.armEndpoint}/subscriptions/${SUB}/operationresults/[^/?]+\\?api-version=`));
    assert.ok(deleteResponse.header('retry-after'), 'the DELETE answer carries Retry-After');
    const polls = responses.filter((response) => response.method === 'GET' && response.url.startsWith(location.split('?')[0]!));
    assert.ok(polls.length >= 2, `polled ${polls.length} times`);
    assert.ok(
      polls.slice(0, -1).every((poll) => poll.status === 202),
      'running polls answer 202',
    );
    assert.equal(polls.at(-1)!.status, 200, 'the last poll answers 200');
    assert.equal(emulator.admin.calls().calls['GET operationresults'], polls.length);
    await assert.rejects(
      client.resourceGroups.get('rg-del'),
      (error: any) => error.statusCode === 404 && error.code === 'ResourceGroupNotFound',
    );
  });

  it('sends Retry-After on delete polls in the azure profile, scaled', async () => {
    emulator.admin.setTiming({ profile: 'azure', scale: 0.001 });
    const client = resourceClient(emulator, SUB);
    await client.resourceGroups.createOrUpdate('rg-slow', { location: 'centralus' });
    emulator.admin.setTiming({ profile: 'azure', scale: 0.001, overrides: { resourceGroupDeleteMs: 5_000, requestLatencyMs: 0 } });
    const response = await armCall(emulator, 'DELETE', `/subscriptions/${SUB}/resourcegroups/rg-slow?api-version=2025-04-01`, {
      token: 't',
    });
    assert.equal(response.status, 202);
    const location = response.headers.get('location')!;
    const poll = await fetch(location, { headers: { authorization: 'Bearer t' } });
    assert.equal(poll.status, 202);
    assert.equal(poll.headers.get('retry-after'), '1');
    assert.equal(poll.headers.get('location'), location);
  });
});
