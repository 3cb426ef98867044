// The local stack's stand-in clusters follow the VMs of their resource group: scale up and down, upgrade
// (the orchestrator tag), scale-set instance names, and the server version of the masters.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { nodesForVirtualMachines, StandInClusters, type VirtualMachineInfo } from '../../../local/stack/stand-in-clusters';
import { requireCommand, runCommand } from '../../support/commands';
import { writeKubeconfig } from './client-certificates';
import { generateClusterOutput } from './cluster-output';

describe('stand-in clusters following the VMs of their resource group', () => {
  let workDir: string;
  let clusters: StandInClusters;
  let suffix: string;
  let kubectlPath: string;
  let outputDir: string;
  const group = 'rg-vms1';

  before(async () => {
    kubectlPath = requireCommand('kubectl', 'apt-get install -y kubernetes-client');
    workDir = mkdtempSync(path.join(os.tmpdir(), 'stand-in-vms-test-'));
    outputDir = await generateClusterOutput(workDir, { dnsPrefix: 'vms1', masters: 1, agentPools: [{ name: 'agent', count: 1 }] });
    // The deployment's parameters carry the certificates, as ARM hands them to the template.
    const parameters = JSON.parse(readFileSync(path.join(outputDir, 'azuredeploy.parameters.json'), 'utf8')).parameters;
    const template = JSON.parse(readFileSync(path.join(outputDir, 'azuredeploy.json'), 'utf8'));
    // aks-engine writes the cluster id as the template's default of nameSuffix, not in the parameters file.
    suffix = template.parameters.nameSuffix.defaultValue;
    clusters = new StandInClusters(path.join(workDir, 'clusters'), () => undefined, { nodeReadyDelayMs: 50 });
    const outputs = await clusters.onDeployment({ resourceGroup: group, deploymentName: 'vms1', parameters, template });
    assert.ok(outputs?.apiServerUrl);
  });

  after(async () => {
    await clusters?.stopAll();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const vm = (name: string, version: string, poolName: string): VirtualMachineInfo => ({
    name,
    tags: { orchestrator: `Kubernetes:${version}`, poolName, resourceNameSuffix: suffix, creationSource: `aksengine-${name}` },
  });
  const master = () => `k8s-master-${suffix}-0`;
  const agent = (index: number) => `k8s-agent-${suffix}-${index}`;
  const nodes = () => clusters.get(group)!.nodes();

  it('adds nodes for new VMs (Ready after the delay) and removes the nodes of deleted VMs', async () => {
    await clusters.onVirtualMachinesChanged(group, [
      vm(master(), '1.11.8', 'master'),
      vm(agent(0), '1.11.8', 'agent'),
      vm(agent(1), '1.11.8', 'agent'),
      vm(agent(2), '1.11.8', 'agent'),
      // Not a node of the cluster.
      { name: 'jumpbox', tags: {} },
    ]);
    assert.deepEqual(
      nodes().map((node) => [node.name, node.ready]),
      [
        [agent(0), true],
        [agent(1), false],
        [agent(2), false],
        [master(), true],
      ],
    );
    await sleep(150);
    assert.ok(nodes().every((node) => node.ready));

    await clusters.onVirtualMachinesChanged(group, [vm(master(), '1.11.8', 'master'), vm(agent(0), '1.11.8', 'agent')]);
    assert.deepEqual(
      nodes().map((node) => node.name),
      [agent(0), master()],
    );
  });

  it('reports the kubelet version of the orchestrator tag, and the masters version as the server version', async () => {
    await clusters.onVirtualMachinesChanged(group, [vm(master(), '1.12.7', 'master'), vm(agent(0), '1.11.8', 'agent')]);
    const cluster = clusters.get(group)!;
    assert.equal(cluster.serverVersion(), '1.12.7');
    await sleep(150);
    const file = (name: string) => readFileSync(path.join(outputDir, name), 'utf8');
    const kubeconfig = writeKubeconfig(path.join(workDir, 'kubeconfig.json'), cluster.apiServerUrl, file('ca.crt'), {
      certificatePem: file('kubectlClient.crt'),
      privateKeyPem: file('kubectlClient.key'),
    });
    const result = await runCommand(kubectlPath, [
      '--kubeconfig',
      kubeconfig,
      '--cache-dir',
      path.join(workDir, 'cache'),
      'get',
      'nodes',
      '--no-headers',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const versions = Object.fromEntries(
      result.stdout
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/))
        .map((cells) => [cells[0], `${cells[1]} ${cells[4]}`]),
    );
    assert.deepEqual(versions, { [agent(0)]: 'Ready v1.11.8', [master()]: 'Ready v1.12.7' });
  });

  it('names scale-set instances as Azure names their hosts, and ignores groups without a stand-in', async () => {
    await clusters.onVirtualMachinesChanged(group, [
      vm(master(), '1.12.7', 'master'),
      vm(`k8s-pool2-${suffix}-vmss_0`, '1.12.7', 'pool2'),
      vm(`k8s-pool2-${suffix}-vmss_11`, '1.12.7', 'pool2'),
    ]);
    assert.deepEqual(
      nodes().map((node) => [node.name, node.role, node.pool]),
      [
        [master(), 'master', undefined],
        [`k8s-pool2-${suffix}-vmss000000`, 'agent', 'pool2'],
        [`k8s-pool2-${suffix}-vmss00000b`, 'agent', 'pool2'],
      ],
    );
    await clusters.onVirtualMachinesChanged('rg-without-cluster', [vm(master(), '1.12.7', 'master')]);
    assert.equal(clusters.get('rg-without-cluster'), undefined);
  });

  it('computes the node set from the VM list alone', () => {
    assert.deepEqual(
      nodesForVirtualMachines(
        [
          { name: 'k8s-master-12345678-0', tags: { orchestrator: 'Kubernetes:1.11.8', poolName: 'master' } },
          { name: 'k8s-master-12345678-1', tags: { orchestrator: 'Kubernetes:1.12.7', poolName: 'master' } },
          { name: 'K8S-Agent-12345678-vmss_36', tags: { Orchestrator: 'Kubernetes:1.11.8' }, poolName: 'agent' },
          { name: 'k8s-agent-12345678-1', tags: {} },
        ],
        '1.10.13',
      ),
      {
        nodes: [
          { name: 'k8s-master-12345678-0', role: 'master', kubeletVersion: '1.11.8' },
          { name: 'k8s-master-12345678-1', role: 'master', kubeletVersion: '1.12.7' },
          { name: 'k8s-agent-12345678-vmss000010', role: 'agent', pool: 'agent', kubeletVersion: '1.11.8' },
          { name: 'k8s-agent-12345678-1', role: 'agent', pool: 'agent', kubeletVersion: '1.10.13' },
        ],
        serverVersion: '1.12.7',
      },
    );
  });
});
