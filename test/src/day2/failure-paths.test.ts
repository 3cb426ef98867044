// Day-2 operations that go wrong, through the API as a client sees them: a VM that fails in the middle of a scale
// (a coded error, aks-engine's redacted output, a retry that finishes the work without making a VM twice), the
// Functions host killed in the middle of an upgrade (the operation resumes; no node is replaced twice), and a scale
// canceled in the middle (what it leaves, and a retry that converges on the asked count).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { kubectlWith } from '../../support/kubectl';
import { call, startTestStack, waitForState, type ApiAnswer } from '../../support/stack';

const name = 'day2f';
const group = `aks-cosmos-${name}`;
const vmType = 'microsoft.compute/virtualmachines';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let workDir: string;
let kubeconfig: string;

async function api(method: string, relative: string, body?: unknown): Promise<ApiAnswer> {
  const headers: Record<string, string> = method === 'PATCH' ? { 'content-type': 'application/merge-patch+json' } : {};
  return call(method, `${stack.apiBaseUrl}${relative}`, { body, headers });
}

const cluster = async () => (await api('GET', `/clusters/${name}`)).json();

const kubectl = (...args: string[]) => kubectlWith(kubeconfig, path.join(workDir, 'cache')).kubectl(...args);
const nodes = () => kubectlWith(kubeconfig, path.join(workDir, 'cache')).nodes();

const emulatorState = () => stack.emulator.admin.state();

/** The cluster's VMs in the emulator, by name. */
const virtualMachines = () =>
  emulatorState()
    .resources.filter((resource: any) => String(resource.type).toLowerCase() === vmType && String(resource.id).includes(`/${group}/`))
    .map((resource: any) => String(resource.name))
    .sort();

const agentNames = (names: string[]) => names.filter((vm) => vm.startsWith('k8s-agent-')).sort();
const vmIndex = (vm: string) => Number(vm.split('-').at(-1));
const vmNamed = (prefix: string, index: number) => `${prefix}-${index}`;

/** The cluster group's deployments the emulator holds, oldest first. */
const deployments = () => emulatorState().deployments.filter((deployment) => deployment.resourceGroup === group);

/**
 * How many times each VM was made by the deployments not in `before`: VM steps that took effect on a VM that was
 * not there (aks-engine's scale and upgrade templates also declare the masters that exist, as updates).
 */
function vmCreations(before: Set<string>): Map<string, number> {
  const made = new Map<string, number>();
  for (const deployment of deployments().filter((candidate) => !before.has(candidate.id))) {
    for (const step of deployment.resources) {
      if (step.type.toLowerCase() !== vmType || !step.applied || step.existed) continue;
      const vm = step.id.split('/').at(-1)!;
      made.set(vm, (made.get(vm) ?? 0) + 1);
    }
  }
  return made;
}

/**
 * How many times each VM of the cluster was deleted since `since` (ms): the emulator's VM delete operations (a
 * DELETE of a VM already being deleted joins its operation, as in Azure).
 */
function vmDeletes(since: number): Map<string, number> {
  const deleted = new Map<string, number>();
  for (const operation of emulatorState().resourceOperations) {
    if (operation.kind !== 'delete' || operation.startedAt < since || !operation.targetKey.includes(`/${group}/providers/${vmType}/`))
      continue;
    const vm = operation.targetKey.split('/').at(-1)!;
    deleted.set(vm, (deleted.get(vm) ?? 0) + 1);
  }
  return deleted;
}

