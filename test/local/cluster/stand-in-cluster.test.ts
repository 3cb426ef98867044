// The stand-in cluster, checked with real clients: kubectl against the API server, etcdctl against etcd,
// using the certificates the aks-engine simulator generated.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStandInCluster, type StandInCluster } from '../../../local/cluster/index';
import { requireCommand, runCommand } from '../../support/commands';
import { tlsRequest } from '../../support/tls-request';
import { generateClusterOutput } from './cluster-output';

const agentPools = [
  { name: 'agent', count: 2 },
  { name: 'pool2', count: 1 },
];

describe('stand-in cluster with etcd', () => {
  let workDir: string;
  let outputDir: string;
  let cluster: StandInCluster;
  let kubectlPath: string;
  let etcdctlPath: string;
  /** The admin certificate of another cluster: right subject (system:masters), wrong CA. */
  let foreignClient: { certificatePem: string; privateKeyPem: string; certificatePath: string; keyPath: string };
  const file = (name: string) => readFileSync(path.join(outputDir, name), 'utf8');

  before(async () => {
    kubectlPath = requireCommand('kubectl', 'apt-get install -y kubernetes-client');
    etcdctlPath = requireCommand('etcdctl', 'apt-get install -y etcd-client');
    requireCommand('etcd', 'apt-get install -y etcd-server');
    workDir = mkdtempSync(path.join(os.tmpdir(), 'stand-in-cluster-test-'));
    outputDir = await generateClusterOutput(workDir, { dnsPrefix: 'demo1', masters: 3, agentPools });

    const otherOutputDir = await generateClusterOutput(workDir, {
      dnsPrefix: 'other1',
      masters: 1,
      agentPools: [{ name: 'agent', count: 1 }],
    });
    foreignClient = {
      certificatePath: path.join(otherOutputDir, 'kubectlClient.crt'),
      keyPath: path.join(otherOutputDir, 'kubectlClient.key'),
      certificatePem: readFileSync(path.join(otherOutputDir, 'kubectlClient.crt'), 'utf8'),
      privateKeyPem: readFileSync(path.join(otherOutputDir, 'kubectlClient.key'), 'utf8'),
    };
    cluster = await startStandInCluster({ outputDir, masters: 3, agentPools });
  });

  after(async () => {
    await cluster?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const kubectl = (...args: string[]) =>
    // A private discovery cache: kubectl would otherwise write under ~/.kube for every port used.
    runCommand(kubectlPath, ['--kubeconfig', cluster.kubeconfigPath!, '--cache-dir', path.join(workDir, 'kube-cache'), ...args]);

  const etcdctl = (certificatePath: string, keyPath: string, ...args: string[]) =>
    runCommand(
      etcdctlPath,
      [
        '--endpoints',
        cluster.etcdEndpoint!,
        '--cacert',
        path.join(outputDir, 'ca.crt'),
        '--cert',
        certificatePath,
        '--key',
        keyPath,
        '--dial-timeout',
        '2s',
        '--command-timeout',
        '3s',
        ...args,
      ],
      { env: { ETCDCTL_API: '3' } },
    );

  it('comes up on loopback with a kubeconfig pointing at it', () => {
    assert.match(cluster.apiServerUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(cluster.etcdEndpoint ?? '', /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(cluster.etcdUnavailable, undefined);
    const kubeconfig = JSON.parse(readFileSync(cluster.kubeconfigPath!, 'utf8'));
    assert.equal(kubeconfig.clusters[0].cluster.server, cluster.apiServerUrl);
    const generated = JSON.parse(file('kubeconfig/kubeconfig.centralus.json'));
    assert.deepEqual(kubeconfig.users, generated.users, "the admin credentials are aks-engine's own");
    assert.equal(kubeconfig.clusters[0].cluster['certificate-authority-data'], generated.clusters[0].cluster['certificate-authority-data']);
  });

  it('starts etcd on the first connection to its endpoint, not before', async () => {
    assert.deepEqual(etcdProcessesIn(cluster.dataDir), [], 'no etcd runs before anyone connects');
    const health = await etcdctl(path.join(outputDir, 'etcdclient.crt'), path.join(outputDir, 'etcdclient.key'), 'endpoint', 'health');
    assert.equal(health.code, 0, health.stderr);
    assert.equal(etcdProcessesIn(cluster.dataDir).length, 1, 'the first connection started one etcd');
  });

  it('kubectl get nodes -o json lists masters and agents of the spec, all Ready', async () => {
    const result = await kubectl('get', 'nodes', '-o', 'json');
    assert.equal(result.code, 0, result.stderr);
    const nodes = JSON.parse(result.stdout).items as Array<{ metadata: { name: string; labels: Record<string, string> }; status: any }>;
    const names = nodes.map((node) => node.metadata.name);
    const clusterId = /^k8s-master-(\d{8})-0$/.exec(names.find((name) => name.startsWith('k8s-master-')) ?? '')?.[1];
    assert.ok(clusterId, `no master named k8s-master-<8 digits>-0 in ${names.join(', ')}`);
    const nameSuffix = JSON.parse(file('azuredeploy.json')).parameters.nameSuffix.defaultValue;
    assert.equal(clusterId, nameSuffix, "node names use the template's nameSuffix, as the VM names do");
    assert.deepEqual(names.sort(), [
      `k8s-agent-${clusterId}-0`,
      `k8s-agent-${clusterId}-1`,
      `k8s-master-${clusterId}-0`,
      `k8s-master-${clusterId}-1`,
      `k8s-master-${clusterId}-2`,
      `k8s-pool2-${clusterId}-0`,
    ]);

    const version = JSON.parse((await kubectl('version', '-o', 'json')).stdout).serverVersion.gitVersion;
    assert.equal(version, `v${JSON.parse(file('apimodel.json')).properties.orchestratorProfile.orchestratorVersion}`);
    for (const node of nodes) {
      const role = node.metadata.name.startsWith('k8s-master-') ? 'master' : 'agent';
      assert.equal(node.metadata.labels['kubernetes.io/role'], role);
      assert.equal(node.metadata.labels[`node-role.kubernetes.io/${role}`], '');
      const ready = node.status.conditions.find((condition: { type: string }) => condition.type === 'Ready');
      assert.equal(ready?.status, 'True', `${node.metadata.name} is Ready`);
      // aks-engine v0.32.3 deploys Kubernetes 1.9 to 1.14; its default is 1.11.
      assert.match(node.status.nodeInfo.kubeletVersion, /^v1\.(9|1[0-4])\.\d+/);
      assert.equal(node.status.nodeInfo.kubeletVersion, version, "kubelets run the API server's version");
    }
    assert.equal(nodes.find((node) => node.metadata.name === `k8s-pool2-${clusterId}-0`)?.metadata.labels.agentpool, 'pool2');
  });

  it('kubectl get nodes prints the server-side table', async () => {
    const result = await kubectl('get', 'nodes');
    assert.equal(result.code, 0, result.stderr);
    const [header, ...rows] = result.stdout.trim().split('\n');
    assert.match(header!, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s*$/);
    assert.equal(rows.length, 6);
    for (const row of rows) {
      const [name, status, roles, age, version] = row.trim().split(/\s+/);
      assert.equal(status, 'Ready');
      assert.equal(roles, name!.startsWith('k8s-master-') ? 'master' : 'agent');
      assert.match(age!, /^\d+[smhd]/);
      assert.match(version!, /^v1\.\d+\.\d+$/);
    }
  });

  it('kubectl get namespaces, a single namespace and node, version and cluster-info work', async () => {
    const namespaces = await kubectl('get', 'namespaces');
    assert.equal(namespaces.code, 0, namespaces.stderr);
    const rows = namespaces.stdout.trim().split('\n');
    assert.match(rows[0]!, /^NAME\s+STATUS\s+AGE\s*$/);
    assert.deepEqual(
      rows.slice(1).map((row) => row.split(/\s+/).slice(0, 2)),
      [
        ['default', 'Active'],
        ['kube-public', 'Active'],
        ['kube-system', 'Active'],
      ],
    );

    const single = await kubectl('get', 'namespace', 'kube-system', '-o', 'json');
    assert.equal(JSON.parse(single.stdout).metadata.name, 'kube-system');
    const node = await kubectl('get', 'node', cluster.nodeNames[0]!, '-o', 'name');
    assert.equal(node.stdout.trim(), `node/${cluster.nodeNames[0]}`);
    const missing = await kubectl('get', 'node', 'no-such-node');
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /NotFound.*nodes "no-such-node" not found/);

    const version = await kubectl('version');
    assert.equal(version.code, 0, version.stderr);
    assert.match(version.stdout, /Server Version: v1\.\d+\.\d+/);
    const info = await kubectl('cluster-info');
    assert.equal(info.code, 0, info.stderr);
    assert.ok(info.stdout.includes(`is running at ${cluster.apiServerUrl}`), info.stdout);
  });

  it('answers 401 Unauthorized without a client certificate or with one from another CA', async () => {
    const ca = file('ca.crt');
    for (const credentials of [{}, { cert: foreignClient.certificatePem, key: foreignClient.privateKeyPem }]) {
      const response = await tlsRequest(`${cluster.apiServerUrl}/api/v1/nodes`, { ca, ...credentials });
      assert.equal(response.status, 401);
      assert.deepEqual(JSON.parse(response.text), {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
    }
    // kubectl with the foreign certificate in place of the admin's is refused too.
    const kubeconfig = JSON.parse(readFileSync(cluster.kubeconfigPath!, 'utf8'));
    kubeconfig.users[0].user = {
      'client-certificate-data': Buffer.from(foreignClient.certificatePem).toString('base64'),
      'client-key-data': Buffer.from(foreignClient.privateKeyPem).toString('base64'),
    };
    const foreignKubeconfig = path.join(workDir, 'foreign-kubeconfig.json');
    writeFileSync(foreignKubeconfig, JSON.stringify(kubeconfig), { mode: 0o600 });
    const refused = await runCommand(kubectlPath, [
      '--kubeconfig',
      foreignKubeconfig,
      '--cache-dir',
      path.join(workDir, 'kube-cache-foreign'),
      'get',
      'nodes',
    ]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /You must be logged in to the server/);
  });

  it('authenticates other certificates of the cluster CA but forbids reads outside system:masters', async () => {
    const response = await tlsRequest(`${cluster.apiServerUrl}/api/v1/nodes`, {
      ca: file('ca.crt'),
      cert: file('etcdclient.crt'),
      key: file('etcdclient.key'),
    });
    assert.equal(response.status, 403);
    assert.equal(
      JSON.parse(response.text).message,
      'nodes is forbidden: User "etcdclient" cannot list resource "nodes" in API group "" at the cluster scope',
    );
  });

  it('answers unknown paths with a 404 Status and serves Tables and plain lists by Accept', async () => {
    const admin = { ca: file('ca.crt'), cert: file('kubectlClient.crt'), key: file('kubectlClient.key') };
    const unknown = await tlsRequest(`${cluster.apiServerUrl}/apis/batch/v1/jobs`, admin);
    assert.equal(unknown.status, 404);
    assert.equal(JSON.parse(unknown.text).reason, 'NotFound');

    const table = JSON.parse(
      (
        await tlsRequest(`${cluster.apiServerUrl}/api/v1/namespaces`, {
          ...admin,
          headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' },
        })
      ).text,
    );
    assert.equal(table.kind, 'Table');
    assert.equal(table.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(
      table.columnDefinitions.map((column: { name: string }) => column.name),
      ['Name', 'Status', 'Age'],
    );
    assert.deepEqual(
      table.rows.map((row: { cells: string[] }) => row.cells[0]),
      ['default', 'kube-public', 'kube-system'],
    );
    assert.equal(table.rows[0].object.kind, 'PartialObjectMetadata');

    const list = JSON.parse(
      (await tlsRequest(`${cluster.apiServerUrl}/api/v1/namespaces`, { ...admin, headers: { Accept: 'application/json' } })).text,
    );
    assert.equal(list.kind, 'NamespaceList');
    assert.equal(list.items.length, 3);
  });

  it('etcdctl with the generated etcd client certificate lists the seeded /registry keys', async () => {
    const result = await etcdctl(
      path.join(outputDir, 'etcdclient.crt'),
      path.join(outputDir, 'etcdclient.key'),
      'get',
      '/registry',
      '--prefix',
      '--keys-only=false',
    );
    assert.equal(result.code, 0, result.stderr);
    // etcdctl prints each key on one line and its value on the next.
    const lines = result.stdout.trim().split('\n');
    const entries = new Map<string, string>();
    for (let index = 0; index < lines.length; index += 2) entries.set(lines[index]!, lines[index + 1]!);
    for (const key of [
      '/registry/namespaces/default',
      '/registry/namespaces/kube-system',
      '/registry/namespaces/kube-public',
      '/registry/services/specs/default/kubernetes',
      '/registry/services/endpoints/default/kubernetes',
      '/registry/configmaps/kube-system/extension-apiserver-authentication',
      '/registry/serviceaccounts/default/default',
      ...cluster.nodeNames.map((name) => `/registry/minions/${name}`),
    ]) {
      assert.ok(entries.has(key), `${key} is in etcd`);
    }
    const master = JSON.parse(entries.get(`/registry/minions/${cluster.nodeNames.find((name) => name.includes('master'))}`)!);
    assert.equal(master.kind, 'Node');
    assert.equal(JSON.parse(entries.get('/registry/services/specs/default/kubernetes')!).spec.clusterIP, '10.0.0.1');
  });

  it('etcd refuses a client certificate from another CA', async () => {
    const result = await etcdctl(foreignClient.certificatePath, foreignClient.keyPath, 'get', '/registry', '--prefix', '--keys-only');
    assert.notEqual(result.code, 0);
    assert.doesNotMatch(result.stdout, /\/registry\//);
    await assert.rejects(
      tlsRequest(`${cluster.etcdEndpoint}/health`, {
        ca: file('ca.crt'),
        cert: foreignClient.certificatePem,
        key: foreignClient.privateKeyPem,
      }),
      /certificate|socket hang up|ECONNRESET/i,
    );
    await assert.rejects(tlsRequest(`${cluster.etcdEndpoint}/health`, { ca: file('ca.crt') }), /certificate|socket hang up|ECONNRESET/i);
  });

  it('stop ends its etcd', async () => {
    const dataDir = cluster.dataDir;
    assert.equal(etcdProcessesIn(dataDir).length, 1);
    await cluster.stop();
    assert.deepEqual(etcdProcessesIn(dataDir), []);
  });
});

/** Process ids of the etcds whose data folder is under the given folder (Linux: read from /proc). */
function etcdProcessesIn(folder: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return path.basename(commandLine[0] ?? '') === 'etcd' && commandLine.some((arg) => arg.startsWith(path.join(folder, 'etcd')));
      } catch {
        return false; // ended meanwhile
      }
    })
    .map(Number);
}
