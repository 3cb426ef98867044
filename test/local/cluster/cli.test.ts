// The command-line entry point: prints its endpoints, serves kubectl, and cleans up on SIGTERM.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireCommand, runCommand } from '../../support/commands';
import { nodeBinary, repoRoot, startProcess } from '../../support/process';
import { generateClusterOutput } from './cluster-output';

const cli = path.join(repoRoot, 'dist', 'local', 'cluster', 'cli.js');

describe('stand-in cluster CLI', () => {
  let workDir: string;
  let outputDir: string;

  before(async () => {
    requireCommand('etcd', 'apt-get install -y etcd-server');
    workDir = mkdtempSync(path.join(os.tmpdir(), 'stand-in-cluster-test-'));
    outputDir = await generateClusterOutput(workDir, { dnsPrefix: 'cli1', masters: 1, agentPools: [{ name: 'agent', count: 2 }] });
  });

  after(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('prints the endpoints, answers kubectl and stops cleanly on SIGTERM', async () => {
    const kubectlPath = requireCommand('kubectl', 'apt-get install -y kubernetes-client');
    const started = await startProcess(nodeBinary, [cli, '--output-dir', outputDir, '--masters', '1', '--agents', 'agent=2'], {
      readyPattern: /stand-in cluster ready/,
    });
    try {
      const output = started.output();
      const apiServer = /API server:\s+(\S+)/.exec(output)?.[1];
      const kubeconfig = /kubeconfig:\s+(\S+)/.exec(output)?.[1];
      const etcdEndpoint = /etcd endpoint:\s+(https:\S+)/.exec(output)?.[1];
      assert.match(apiServer ?? '', /^https:\/\/127\.0\.0\.1:\d+$/, output);
      assert.match(etcdEndpoint ?? '', /^https:\/\/127\.0\.0\.1:\d+$/, output);
      assert.ok(kubeconfig && existsSync(kubeconfig), output);

      const nodes = await runCommand(kubectlPath, [
        '--kubeconfig',
        kubeconfig,
        '--cache-dir',
        path.join(workDir, 'kube-cache'),
        'get',
        'nodes',
        '-o',
        'name',
      ]);
      assert.equal(nodes.code, 0, nodes.stderr);
      assert.equal(nodes.stdout.trim().split('\n').length, 3);

      await started.stop();
      assert.equal(started.child.exitCode, 0, started.output());
      assert.equal(existsSync(path.dirname(kubeconfig)), false, 'the temporary data dir is removed');
      const etcdPort = Number(new URL(etcdEndpoint!).port);
      const probe = await runCommand(nodeBinary, [
        '-e',
        `require('net').connect(${etcdPort}, '127.0.0.1').on('connect', () => process.exit(3)).on('error', () => process.exit(0))`,
      ]);
      assert.equal(probe.code, 0, 'etcd no longer listens');
    } finally {
      await started.kill();
    }
  });

  it('fails with usage when --output-dir is missing', async () => {
    const result = await runCommand(nodeBinary, [cli, '--masters', '1']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /--output-dir is required/);
  });
});
