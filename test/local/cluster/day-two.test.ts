// What `aks-engine scale` and `aks-engine upgrade` (v0.32.3) do through the API server works on the stand-in:
// cordon by PUT, list a node's pods by field selector, evict through policy/v1beta1, delete pods and nodes; and
// the node set follows joins, upgrades and removals while the cluster runs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EtcdGatewayClient } from '../../../local/cluster/etcd-gateway';
import { startStandInCluster, type StandInCluster } from '../../../local/cluster/index';
import { requireCommand, runCommand } from '../../support/commands';
import { tlsRequest } from '../../support/tls-request';
import { generateClusterOutput } from './cluster-output';

// Long enough for the NotReady checks to see the node before it turns Ready on a busy machine.
const readyDelayMs = 600;

describe('stand-in cluster day-2 operations', () => {
  let workDir: string;
  let outputDir: string;
  let cluster: StandInCluster;
  let kubectlPath: string;
  let etcd: EtcdGatewayClient;
  let clusterId: string;
  const file = (name: string) => readFileSync(path.join(outputDir, name), 'utf8');
  const agent = (index: number) => `k8s-agent-${clusterId}-${index}`;

  before(async () => {
    kubectlPath = requireCommand('kubectl', 'apt-get install -y kubernetes-client');
    requireCommand('etcd', 'apt-get install -y etcd-server');
    workDir = mkdtempSync(path.join(os.tmpdir(), 'stand-in-day2-test-'));
    outputDir = await generateClusterOutput(workDir, { dnsPrefix: 'daytwo1', masters: 1, agentPools: [{ name: 'agent', count: 3 }] });
    cluster = await startStandInCluster({
      outputDir,
      masters: 1,
      agentPools: [{ name: 'agent', count: 3 }],
      nodeReadyDelayMs: readyDelayMs,
    });
    clusterId = /^k8s-master-(\d+)-0$/.exec(cluster.nodeNames[0]!)![1]!;
    etcd = new EtcdGatewayClient(cluster.etcdEndpoint!, {
      caCertificatePem: file('ca.crt'),
      certificatePem: file('etcdclient.crt'),
      privateKeyPem: file('etcdclient.key'),
    });
  });

  after(async () => {
    etcd?.close();
    await cluster?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  /** aks-engine's kubeconfig carries the admin certificate (system:masters); client-go sends and accepts JSON. */
  const api = async (pathname: string, options: { method?: string; body?: object } = {}) => {
    const body = options.body ? JSON.stringify(options.body) : undefined;
    const response = await tlsRequest(`${cluster.apiServerUrl}${pathname}`, {
      ca: file('ca.crt'),
      cert: file('kubectlClient.crt'),
      key: file('kubectlClient.key'),
      method: options.method,
      // Node sends a DELETE body unframed unless told its length; client-go always says it.
      headers: {
        Accept: 'application/json, */*',
        ...(body ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } : {}),
      },
      body,
    });
    return { status: response.status, body: JSON.parse(response.text) };
  };
  const kubectl = (...args: string[]) =>
    runCommand(kubectlPath, ['--kubeconfig', cluster.kubeconfigPath!, '--cache-dir', path.join(workDir, 'kube-cache'), ...args]);
  const podsOn = async (node: string) =>
    (await api(`/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${node}`)}`)).body.items as any[];
  const isDaemonSetPod = (pod: any) => pod.metadata.ownerReferences?.some((owner: any) => owner.controller && owner.kind === 'DaemonSet');
  const isMirrorPod = (pod: any) => 'kubernetes.io/config.mirror' in (pod.metadata.annotations ?? {});

  it('drains and deletes a node with the calls aks-engine v0.32.3 makes', async () => {
    const node = agent(0);
    // SupportEviction: the policy group, and pods/eviction of kind Eviction in core/v1.
    const groups = (await api('/apis')).body.groups as any[];
    assert.deepEqual(groups.find((group) => group.name === 'policy')?.preferredVersion, {
      groupVersion: 'policy/v1beta1',
      version: 'v1beta1',
    });
    const coreResources = (await api('/api/v1')).body.resources as any[];
    assert.deepEqual(
      coreResources.find((resource) => resource.name === 'pods/eviction'),
      {
        name: 'pods/eviction',
        singularName: '',
        namespaced: true,
        group: 'policy',
        version: 'v1beta1',
        kind: 'Eviction',
        verbs: ['create'],
      },
    );

    // Cordon: GET, set spec.unschedulable, PUT; a PUT of a stale copy is the optimistic-lock conflict aks-engine retries on.
    const fetched = (await api(`/api/v1/nodes/${node}`)).body;
    const cordoned = await api(`/api/v1/nodes/${node}`, {
      method: 'PUT',
      body: { ...fetched, spec: { ...fetched.spec, unschedulable: true } },
    });
    assert.equal(cordoned.status, 200);
    assert.equal(cordoned.body.spec.unschedulable, true);
    assert.notEqual(cordoned.body.metadata.resourceVersion, fetched.metadata.resourceVersion);
    const stale = await api(`/api/v1/nodes/${node}`, {
      method: 'PUT',
      body: { ...fetched, metadata: { ...fetched.metadata, labels: { x: 'y' } } },
    });
    assert.equal(stale.status, 409);
    assert.equal(
      stale.body.message,
      `Operation cannot be fulfilled on nodes "${node}": ` +
        'the object has been modified; please apply your changes to the latest version and try again',
    );
    assert.equal(stale.body.reason, 'Conflict');
    assert.equal(cluster.nodes().find((entry) => entry.name === node)?.unschedulable, true);

    // Evict what is neither a DaemonSet pod nor a mirror pod, then wait for each to be gone.
    const onNode = await podsOn(node);
    assert.ok(onNode.some(isDaemonSetPod), 'kube-proxy runs on every node');
    const evictable = onNode.filter((pod) => !isDaemonSetPod(pod) && !isMirrorPod(pod));
    assert.ok(evictable.length > 0, 'the add-on deployments put pods on the node');
    for (const pod of evictable) {
      const eviction = await api(`/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/eviction`, {
        method: 'POST',
        body: { kind: 'Eviction', apiVersion: 'policy/v1beta1', metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace } },
      });
      assert.equal(eviction.status, 201);
      assert.deepEqual(eviction.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
      assert.equal((await api(`/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`)).status, 404);
    }
    // Their ReplicaSets start them again, never on the cordoned node.
    const all = (await api('/api/v1/namespaces/kube-system/pods')).body.items as any[];
    for (const pod of evictable) {
      const owner = pod.metadata.ownerReferences[0].uid;
      const replacement = all.find(
        (candidate) => candidate.metadata.ownerReferences?.[0]?.uid === owner && candidate.spec.nodeName !== node,
      );
      assert.ok(replacement, `${pod.metadata.name} has a replacement on another node`);
      assert.equal(replacement.status.phase, 'Running');
    }
    assert.deepEqual(
      (await podsOn(node)).filter((pod) => !isDaemonSetPod(pod)),
      [],
    );

    // Deregister the node: a success Status, then 404 for a second delete (which aks-engine ignores).
    const deleted = await api(`/api/v1/nodes/${node}`, { method: 'DELETE', body: { kind: 'DeleteOptions', apiVersion: 'v1' } });
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.status, 'Success');
    assert.deepEqual(deleted.body.details, { name: node, kind: 'nodes', uid: fetched.metadata.uid });
    const again = await api(`/api/v1/nodes/${node}`, { method: 'DELETE' });
    assert.equal(again.status, 404);
    assert.equal(again.body.message, `nodes "${node}" not found`);
    assert.deepEqual(await podsOn(node), [], 'the DaemonSet pods went with the node');
    await waitFor(async () => (await etcd.countPrefix(`/registry/minions/${node}`)) === 0, 'the node leaves etcd too');
  });

  it('works with kubectl cordon, drain and delete node', async () => {
    const node = agent(1);
    assert.equal((await kubectl('cordon', node)).code, 0);
    const listed = await kubectl('get', 'node', node, '--no-headers');
    assert.match(listed.stdout, /\sReady,SchedulingDisabled\s/);
    const drained = await kubectl('drain', node, '--ignore-daemonsets', '--timeout=20s');
    assert.equal(drained.code, 0, drained.stderr);
    assert.match(drained.stdout, new RegExp(`node/${node} drained`));
    assert.match(drained.stderr, /ignoring DaemonSet-managed Pods: kube-system\/azure-ip-masq-agent-\w+, kube-system\/kube-proxy-\w+/);
    const deleted = await kubectl('delete', 'node', node);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.deepEqual(
      cluster.nodes().map((entry) => entry.name),
      [agent(2), `k8s-master-${clusterId}-0`],
    );
  });

  it('lets a node join: NotReady, Ready after the kubelet delay, with its version in kubectl get nodes', async () => {
    const node = agent(3);
    const watch = watchNodes((await api('/api/v1/nodes')).body.metadata.resourceVersion);
    const joinedAt = Date.now();
    cluster.upsertNode({ name: node, role: 'agent', pool: 'agent', kubeletVersion: '1.12.7' });
    assert.deepEqual(
      cluster.nodes().find((entry) => entry.name === node),
      { name: node, role: 'agent', pool: 'agent', kubeletVersion: '1.12.7', ready: false, unschedulable: false },
    );
    assert.equal(isReady((await api(`/api/v1/nodes/${node}`)).body), false);

    const events = await watch.until((seen) => seen.some((event) => event.type === 'MODIFIED' && isReady(event.object)));
    assert.ok(Date.now() - joinedAt >= readyDelayMs - 20, 'Ready only after the delay');
    assert.equal(events[0].type, 'ADDED');
    assert.equal(events[0].object.metadata.name, node);
    assert.equal(isReady(events[0].object), false);
    const row = (await kubectl('get', 'node', node, '--no-headers')).stdout.trim().split(/\s+/);
    assert.deepEqual([row[0], row[1], row[2], row[4]], [node, 'Ready', 'agent', 'v1.12.7']);
    const pods = await podsOn(node);
    assert.ok(
      pods.some((pod) => pod.metadata.name.startsWith('kube-proxy-') && pod.status.phase === 'Running'),
      'kube-proxy started there',
    );
    await waitFor(async () => (await etcd.countPrefix(`/registry/minions/${node}`)) === 1, 'the node is in etcd');
  });

  it('reports an upgraded kubelet NotReady then Ready, and the server version that setServerVersion sets', async () => {
    const master = `k8s-master-${clusterId}-0`;
    cluster.setServerVersion('v1.12.7');
    const version = JSON.parse((await kubectl('version', '-o', 'json')).stdout).serverVersion;
    assert.equal(version.gitVersion, 'v1.12.7');
    assert.equal(version.minor, '12');
    assert.equal(cluster.serverVersion(), '1.12.7');

    cluster.upsertNode({ name: master, role: 'master', kubeletVersion: '1.12.7' });
    assert.deepEqual(
      cluster.nodes().find((entry) => entry.name === master),
      {
        name: master,
        role: 'master',
        kubeletVersion: '1.12.7',
        ready: false,
        unschedulable: false,
      },
    );
    await waitFor(async () => cluster.nodes().find((entry) => entry.name === master)?.ready === true, 'the master is Ready again');
    const rows = (await kubectl('get', 'nodes', '--no-headers')).stdout.trim().split('\n');
    assert.ok(
      rows.some((line) => line.startsWith(master) && /\sReady\s+master\s+\S+\s+v1\.12\.7$/.test(line)),
      rows.join('\n'),
    );

    // The same version again changes nothing; ready: false takes a node out until told otherwise.
    const before = (await api(`/api/v1/nodes/${master}`)).body.metadata.resourceVersion;
    cluster.upsertNode({ name: master, role: 'master', kubeletVersion: '1.12.7' });
    assert.equal((await api(`/api/v1/nodes/${master}`)).body.metadata.resourceVersion, before);
    cluster.upsertNode({ name: agent(2), role: 'agent', pool: 'agent', kubeletVersion: '1.11.8', ready: false });
    await sleep(readyDelayMs + 100);
    assert.equal(cluster.nodes().find((entry) => entry.name === agent(2))?.ready, false);
    cluster.upsertNode({ name: agent(2), role: 'agent', pool: 'agent', kubeletVersion: '1.11.8', ready: true });
    assert.equal(cluster.nodes().find((entry) => entry.name === agent(2))?.ready, true);
    assert.throws(() => cluster.upsertNode({ name: 'x', role: 'agent', kubeletVersion: 'latest' }), /not a Kubernetes version: "latest"/);
  });

  it('removes a node and its pods', async () => {
    const node = agent(3);
    assert.ok((await podsOn(node)).length > 0);
    assert.equal(cluster.removeNode(node), true);
    assert.equal(cluster.removeNode(node), false);
    assert.equal((await api(`/api/v1/nodes/${node}`)).status, 404);
    assert.deepEqual(await podsOn(node), []);
  });

  it('deletes a pod (the drain without evictions) and its ReplicaSet starts another', async () => {
    const pods = (await api('/api/v1/namespaces/kube-system/pods?labelSelector=k8s-app%3Dmetrics-server')).body.items as any[];
    assert.equal(pods.length, 1);
    const [pod] = pods;
    const deleted = await api(`/api/v1/namespaces/kube-system/pods/${pod.metadata.name}`, {
      method: 'DELETE',
      body: { kind: 'DeleteOptions' },
    });
    assert.equal(deleted.status, 200);
    assert.equal(deleted.body.kind, 'Pod', 'a deleted pod is answered with the pod');
    assert.equal((await api(`/api/v1/namespaces/kube-system/pods/${pod.metadata.name}`)).status, 404);
    const after = (await api('/api/v1/namespaces/kube-system/pods?labelSelector=k8s-app%3Dmetrics-server')).body.items as any[];
    assert.equal(after.length, 1);
    assert.notEqual(after[0].metadata.uid, pod.metadata.uid);
    assert.equal(after[0].status.phase, 'Running');
  });

  /** Reads a watch on nodes from a resourceVersion until the events satisfy a condition. */
  function watchNodes(resourceVersion: string) {
    const events: any[] = [];
    let check: (() => void) | undefined;
    const url = new URL(`${cluster.apiServerUrl}/api/v1/nodes?watch=true&resourceVersion=${resourceVersion}`);
    const req = request(
      url,
      { ca: file('ca.crt'), cert: file('kubectlClient.crt'), key: file('kubectlClient.key'), agent: false },
      (res) => {
        let buffered = '';
        res.on('data', (chunk: Buffer) => {
          buffered += chunk.toString('utf8');
          const lines = buffered.split('\n');
          buffered = lines.pop()!;
          for (const line of lines.filter(Boolean)) events.push(JSON.parse(line));
          check?.();
        });
      },
    );
    req.on('error', () => undefined);
    req.end();
    return {
      until: (done: (seen: any[]) => boolean) =>
        new Promise<any[]>((resolve, reject) => {
          const timer = setTimeout(() => {
            req.destroy();
            reject(new Error(`watch saw only ${JSON.stringify(events.map((event) => event.type))}`));
          }, 5000);
          check = () => {
            if (!done(events)) return;
            clearTimeout(timer);
            req.destroy();
            resolve(events);
          };
          check();
        }),
    };
  }
});

function isReady(node: any): boolean {
  return node.status.conditions.some((condition: any) => condition.type === 'Ready' && condition.status === 'True');
}

async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await condition()) return;
    await sleep(50);
  }
  assert.fail(`timed out waiting until ${what}`);
}
