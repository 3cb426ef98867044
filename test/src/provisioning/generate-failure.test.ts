// When aks-engine itself fails, the cluster fails with a coded error that quotes aks-engine's FATA line, and
// the full output is kept as a blob for whoever investigates.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { call, startTestStack, waitForState } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let folder: string;

before(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'failing-aks-engine-'));
  // An aks-engine that fails the way v0.32.3 does: a coloured FATA line on stdout and exit code 1.
  const executable = path.join(folder, 'aks-engine');
  fs.writeFileSync(
    executable,
    '#!/bin/sh\necho "INFO[0000] Generating assets into $5..."\n' +
      'printf "\\033[31mFATA\\033[0m[0000] error validating generateCmd: simulated disk full\\n"\nexit 1\n',
    { mode: 0o755 },
  );
  stack = await startTestStack({ settings: { AKS_ENGINE_PATH: executable } });
});

after(async () => {
  await stack?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

test('an aks-engine failure fails the generate step with its FATA line and keeps the full output', async () => {
  const created = await call('POST', `${stack.apiBaseUrl}/clusters`, {
    body: { name: 'gen1', linuxProfile: { sshPublicKey: sshRsaPublicKey() } },
  });
  assert.equal(created.status, 202, created.text);
  const failed = await waitForState(stack.apiBaseUrl, 'gen1', ['Failed', 'Succeeded']);
  assert.equal(failed.properties.provisioningState, 'Failed');
  assert.equal(failed.properties.error.code, 'AksEngineGenerateFailed');
  assert.equal(failed.properties.error.target, 'generate');
  assert.match(failed.properties.error.message, /FATA\[0000\] error validating generateCmd: simulated disk full/);
  assert.ok(!failed.properties.error.message.includes('\u001b['), 'colour codes are stripped');
  assert.equal(failed.properties.steps.find((step: any) => step.name === 'deploy').state, 'Skipped');
  const link = await call('GET', `${stack.apiBaseUrl}/clusters/gen1/logs/aks-engine-generate.log`);
  assert.equal(link.status, 200, link.text);
  const log = await (await fetch(link.json().url)).text();
  assert.match(log, /Generating assets into/);
  assert.match(log, /exit code 1/);
  assert.equal(stack.emulator.admin.calls().calls['PUT deployments'] ?? 0, 0, 'nothing was deployed');
});
