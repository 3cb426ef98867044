// Terminating, suspending and resuming instances while their activities run, and the host.json limit on
// concurrent activities. Progress is observed through marker files written by each completed activity.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getStatus, postOperation, startInstance, waitForStatus } from '../../support/durable';
import { makeTempDir, removeDir, startFunctionsHost, type RunningHost } from '../../support/functions-host';
import { countMarkers, readMarkers } from '../../support/markers';
import { eventually } from '../../support/process';

let host: RunningHost;
let markerDir: string;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stepsDone = (key: string, steps: number) => {
  let total = 0;
  for (let step = 0; step < steps; step++) total += countMarkers(markerDir, `${key}-step-${step}`);
  return total;
};

before(async () => {
  markerDir = makeTempDir('durable-lifecycle');
  host = await startFunctionsHost();
});
after(async () => {
  await host?.stop();
  if (markerDir) removeDir(markerDir);
});

describe('instance lifecycle', { concurrency: true }, () => {
  test('terminate while an activity chain runs: Terminated with the reason, and no further activities are scheduled', async () => {
    const key = 'terminate-chain';
    const id = await startInstance(host.baseUrl, 'SlowChain', { input: { markerDir, key, steps: 8, ms: 300 } });
    await eventually(async () => (stepsDone(key, 8) >= 2 ? true : undefined), 10_000);
    const response = await postOperation(host.baseUrl, id, 'terminate', 'operator stop');
    assert.equal(response.status, 202, response.text);
    const status = await waitForStatus(host.baseUrl, id, ['Terminated']);
    assert.equal(status.output, 'operator stop');
    const atTermination = stepsDone(key, 8);
    await sleep(1_000);
    assert.ok(stepsDone(key, 8) <= atTermination + 1, 'at most the activity already in flight finishes');
    assert.ok(stepsDone(key, 8) < 8, 'the chain did not run to its end');
    assert.equal((await getStatus(host.baseUrl, id)).runtimeStatus, 'Terminated', 'a late activity result does not revive it');
  });

  test('suspend stops progress and reports Suspended; resume continues to completion', async () => {
    const key = 'suspend-chain';
    const steps = 6;
    const id = await startInstance(host.baseUrl, 'SlowChain', { input: { markerDir, key, steps, ms: 250 } });
    await eventually(async () => (stepsDone(key, steps) >= 1 ? true : undefined), 10_000);
    const suspended = await postOperation(host.baseUrl, id, 'suspend', 'maintenance');
    assert.equal(suspended.status, 202, suspended.text);
    const status = await waitForStatus(host.baseUrl, id, ['Suspended']);
    assert.equal(status.runtimeStatus, 'Suspended');
    const atSuspend = stepsDone(key, steps);
    await sleep(1_200);
    assert.ok(stepsDone(key, steps) <= atSuspend + 1, 'at most the activity in flight finishes while suspended');
    assert.equal((await getStatus(host.baseUrl, id)).runtimeStatus, 'Suspended');

    const resumed = await postOperation(host.baseUrl, id, 'resume', 'maintenance over');
    assert.equal(resumed.status, 202, resumed.text);
    const done = await waitForStatus(host.baseUrl, id, undefined, { timeoutMs: 15_000 });
    assert.equal(done.runtimeStatus, 'Completed');
    assert.deepEqual(done.output, [0, 1, 2, 3, 4, 5]);
    for (let step = 0; step < steps; step++) {
      assert.equal(countMarkers(markerDir, `${key}-step-${step}`), 1, `step ${step} ran once`);
    }
  });

  test('host.json maxConcurrentActivityFunctions (4) bounds how many activities run at once', async () => {
    const key = 'probe';
    const id = await startInstance(host.baseUrl, 'ConcurrencyFanOut', { input: { markerDir, key, count: 12, ms: 300 } });
    const status = await waitForStatus(host.baseUrl, id);
    assert.equal(status.runtimeStatus, 'Completed');
    const probes = readMarkers(markerDir, key) as unknown as { start: number; end: number }[];
    assert.equal(probes.length, 12);
    const edges = probes.flatMap((probe) => [
      { at: probe.start, delta: 1 },
      { at: probe.end, delta: -1 },
    ]);
    edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
    let running = 0;
    let peak = 0;
    for (const edge of edges) {
      running += edge.delta;
      peak = Math.max(peak, running);
    }
    assert.ok(peak <= 4, `peak concurrency ${peak} exceeds the limit of 4`);
    assert.ok(peak >= 2, `activities ran in parallel (peak ${peak})`);
  });
});
