// A short fixed-seed run of the fault campaign: five clusters at once with a burst of identical creates, a
// delete during provisioning, a create right after a delete, and host kills during generate and during a
// POST /retry. Every invariant must hold; the report names each violation with its step and evidence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { repoRoot } from '../support/process';
import { formatReport, runCampaign } from './campaign';
import { planRound } from './plan';

const seed = 557;
const clusters = 5;

test('the plan of the fixed seed covers concurrency, a kill and a delete during provisioning', () => {
  const kinds = planRound(seed, 0, clusters).scenarios.map((scenario) => scenario.kind);
  assert.ok(kinds.includes('burst'), kinds.join());
  assert.ok(kinds.includes('deleteDuring'), kinds.join());
  assert.ok(
    kinds.some((kind) => kind.startsWith('kill')),
    kinds.join(),
  );
  assert.deepEqual(planRound(seed, 0, clusters), planRound(seed, 0, clusters), 'a seed always gives the same plan');
});

test(`fault campaign, seed ${seed}, ${clusters} clusters: every invariant holds`, { timeout: 150_000 }, async () => {
  const result = await runCampaign({ root: repoRoot, seed, clusters, settleSeconds: 30, waitSeconds: 40, stallSeconds: 5 });
  const report = formatReport(result);
  assert.match(report.split('\n').at(-1)!, /^\d+ passed, \d+ failed$/);
  assert.ok(result.kills >= 2, `the plan's host kills happened:\n${report}`);
  assert.equal(result.failed, 0, `invariants violated:\n${report}`);
});
