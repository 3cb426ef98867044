// With a retention period, teardown keeps the artifacts, marked with the time they go, and a durable timer in
// the teardown operation deletes them then; the cluster is Deleted at once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BlobServiceClient } from '@azure/storage-blob';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { call, startTestStack, waitForState } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;

before(async () => {
  stack = await startTestStack({ settings: { ARTIFACT_RETENTION_DAYS: '3' } });
});

after(async () => {
  await stack?.stop();
});

test('artifacts outlive a deleted cluster for the retention period, marked with their deletion time', async () => {
  assert.equal(
    (await call('POST', `${stack.apiBaseUrl}/clusters`, { body: { name: 'keep1', linuxProfile: { sshPublicKey: sshRsaPublicKey() } } }))
      .status,
    202,
  );
  assert.equal((await waitForState(stack.apiBaseUrl, 'keep1', ['Succeeded', 'Failed'])).properties.provisioningState, 'Succeeded');
  const deletedAt = Date.now();
  assert.equal((await call('DELETE', `${stack.apiBaseUrl}/clusters/keep1`)).status, 202);
  const gone = await waitForState(stack.apiBaseUrl, 'keep1', ['Deleted', 'Failed']);
  assert.equal(gone.properties.provisioningState, 'Deleted');
  assert.match(gone.properties.steps.find((step: any) => step.name === 'artifacts').message, /kept until/);

  const container = BlobServiceClient.fromConnectionString(stack.settings.ARTIFACTS_STORAGE_CONNECTION_STRING!).getContainerClient(
    'cluster-artifacts',
  );
  const kept: Array<{ name: string; deleteAfter: string | undefined }> = [];
  for await (const blob of container.listBlobsFlat({ prefix: 'keep1/', includeMetadata: true }))
    kept.push({ name: blob.name, deleteAfter: blob.metadata?.deleteafter });
  assert.ok(
    kept.some((blob) => blob.name === 'keep1/g1/kubeconfig.json'),
    'the kubeconfig is kept',
  );
  for (const blob of kept) {
    const days = (Date.parse(blob.deleteAfter ?? '') - deletedAt) / 86_400_000;
    assert.ok(days > 2.99 && days < 3.01, `${blob.name} is marked for deletion in ${days} days`);
  }
  // The teardown operation waits on a durable timer for the end of the retention period.
  const base = stack.apiBaseUrl.replace(/\/api$/, '');
  const teardown = (await call('GET', `${base}/runtime/webhooks/durabletask/instances/cluster-keep1-g1-delete?showHistory=true`)).json();
  assert.equal(teardown.runtimeStatus, 'Running');
  const timers = teardown.historyEvents.filter((event: any) => event.EventType === 'TimerCreated');
  const retentionTimer = timers
    .map((event: any) => Date.parse(event.FireAt))
    .find((fireAt: number) => fireAt - deletedAt > 2.9 * 86_400_000);
  assert.ok(retentionTimer, `a timer for the end of the retention period: ${JSON.stringify(timers)}`);
  // The kubeconfig of a deleted cluster is not handed out, even while its blob is kept.
  assert.equal((await call('GET', `${stack.apiBaseUrl}/clusters/keep1/kubeconfig`)).status, 404);
});
