// The Durable HTTP management API at /runtime/webhooks/durabletask (and the rpc base /durabletask/):
// start, status JSON and history shape, conflicts, terminate, purge and rewind, with the status codes Azure gives.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  eventsOfType,
  getStatus,
  getStatusResponse,
  instanceUrl,
  postOperation,
  postStart,
  raiseEvent,
  startInstance,
  waitForStatus,
  webhookBase,
  type DurableStatus,
} from '../../support/durable';
import { startFunctionsHost, type RunningHost } from '../../support/functions-host';
import { http } from '../../support/http';

let host: RunningHost;
const statusTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

before(async () => {
  host = await startFunctionsHost();
});
after(async () => {
  await host?.stop();
});

test('start answers 202 with the check-status payload, Location and Retry-After, on the host origin', async () => {
  const response = await postStart(host.baseUrl, 'HelloSequence');
  assert.equal(response.status, 202, response.text);
  const payload = response.json();
  assert.match(payload.id, /^[0-9a-f]{32}$/, 'generated ids are Guid "N" strings');
  const statusUri = `${webhookBase(host.baseUrl)}/instances/${payload.id}`;
  assert.ok(payload.statusQueryGetUri.startsWith(statusUri), payload.statusQueryGetUri);
  assert.match(payload.statusQueryGetUri, /taskHub=DurableSampleHub/);
  assert.equal(response.headers.get('location'), payload.statusQueryGetUri);
  assert.equal(response.headers.get('retry-after'), '10');
  for (const key of [
    'sendEventPostUri',
    'terminatePostUri',
    'purgeHistoryDeleteUri',
    'restartPostUri',
    'suspendPostUri',
    'resumePostUri',
  ]) {
    assert.ok(String(payload[key]).startsWith(statusUri), `${key}: ${payload[key]}`);
  }
  assert.match(payload.sendEventPostUri, /\/raiseEvent\/\{eventName\}/);

  await waitForStatus(host.baseUrl, payload.id);
  const followed = await http('GET', payload.statusQueryGetUri);
  assert.equal(followed.status, 200);
  const status = followed.json<DurableStatus>();
  assert.equal(status.runtimeStatus, 'Completed');
  assert.deepEqual(status.output, ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
});

test('the status JSON has every field, input and output as JSON values, and second-precision UTC times', async () => {
  const id = await startInstance(host.baseUrl, 'HelloSequence', { instanceId: 'status-shape-1', input: ['Oslo', 'Rome'] });
  assert.equal(id, 'status-shape-1');
  const status = await waitForStatus(host.baseUrl, id);
  assert.equal(status.name, 'HelloSequence');
  assert.equal(status.instanceId, id);
  assert.equal(status.runtimeStatus, 'Completed');
  assert.deepEqual(status.input, ['Oslo', 'Rome']);
  assert.deepEqual(status.output, ['Hello Oslo!', 'Hello Rome!']);
  assert.ok('customStatus' in status, 'customStatus is present');
  assert.equal(status.customStatus, null);
  assert.match(status.createdTime, statusTime);
  assert.match(status.lastUpdatedTime, statusTime);
  assert.ok(status.lastUpdatedTime >= status.createdTime);
  assert.equal(status.historyEvents ?? null, null, 'no history unless asked');

  const withoutInput = await getStatus(host.baseUrl, id, 'showInput=false');
  assert.ok('input' in withoutInput, 'input stays in the JSON');
  assert.equal(withoutInput.input, null);
});

test('a running instance answers 202 with Location and Retry-After 5; input and output are present while running', async () => {
  const id = await startInstance(host.baseUrl, 'LongTimer', { input: { seconds: 30 } });
  await waitForStatus(host.baseUrl, id, ['Running']);
  const response = await getStatusResponse(host.baseUrl, id);
  assert.equal(response.status, 202);
  assert.ok(response.headers.get('location')?.includes(`/instances/${id}`), `location: ${response.headers.get('location')}`);
  assert.equal(response.headers.get('retry-after'), '5');
  const status = response.json<DurableStatus>();
  assert.equal(status.runtimeStatus, 'Running');
  assert.deepEqual(status.input, { seconds: 30 });
  assert.ok('output' in status, 'output is present');
  assert.equal(status.output, null);
  await postOperation(host.baseUrl, id, 'terminate', 'cleanup');
});

test('history: ExecutionStarted, TaskCompleted with FunctionName and Result, ExecutionCompleted; no episode or scheduling events', async () => {
  const id = await startInstance(host.baseUrl, 'HelloSequence', { input: ['Tokyo', 'Seattle'] });
  await waitForStatus(host.baseUrl, id);
  const status = await getStatus(host.baseUrl, id, 'showHistory=true&showHistoryOutput=true');
  const events = status.historyEvents ?? [];
  const types = events.map((event) => event.EventType);
  assert.deepEqual(types, ['ExecutionStarted', 'TaskCompleted', 'TaskCompleted', 'ExecutionCompleted']);
  assert.equal(events[0]!.FunctionName, 'HelloSequence');
  const completed = eventsOfType(status, 'TaskCompleted');
  assert.deepEqual(
    completed.map((event) => event.FunctionName),
    ['SayHello', 'SayHello'],
  );
  assert.deepEqual(
    completed.map((event) => event.Result),
    ['Hello Tokyo!', 'Hello Seattle!'],
  );
  for (const event of completed) {
    assert.equal(typeof event.ScheduledTime, 'string', 'the merged TaskScheduled gives ScheduledTime');
    assert.equal(typeof event.Timestamp, 'string');
    assert.ok(!('TaskScheduledId' in event), 'TaskScheduledId is removed');
  }
  for (const event of events) {
    assert.ok(!('EventId' in event) && !('IsPlayed' in event), `EventId and IsPlayed are removed: ${JSON.stringify(event)}`);
  }
  assert.equal(events.at(-1)!.OrchestrationStatus, 'Completed');

  const withoutOutput = await getStatus(host.baseUrl, id, 'showHistory=true');
  for (const event of eventsOfType(withoutOutput, 'TaskCompleted')) {
    assert.ok(!('Result' in event), `Result only with showHistoryOutput: ${JSON.stringify(event)}`);
  }
});

test('starting an id that is Running answers 409 and leaves it alone; a finished id may be started again', async () => {
  const id = 'conflict-1';
  await startInstance(host.baseUrl, 'LongTimer', { instanceId: id, input: { seconds: 30 } });
  await waitForStatus(host.baseUrl, id, ['Running', 'Pending']);
  const conflict = await postStart(host.baseUrl, 'HelloSequence', { instanceId: id, input: ['X'] });
  assert.equal(conflict.status, 409, conflict.text);
  const still = await getStatus(host.baseUrl, id);
  assert.equal(still.name, 'LongTimer');
  assert.deepEqual(still.input, { seconds: 30 });

  assert.equal((await postOperation(host.baseUrl, id, 'terminate', 'make room')).status, 202);
  await waitForStatus(host.baseUrl, id, ['Terminated']);
  const restarted = await postStart(host.baseUrl, 'HelloSequence', { instanceId: id, input: ['Again'] });
  assert.equal(restarted.status, 202, restarted.text);
  const done = await waitForStatus(host.baseUrl, id, ['Completed']);
  assert.equal(done.name, 'HelloSequence');
  assert.deepEqual(done.output, ['Hello Again!']);
});

test('terminate answers 202 and the output is the reason; finished instances answer 410 to terminate, raiseEvent, suspend and resume', async () => {
  const id = await startInstance(host.baseUrl, 'LongTimer', { input: { seconds: 30 } });
  await waitForStatus(host.baseUrl, id, ['Running']);
  const terminated = await postOperation(host.baseUrl, id, 'terminate', 'no longer needed');
  assert.equal(terminated.status, 202, terminated.text);
  const status = await waitForStatus(host.baseUrl, id, ['Terminated']);
  assert.equal(status.output, 'no longer needed');
  const final = await getStatusResponse(host.baseUrl, id);
  assert.equal(final.status, 200);
  assert.equal(final.headers.get('location'), null, 'no Location once finished');

  assert.equal((await postOperation(host.baseUrl, id, 'terminate', 'again')).status, 410);
  assert.equal((await postOperation(host.baseUrl, id, 'suspend', 'late')).status, 410);
  assert.equal((await postOperation(host.baseUrl, id, 'resume', 'late')).status, 410);
  assert.equal((await raiseEvent(host.baseUrl, id, 'Anything', 1)).status, 410);
});

test('purge one: 200 {instancesDeleted:1} for a finished instance, then 404; a running instance is not purged', async () => {
  const id = await startInstance(host.baseUrl, 'HelloSequence', { input: ['Purge'] });
  await waitForStatus(host.baseUrl, id);
  const purged = await http('DELETE', instanceUrl(host.baseUrl, id));
  assert.equal(purged.status, 200, purged.text);
  assert.deepEqual(purged.json(), { instancesDeleted: 1 });
  assert.equal((await getStatusResponse(host.baseUrl, id)).status, 404);
  assert.equal((await http('DELETE', instanceUrl(host.baseUrl, id))).status, 404);

  const running = await startInstance(host.baseUrl, 'LongTimer', { input: { seconds: 30 } });
  await waitForStatus(host.baseUrl, running, ['Running']);
  // Current extension: 412 Precondition Failed; older ones purged nothing and answered 404 (0 deleted).
  const refused = await http('DELETE', instanceUrl(host.baseUrl, running));
  assert.ok([404, 412].includes(refused.status), `purging a running instance answered ${refused.status}: ${refused.text}`);
  assert.equal((await getStatus(host.baseUrl, running)).runtimeStatus, 'Running');
  await postOperation(host.baseUrl, running, 'terminate', 'cleanup');
});

test('rewind: unknown id 404, a non-failed instance is refused, a failed one is accepted or reported unsupported', async () => {
  assert.equal((await postOperation(host.baseUrl, 'no-such-instance', 'rewind', 'x')).status, 404);
  const completed = await startInstance(host.baseUrl, 'HelloSequence', { input: ['Rewind'] });
  await waitForStatus(host.baseUrl, completed);
  const notFailed = await postOperation(host.baseUrl, completed, 'rewind', 'x');
  assert.ok([410, 412].includes(notFailed.status), `rewinding a Completed instance: ${notFailed.status}`);
  const failed = await startInstance(host.baseUrl, 'FailingOrchestration');
  await waitForStatus(host.baseUrl, failed, ['Failed']);
  const rewind = await postOperation(host.baseUrl, failed, 'rewind', 'try again');
  assert.ok([202, 501].includes(rewind.status), `rewinding a Failed instance: ${rewind.status} ${rewind.text}`);
});

test('the rpc base /durabletask/ serves the same API as /runtime/webhooks/durabletask/', async () => {
  const started = await http('POST', `${host.baseUrl}/durabletask/orchestrators/HelloSequence`, { body: ['Rpc'] });
  assert.equal(started.status, 202, started.text);
  const id = started.json().id as string;
  await waitForStatus(host.baseUrl, id);
  const viaRpc = await http('GET', `${host.baseUrl}/durabletask/instances/${id}`);
  const viaWebhook = await getStatusResponse(host.baseUrl, id);
  assert.equal(viaRpc.status, 200);
  assert.deepEqual(viaRpc.json(), viaWebhook.json());
  assert.deepEqual(viaRpc.json().output, ['Hello Rpc!']);
});
