// Crash safety: SIGKILL the host in the middle of an activity chain, restart it on the same data dir, and check
// that the instance completes, activities that had completed never run again, and only the one in flight may
// run twice (at-least-once).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { eventsOfType, getStatus, startInstance, waitForStatus } from '../../support/durable';
import { makeTempDir, removeDir, startFunctionsHost, type RunningHost } from '../../support/functions-host';
import { countMarkers } from '../../support/markers';
import { eventually } from '../../support/process';

const dataDir = makeTempDir('durable-crash-data');
const markerDir = makeTempDir('durable-crash-markers');
const hosts: RunningHost[] = [];
const steps = 5;
const key = 'crash-chain';
const perStep = () => Array.from({ length: steps }, (_, step) => countMarkers(markerDir, `${key}-step-${step}`));

after(async () => {
  for (const host of hosts) await host.stop();
  removeDir(dataDir);
  removeDir(markerDir);
});

test('after kill -9 and a restart on the same data dir, an unfinished chain completes and finished activities never re-run', async () => {
  const first = await startFunctionsHost({ dataDir });
  hosts.push(first);
  const id = await startInstance(first.baseUrl, 'SlowChain', { input: { markerDir, key, steps, ms: 600 } });

  // Wait until two activities have run and the host has recorded both completions.
  await eventually(async () => {
    if (perStep().reduce((a, b) => a + b, 0) < 2) return undefined;
    const status = await getStatus(first.baseUrl, id, 'showHistory=true');
    return eventsOfType(status, 'TaskCompleted').length >= 2 ? true : undefined;
  }, 15_000);
  const recorded = eventsOfType(await getStatus(first.baseUrl, id, 'showHistory=true'), 'TaskCompleted').length;
  await first.kill();
  const atCrash = perStep();
  assert.ok(recorded < steps, 'the crash happened before the chain finished');

  const second = await startFunctionsHost({ dataDir });
  hosts.push(second);
  const status = await waitForStatus(second.baseUrl, id, undefined, { timeoutMs: 20_000 });
  assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status.output));
  assert.deepEqual(status.output, [0, 1, 2, 3, 4]);

  const counts = perStep();
  for (let step = 0; step < steps; step++) {
    if (step < recorded) {
      assert.equal(counts[step], 1, `step ${step} had completed before the crash and must not run again (markers ${counts})`);
    } else if (step === recorded) {
      assert.ok(counts[step]! >= 1 && counts[step]! <= 2, `step ${step} was in flight: runs once or twice (markers ${counts})`);
    } else {
      assert.equal(counts[step], 1, `step ${step} ran after the restart exactly once (markers ${counts}, at crash ${atCrash})`);
    }
  }
  const history = await getStatus(second.baseUrl, id, 'showHistory=true');
  assert.equal(eventsOfType(history, 'TaskCompleted').length, steps, 'one TaskCompleted per step in the history');
});

test('a completed instance and its history survive a graceful restart', async () => {
  const first = await startFunctionsHost({ dataDir });
  hosts.push(first);
  const id = await startInstance(first.baseUrl, 'HelloSequence', { input: ['Persisted'] });
  const before = await waitForStatus(first.baseUrl, id);
  await first.stop();
  const second = await startFunctionsHost({ dataDir });
  hosts.push(second);
  const after = await getStatus(second.baseUrl, id, 'showHistory=true&showHistoryOutput=true');
  assert.equal(after.runtimeStatus, 'Completed');
  assert.deepEqual(after.output, ['Hello Persisted!']);
  assert.equal(after.createdTime, before.createdTime);
  assert.deepEqual(
    eventsOfType(after, 'TaskCompleted').map((event) => event.Result),
    ['Hello Persisted!'],
  );
});

test('a timer days away is split as durable-functions asks, survives a restart, and still waits', async () => {
  const longDataDir = makeTempDir('durable-long-timer');
  try {
    const first = await startFunctionsHost({ dataDir: longDataDir });
    hosts.push(first);
    const tenDays = 10 * 86_400;
    const started = Date.now();
    const id = await startInstance(first.baseUrl, 'LongTimer', { input: { seconds: tenDays } });
    const timers = await eventually(async () => {
      const created = eventsOfType(await getStatus(first.baseUrl, id, 'showHistory=true'), 'TimerCreated');
      return created.length > 0 ? created : undefined;
    }, 10_000);
    // Longer than maximumShortTimerDuration (6 days): the library waits in longRunningTimerIntervalDuration (3-day) steps.
    const firstStepDays = (Date.parse(String(timers[0]!.FireAt)) - started) / 86_400_000;
    assert.ok(firstStepDays > 2.99 && firstStepDays < 3.01, `the first step fires in ${firstStepDays} days`);
    await first.stop();
    const second = await startFunctionsHost({ dataDir: longDataDir });
    hosts.push(second);
    const after = await getStatus(second.baseUrl, id, 'showHistory=true');
    assert.equal(after.runtimeStatus, 'Running');
    assert.equal(eventsOfType(after, 'TimerFired').length, 0, 'the timer has not fired');
    assert.match(second.output(), /Resumed 1 unfinished orchestration instance/);
    await second.stop();
  } finally {
    removeDir(longDataDir);
  }
});
