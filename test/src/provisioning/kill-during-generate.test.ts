// A host killed while aks-engine generate runs: the temporary work folder (the service principal secret in
// apimodel.json, every private key) does not outlive the crash; the restarted host sweeps it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { waitForStep, workFolders } from '../../chaos/probes';
import { call, startTestStack, waitForState } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;

before(async () => {
  // aks-engine generate takes about 3 s, so the kill lands while its work folder exists.
  stack = await startTestStack({ settings: { AKS_ENGINE_SIM_DELAY_SCALE: '2' } });
});

after(async () => {
  await stack?.stop();
  // What the product left behind holds secrets: do not leave it on the machine.
  for (const folder of workFolders('kgen1')) fs.rmSync(path.join(os.tmpdir(), folder), { recursive: true, force: true });
});

test('the work folder of a generate interrupted by a host crash is removed', async () => {
  const created = await call('POST', `${stack.apiBaseUrl}/clusters`, {
    body: { name: 'kgen1', linuxProfile: { sshPublicKey: sshRsaPublicKey() } },
  });
  assert.equal(created.status, 202, created.text);
  await waitForStep(stack.apiBaseUrl, 'kgen1', 'generate', ['Running']);
  const deadline = Date.now() + 20_000;
  while (workFolders('kgen1').length === 0) {
    assert.ok(Date.now() < deadline, 'generate never made its work folder');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const interrupted = workFolders('kgen1');
  await stack.killHost();
  await stack.startHost();
  const done = await waitForState(stack.apiBaseUrl, 'kgen1', ['Succeeded', 'Failed'], 90_000);
  assert.equal(done.properties.provisioningState, 'Succeeded', JSON.stringify(done.properties.error));
  const left = workFolders('kgen1');
  assert.deepEqual(
    left.map((folder) => `${folder}: ${fs.readdirSync(path.join(os.tmpdir(), folder), { recursive: true }).join(', ')}`),
    [],
    `the work folder of the interrupted generate (${interrupted.join(', ')}) is gone`,
  );
});
