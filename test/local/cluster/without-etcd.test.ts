// Without an etcd binary the stand-in still comes up (API server only) and says how to get etcd.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStandInCluster, type StandInCluster } from '../../../local/cluster/index';
import { tlsRequest } from '../../support/tls-request';
import { generateClusterOutput } from './cluster-output';

describe('stand-in cluster without etcd', () => {
  let workDir: string;
  let outputDir: string;
  let cluster: StandInCluster;

  before(async () => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'stand-in-cluster-test-'));
    outputDir = await generateClusterOutput(workDir, { dnsPrefix: 'noetcd1', masters: 1, agentPools: [{ name: 'agent', count: 1 }] });
    cluster = await startStandInCluster({
      outputDir,
      masters: 1,
      agentPools: [{ name: 'agent', count: 1 }],
      etcdBinary: path.join(workDir, 'no-such-dir', 'etcd'),
    });
  });

  after(async () => {
    await cluster?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('has no etcd endpoint and says how to install etcd', () => {
    assert.equal(cluster.etcdEndpoint, undefined);
    assert.match(cluster.etcdUnavailable ?? '', /etcd not found/);
    assert.match(cluster.etcdUnavailable ?? '', /apt-get install -y etcd-server/);
  });

  it('still serves the nodes of the spec', async () => {
    const file = (name: string) => readFileSync(path.join(outputDir, name), 'utf8');
    const response = await tlsRequest(`${cluster.apiServerUrl}/api/v1/nodes`, {
      ca: file('ca.crt'),
      cert: file('kubectlClient.crt'),
      key: file('kubectlClient.key'),
    });
    assert.equal(response.status, 200);
    const names = JSON.parse(response.text).items.map((node: { metadata: { name: string } }) => node.metadata.name);
    assert.equal(names.length, 2);
    assert.deepEqual(names, cluster.nodeNames.slice().sort());
  });

  it('starts from the certificates alone when told the node name suffix', async () => {
    // As when the certificates come from a deployment's parameters rather than aks-engine's output folder.
    const certificatesOnly = path.join(workDir, 'certificates');
    mkdirSync(certificatesOnly);
    for (const name of [
      'ca.crt',
      'apiserver.crt',
      'apiserver.key',
      'etcdserver.crt',
      'etcdserver.key',
      'etcdclient.crt',
      'etcdclient.key',
    ]) {
      copyFileSync(path.join(outputDir, name), path.join(certificatesOnly, name));
    }
    const bare = await startStandInCluster({
      outputDir: certificatesOnly,
      masters: 1,
      agentPools: [{ name: 'agent', count: 1 }],
      nameSuffix: '12345678',
      etcdBinary: path.join(workDir, 'no-such-dir', 'etcd'),
    });
    try {
      assert.deepEqual(bare.nodeNames, ['k8s-master-12345678-0', 'k8s-agent-12345678-0']);
      assert.equal(bare.kubeconfigPath, undefined, 'no kubeconfig to rewrite');
    } finally {
      await bare.stop();
    }
  });

  it('fails clearly when a certificate is missing', async () => {
    await assert.rejects(
      startStandInCluster({ outputDir: path.join(workDir, 'empty'), masters: 1, agentPools: [] }),
      /ca\.crt is missing from .*empty; run "aks-engine generate" first/,
    );
  });

  it('removes its temporary folder when stopped', async () => {
    assert.ok(existsSync(cluster.dataDir));
    await cluster.stop();
    assert.equal(existsSync(cluster.dataDir), false);
    await assert.rejects(
      tlsRequest(`${cluster.apiServerUrl}/version`, { ca: readFileSync(path.join(outputDir, 'ca.crt'), 'utf8') }),
      /ECONNREFUSED/,
    );
  });
});