/** Polls until `check` returns something truthy; its last value is returned. */
async function until<T>(what: string, check: () => T | Promise<T>, timeoutMs = 60_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** VM creates and deletes take this long in the emulator while a test wants to act in their middle. */
function slowVirtualMachines(ms: number): void {
  stack.emulator.admin.setTiming({
    overrides: { resourceDurationsMs: { [vmType]: ms }, resourceDeleteDurationsMs: { [vmType]: ms } },
  });
}

before(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'day2-failures-'));
  stack = await startTestStack({
    dataDir: path.join(workDir, 'stack'),
    // aks-engine polls ARM every 100 ms rather than the SDK's 2 s, so that each step of a day-2 command is quick.
    settings: { AKS_ENGINE_ARM_POLL_INTERVAL_MS: '100' },
  });
  const created = await api('POST', '/clusters', {
    name,
    orchestratorProfile: { orchestratorVersion: '1.11.7' },
    linuxProfile: { sshPublicKey: sshRsaPublicKey() },
  });
  assert.equal(created.status, 202, created.text);
  const done = await waitForState(stack.apiBaseUrl, name, ['Succeeded', 'Failed'], 120_000);
  assert.equal(done.properties.provisioningState, 'Succeeded', JSON.stringify(done.properties.error));
  const link = await api('GET', `/clusters/${name}/kubeconfig?access=admin`);
  kubeconfig = path.join(workDir, 'kubeconfig.json');
  fs.writeFileSync(kubeconfig, Buffer.from(await (await fetch(link.json().url)).arrayBuffer()), { mode: 0o600 });
});

