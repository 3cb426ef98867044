// Bad input to the host itself: unknown routes, wrong methods, oversized bodies, malformed management calls and
// unknown instances get the status codes Azure gives, and the host keeps serving after each.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { postOperation, raiseEvent, startInstance, waitForStatus, webhookBase } from '../../support/durable';
import { startFunctionsHost, type RunningHost } from '../../support/functions-host';
import { http, rawRequest } from '../../support/http';

let host: RunningHost;
const api = (path: string) => `${host.baseUrl}/api/${path}`;
const mgmt = (path: string) => `${webhookBase(host.baseUrl)}/${path}`;

before(async () => {
  host = await startFunctionsHost();
});
after(async () => {
  await host?.stop();
});
afterEach(async () => {
  const alive = await http('GET', api('Ping'));
  assert.equal(alive.status, 200, 'the host keeps serving');
  assert.equal(host.process.child.exitCode, null, 'the host is still running');
});

test('unknown routes answer 404', async () => {
  for (const url of [api('nope'), api('items/1/extra'), `${host.baseUrl}/nothing/here`, mgmt('nonsense')]) {
    const response = await http('GET', url);
    assert.equal(response.status, 404, `${url} answered ${response.status}`);
  }
});

// The Functions host answers a bare 404 when a route exists only for other methods (azure-functions-host #10098).
test('a known HTTP trigger route with a method the function does not accept answers 404, as the Functions host does', async () => {
  assert.equal((await http('GET', api('things/x'))).status, 404);
  assert.equal((await http('DELETE', api('hello'))).status, 404);
  assert.equal((await http('PUT', api('things/x'))).status, 200);
});

test('a management route with a wrong method answers 404, as the extension does', async () => {
  assert.equal((await http('GET', mgmt('orchestrators/HelloSequence'))).status, 404);
  assert.equal((await http('PUT', mgmt('instances/abc'))).status, 404);
  assert.equal((await http('GET', mgmt('instances/abc/raiseEvent/Go'))).status, 404);
});

test('a body over the configured size limit answers 413; a body under it is accepted', async () => {
  const tooBig = await rawRequest('POST', api('echo'), Buffer.alloc(2 * 1024 * 1024, 0x61), { 'content-type': 'application/octet-stream' });
  assert.equal(tooBig.status, 413, tooBig.text);
  const fine = await rawRequest('POST', api('echo'), Buffer.alloc(512 * 1024, 0x61), { 'content-type': 'application/octet-stream' });
  assert.equal(fine.status, 200, fine.text);
  assert.equal(fine.json().length, 512 * 1024);
});

test('starting an unknown orchestrator or with a malformed JSON body answers 400', async () => {
  const unknown = await http('POST', mgmt('orchestrators/NoSuchOrchestrator/bad-input-1'));
  assert.equal(unknown.status, 400, unknown.text);
  const notAnOrchestrator = await http('POST', mgmt('orchestrators/SayHello/bad-input-2'));
  assert.equal(notAnOrchestrator.status, 400, `an activity is not an orchestrator: ${notAnOrchestrator.text}`);
  const badJson = await http('POST', mgmt('orchestrators/HelloSequence/bad-input-3'), {
    body: '{"not": json',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(badJson.status, 400, badJson.text);
  for (const id of ['bad-input-1', 'bad-input-2', 'bad-input-3']) {
    assert.equal((await http('GET', mgmt(`instances/${id}`))).status, 404, `no instance ${id} was created`);
  }
});

test('purge many without createdTimeFrom answers 400', async () => {
  const response = await http('DELETE', mgmt('instances/?runtimeStatus=Completed'));
  assert.equal(response.status, 400, response.text);
});

test('a bad runtimeStatus filter is ignored, as the extension does, and the list still answers 200', async () => {
  const response = await http('GET', mgmt('instances/?runtimeStatus=NotAStatus'));
  assert.equal(response.status, 200, response.text);
  assert.ok(Array.isArray(response.json()));
});

test('unknown instances answer 404 to status, raiseEvent, terminate, suspend, resume and purge', async () => {
  const id = 'bad-input-unknown';
  assert.equal((await http('GET', mgmt(`instances/${id}`))).status, 404);
  assert.equal((await raiseEvent(host.baseUrl, id, 'Go', 1)).status, 404);
  for (const operation of ['terminate', 'suspend', 'resume']) {
    assert.equal((await postOperation(host.baseUrl, id, operation, 'x')).status, 404, operation);
  }
  assert.equal((await http('DELETE', mgmt(`instances/${id}`))).status, 404);
});

test('an unknown operation on an instance answers 404', async () => {
  const id = await startInstance(host.baseUrl, 'HelloSequence', { input: ['Ops'] });
  await waitForStatus(host.baseUrl, id);
  assert.equal((await http('POST', mgmt(`instances/${id}/explode`))).status, 404);
});
