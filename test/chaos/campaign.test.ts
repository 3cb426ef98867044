// A short fixed-seed run of the fault campaign: four clusters at once, with bursts of 8 identical creates and
// 8 identical deletes, a delete while generate runs, a create right after a delete, and a host kill during
// generate. Every invariant must hold; the report names each violation with its step and evidence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { repoRoot } from '../support/process';
import { formatReport, runCampaign } from './campaign';
import { planRound } from './plan';

const seed = 32515;
const clusters = 4;

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
  assert.ok(result.kills >= 1, `the plan's host kill happened:\n${report}`);
  assert.equal(result.failed, 0, `invariants violated:\n${report}`);
});