after(async () => {
  await stack?.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('day-2 failure paths', () => {
  test('the host killed with SIGKILL while the upgrade replaces a node: it resumes, and no node is replaced twice', async () => {
    slowVirtualMachines(700);
    const before = new Set(deployments().map((deployment) => deployment.id));
    const startedAt = Date.now();
    const original = virtualMachines();
    assert.equal(original.length, 2, `one master and one agent: ${original}`);

    const answer = await api('PATCH', `/clusters/${name}`, { orchestratorProfile: { orchestratorVersion: '1.11.8' } });
    assert.equal(answer.status, 202, answer.text);
    // The upgrade step runs and aks-engine has started to replace a node: its VM is being deleted.
    await until('the upgrade step to run', async () =>
      (await cluster()).properties.steps.some((step: any) => step.name === 'upgrade' && step.state === 'Running'),
    );
    await until('a VM of the cluster to be deleted', () =>
      emulatorState().resourceOperations.some(
        (operation) => operation.kind === 'delete' && operation.targetKey.includes(`/${group}/providers/${vmType}/`),
      ),
    );
    // What the emulator holds at the kill: the rest must be done by the resumed operation.
    const atKill = new Set(deployments().map((deployment) => deployment.id));
    await stack.killHost();
    await stack.startHost();

    const done = await waitForState(stack.apiBaseUrl, name, ['Succeeded', 'Failed'], 120_000);
    assert.equal(done.properties.provisioningState, 'Succeeded', JSON.stringify(done.properties.error));
    assert.equal(done.properties.orchestratorProfile.orchestratorVersion, '1.11.8');
    const listed = await nodes();
    assert.equal(listed.length, 2, JSON.stringify(listed));
    assert.ok(
      listed.every((node) => node.version === 'v1.11.8' && node.ready),
      JSON.stringify(listed),
    );
    assert.match(JSON.parse(await kubectl('version', '-o', 'json')).serverVersion.gitVersion, /^v1\.11\.8/);

    // Each old node went once and each new one was made once: the resumed aks-engine skipped what was done.
    const deletes = vmDeletes(startedAt);
    const creations = vmCreations(before);
    assert.deepEqual(
      [...deletes].sort(),
      original.map((vm) => [vm, 1]),
      'each old node was deleted once, and no new one',
    );
    assert.deepEqual(
      [...creations].sort(),
      virtualMachines().map((vm) => [vm, 1]),
      'each VM the cluster has now was made once, by the upgrade',
    );
    // The kill came before the upgrade was done: the restarted host's run made at least one of them.
    const afterKill = vmCreations(atKill);
    assert.ok(afterKill.size > 0, 'the resumed upgrade replaced the rest');
  });

  test('a VM failing in the middle of a scale: Failed with a coded error and a redacted log; a retry finishes it', async () => {
    slowVirtualMachines(300);
    const agentsBefore = agentNames(virtualMachines());
    assert.equal(agentsBefore.length, 1);
    const prefix = agentsBefore[0]!.replace(/-\d+$/, '');
    const highest = vmIndex(agentsBefore[0]!);
    const [first, second] = [vmNamed(prefix, highest + 1), vmNamed(prefix, highest + 2)];
    // The second new VM fails to allocate; the first one is made next to it.
    stack.emulator.admin.addDeploymentFault({ code: 'AllocationFailed', resourceGroup: group, resourceName: `^${second}$` });
    const before = new Set(deployments().map((deployment) => deployment.id));

    const answer = await api('PATCH', `/clusters/${name}`, { agentPoolProfiles: [{ name: 'agent', count: 3 }] });
    assert.equal(answer.status, 202, answer.text);
    const failed = await waitForState(stack.apiBaseUrl, name, ['Succeeded', 'Failed'], 60_000);
    assert.equal(failed.properties.provisioningState, 'Failed');
    const error = failed.properties.error;
    assert.equal(error.code, 'AksEngineScaleFailed', JSON.stringify(error));
    assert.equal(error.target, 'scale');
    assert.match(error.message, /AllocationFailed/);
    const logRoute = /GET \/api\/clusters\/[^/]+\/logs\/(aks-engine-scale-[A-Za-z0-9._-]+\.log)/.exec(error.message);
    assert.ok(logRoute, `the error names the log route: ${error.message}`);
    assert.deepEqual(
      failed.properties.steps.map((step: any) => [step.name, step.state]),
      [
        ['scale', 'Failed'],
        ['verify', 'Skipped'],
      ],
    );
    assert.equal(failed.properties.agentPoolProfiles[0].count, 1, 'the count stays until a scale succeeds');
    assert.deepEqual(agentNames(virtualMachines()), [...agentsBefore, first], 'the VM that did not fail was made');

    const link = await api('GET', `/clusters/${name}/logs/${logRoute[1]}`);
    assert.equal(link.status, 200, link.text);
    const log = await (await fetch(link.json().url)).text();
    assert.match(log, /aks-engine scale .*--client-secret \*\*\* /);
    assert.match(log, /Starting ARM Deployment/);
    assert.match(log, /AllocationFailed/);
    assert.match(log, /exit code 1/);
    const secrets = stack.emulator.admin.issuedSecrets();
    assert.ok(secrets.length > 0);
    for (const secret of secrets) assert.ok(!log.includes(secret), 'the client secret is redacted from the log');

    const retried = await api('POST', `/clusters/${name}/retry`);
    assert.equal(retried.status, 202, retried.text);
    assert.equal(retried.json().properties.provisioningState, 'Scaling');
    assert.deepEqual(retried.json().properties.pendingChange, { agentPools: [{ name: 'agent', count: 3 }] });
    const done = await waitForState(stack.apiBaseUrl, name, ['Succeeded', 'Failed'], 60_000);
    assert.equal(done.properties.provisioningState, 'Succeeded', JSON.stringify(done.properties.error));
    assert.equal(done.properties.agentPoolProfiles[0].count, 3);
    const agents = (await nodes()).filter((node) => node.name.startsWith('k8s-agent-'));
    assert.deepEqual(
      agents.map((node) => node.name),
      [...agentsBefore, first, second],
    );
    assert.ok(agents.every((node) => node.ready));
    assert.deepEqual(agentNames(virtualMachines()), [...agentsBefore, first, second], 'no extra VM');
    const creations = vmCreations(before);
    assert.deepEqual(
      agentNames([...creations.keys()]).map((vm) => [vm, creations.get(vm)]),
      [
        [first, 1],
        [second, 1],
      ],
      'each new VM was made once',
    );
  });

  test('a scale canceled in the middle: Canceled, the VMs ARM was making still come; a retry converges on the count', async () => {
    // Longer than the activity's lease renewal (2 s here), which is when a canceled activity learns it must stop.
    slowVirtualMachines(4000);
    const agentsBefore = agentNames(virtualMachines());
    assert.equal(agentsBefore.length, 3);
    const before = new Set(deployments().map((deployment) => deployment.id));
    const answer = await api('PATCH', `/clusters/${name}`, { agentPoolProfiles: [{ name: 'agent', count: 5 }] });
    assert.equal(answer.status, 202, answer.text);
    const operationId = answer.json().properties.operation.id;
    // aks-engine's scale deployment is running in Azure.
    const scaleDeployment = await until('the scale deployment to run', () =>
      deployments().find((deployment) => !before.has(deployment.id) && deployment.provisioningState === 'Running'),
    );
    const early = await api('POST', `/clusters/${name}/retry`);
    assert.equal(early.status, 409, `nothing to retry while the scale runs: ${early.text}`);
    assert.equal(early.json().error.code, 'OperationNotRetryable');

    const canceled = await api('POST', `/clusters/${name}/cancel`);
    assert.equal(canceled.status, 200, canceled.text);
    assert.equal(canceled.json().properties.provisioningState, 'Canceled');
    assert.equal(canceled.json().properties.error.code, 'OperationCanceled');
    const view = await cluster();
    assert.equal(view.properties.provisioningState, 'Canceled');
    assert.equal(view.properties.operation.status, 'Canceled');
    assert.deepEqual(
      view.properties.steps.map((step: any) => [step.name, step.state]),
      [
        ['scale', 'Canceled'],
        ['verify', 'Skipped'],
      ],
    );
    assert.equal(view.properties.agentPoolProfiles[0].count, 3, 'the spec keeps the count it had');
    assert.equal(view.properties.pendingChange, null);
    // aks-engine was stopped while it waited for its deployment: its log ends without the deployment's end.
    const log = await until('the canceled run to be logged', async () => {
      const link = await api('GET', `/clusters/${name}/logs/aks-engine-scale-${operationId}.log`);
      const text = link.status === 200 ? await (await fetch(link.json().url)).text() : '';
      return /\nexit code -?\d+\n/.test(text) ? text : undefined;
    });
    assert.match(log, /Starting ARM Deployment/);
    assert.doesNotMatch(log, /Finished ARM Deployment/);
    assert.match(log, /exit code -1/, 'killed, not finished');

    // What it leaves: ARM runs the deployment aks-engine submitted to its end, so the two VMs it was making come,
    // and join the cluster, while the API keeps the count it had (Canceled) until the scale is retried.
    const ended = await until('the scale deployment to end', () =>
      deployments().find((deployment) => deployment.id === scaleDeployment.id && deployment.provisioningState !== 'Running'),
    );
    assert.equal(ended.provisioningState, 'Succeeded');
    assert.equal(agentNames(virtualMachines()).length, 5);
    assert.equal((await cluster()).properties.agentPoolProfiles[0].count, 3);

    const retried = await api('POST', `/clusters/${name}/retry`);
    assert.equal(retried.status, 202, retried.text);
    assert.equal(retried.json().properties.provisioningState, 'Scaling');
    assert.deepEqual(retried.json().properties.pendingChange, { agentPools: [{ name: 'agent', count: 5 }] });
    const again = await api('POST', `/clusters/${name}/retry`);
    assert.equal(again.status, 202, again.text);
    assert.equal(again.json().properties.operation.id, retried.json().properties.operation.id, 'a repeated retry is the same operation');
    const done = await waitForState(stack.apiBaseUrl, name, ['Succeeded', 'Failed', 'Canceled'], 60_000);
    assert.equal(done.properties.provisioningState, 'Succeeded', JSON.stringify(done.properties.error));
    assert.equal(done.properties.agentPoolProfiles[0].count, 5);
    const agents = (await nodes()).filter((node) => node.name.startsWith('k8s-agent-'));
    assert.equal(agents.length, 5, JSON.stringify(agents));
    assert.ok(agents.every((node) => node.ready));
    assert.deepEqual(
      agents.map((node) => node.name),
      agentNames(virtualMachines()),
    );
    const creations = vmCreations(before);
    assert.deepEqual(
      agentNames([...creations.keys()]).map((vm) => [vm, creations.get(vm)]),
      agentNames(virtualMachines())
        .filter((vm) => !agentsBefore.includes(vm))
        .map((vm) => [vm, 1]),
      'the two new VMs were made once, by the canceled run',
    );
    const retryLink = await api('GET', `/clusters/${name}/logs/aks-engine-scale-${retried.json().properties.operation.id}.log`);
    assert.match(await (await fetch(retryLink.json().url)).text(), /Cluster is currently at the desired agent count/);
  });
});
