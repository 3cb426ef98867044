// Orchestration features run through the host: chaining, fan-out/fan-in, Task.any, continueAsNew, custom status,
// replay determinism, sub-orchestrations and failure propagation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventsOfType, getStatus, raiseEvent, startInstance, waitForCustomStatus, waitForStatus } from '../../support/durable';
import { makeTempDir, removeDir, startFunctionsHost, type RunningHost } from '../../support/functions-host';
import { countMarkers } from '../../support/markers';

let host: RunningHost;
let markerDir: string;
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

before(async () => {
  markerDir = makeTempDir('durable-markers');
  host = await startFunctionsHost();
});
after(async () => {
  await host?.stop();
  if (markerDir) removeDir(markerDir);
});

async function run(name: string, input?: unknown, instanceId?: string) {
  const id = await startInstance(host.baseUrl, name, { input, instanceId });
  return waitForStatus(host.baseUrl, id);
}

describe('orchestrations', { concurrency: true }, () => {
  test('activity chaining returns each activity result in order', async () => {
    const status = await run('HelloSequence', ['Tokyo', 'Seattle', 'London']);
    assert.equal(status.runtimeStatus, 'Completed');
    assert.deepEqual(status.output, ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
  });

  test('fan-out/fan-in with Task.all keeps the results in call order', async () => {
    const status = await run('FanOutFanIn', { count: 20 });
    assert.equal(status.runtimeStatus, 'Completed');
    const output = status.output as { results: number[]; sum: number };
    assert.deepEqual(
      output.results,
      Array.from({ length: 20 }, (_, i) => (i + 1) ** 2),
    );
    assert.equal(output.sum, 2870);
    const history = await getStatus(host.baseUrl, status.instanceId, 'showHistory=true');
    assert.equal(eventsOfType(history, 'TaskCompleted').length, 20);
  });

  test('Task.any completes with the first finished task without waiting for the slower one', async () => {
    const started = Date.now();
    const status = await run('RaceActivities');
    assert.equal(status.runtimeStatus, 'Completed');
    assert.deepEqual(status.output, { winner: 'fast', fastWon: true });
    assert.ok(Date.now() - started < 2_900, `finished in ${Date.now() - started} ms, before the 3 s activity`);
  });

  test('continueAsNew loops with a fresh input until the counter reaches its target', async () => {
    const status = await run('Counter', { n: 0, target: 5 });
    assert.equal(status.runtimeStatus, 'Completed');
    assert.deepEqual(status.output, { final: 5 });
    assert.deepEqual(status.input, { n: 5, target: 5 }, 'the status shows the input of the last generation');
    assert.deepEqual(status.customStatus, { n: 5 });
    const history = await getStatus(host.baseUrl, status.instanceId, 'showHistory=true');
    assert.equal(eventsOfType(history, 'ExecutionStarted').length, 1, 'history holds the last generation only');
    assert.equal(eventsOfType(history, 'TaskCompleted').length, 0);
  });

  test('custom status is visible while the orchestration runs and keeps its last value', async () => {
    const id = await startInstance(host.baseUrl, 'CustomStatusSteps');
    const waiting = await waitForCustomStatus(host.baseUrl, id, (custom) => custom?.stage === 'waiting');
    assert.deepEqual(waiting.customStatus, { stage: 'waiting', progress: 50 });
    assert.equal(waiting.runtimeStatus, 'Running');
    assert.equal((await raiseEvent(host.baseUrl, id, 'Continue', 'ok')).status, 202);
    const done = await waitForStatus(host.baseUrl, id);
    assert.equal(done.runtimeStatus, 'Completed');
    assert.equal(done.output, 'ok');
    assert.deepEqual(done.customStatus, { stage: 'done', progress: 100 });
  });

  test('currentUtcDateTime and newGuid are the same on every replay', async () => {
    const before = Date.now();
    const status = await run('Deterministic');
    assert.equal(status.runtimeStatus, 'Completed');
    const output = status.output as { t1: string; g1: string; g1b: string; t2: string; g2: string; recorded: { t1: string; g1: string } };
    assert.deepEqual(output.recorded, { t1: output.t1, g1: output.g1 }, 'values from the first episode equal the replayed ones');
    assert.deepEqual(status.customStatus, { t1: output.t1, g1: output.g1 });
    for (const value of [output.g1, output.g1b, output.g2]) assert.match(value, guid);
    assert.equal(new Set([output.g1, output.g1b, output.g2]).size, 3, 'each newGuid call gives a new value');
    assert.ok(output.t2 >= output.t1, 'time moves forward between episodes');
    const t1 = Date.parse(output.t1);
    assert.ok(t1 >= before - 2_000 && t1 <= Date.now(), `currentUtcDateTime ${output.t1} is the episode start time`);
  });

  test('sub-orchestrations: generated and explicit instance ids, the parent id, and their history events', async () => {
    const status = await run('ParentOrchestration', undefined, 'parent-1');
    assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status.output));
    const output = status.output as Record<string, any>;
    assert.equal(output.generated.greeting, 'Hello first!');
    assert.equal(output.generated.parentInstanceId, 'parent-1');
    assert.notEqual(output.generated.instanceId, 'parent-1');
    assert.match(output.generated.instanceId, /:0$/, 'a generated sub-orchestration id is "<executionId>:<taskId>"');
    assert.deepEqual(output.explicit, { greeting: 'Hello second!', instanceId: 'parent-1-child', parentInstanceId: 'parent-1' });

    const child = await getStatus(host.baseUrl, 'parent-1-child');
    assert.equal(child.name, 'ChildOrchestration');
    assert.equal(child.runtimeStatus, 'Completed');
    assert.deepEqual(child.input, { name: 'second' });
    const history = await getStatus(host.baseUrl, 'parent-1', 'showHistory=true&showHistoryOutput=true');
    const completed = eventsOfType(history, 'SubOrchestrationInstanceCompleted');
    assert.deepEqual(
      completed.map((event) => event.FunctionName),
      ['ChildOrchestration', 'ChildOrchestration'],
    );
    assert.deepEqual(completed[1]!.Result, { greeting: 'Hello second!', instanceId: 'parent-1-child', parentInstanceId: 'parent-1' });
  });

  test('callSubOrchestratorWithRetry starts a new child after a failed one', async () => {
    const status = await run('ParentRetriesChild', { markerDir }, 'parent-retries-1');
    assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status.output));
    assert.deepEqual(status.output, { attempt: 2 });
    assert.equal(countMarkers(markerDir, 'parent-retries-1-flaky'), 2, 'the child ran twice: one failure, one success');
    const history = await getStatus(host.baseUrl, 'parent-retries-1', 'showHistory=true');
    assert.equal(eventsOfType(history, 'SubOrchestrationInstanceFailed').length, 1);
    assert.equal(eventsOfType(history, 'SubOrchestrationInstanceCompleted').length, 1);
  });

  test('a failing sub-orchestration surfaces as an error the parent can catch', async () => {
    const status = await run('ParentCatchesChildFailure', { markerDir }, 'parent-catches-1');
    assert.equal(status.runtimeStatus, 'Completed');
    const { caught } = status.output as { caught: string };
    assert.match(caught, /Orchestrator function 'FlakyChild' failed: child attempt 1 failed/);
  });

  test("an activity that throws fails the orchestration with the extension's failure string", async () => {
    const status = await run('FailingOrchestration');
    assert.equal(status.runtimeStatus, 'Failed');
    assert.equal(typeof status.output, 'string');
    assert.ok(
      (status.output as string).startsWith(
        "Orchestrator function 'FailingOrchestration' failed: Activity function 'ThrowingActivity' failed: kaboom",
      ),
      String(status.output),
    );
    const history = await getStatus(host.baseUrl, status.instanceId, 'showHistory=true');
    const failed = eventsOfType(history, 'TaskFailed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0]!.FunctionName, 'ThrowingActivity');
    assert.match(String(failed[0]!.Reason), /^Activity function 'ThrowingActivity' failed: kaboom/);
    assert.equal(history.historyEvents!.at(-1)!.EventType, 'ExecutionCompleted');
    assert.equal(history.historyEvents!.at(-1)!.OrchestrationStatus, 'Failed');
  });

  test('an orchestrator that throws fails with "Orchestrator function \'X\' failed: <message>"', async () => {
    const status = await run('ThrowingOrchestration');
    assert.equal(status.runtimeStatus, 'Failed');
    assert.ok(
      String(status.output).startsWith("Orchestrator function 'ThrowingOrchestration' failed: orchestrator gave up"),
      String(status.output),
    );
  });

  test('calling an activity that does not exist fails the orchestration and names the missing function', async () => {
    const status = await run('CallsMissingActivity');
    assert.equal(status.runtimeStatus, 'Failed');
    assert.match(String(status.output), /^Orchestrator function 'CallsMissingActivity' failed: .*DoesNotExist/s);
  });
});
