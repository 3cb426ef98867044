// The small rules the stand-in follows to look like aks-engine's cluster to clients, checked without processes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { negotiate } from '../../../local/cluster/content-negotiation';
import { freshClusterObjects } from '../../../local/cluster/fresh-cluster';
import { formatKubeconfig, pointKubeconfigAt } from '../../../local/cluster/kubeconfig';
import { agentNodeName, masterNodeName } from '../../../local/cluster/node-names';
import { ObjectStore, parseLabelSelector } from '../../../local/cluster/object-store';
import { registryEntries } from '../../../local/cluster/registry-seed';
import { resourceTypeByName } from '../../../local/cluster/resources';
import { humanDuration, nodeRoles } from '../../../local/cluster/tables';

const shape = {
  dnsPrefix: 'demo1',
  location: 'centralus',
  kubernetesVersion: '1.11.8',
  clusterId: '12345678',
  masters: { count: 3 },
  agentPools: [
    { name: 'agent', count: 2 },
    { name: 'scale', count: 1, availabilityProfile: 'VirtualMachineScaleSets' as const },
  ],
};

describe('stand-in cluster pieces', () => {
  it('names VMs as aks-engine v0.32.3 templates do', () => {
    assert.equal(masterNodeName('12345678', 2), 'k8s-master-12345678-2');
    assert.equal(agentNodeName('agent', '12345678', 0), 'k8s-agent-12345678-0');
    assert.equal(agentNodeName('scale', '12345678', 37, 'VirtualMachineScaleSets'), 'k8s-scale-12345678-vmss000011');
  });

  it('lays out a fresh cluster under the real /registry keys', () => {
    const keys = registryEntries(freshClusterObjects({ shape, caCertificatePem: 'pem' })).map((entry) => entry.key);
    for (const key of [
      '/registry/namespaces/kube-public',
      '/registry/minions/k8s-master-12345678-2',
      '/registry/minions/k8s-agent-12345678-1',
      '/registry/minions/k8s-scale-12345678-vmss000000',
      '/registry/services/specs/default/kubernetes',
      '/registry/services/endpoints/default/kubernetes',
      '/registry/serviceaccounts/kube-system/default',
      '/registry/configmaps/kube-system/extension-apiserver-authentication',
    ]) {
      assert.ok(keys.includes(key), key);
    }
    assert.equal(new Set(keys).size, keys.length, 'keys are unique');
  });

  it('selects by label as kubectl cluster-info asks', () => {
    const store = new ObjectStore(freshClusterObjects({ shape, caCertificatePem: 'pem' }));
    const services = resourceTypeByName('services')!;
    assert.deepEqual(
      store.list(services, 'kube-system', 'kubernetes.io/cluster-service=true').map((service) => service.metadata.name),
      ['kube-dns'],
    );
    assert.deepEqual(
      store.list(services, undefined, 'provider==kubernetes,component').map((service) => service.metadata.name),
      ['kubernetes'],
    );
    assert.equal(parseLabelSelector('a!=b,!c')({ a: 'x' }), true);
    assert.equal(parseLabelSelector('a!=b,!c')({ a: 'x', c: '' }), false);
  });

  it('prefers the first acceptable form in the Accept header', () => {
    const kubectlGet = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    assert.deepEqual(negotiate(kubectlGet), { form: 'table', version: 'v1' });
    assert.deepEqual(negotiate('application/json;as=Table;v=v1beta1;g=meta.k8s.io, application/json'), {
      form: 'table',
      version: 'v1beta1',
    });
    assert.deepEqual(negotiate('application/json, */*'), { form: 'object' });
    assert.deepEqual(negotiate(undefined), { form: 'object' });
    assert.equal(negotiate('application/vnd.kubernetes.protobuf'), undefined);
  });

  it('prints ages and roles as the API server does', () => {
    assert.equal(humanDuration(5_000), '5s');
    assert.equal(humanDuration(119_000), '119s');
    assert.equal(humanDuration(5 * 60_000 + 30_000), '5m30s');
    assert.equal(humanDuration(3 * 3600_000 + 5 * 60_000), '3h5m');
    assert.equal(humanDuration(30 * 3600_000), '30h');
    assert.equal(humanDuration(3 * 24 * 3600_000), '3d');
    assert.equal(nodeRoles({ 'kubernetes.io/role': 'master', 'node-role.kubernetes.io/master': '' }), 'master');
    assert.equal(nodeRoles({}), '<none>');
  });

  it('points every cluster of a kubeconfig at the loopback server and changes nothing else', () => {
    const original = {
      apiVersion: 'v1',
      clusters: [
        { cluster: { 'certificate-authority-data': 'Q0E=', server: 'https://demo1.centralus.cloudapp.azure.com' }, name: 'demo1' },
      ],
      contexts: [{ context: { cluster: 'demo1', user: 'demo1-admin' }, name: 'demo1' }],
      'current-context': 'demo1',
      kind: 'Config',
      users: [{ name: 'demo1-admin', user: { 'client-certificate-data': 'Y2VydA==', 'client-key-data': 'a2V5' } }],
    };
    const rewritten = pointKubeconfigAt(JSON.stringify(original), 'https://127.0.0.1:6443');
    assert.equal(rewritten.clusters[0]!.cluster.server, 'https://127.0.0.1:6443');
    assert.deepEqual({ ...rewritten, clusters: original.clusters }, original);
    assert.equal(original.clusters[0]!.cluster.server, 'https://demo1.centralus.cloudapp.azure.com', 'the input is not modified');
    assert.match(formatKubeconfig(rewritten), /^\{\n {4}"apiVersion": "v1",/);
  });
});
