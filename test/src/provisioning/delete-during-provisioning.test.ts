// A delete that arrives while a create is still provisioning, at several moments: once the cluster is Deleted
// (and what a step in flight was doing has had time to finish), nothing the create made is left: no group,
// role assignment, application, service principal or artifact blob.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { leftovers, waitForStep } from '../../chaos/probes';
import { call, startTestStack, waitForState } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
const sshPublicKey = sshRsaPublicKey();
// aks-engine generate takes about 6 s, so a delete can land while it runs, and it runs on for longer than an
// activity lease lives once its operation has ended (3 s): the teardown does not wait for it, so the step must
// stop and write nothing more.
const generateDelayScale = 4;

before(async () => {
  stack = await startTestStack({
    settings: { AKS_ENGINE_SIM_DELAY_SCALE: String(generateDelayScale), ACTIVITY_LEASE_SECONDS: '3' },
  });
  // Every ARM and Graph answer takes a moment, as in Azure: steps in flight overlap with the teardown.
  stack.emulator.admin.setTiming({ overrides: { requestLatencyMs: 60, resourceGroupDeleteMs: 500 } });
});

after(async () => {
  await stack?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function deleteAt(name: string, moment: () => Promise<unknown>): Promise<string[]> {
  const created = await call('POST', `${stack.apiBaseUrl}/clusters`, { body: { name, linuxProfile: { sshPublicKey } } });
  assert.equal(created.status, 202, created.text);
  await moment();
  const deleted = await call('DELETE', `${stack.apiBaseUrl}/clusters/${name}`);
  assert.equal(deleted.status, 202, `${name}: ${deleted.text}`);
  const gone = await waitForState(stack.apiBaseUrl, name, ['Deleted', 'Failed'], 60_000);
  assert.equal(gone.properties.provisioningState, 'Deleted', `${name}: ${JSON.stringify(gone.properties.error)}`);
  // A step that was running when the delete came may still finish its work: give it the time it needs.
  await sleep(1500 * generateDelayScale + 3000);
  return leftovers(stack, name);
}

test('a delete during provisioning leaves nothing behind, whatever the moment', async () => {
  const moments: Record<string, () => Promise<unknown>> = {
    delres1: async () => undefined,
    delsp1: () => waitForStep(stack.apiBaseUrl, 'delsp1', 'servicePrincipal', ['Running', 'Retrying']),
    delgen1: async () => {
      await waitForStep(stack.apiBaseUrl, 'delgen1', 'generate', ['Running']);
      await sleep(500);
    },
    deldep1: () => waitForStep(stack.apiBaseUrl, 'deldep1', 'deploy', ['Running']),
  };
  const results = await Promise.all(Object.entries(moments).map(async ([name, moment]) => [name, await deleteAt(name, moment)] as const));
  const left = results.filter(([, items]) => items.length > 0);
  assert.deepEqual(
    left.map(([name, items]) => `${name}: ${items.slice(0, 8).join(', ')}${items.length > 8 ? ` and ${items.length - 8} more` : ''}`),
    [],
    'nothing is left of a cluster deleted during provisioning',
  );
});
