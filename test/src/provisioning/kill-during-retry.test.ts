// A host killed while it handles POST /retry: the retry either started its operation or can be repeated, and
// the cluster does not stay Accepted for good.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BlobServiceClient } from '@azure/storage-blob';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { recordState } from '../../chaos/probes';
import { call, startTestStack, waitForState } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
const sshPublicKey = sshRsaPublicKey();

before(async () => {
  stack = await startTestStack();
});

after(async () => {
  await stack?.stop();
});

async function failedCluster(name: string): Promise<void> {
  stack.emulator.admin.addDeploymentFault({ resourceGroup: `aks-cosmos-${name}`, code: 'QuotaExceeded', count: 1 });
  const created = await call('POST', `${stack.apiBaseUrl}/clusters`, { body: { name, linuxProfile: { sshPublicKey } } });
  assert.equal(created.status, 202, created.text);
  const failed = await waitForState(stack.apiBaseUrl, name, ['Failed', 'Succeeded'], 90_000);
  assert.equal(failed.properties.provisioningState, 'Failed');
}

/** A client that lost its retry's answer asks again; then the cluster must get going and succeed. */
async function repeatAndFinish(name: string): Promise<void> {
  const again = await call('POST', `${stack.apiBaseUrl}/clusters/${name}/retry`);
  if (again.status !== 202) {
    // Refusing the repeat is right only when the interrupted retry did start its operation: then the cluster
    // leaves Accepted within moments.
    const deadline = Date.now() + 10_000;
    let current: any;
    do {
      current = (await call('GET', `${stack.apiBaseUrl}/clusters/${name}`)).json();
      if (current.properties.provisioningState !== 'Accepted') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    } while (Date.now() < deadline);
    assert.notEqual(
      current.properties.provisioningState,
      'Accepted',
      `the repeated retry answered ${again.status} (${again.text}) while the cluster stays Accepted with operation ` +
        `${current.properties.operation?.id}, which never started`,
    );
  }
  const done = await waitForState(stack.apiBaseUrl, name, ['Succeeded', 'Failed'], 45_000);
  assert.equal(done.properties.provisioningState, 'Succeeded', JSON.stringify(done.properties.error));
}

test('a host killed right after POST /retry wrote the record: the retry can be repeated and the cluster succeeds', async () => {
  await failedCluster('kretry1');
  // Kill the host the moment the record shows the retry, before its orchestration has been started (on a loaded
  // machine the orchestration may already have recorded its start when the kill lands: the outcome must be the same).
  const retry = call('POST', `${stack.apiBaseUrl}/clusters/kretry1/retry`).catch((error: Error) => error);
  const deadline = Date.now() + 10_000;
  while ((await recordState(stack, 'kretry1')) === 'failed') assert.ok(Date.now() < deadline, 'the retry was never recorded');
  await stack.killHost();
  await retry;
  await stack.startHost();
  await repeatAndFinish('kretry1');
});

test('a retry recorded by a host that died before starting its orchestration can be repeated', async () => {
  await failedCluster('kretry2');
  // The state such a crash leaves, written as the retry handler writes it: a new operation, never started.
  const records = BlobServiceClient.fromConnectionString(stack.settings.ARTIFACTS_STORAGE_CONNECTION_STRING!).getContainerClient(
    'cluster-records',
  );
  const blob = records.getBlockBlobClient('clusters/kretry2.json');
  const record = JSON.parse((await blob.downloadToBuffer()).toString('utf8'));
  record.operations.push({ id: 'cluster-kretry2-g1-create-2', kind: 'create', startedAt: new Date().toISOString() });
  record.provisioningState = 'Accepted';
  delete record.error;
  const text = JSON.stringify(record);
  await blob.upload(text, Buffer.byteLength(text), {
    blobHTTPHeaders: { blobContentType: 'application/json' },
    metadata: { state: 'accepted' },
  });
  await repeatAndFinish('kretry2');
});
