// `aks-engine scale` against the Azure emulator with a stand-in cluster that follows the VMs: 1 → 3 (new VMs with
// aks-engine's tags, three agent nodes Ready), a re-run that has nothing to do, 3 → 2 (the highest node cordoned
// and drained through the API server, its VM, NIC and disk deleted, the node gone), and a VM failing in the middle
// of a scale (FATA, exit 1) followed by a re-run that creates only what is missing. apimodel.json follows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fatalMessage } from '../../support/aks-engine';
import { eventually } from '../../support/process';
import { authFlags, entryMessages, startDayTwoEnv, type DayTwoEnv, type DeployedCluster } from './day-two-env';

describe('aks-engine scale against the Azure emulator and a stand-in cluster', () => {
  let env: DayTwoEnv;
  let cluster: DeployedCluster;
  const scale = (count: number, ...extra: string[]) =>
    env.aks([
      'scale',
      ...['--resource-group', cluster.resourceGroup, '--location', 'centralus', '--deployment-dir', cluster.deploymentDir],
      ...['--node-pool', 'agentpool1', '--new-node-count', String(count), ...extra, ...authFlags],
    ]);
  const agentVm = (index: number) => `k8s-agentpool1-${cluster.nameSuffix}-${index}`;
  const agentNodes = () =>
    cluster
      .nodes()
      .filter((node) => node.role !== 'master')
      .map((node) => node.name)
      .sort();
  const poolCount = () => cluster.apiModel().properties.agentPoolProfiles[0].count as number;

  before(async () => {
    env = await startDayTwoEnv();
    cluster = await env.deployCluster('scale1', 1);
  });
  after(() => env?.close());

  it('validates its flags in v0.32.3 order, printing the usage, FATA and exit code 1', async () => {
    const none = await env.aks(['scale']);
    assert.equal(none.code, 1);
    assert.deepEqual(none.lines, [
      'INFO[0000] validating...',
      'FATA[0000] failed to validate scale command: --resource-group must be specified',
    ]);
    assert.ok(none.stderr.startsWith('Usage:\n  aks-engine scale [flags]\n'), 'cmd.Usage() first');
    assert.ok(none.stderr.includes('\nError: failed to validate scale command: --resource-group must be specified\nUsage:\n'));
    const noCount = await env.aks(['scale', '-g', 'scale1', '-l', 'centralus']);
    assert.equal(fatalMessage(noCount), 'failed to validate scale command: --new-node-count must be specified');
    const badCount = await env.aks(['scale', '-c', 'three']);
    assert.equal(
      fatalMessage(badCount),
      'invalid argument "three" for "-c, --new-node-count" flag: strconv.ParseInt: parsing "three": invalid syntax',
    );
    const noSecret = await env.aks(['scale', '-g', 'scale1', '-l', 'centralus', '-c', '2', '--deployment-dir', cluster.deploymentDir]);
    assert.equal(
      fatalMessage(noSecret),
      'failed to load existing container service: --client-id and --client-secret must be specified when --auth-method="client_secret"',
    );
    const badPool = await scale(2, '--node-pool', 'nosuchpool');
    assert.equal(
      fatalMessage(badPool),
      'failed to load existing container service: node pool nosuchpool was not found in the deployed api model',
    );
    const badLocation = await env.aks([
      'scale',
      '-g',
      'scale1',
      '-l',
      'westus2',
      '-c',
      '2',
      '--deployment-dir',
      cluster.deploymentDir,
      ...authFlags,
    ]);
    // EnsureResourceGroup comes first: ARM refuses to move the group.
    assert.equal(
      fatalMessage(badLocation),
      'failed to load existing container service: resources.GroupsClient#CreateOrUpdate: Failure responding to request: StatusCode=409 ' +
        '-- Original Error: autorest/azure: Service returned an error. Status=409 Code="InvalidResourceGroupLocation" ' +
        `Message="Invalid resource group location 'westus2'. The Resource group already exists in location 'centralus'."`,
    );
    assert.equal(cluster.vms().size, 2, 'nothing was changed');
  });

  it('scales 1 → 3: two VMs with aks-engine tags next to the first, three agent nodes Ready, apimodel count 3', async () => {
    const firstVmId = cluster.vms().get(agentVm(0))!.vmId;
    const run = await scale(3);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.lines[0], 'INFO[0000] validating...');
    assert.equal(run.lines[1], `INFO[0000] Name suffix: ${cluster.nameSuffix}`);
    assert.match(run.lines[2]!, /^INFO\[0000\] Starting ARM Deployment \(scale1-\d+\)\. This will take some time\.\.\.$/);
    assert.match(run.lines[3]!, /^INFO\[0000\] Finished ARM Deployment \(scale1-\d+\)\. Succeeded$/);
    assert.match(
      run.stderr,
      /^time="[^"]+" level=info msg="Found no resources with type Microsoft\.Network\/routeTables in the template\." source="scaling command line"\n$/,
    );

    const vms = cluster.vms();
    assert.deepEqual([...vms.keys()].filter((name) => name.includes('agentpool1')).sort(), [agentVm(0), agentVm(1), agentVm(2)]);
    assert.equal(vms.get(agentVm(0))!.vmId, firstVmId, 'the existing VM is left as it was');
    for (const index of [1, 2]) {
      assert.deepEqual(vms.get(agentVm(index))!.tags, {
        creationSource: `aksengine-${agentVm(index)}`,
        resourceNameSuffix: cluster.nameSuffix,
        orchestrator: 'Kubernetes:1.11.8',
        aksEngineVersion: 'v0.32.3',
        poolName: 'agentpool1',
      });
    }
    const deployment = await cluster.lastDeployment();
    assert.equal(deployment.parameters.agentpool1Count!.value, 3);
    assert.equal(deployment.parameters.agentpool1Offset!.value, 1, 'new VMs start after the highest index in use');
    await eventually(async () => (agentNodes().length === 3 && cluster.nodes().every((node) => node.ready) ? true : undefined), 5_000, 20);
    assert.deepEqual(agentNodes(), [agentVm(0), agentVm(1), agentVm(2)]);
    assert.equal(poolCount(), 3);
  });

  it('does nothing when run again at the count it reached', async () => {
    const deployments = cluster.deployments().length;
    const run = await scale(3);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.lines.at(-1), 'INFO[0000] Cluster is currently at the desired agent count.');
    assert.equal(cluster.deployments().length, deployments, 'no deployment');
  });

  it('refuses to scale down without --master-FQDN', async () => {
    const run = await scale(2);
    assert.equal(run.code, 1);
    assert.equal(fatalMessage(run), "master-FQDN is required to scale down a kubernetes cluster's agent pool");
    assert.ok(run.stderr.startsWith('Usage:\n'), 'cmd.Usage() first');
    assert.equal(cluster.vms().size, 4);
  });

  it('scales 3 → 2: drains the highest node through the API server, deletes its VM, NIC and disk', async () => {
    const doomed = agentVm(2);
    const pod = await cluster.kube('POST', '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-on-2' },
      spec: { nodeName: doomed, containers: [{ name: 'web', image: 'nginx' }] },
    });
    assert.equal(pod.status, 201, JSON.stringify(pod.body));
    const disk = cluster.names('disks').find((name) => name.startsWith(`${doomed}_OsDisk_1_`))!;

    const run = await scale(2, '--master-FQDN', cluster.masterFqdn);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const messages = entryMessages(run);
    for (const expected of [
      `info: Node ${doomed} has been marked unschedulable.`,
      'info: 1 pods need to be removed/deleted',
      'info: web-on-2 pod successfully evicted',
      `info: fetching VM: scale1/${doomed}`,
      `info: found nic name for VM (scale1/${doomed}): k8s-agentpool1-${cluster.nameSuffix}-nic-2`,
      `info: deleting VM: scale1/${doomed}`,
      `info: deleting nic: scale1/k8s-agentpool1-${cluster.nameSuffix}-nic-2`,
      `info: deleting managed disk: scale1/${disk}`,
    ])
      assert.ok(messages.includes(expected), `${expected}\n${messages.join('\n')}`);
    assert.ok(run.stderr.split('\n')[0]!.endsWith(' source="scaling command line"'));

    assert.equal((await cluster.kube('GET', '/api/v1/namespaces/default/pods/web-on-2')).status, 404, 'the pod was evicted');
    assert.ok(!cluster.vms().has(doomed));
    assert.ok(!cluster.names('networkInterfaces').includes(`k8s-agentpool1-${cluster.nameSuffix}-nic-2`));
    assert.ok(!cluster.names('disks').includes(disk));
    assert.deepEqual(agentNodes(), [agentVm(0), agentVm(1)], 'the node left with its VM');
    assert.equal(poolCount(), 2);
  });

  it('fails with FATA when a VM fails in the middle of a scale; a re-run creates only the missing VM', async () => {
    env.emulator.admin.addDeploymentFault({ resourceGroup: 'scale1', code: 'AllocationFailed', resourceName: `agentpool1-\\d+-3$` });
    const failed = await scale(4);
    assert.equal(failed.code, 1, failed.stdout);
    const message = fatalMessage(failed)!;
    assert.match(message, /^Code="DeploymentFailed" Message="At least one resource deployment operation failed.*AllocationFailed/);
    assert.ok(failed.stderr.includes(`Error: ${message}\nUsage:\n  aks-engine scale [flags]`), 'cobra prints the error and the usage');
    assert.ok(
      failed.lines.some((line) => line.startsWith('INFO[0000] Finished ARM Deployment (scale1-') && line.endsWith(`Error: ${message}`)),
    );
    const afterFailure = cluster.vms();
    assert.ok(afterFailure.has(agentVm(2)), 'the VM before the failing one was made');
    assert.ok(!afterFailure.has(agentVm(3)));
    assert.equal(poolCount(), 2, 'apimodel.json is written only when the scale succeeds');

    const rerun = await scale(4);
    assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr);
    const deployment = await cluster.lastDeployment();
    assert.equal(deployment.parameters.agentpool1Offset!.value, 3, 'only the missing VM is in the template');
    assert.equal(deployment.parameters.agentpool1Count!.value, 4);
    const vms = cluster.vms();
    assert.equal(vms.get(agentVm(2))!.vmId, afterFailure.get(agentVm(2))!.vmId, 'the VM made by the failed run was not made again');
    assert.deepEqual([...vms.keys()].filter((name) => name.includes('agentpool1')).sort(), [0, 1, 2, 3].map(agentVm));
    await eventually(async () => (agentNodes().length === 4 && cluster.nodes().every((node) => node.ready) ? true : undefined), 5_000, 20);
    assert.equal(poolCount(), 4);
  });
});
