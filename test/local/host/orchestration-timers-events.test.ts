// Durable timers and external events: short and longer timers, events with and without a timeout, buffering of
// events that arrive before the orchestration waits, and the history events they leave.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventsOfType, getStatus, raiseEvent, startInstance, waitForStatus } from '../../support/durable';
import { startFunctionsHost, type RunningHost } from '../../support/functions-host';
import { http } from '../../support/http';

let host: RunningHost;

before(async () => {
  host = await startFunctionsHost();
});
after(async () => {
  await host?.stop();
});

async function timerRun(seconds: number) {
  const started = Date.now();
  const id = await startInstance(host.baseUrl, 'TimerOrchestration', { input: { seconds } });
  const status = await waitForStatus(host.baseUrl, id, undefined, { timeoutMs: seconds * 1000 + 10_000 });
  return { status, elapsed: Date.now() - started };
}

describe('timers and events', { concurrency: true }, () => {
  test('a 1 s durable timer fires after its due time, not before', async () => {
    const { status, elapsed } = await timerRun(1);
    assert.equal(status.runtimeStatus, 'Completed');
    const output = status.output as { startedAt: string; fireAt: string; resumedAt: string };
    assert.ok(output.resumedAt >= output.fireAt, `resumed ${output.resumedAt} before due ${output.fireAt}`);
    assert.ok(elapsed >= 1_000, `completed after ${elapsed} ms`);
    const history = await getStatus(host.baseUrl, status.instanceId, 'showHistory=true');
    assert.equal(eventsOfType(history, 'TimerCreated').length, 1);
    const fired = eventsOfType(history, 'TimerFired');
    assert.equal(fired.length, 1);
    assert.equal(fired[0]!.FireAt !== undefined, true, 'TimerFired keeps FireAt');
    assert.ok(!('TimerId' in fired[0]!), 'TimerFired loses TimerId');
  });

  test('a 3 s durable timer fires after its due time and the instance is Running meanwhile', async () => {
    const started = Date.now();
    const id = await startInstance(host.baseUrl, 'TimerOrchestration', { input: { seconds: 3 } });
    const meanwhile = await waitForStatus(host.baseUrl, id, ['Running']);
    assert.equal(meanwhile.runtimeStatus, 'Running');
    const status = await waitForStatus(host.baseUrl, id, undefined, { timeoutMs: 15_000 });
    assert.equal(status.runtimeStatus, 'Completed');
    assert.ok(Date.now() - started >= 3_000);
    const output = status.output as { fireAt: string; resumedAt: string };
    assert.ok(output.resumedAt >= output.fireAt);
  });

  test('an external event that arrives before the timeout wins Task.any, and the timer does not hold the instance', async () => {
    const started = Date.now();
    const id = await startInstance(host.baseUrl, 'ApprovalWithTimeout', { input: { timeoutSeconds: 30 } });
    await waitForStatus(host.baseUrl, id, ['Running']);
    const raised = await raiseEvent(host.baseUrl, id, 'Approval', { by: 'alice' });
    assert.equal(raised.status, 202, raised.text);
    const status = await waitForStatus(host.baseUrl, id);
    assert.equal(status.runtimeStatus, 'Completed');
    assert.deepEqual(status.output, { approved: { by: 'alice' } });
    assert.ok(Date.now() - started < 15_000);
    const history = await getStatus(host.baseUrl, id, 'showHistory=true&showHistoryOutput=true');
    const raisedEvents = eventsOfType(history, 'EventRaised');
    assert.equal(raisedEvents.length, 1);
    assert.equal(raisedEvents[0]!.Name, 'Approval');
  });

  test('without the event, the timeout timer wins Task.any', async () => {
    const id = await startInstance(host.baseUrl, 'ApprovalWithTimeout', { input: { timeoutSeconds: 1 } });
    const status = await waitForStatus(host.baseUrl, id, undefined, { timeoutMs: 10_000 });
    assert.equal(status.runtimeStatus, 'Completed');
    assert.deepEqual(status.output, { timedOut: true });
  });

  test('events raised faster than the orchestration waits are buffered and each delivered once', async () => {
    const id = await startInstance(host.baseUrl, 'SumEvents', { input: { count: 3 } });
    for (const value of [1, 2, 3]) {
      assert.equal((await raiseEvent(host.baseUrl, id, 'Add', value)).status, 202);
    }
    const status = await waitForStatus(host.baseUrl, id);
    assert.equal(status.runtimeStatus, 'Completed');
    assert.equal(status.output, 6);
  });

  test('Task.all over two events completes once both arrived, in any order', async () => {
    const id = await startInstance(host.baseUrl, 'WaitForTwoEvents');
    await waitForStatus(host.baseUrl, id, ['Running']);
    await raiseEvent(host.baseUrl, id, 'Second', { n: 2 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await getStatus(host.baseUrl, id)).runtimeStatus, 'Running', 'still waiting for the first event');
    await raiseEvent(host.baseUrl, id, 'First', 'one');
    const status = await waitForStatus(host.baseUrl, id);
    assert.deepEqual(status.output, { first: 'one', second: { n: 2 } });
  });

  test('raiseEvent answers 400 unless the body is application/json, and the event is not delivered', async () => {
    const id = await startInstance(host.baseUrl, 'SumEvents', { input: { count: 1 } });
    await waitForStatus(host.baseUrl, id, ['Running']);
    const url = `${host.baseUrl}/runtime/webhooks/durabletask/instances/${id}/raiseEvent/Add`;
    const plain = await http('POST', url, { body: '5', headers: { 'content-type': 'text/plain' } });
    assert.equal(plain.status, 400, plain.text);
    const badJson = await http('POST', url, { body: '{not json', headers: { 'content-type': 'application/json' } });
    assert.equal(badJson.status, 400, badJson.text);
    assert.equal((await getStatus(host.baseUrl, id)).runtimeStatus, 'Running');
    assert.equal((await raiseEvent(host.baseUrl, id, 'Add', 41)).status, 202);
    const status = await waitForStatus(host.baseUrl, id);
    assert.equal(status.output, 41);
  });
});
