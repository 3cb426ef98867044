// host.json as Azure and the local host read it: the function timeout lets a day-2 activity (aks-engine scale or
// upgrade, up to the product's own deadline) finish, and stays bounded so that a hung invocation still ends.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { parseTimeSpan, readHostSettings } from '../../local/host/settings';
import { repoRoot } from '../support/process';

const minute = 60_000;
const hostJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'host.json'), 'utf8')) as { functionTimeout?: string };

/** The deadline the day-2 steps give one aks-engine scale or upgrade command (src/provisioning/steps/change-cluster.ts). */
function day2CommandDeadlineMs(): number {
  const source = fs.readFileSync(path.join(repoRoot, 'src', 'provisioning', 'steps', 'change-cluster.ts'), 'utf8');
  const match = /const commandTimeoutMs = (\d+) \* 60_000;/.exec(source);
  assert.ok(match, 'change-cluster.ts declares its command deadline as `const commandTimeoutMs = <minutes> * 60_000;`');
  return Number(match[1]) * minute;
}

describe('host.json', () => {
  test('the local host accepts it, with the same function timeout', () => {
    const settings = readHostSettings(repoRoot);
    assert.equal(typeof hostJson.functionTimeout, 'string', 'set explicitly: the Premium plan default is 30 minutes');
    assert.equal(settings.functionTimeoutMs, parseTimeSpan(hostJson.functionTimeout!));
  });

  test("the function timeout outlasts a day-2 command's own deadline, with room to restore and store _output", () => {
    const timeout = parseTimeSpan(hostJson.functionTimeout!);
    const margin = 5 * minute;
    assert.ok(timeout >= day2CommandDeadlineMs() + margin, `${hostJson.functionTimeout} leaves 5 minutes after the command deadline`);
  });

  test('the function timeout is bounded, so a hung invocation ends and its activity is retried', () => {
    const timeout = parseTimeSpan(hostJson.functionTimeout!);
    assert.ok(Number.isFinite(timeout), 'not -1 (unbounded)');
    assert.ok(timeout <= 4 * 60 * minute, 'at most a few hours');
  });
});
