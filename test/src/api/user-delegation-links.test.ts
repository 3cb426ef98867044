// With Blob Storage reached over HTTPS by the app's managed identity (no account key anywhere), credential
// links are signed with a user delegation key and work over HTTPS only.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { call, startTestStack, waitForState } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let dataDir: string;

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'token-storage-'));
  stack = await startTestStack({ storageAuth: 'token', dataDir });
});

after(async () => {
  await stack?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function download(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      })
      .on('error', reject);
  });
}

test('links are user delegation SAS, HTTPS only, and work; the app never holds an account key', async () => {
  assert.equal(stack.settings.ARTIFACTS_STORAGE_CONNECTION_STRING, undefined);
  assert.match(stack.settings.ARTIFACTS_STORAGE_ACCOUNT_URL!, /^https:\/\//);
  const created = await call('POST', `${stack.apiBaseUrl}/clusters`, {
    body: { name: 'token1', linuxProfile: { sshPublicKey: sshRsaPublicKey() } },
  });
  assert.equal(created.status, 202, created.text);
  const done = await waitForState(stack.apiBaseUrl, 'token1', ['Succeeded', 'Failed']);
  assert.equal(done.properties.provisioningState, 'Succeeded', JSON.stringify(done.properties.error));

  const link = (await call('GET', `${stack.apiBaseUrl}/clusters/token1/kubeconfig?expiresInMinutes=5`)).json();
  const sas = new URL(link.url).searchParams;
  assert.equal(new URL(link.url).protocol, 'https:');
  assert.equal(sas.get('spr'), 'https', 'the link is refused over plain HTTP');
  assert.ok(sas.get('skoid'), 'signed with a user delegation key (skoid names the delegating identity)');
  assert.equal(sas.get('sp'), 'r');
  const minutes = (Date.parse(link.expiresOn) - Date.now()) / 60_000;
  assert.ok(minutes > 4 && minutes <= 5, `lifetime ${minutes} min`);
  const ca = fs.readFileSync(path.join(dataDir, 'azurite-tls', 'ca.pem'), 'utf8');
  const kubeconfig = await download(link.url, ca);
  assert.equal(kubeconfig.status, 200, kubeconfig.body);
  assert.equal(JSON.parse(kubeconfig.body).kind, 'Config');
  // expiresInMinutes is the minted certificate's lifetime; the link lives no longer than it (nor than 15 minutes).
  const tooLong = await call('GET', `${stack.apiBaseUrl}/clusters/token1/kubeconfig?expiresInMinutes=481`);
  assert.equal(tooLong.status, 400, 'certificates never outlive the configured maximum');
  assert.ok((stack.identity.issued()['https://storage.azure.com'] ?? 0) > 0, 'storage tokens came from the managed identity endpoint');
});
