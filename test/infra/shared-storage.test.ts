// The suite's one Azurite: every stack of a run gets a storage account no other stack has, and a process that the
// suite runner did not start (a single file run with node --test) starts an Azurite of its own.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BlobServiceClient } from '@azure/storage-blob';
import { startAzurite, type RunningAzurite } from '../../local/stack/azurite';
import { repoRoot } from '../support/process';
import { claimSharedStorage, sharedStorageVariable, storageAccounts } from '../support/shared-storage';

let azurite: RunningAzurite;
let claimDir: string;
const accounts = storageAccounts(3);
const saved = process.env[sharedStorageVariable];

before(async () => {
  azurite = await startAzurite({ root: repoRoot, accounts });
  claimDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-storage-test-'));
  process.env[sharedStorageVariable] = JSON.stringify({ serviceUrl: azurite.serviceUrl, accounts, claimDir });
});

after(async () => {
  if (saved === undefined) delete process.env[sharedStorageVariable];
  else process.env[sharedStorageVariable] = saved;
  await azurite?.stop();
  fs.rmSync(claimDir, { recursive: true, force: true });
});

test('each claim gets an account of its own until none is left; the accounts do not see each other', async () => {
  const claims = [claimSharedStorage(), claimSharedStorage(), claimSharedStorage()];
  assert.deepEqual(
    claims.map((claim) => new URL(claim!.blobEndpoint).pathname),
    accounts.map((account) => `/${account.name}`),
  );
  assert.equal(claimSharedStorage(), undefined, 'a fourth claim has no account left');

  const [first, second] = claims.map((claim) => BlobServiceClient.fromConnectionString(claim!.connectionString));
  await first!.getContainerClient('records').createIfNotExists();
  await first!.getContainerClient('records').uploadBlockBlob('a.json', '{}', 2);
  await second!.getContainerClient('records').createIfNotExists();
  const seen: string[] = [];
  for await (const blob of second!.getContainerClient('records').listBlobsFlat()) seen.push(blob.name);
  assert.deepEqual(seen, [], "the second account sees nothing of the first's");
  // Stopping a claimed account's stack leaves the shared Azurite running for the others.
  await claims[0]!.stop();
  assert.equal((await first!.getContainerClient('records').exists()), true);
});

test('without the runner there is nothing to claim', () => {
  const value = process.env[sharedStorageVariable];
  delete process.env[sharedStorageVariable];
  try {
    assert.equal(claimSharedStorage(), undefined);
  } finally {
    process.env[sharedStorageVariable] = value;
  }
});
