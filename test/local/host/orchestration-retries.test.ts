// callActivityWithRetry: the host schedules retries with durable timers (DTFx RetryInterceptor semantics);
// attempts are counted by marker files that the activity writes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventsOfType, getStatus, startInstance, waitForStatus } from '../../support/durable';
import { makeTempDir, removeDir, startFunctionsHost, type RunningHost } from '../../support/functions-host';
import { readMarkers } from '../../support/markers';

let host: RunningHost;
let markerDir: string;

before(async () => {
  markerDir = makeTempDir('durable-retries');
  host = await startFunctionsHost();
});
after(async () => {
  await host?.stop();
  if (markerDir) removeDir(markerDir);
});

describe('activity retries', { concurrency: true }, () => {
  test('an activity that fails twice then succeeds is retried after the first retry interval', async () => {
    const key = 'flaky-twice';
    const id = await startInstance(host.baseUrl, 'RetryThenSucceed', {
      input: { markerDir, key, failTimes: 2, maxAttempts: 4, firstRetryMs: 300 },
    });
    const status = await waitForStatus(host.baseUrl, id);
    assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status.output));
    assert.deepEqual(status.output, { attempt: 3 });
    const attempts = readMarkers(markerDir, key);
    assert.equal(attempts.length, 3, 'exactly three attempts ran');
    for (let i = 1; i < attempts.length; i++) {
      const gap = attempts[i]!.at - attempts[i - 1]!.at;
      assert.ok(gap >= 250, `retry ${i} came ${gap} ms after the previous attempt; the interval is 300 ms`);
    }
    const history = await getStatus(host.baseUrl, id, 'showHistory=true');
    assert.equal(eventsOfType(history, 'TaskFailed').length, 2);
    assert.equal(eventsOfType(history, 'TaskCompleted').length, 1);
    assert.equal(eventsOfType(history, 'TimerFired').length, 2, 'one retry timer per failure');
  });

  test('an activity that always fails is tried maxNumberOfAttempts times; the orchestrator catches the last error', async () => {
    const key = 'always-fails';
    const id = await startInstance(host.baseUrl, 'RetryExhausted', { input: { markerDir, key, maxAttempts: 3, firstRetryMs: 100 } });
    const status = await waitForStatus(host.baseUrl, id);
    assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status.output));
    const { caught } = status.output as { caught: string };
    assert.ok(caught.startsWith("Activity function 'AlwaysFails' failed: permanent failure"), caught);
    assert.equal(readMarkers(markerDir, key).length, 3);
    const history = await getStatus(host.baseUrl, id, 'showHistory=true');
    assert.equal(eventsOfType(history, 'TaskFailed').length, 3);
  });

  test('a single attempt allowed means no retry at all', async () => {
    const key = 'flaky-once-no-retry';
    const id = await startInstance(host.baseUrl, 'RetryThenSucceed', {
      input: { markerDir, key, failTimes: 1, maxAttempts: 1, firstRetryMs: 100 },
    });
    const status = await waitForStatus(host.baseUrl, id);
    assert.equal(status.runtimeStatus, 'Failed');
    assert.ok(
      String(status.output).startsWith(
        "Orchestrator function 'RetryThenSucceed' failed: Activity function 'FlakyActivity' failed: flaky failure on attempt 1",
      ),
      String(status.output),
    );
    assert.equal(readMarkers(markerDir, key).length, 1);
  });
});
