// `aks-engine get-versions` against what the real v0.32.3 printed for the same arguments (recorded in
// fixtures/get-versions-v0.32.3.json): the version table and JSON, Windows, one version (any version v0.32.3 knows,
// with the upgrades `upgrade` accepts), and the errors (cobra's "Error:" and usage on stderr, FATA, exit code 1).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runAksEngine, scratchDir } from '../../support/aks-engine';
import { repoRoot } from '../../support/process';

interface Recorded {
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
}

const recording = JSON.parse(
  readFileSync(path.join(repoRoot, 'test', 'local', 'aks-engine', 'fixtures', 'get-versions-v0.32.3.json'), 'utf8'),
) as {
  runs: Recorded[];
};

describe('aks-engine get-versions matches v0.32.3', { concurrency: 4 }, () => {
  let work: ReturnType<typeof scratchDir>;
  before(() => (work = scratchDir()));
  after(() => work.remove());

  for (const recorded of recording.runs) {
    it(`get-versions ${recorded.args.join(' ') || '(no flags)'}`, async () => {
      const run = await runAksEngine(['get-versions', ...recorded.args], { cwd: work.dir });
      assert.equal(run.code, recorded.code, run.stderr);
      // The FATA line's seconds-since-start counter depends on how loaded the machine is.
      const counter = (text: string) => text.replace(/m\[\d{4}\] /g, 'm[0000] ');
      assert.equal(counter(run.stdout), counter(recorded.stdout));
      assert.equal(run.stderr, recorded.stderr);
    });
  }

  it('lists, for the default version, the upgrades the upgrade command accepts', () => {
    const json = recording.runs.find((run) => run.args.join(' ') === '--version 1.11.8 -o json')!;
    const profile = JSON.parse(json.stdout).orchestrators[0];
    assert.equal(profile.default, true);
    assert.deepEqual(
      profile.upgrades.map((u: { orchestratorVersion: string }) => u.orchestratorVersion),
      ['1.12.5', '1.12.6'],
    );
  });
});
