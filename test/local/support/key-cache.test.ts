// The test run's key cache: keys are shared only where the cache is set, never a cluster CA's, and a certificate of
// one cluster still fails against another cluster's CA.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createClusterPki } from '../../../local/aks-engine/pki';
import { SigningKeys } from '../../../local/identity/signing-keys';
import { keyCacheVariable } from '../../../local/support/key-cache';

const pkiOptions = {
  apiServerDnsNames: ['demo.centralus.cloudapp.azure.com'],
  ipAddresses: ['10.255.255.5'],
  etcdServerDnsNames: [],
  clusterDomain: 'cluster.local',
  masterCount: 1,
  keyBits: 1024,
};

async function withCache<T>(folder: string | undefined, body: () => Promise<T>): Promise<T> {
  const before = process.env[keyCacheVariable];
  if (folder === undefined) delete process.env[keyCacheVariable];
  else process.env[keyCacheVariable] = folder;
  try {
    return await body();
  } finally {
    if (before === undefined) delete process.env[keyCacheVariable];
    else process.env[keyCacheVariable] = before;
  }
}

test('with a cache, two clusters share their leaf keys but not their CA, and neither trusts the other', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'key-cache-'));
  try {
    const [first, second] = await withCache(folder, async () => [await createClusterPki(pkiOptions), await createClusterPki(pkiOptions)]);
    assert.equal(first.apiServer.privateKeyPem, second.apiServer.privateKeyPem, 'leaf keys come from the cache');
    assert.equal(first.etcdClient.privateKeyPem, second.etcdClient.privateKeyPem);
    assert.notEqual(first.apiServer.privateKeyPem, first.etcdClient.privateKeyPem, 'leaves of one cluster keep distinct keys');
    assert.notEqual(first.ca.privateKeyPem, second.ca.privateKeyPem, 'every cluster gets a CA key of its own');
    const client = new X509Certificate(first.kubeConfig.certificatePem);
    assert.equal(client.verify(new X509Certificate(first.ca.certificatePem).publicKey), true);
    assert.equal(client.verify(new X509Certificate(second.ca.certificatePem).publicKey), false, "another cluster's CA refuses it");
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('without a cache, every cluster gets keys of its own', async () => {
  const [first, second] = await withCache(undefined, async () => [await createClusterPki(pkiOptions), await createClusterPki(pkiOptions)]);
  assert.notEqual(first.apiServer.privateKeyPem, second.apiServer.privateKeyPem);
  assert.notEqual(first.etcdClient.privateKeyPem, second.etcdClient.privateKeyPem);
});

test("with a cache, two local identities' first signing keys get certificates and kids of their own; a rotation makes a new key", async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'key-cache-'));
  try {
    await withCache(folder, async () => {
      const first = new SigningKeys('https://login.example/one/v2.0');
      const second = new SigningKeys('https://login.example/two/v2.0');
      assert.equal(first.current().published.n, second.current().published.n, 'the key comes from the cache');
      assert.notEqual(first.current().kid, second.current().kid, 'each identity publishes its own certificate');
      const rotated = first.rotate();
      assert.notEqual(rotated.published.n, first.jwks().keys[1]!.n, 'a rotation is a new key');
    });
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
