// Reading a blob whole (records aside: artifacts, kubeconfigs, quotas, idempotency keys, the audit trail) is one
// request to Blob Storage, and a missing blob is the SDK's 404 as before.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { startAzurite, type RunningAzurite } from '../../../local/stack/azurite';
import { downloadContent } from '../../../src/azure/blob-storage';
import { isNotFound } from '../../../src/azure/failures';
import { repoRoot } from '../../support/process';
import { claimSharedStorage } from '../../support/shared-storage';

let azurite: RunningAzurite;
let ownsAzurite = false;
let blobs: ContainerClient;

before(async () => {
  const shared = claimSharedStorage();
  ownsAzurite = !shared;
  azurite = shared ?? (await startAzurite({ root: repoRoot }));
  blobs = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('downloads');
  await blobs.createIfNotExists();
});

after(async () => {
  if (ownsAzurite) await azurite?.stop();
});

/** The HTTP requests made while `work` runs (the SDK sends them with node:http to Azurite). */
async function requestsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const original = http.request;
  const counting = function (this: unknown, ...args: Parameters<typeof http.request>) {
    const [target] = args;
    const options = typeof target === 'string' || target instanceof URL ? { method: 'GET' } : target;
    seen.push(String(options.method ?? 'GET'));
    return original.apply(this, args);
  } as typeof http.request;
  http.request = counting;
  try {
    await work();
  } finally {
    http.request = original;
  }
  return seen;
}

test('a blob is read whole in one GET, and a missing one is a 404', async () => {
  const text = `${'x'.repeat(300_000)}\nthe end`;
  const blob = blobs.getBlockBlobClient('some/file.txt');
  await blob.upload(text, Buffer.byteLength(text));

  let content: Buffer | undefined;
  const requests = await requestsDuring(async () => (content = await downloadContent(blob)));
  assert.equal(content?.toString('utf8'), text);
  assert.deepEqual(requests, ['GET']);

  await assert.rejects(downloadContent(blobs.getBlockBlobClient('some/missing.txt')), (error: unknown) => isNotFound(error));
});
