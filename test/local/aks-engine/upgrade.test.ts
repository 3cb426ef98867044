// `aks-engine upgrade` against the Azure emulator with a stand-in cluster that follows the VMs: a version
// get-versions does not list is refused before anything changes; an upgrade of a 1-master 2-agent cluster in
// v0.32.3's order (master replaced, one extra agent, each old agent drained, deleted and replaced but the last)
// that fails half-way and is run again, with every node on the new version in the end and none replaced twice.
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fatalMessage } from '../../support/aks-engine';
import { eventually } from '../../support/process';
import { authFlags, entryMessages, startDayTwoEnv, type DayTwoEnv, type DeployedCluster } from './day-two-env';

describe('aks-engine upgrade against the Azure emulator and a stand-in cluster', () => {
  let env: DayTwoEnv;
  let cluster: DeployedCluster;
  let workDir: string;
  const upgrade = (version: string, ...extra: string[]) =>
    env.aks([
      'upgrade',
      ...['--resource-group', cluster.resourceGroup, '--location', 'centralus', '--deployment-dir', cluster.deploymentDir],
      ...['--upgrade-version', version, ...extra, ...authFlags],
    ]);
  const master = () => `k8s-master-${cluster.nameSuffix}-0`;
  const agent = (index: number) => `k8s-agentpool1-${cluster.nameSuffix}-${index}`;
  const versions = () => cluster.nodes().map((node) => [node.name, node.kubeletVersion, node.ready]);

  before(async () => {
    env = await startDayTwoEnv();
    cluster = await env.deployCluster('upgrade1', 2);
    workDir = env.workDir;
  });
  after(() => env?.close());

  it('validates its flags: usage, then one FATA line, exit code 1', async () => {
    const none = await env.aks(['upgrade']);
    assert.equal(none.code, 1);
    assert.deepEqual(none.lines, ['FATA[0000] Error validating upgrade command: --resource-group must be specified']);
    assert.ok(none.stderr.startsWith('Usage:\n  aks-engine upgrade [flags]\n'));
    assert.ok(!none.stderr.includes('Error:'), 'upgrade ends with log.Fatalf, not through cobra');
    const noVersion = await env.aks(['upgrade', '-g', 'upgrade1', '-l', 'centralus']);
    assert.equal(fatalMessage(noVersion), 'Error validating upgrade command: --upgrade-version must be specified');
    const badTimeout = await env.aks(['upgrade', '--vm-timeout', '5m']);
    assert.equal(fatalMessage(badTimeout), 'invalid argument "5m" for "--vm-timeout" flag: strconv.ParseInt: parsing "5m": invalid syntax');
  });

  it('refuses a version get-versions does not list as an upgrade, before changing anything', async () => {
    const deployments = cluster.deployments().length;
    const run = await upgrade('1.13.4');
    assert.equal(run.code, 1);
    assert.equal(
      fatalMessage(run),
      'Error loading existing cluster: error validating the api model: Invalid upgrade target version. Consider using --force if you ' +
        'really want to proceed: upgrading from Kubernetes version 1.11.8 to version 1.13.4 is not supported. To see a list of ' +
        "available upgrades, use 'aks-engine get-versions --version 1.11.8'",
    );
    assert.equal(cluster.deployments().length, deployments);
    assert.equal(cluster.vmDeletions().size, 0);
    assert.equal(cluster.apiModel().properties.orchestratorProfile.orchestratorVersion, '1.11.8');
  });

  it('upgrades masters then agents; a failure half-way and a re-run leave every node on 1.12.6, none replaced twice', async () => {
    const before = path.join(workDir, 'apimodel-1.11.8.json');
    copyFileSync(path.join(workDir, cluster.deploymentDir, 'apimodel.json'), before);
    // The re-creation of agent 0 fails: the master and the extra agent are done, agent 0 is deleted, agent 1 is old.
    env.emulator.admin.addDeploymentFault({ resourceGroup: 'upgrade1', code: 'AllocationFailed', resourceName: `agentpool1-\\d+-0$` });
    const failed = await upgrade('1.12.6');
    assert.equal(failed.code, 1, failed.stdout + failed.stderr);
    assert.match(
      fatalMessage(failed)!,
      /^Error upgrading cluster: DeploymentName\[agent-\d{2}-\d{2}-\d{2}T[\d.]+-\d+\] ResourceGroup\[upgrade1\] TopError\[Code="DeploymentFailed".*AllocationFailed.*\] StatusCode\[0\] Response\[\] ProvisioningState\[\] Operations\[\]$/,
    );
    let messages = entryMessages(failed);
    for (const expected of [
      `info: Master VM name: ${master()}, orchestrator: 1.11.8 (MasterVMs)`,
      'info: Upgrading to Kubernetes version 1.12.6',
      `info: Upgrading Master VM: ${master()}`,
      `info: Master VM: ${master()} is ready`,
      'info: Starting upgrade of 2 agent nodes (out of 2) in pool identifier: agentpool1, name: agentpool1...',
      `info: Creating new agent node ${agent(2)} (index 2)`,
      `info: Agent VM: ${agent(2)} is ready`,
      `info: Upgrading Agent VM: ${agent(0)}, pool name: agentpool1`,
      `info: Node ${agent(0)} has been marked unschedulable.`,
      `info: deleting VM: upgrade1/${agent(0)}`,
      'error: Got error from Azure SDK without response from ARM',
    ])
      assert.ok(messages.includes(expected), `${expected}\n${messages.join('\n')}`);
    assert.ok(
      messages.indexOf(`info: Master VM: ${master()} is ready`) < messages.indexOf(`info: Creating new agent node ${agent(2)} (index 2)`),
    );
    assert.equal(cluster.apiModel().properties.orchestratorProfile.orchestratorVersion, '1.11.8', 'written only at the end');
    assert.deepEqual([...cluster.vms().keys()].sort(), [agent(1), agent(2), master()]);

    const rerun = await upgrade('1.12.6');
    assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr);
    messages = entryMessages(rerun);
    for (const expected of [
      `info: Master VM name: ${master()}, orchestrator: 1.12.6 (UpgradedMasterVMs)`,
      `info: Master VM: ${master()} is upgraded to expected orchestrator version`,
      `info: Agent VM: ${agent(2)}, pool name: agentpool1 on expected orchestrator version`,
      'info: Starting upgrade of 1 agent nodes (out of 2) in pool identifier: agentpool1, name: agentpool1...',
      `info: Creating new agent node ${agent(0)} (index 0)`,
      `info: Upgrading Agent VM: ${agent(1)}, pool name: agentpool1`,
      `info: Skipping creation of VM ${agent(1)} (index 1)`,
      'info: Cluster upgraded successfully to Kubernetes version 1.12.6',
    ])
      assert.ok(messages.includes(expected), `${expected}\n${messages.join('\n')}`);
    assert.ok(!messages.includes(`info: Upgrading Master VM: ${master()}`));

    assert.deepEqual(
      Object.fromEntries(cluster.vmDeletions()),
      { [master()]: 1, [agent(0)]: 1, [agent(1)]: 1 },
      'each old VM replaced once',
    );
    const vms = cluster.vms();
    assert.deepEqual([...vms.keys()].sort(), [agent(0), agent(2), master()]);
    for (const vm of vms.values()) assert.equal(vm.tags.orchestrator, 'Kubernetes:1.12.6');
    await eventually(async () => (cluster.nodes().every((node) => node.ready) ? true : undefined), 5_000, 20);
    assert.deepEqual(versions(), [
      [agent(0), '1.12.6', true],
      [agent(2), '1.12.6', true],
      [master(), '1.12.6', true],
    ]);
    assert.equal(cluster.serverVersion(), '1.12.6');
    assert.equal(cluster.apiModel().properties.orchestratorProfile.orchestratorVersion, '1.12.6');

    // Stopped after the last node but before apimodel.json was written: a run with the old apimodel replaces nothing.
    copyFileSync(before, path.join(workDir, cluster.deploymentDir, 'apimodel.json'));
    const deployments = cluster.deployments().length;
    const again = await upgrade('1.12.6');
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.ok(entryMessages(again).includes('info: No nodes to upgrade'));
    assert.equal(cluster.deployments().length, deployments, 'no VM deployed');
    assert.deepEqual(Object.fromEntries(cluster.vmDeletions()), { [master()]: 1, [agent(0)]: 1, [agent(1)]: 1 });
    assert.equal(cluster.apiModel().properties.orchestratorProfile.orchestratorVersion, '1.12.6');
  });

  it('scales and upgrades a scale set pool: one instance added, each old one drained and deleted', async () => {
    const vmss = await env.deployCluster('upgrade2', 1, 'VirtualMachineScaleSets');
    const run = (args: string[]) =>
      env.aks([...args, '-g', 'upgrade2', '-l', 'centralus', '--deployment-dir', vmss.deploymentDir, ...authFlags]);
    const scaled = await run(['scale', '--new-node-count', '2']);
    assert.equal(scaled.code, 0, scaled.stdout + scaled.stderr);
    const set = `k8s-agentpool1-${vmss.nameSuffix}-vmss`;
    await eventually(async () => (vmss.nodes().length === 3 && vmss.nodes().every((node) => node.ready) ? true : undefined), 5_000, 20);
    const upgraded = await run(['upgrade', '--upgrade-version', '1.12.6']);
    assert.equal(upgraded.code, 0, upgraded.stdout + upgraded.stderr);
    const messages = entryMessages(upgraded);
    for (const expected of [
      `info: VMSS ${set} current capacity is 2 and new capacity will be 3 while each node is swapped`,
      `info: Draining node ${set}000000`,
      `info: Successfully deleted VM ${set}000000 in VMSS ${set}`,
      `info: Successfully deleted VM ${set}000001 in VMSS ${set}`,
      'info: Completed upgrading all VMSS',
    ])
      assert.ok(messages.includes(expected), `${expected}\n${messages.join('\n')}`);
    assert.ok(upgraded.lines.some((line) => /Starting ARM Deployment \(agentscaleset-/.test(line)));
    await eventually(async () => (vmss.nodes().every((node) => node.ready) ? true : undefined), 5_000, 20);
    assert.deepEqual(
      vmss.nodes().map((node) => [node.name, node.kubeletVersion]),
      [
        [`${set}000002`, '1.12.6'],
        [`${set}000003`, '1.12.6'],
        [`k8s-master-${vmss.nameSuffix}-0`, '1.12.6'],
      ],
    );
  });

  it('refuses the version it is already at once apimodel.json says so, as v0.32.3 does (unless --force)', async () => {
    const run = await upgrade('1.12.6');
    assert.equal(run.code, 1);
    assert.match(fatalMessage(run)!, /upgrading from Kubernetes version 1\.12\.6 to version 1\.12\.6 is not supported/);
  });
});
