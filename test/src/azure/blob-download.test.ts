// Reading a blob whole (records aside: artifacts, kubeconfigs, quotas, idempotency keys, the audit trail) is one
// request to Blob Storage, and a missing blob is the SDK's 404 as before.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { RunningAzurite } from '../../../local/stack/azurite';
import { downloadContent } from '../../../src/azure/blob-storage';
import { isNotFound } from '../../../src/azure/failures';
import { requestMethodsDuring } from '../../support/http';
import { testStorage } from '../../support/shared-storage';

let azurite: RunningAzurite;
let blobs: ContainerClient;

before(async () => {
  azurite = await testStorage();
  blobs = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('downloads');
  await blobs.createIfNotExists();
});

after(async () => {
  await azurite?.stop();
});

test('a blob is read whole in one GET, and a missing one is a 404', async () => {
  const text = `${'x'.repeat(300_000)}\nthe end`;
  const blob = blobs.getBlockBlobClient('some/file.txt');
  await blob.upload(text, Buffer.byteLength(text));

  let content: Buffer | undefined;
  const requests = await requestMethodsDuring(async () => (content = await downloadContent(blob)));
  assert.equal(content?.toString('utf8'), text);
  assert.deepEqual(requests, ['GET']);

  await assert.rejects(downloadContent(blobs.getBlockBlobClient('some/missing.txt')), (error: unknown) => isNotFound(error));
});
