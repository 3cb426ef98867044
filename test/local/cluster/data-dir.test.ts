// A given data dir outlives the stand-in: etcd's data survives a restart and is not seeded twice.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStandInCluster } from '../../../local/cluster/index';
import { EtcdGatewayClient } from '../../../local/cluster/etcd-gateway';
import { requireCommand } from '../../support/commands';
import { generateClusterOutput } from './cluster-output';

describe('stand-in cluster with a data dir', () => {
  let workDir: string;
  let outputDir: string;

  before(async () => {
    requireCommand('etcd', 'apt-get install -y etcd-server');
    workDir = mkdtempSync(path.join(os.tmpdir(), 'stand-in-cluster-test-'));
    outputDir = await generateClusterOutput(workDir, { dnsPrefix: 'keep1', masters: 1, agentPools: [{ name: 'agent', count: 1 }] });
  });

  after(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const etcdClient = (endpoint: string) => {
    const file = (name: string) => readFileSync(path.join(outputDir, name), 'utf8');
    return new EtcdGatewayClient(endpoint, {
      caCertificatePem: file('ca.crt'),
      certificatePem: file('etcdclient.crt'),
      privateKeyPem: file('etcdclient.key'),
    });
  };

  it('keeps etcd data across restarts and seeds only an empty store', async () => {
    const dataDir = path.join(workDir, 'state');
    const options = { outputDir, masters: 1, agentPools: [{ name: 'agent', count: 1 }], dataDir };

    const first = await startStandInCluster(options);
    const client = etcdClient(first.etcdEndpoint!);
    const seeded = await client.countPrefix('/registry/');
    await client.put('/registry/configmaps/default/written-by-test', '{"kind":"ConfigMap"}');
    client.close();
    await first.stop();
    assert.ok(existsSync(path.join(dataDir, 'etcd')), 'a given data dir is kept');
    assert.ok(existsSync(path.join(dataDir, 'kubeconfig.json')));

    const second = await startStandInCluster(options);
    try {
      const again = etcdClient(second.etcdEndpoint!);
      const keys = (await again.getPrefix('/registry/')).map((kv) => kv.key);
      again.close();
      assert.equal(keys.length, seeded + 1);
      assert.ok(keys.includes('/registry/configmaps/default/written-by-test'));
    } finally {
      await second.stop();
    }
  });
});
