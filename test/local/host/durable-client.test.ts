// The app's own durable client (df.getClient) working unchanged against the host: starters registered with
// df.app.client.http and app.http + durableClient input, createCheckStatusResponse links that work on the host's
// port, waitForCompletionOrCreateCheckStatusResponse, and client calls (status, events, suspend/resume, purge).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getStatus, waitForCustomStatus, waitForStatus, type DurableStatus } from '../../support/durable';
import { startFunctionsHost, type RunningHost } from '../../support/functions-host';
import { http } from '../../support/http';

let host: RunningHost;
const api = (path: string) => `${host.baseUrl}/api/${path}`;

before(async () => {
  host = await startFunctionsHost();
});
after(async () => {
  await host?.stop();
});

async function startViaApp(name: string, input?: unknown, id?: string) {
  const response = await http('POST', api(`orchestrators/${name}${id ? `/${id}` : ''}`), input === undefined ? {} : { body: input });
  assert.equal(response.status, 202, response.text);
  return response;
}

describe('durable client in the app', { concurrency: true }, () => {
  test('an HTTP starter answers with createCheckStatusResponse whose links point at the host and work', async () => {
    const response = await startViaApp('HelloSequence', ['Paris']);
    const payload = response.json();
    assert.match(payload.id, /^[0-9a-f]{32}$/);
    assert.equal(response.headers.get('location'), payload.statusQueryGetUri);
    assert.equal(response.headers.get('retry-after'), '10');
    for (const key of [
      'statusQueryGetUri',
      'sendEventPostUri',
      'terminatePostUri',
      'purgeHistoryDeleteUri',
      'suspendPostUri',
      'resumePostUri',
    ]) {
      assert.ok(
        String(payload[key]).startsWith(`${host.baseUrl}/runtime/webhooks/durabletask/instances/${payload.id}`),
        `${key}: ${payload[key]}`,
      );
    }
    const status = await waitForStatus(host.baseUrl, payload.id);
    assert.deepEqual(status.output, ['Hello Paris!']);
    const followed = await http('GET', payload.statusQueryGetUri);
    assert.equal(followed.status, 200);
    assert.deepEqual(followed.json().output, ['Hello Paris!']);
    assert.deepEqual(followed.json().input, ['Paris']);
  });

  test('the starter route takes an optional instance id', async () => {
    const response = await startViaApp('HelloSequence', ['Lima'], 'client-explicit-1');
    assert.equal(response.json().id, 'client-explicit-1');
    const status = await waitForStatus(host.baseUrl, 'client-explicit-1');
    assert.deepEqual(status.output, ['Hello Lima!']);
  });

  test('the sendEventPostUri and terminatePostUri links from the payload work as templates', async () => {
    const first = (await startViaApp('CustomStatusSteps')).json();
    await waitForCustomStatus(host.baseUrl, first.id, (custom) => custom?.stage === 'waiting');
    const sent = await http('POST', first.sendEventPostUri.replace('{eventName}', 'Continue'), {
      body: JSON.stringify('via link'),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(sent.status, 202, sent.text);
    assert.equal((await waitForStatus(host.baseUrl, first.id)).output, 'via link');

    const second = (await startViaApp('LongTimer', { seconds: 30 })).json();
    await waitForStatus(host.baseUrl, second.id, ['Running']);
    const terminated = await http('POST', second.terminatePostUri.replace('{text}', 'via-link'));
    assert.equal(terminated.status, 202, terminated.text);
    const status = await waitForStatus(host.baseUrl, second.id);
    assert.equal(status.runtimeStatus, 'Terminated');
    assert.equal(status.output, 'via-link');
  });

  test('waitForCompletionOrCreateCheckStatusResponse returns 200 with the output when the instance finishes in time', async () => {
    const response = await http('POST', api('orchestrators-wait/HelloSequence'), { body: ['Quick'] });
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(response.json(), ['Hello Quick!']);
  });

  test('waitForCompletionOrCreateCheckStatusResponse returns 500 with the status for a failed instance', async () => {
    const response = await http('POST', api('orchestrators-wait/FailingOrchestration'));
    assert.equal(response.status, 500, response.text);
    const status = response.json();
    assert.equal(status.runtimeStatus, 'Failed');
    assert.match(String(status.output), /Activity function 'ThrowingActivity' failed: kaboom/);
  });

  test('waitForCompletionOrCreateCheckStatusResponse falls back to 202 check-status links after its timeout', async () => {
    const response = await http('POST', api('orchestrators-wait/LongTimer?timeoutMs=500'), { body: { seconds: 30 } });
    assert.equal(response.status, 202, response.text);
    const payload = response.json();
    assert.ok(payload.statusQueryGetUri.startsWith(host.baseUrl), payload.statusQueryGetUri);
    const followed = await http('GET', payload.statusQueryGetUri);
    assert.equal(followed.status, 202);
    assert.equal(followed.json().runtimeStatus, 'Running');
    await http('POST', payload.terminatePostUri.replace('{text}', 'cleanup'));
  });

  test('createHttpManagementPayload links point at the host port, not the default localhost:7071', async () => {
    const response = await http('GET', api('instances/some-id/links'));
    assert.equal(response.status, 200, response.text);
    const payload = response.json();
    assert.equal(payload.id, 'some-id');
    const origin = new URL(payload.statusQueryGetUri);
    assert.equal(origin.port, String(host.port));
    assert.equal(origin.pathname, '/runtime/webhooks/durabletask/instances/some-id');
  });

  test('client.getStatus with history, and a 404 for an unknown instance', async () => {
    const started = (await startViaApp('HelloSequence', ['Kyiv'])).json();
    await waitForStatus(host.baseUrl, started.id);
    const response = await http('GET', api(`instances/${started.id}?history=true`));
    assert.equal(response.status, 200, response.text);
    const status = response.json();
    assert.equal(status.instanceId, started.id);
    assert.equal(status.runtimeStatus, 'Completed');
    assert.deepEqual(status.output, ['Hello Kyiv!']);
    assert.deepEqual(status.input, ['Kyiv']);
    const unknown = await http('GET', api('instances/never-started'));
    assert.equal(unknown.status, 404);
  });

  test('client.raiseEvent, suspend, resume, terminate and purge through the rpc base', async () => {
    const id = (await startViaApp('SumEvents', { count: 2 })).json().id as string;
    await waitForStatus(host.baseUrl, id, ['Running']);
    assert.equal((await http('POST', api(`instances/${id}/events/Add`), { body: 5 })).status, 202);
    assert.equal((await http('POST', api(`instances/${id}/control/suspend`))).status, 202);
    await waitForStatus(host.baseUrl, id, ['Suspended']);
    assert.equal((await http('POST', api(`instances/${id}/control/resume`))).status, 202);
    await waitForStatus(host.baseUrl, id, ['Running']);
    assert.equal((await http('POST', api(`instances/${id}/events/Add`), { body: 7 })).status, 202);
    const done = await waitForStatus(host.baseUrl, id);
    assert.equal(done.output, 12);

    const purged = await http('POST', api(`instances/${id}/control/purge`));
    assert.equal(purged.status, 200, purged.text);
    assert.deepEqual(purged.json(), { instancesDeleted: 1 });
    assert.equal((await http('GET', `${host.baseUrl}/runtime/webhooks/durabletask/instances/${id}`)).status, 404);

    const long = (await startViaApp('LongTimer', { seconds: 30 })).json().id as string;
    await waitForStatus(host.baseUrl, long, ['Running']);
    assert.equal((await http('POST', api(`instances/${long}/control/terminate?reason=client-stop`))).status, 202);
    const terminated: DurableStatus = await waitForStatus(host.baseUrl, long);
    assert.equal(terminated.runtimeStatus, 'Terminated');
    assert.equal((await getStatus(host.baseUrl, long)).output, 'client-stop');
  });
});
