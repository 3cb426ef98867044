// Per-step progress and the retry delays of the policy.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { retryDelaySeconds } from '../../../src/provisioning/policy';
import { Progress } from '../../../src/provisioning/progress-tracker';

const at = new Date('2026-01-01T00:00:00Z');

describe('progress', () => {
  test('percentComplete weighs steps and partial progress, and never goes backwards within a step', () => {
    const progress = new Progress('create', [
      { step: 'generate', weight: 20 },
      { step: 'deploy', weight: 80 },
    ]);
    progress.attempt('generate', 1, at);
    progress.succeed('generate', at, 'done');
    progress.attempt('deploy', 1, at);
    progress.update('deploy', '5 of 10', 50);
    assert.equal(progress.snapshot().percentComplete, 60);
    progress.update('deploy', '5 of 20', 25);
    assert.equal(progress.snapshot().steps[1]!.percent, 50);
    assert.equal(progress.snapshot().steps[1]!.message, '5 of 20');
  });

  test('a failure keeps its error and the remaining steps are skipped', () => {
    const progress = new Progress('delete', [
      { step: 'resourceGroup', weight: 1 },
      { step: 'artifacts', weight: 1 },
    ]);
    progress.attempt('resourceGroup', 2, at);
    progress.fail('resourceGroup', at, { code: 'X', message: 'x failed', retryable: false });
    progress.skipRemaining();
    const snapshot = progress.snapshot();
    assert.deepEqual(
      snapshot.steps.map((step) => [step.state, step.attempts]),
      [
        ['Failed', 2],
        ['Skipped', 0],
      ],
    );
    assert.equal(snapshot.error?.code, 'X');
    assert.equal(snapshot.operation, 'delete');
  });

  test('retry delays double from the first and stop at the cap', () => {
    const policy = {
      maxAttempts: 9,
      firstRetrySeconds: 5,
      maxRetrySeconds: 60,
      pollSeconds: 1,
      verifyTimeoutMinutes: 1,
      pollTimeoutMinutes: 1,
      artifactRetentionDays: 0,
    };
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((failed) => retryDelaySeconds(policy, failed)),
      [5, 10, 20, 40, 60, 60],
    );
  });
});
