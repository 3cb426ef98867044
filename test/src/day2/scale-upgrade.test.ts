// Day-2 operations through the API, as a client would: create with a chosen version, scale the agent pool up and
// down (nodes in kubectl, VMs in the emulator), upgrade to a version the upgrades route lists (every node reports
// it), and the refusals around them: an unlisted version, an immutable field, a second patch while one runs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { kubectlWith } from '../../support/kubectl';
import { assertMatchesContract } from '../../support/contract';
import { call, startTestStack, waitForState, type ApiAnswer } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let workDir: string;
let kubeconfig: string;
const answers: ApiAnswer[] = [];

async function api(method: string, relative: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> {
  const contentType: Record<string, string> = method === 'PATCH' ? { 'content-type': 'application/merge-patch+json' } : {};
  const answer = await call(method, `${stack.apiBaseUrl}${relative}`, { body, headers: { ...contentType, ...headers } });
  answers.push(answer);
  return answer;
}

const kubectl = (...args: string[]) => kubectlWith(kubeconfig, path.join(workDir, 'cache')).kubectl(...args);
const nodes = () => kubectlWith(kubeconfig, path.join(workDir, 'cache')).nodes();

const virtualMachines = () =>
  stack.emulator.admin
    .state()
    .resources.filter((resource: any) => String(resource.type).toLowerCase() === 'microsoft.compute/virtualmachines')
    .map((resource: any) => String(resource.name));

before(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'day2-'));
  stack = await startTestStack({ dataDir: path.join(workDir, 'stack') });
  const created = await api('POST', '/clusters', {
    name: 'day2',
    orchestratorProfile: { orchestratorVersion: '1.11.7' },
    linuxProfile: { sshPublicKey: sshRsaPublicKey() },
  });
  assert.equal(created.status, 202, created.text);
  const done = await waitForState(stack.apiBaseUrl, 'day2', ['Succeeded', 'Failed'], 120_000);
  assert.equal(done.properties.provisioningState, 'Succeeded', JSON.stringify(done.properties.error));
  const link = await api('GET', '/clusters/day2/kubeconfig?access=admin');
  kubeconfig = path.join(workDir, 'kubeconfig.json');
  fs.writeFileSync(kubeconfig, Buffer.from(await (await fetch(link.json().url)).arrayBuffer()), { mode: 0o600 });
});

after(async () => {
  await stack?.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('day-2 operations', () => {
  test('the chosen version is deployed, and the upgrades route lists what aks-engine allows from it', async () => {
    const cluster = (await api('GET', '/clusters/day2')).json();
    assert.equal(cluster.properties.orchestratorProfile.orchestratorVersion, '1.11.7');
    assert.ok((await nodes()).every((node) => node.version === 'v1.11.7'));
    const upgrades = await api('GET', '/clusters/day2/upgrades');
    assert.equal(upgrades.status, 200, upgrades.text);
    assertMatchesContract('/clusters/{name}/upgrades', 'get', 200, upgrades.json());
    assert.deepEqual(upgrades.json(), {
      name: 'day2',
      currentVersion: '1.11.7',
      upgrades: ['1.11.8', '1.12.5', '1.12.6'].map((orchestratorVersion) => ({ orchestratorVersion })),
    });
    const unsupported = await api('POST', '/clusters', {
      name: 'badver',
      orchestratorProfile: { orchestratorVersion: '1.15.0' },
      linuxProfile: { sshPublicKey: sshRsaPublicKey() },
    });
    assert.equal(unsupported.status, 400);
    assert.equal(unsupported.json().error.code, 'UnsupportedKubernetesVersion');
  });

  test('refusals: immutable fields, unknown pools, two changes at once, an unlisted version; nothing starts', async () => {
    const cases: Array<[unknown, string, string]> = [
      [{ location: 'eastus' }, 'ImmutableField', 'location'],
      [{ masterProfile: { count: 3 } }, 'ImmutableField', 'masterProfile'],
      [{ agentPoolProfiles: [{ name: 'agent', vmSize: 'Standard_D4_v3' }] }, 'ImmutableField', 'agentPoolProfiles[0].vmSize'],
      [{ agentPoolProfiles: [{ name: 'nosuch', count: 2 }] }, 'AgentPoolNotFound', 'agentPoolProfiles[0].name'],
      [
        { agentPoolProfiles: [{ name: 'agent', count: 2 }], orchestratorProfile: { orchestratorVersion: '1.12.6' } },
        'OneChangeAtATime',
        'orchestratorProfile.orchestratorVersion',
      ],
      [{ orchestratorProfile: { orchestratorVersion: '1.13.4' } }, 'UpgradeNotAvailable', 'orchestratorProfile.orchestratorVersion'],
      [{ agentPoolProfiles: [{ name: 'agent', count: 0 }] }, 'InvalidAgentCount', 'agentPoolProfiles[0].count'],
      [{ linuxProfile: { adminUsername: 'someone' } }, 'ImmutableField', 'linuxProfile'],
      [{}, 'InvalidCount', ''],
    ];
    for (const [patch, code, target] of cases) {
      const answer = await api('PATCH', '/clusters/day2', patch);
      assert.equal(answer.status, 400, `${JSON.stringify(patch)}: ${answer.text}`);
      const found = [answer.json().error, ...(answer.json().error.details ?? [])];
      assert.ok(
        found.some((error: any) => error.code === code && (target === '' || error.target === target)),
        `${JSON.stringify(patch)} should be ${code} at ${target}: ${answer.text}`,
      );
    }
    assert.equal(
      (await api('PATCH', '/clusters/day2', { agentPoolProfiles: [{ name: 'agent', count: 2 }] }, { 'content-type': 'text/plain' })).status,
      415,
    );
    const operations = (await api('GET', '/clusters/day2/operations')).json().value;
    assert.deepEqual(
      operations.map((operation: any) => operation.kind),
      ['create'],
      'no operation was started',
    );
  });

  test('scale 1 -> 3: one operation for the same patch twice, a second patch refused while it runs, three agents Ready', async () => {
    const patch = { agentPoolProfiles: [{ name: 'agent', count: 3 }] };
    const first = await api('PATCH', '/clusters/day2', patch);
    assert.equal(first.status, 202, first.text);
    assertMatchesContract('/clusters/{name}', 'patch', 202, first.json());
    assert.equal(first.headers.get('location'), `${stack.apiBaseUrl}/clusters/day2`);
    assert.ok(Number(first.headers.get('retry-after')) > 0);
    assert.equal(first.json().properties.provisioningState, 'Scaling');
    assert.deepEqual(first.json().properties.pendingChange, { agentPools: [{ name: 'agent', count: 3 }] });
    assert.equal(first.json().properties.agentPoolProfiles[0].count, 1, 'the current count until it succeeds');
    const again = await api('PATCH', '/clusters/day2', patch);
    assert.equal(again.status, 202);
    assert.equal(again.json().properties.operation.id, first.json().properties.operation.id, 'the same patch is the same operation');
    const other = await api('PATCH', '/clusters/day2', { agentPoolProfiles: [{ name: 'agent', count: 4 }] });
    assert.equal(other.status, 409, other.text);
    assert.equal(other.json().error.code, 'OperationInProgress');
    const done = await waitForState(stack.apiBaseUrl, 'day2', ['Succeeded', 'Failed'], 120_000);
    assert.equal(done.properties.provisioningState, 'Succeeded', JSON.stringify(done.properties.error));
    assert.equal(done.properties.agentPoolProfiles[0].count, 3);
    assert.equal(done.properties.pendingChange, null);
    assert.deepEqual(
      done.properties.steps.map((step: any) => [step.name, step.state]),
      [
        ['scale', 'Succeeded'],
        ['verify', 'Succeeded'],
      ],
    );
    const listed = await nodes();
    assert.equal(listed.filter((node) => node.name.startsWith('k8s-agent')).length, 3);
    assert.ok(listed.every((node) => node.ready));
    assert.equal(virtualMachines().filter((name) => name.startsWith('k8s-agent')).length, 3);
    const repeated = await api('PATCH', '/clusters/day2', patch);
    assert.equal(repeated.status, 200, 'the cluster already is as asked: nothing to do');
    const logs = (await api('GET', '/clusters/day2/logs')).json().value.map((file: any) => file.name);
    assert.ok(
      logs.some((name: string) => /^aks-engine-scale-/.test(name)),
      `aks-engine's output is in the logs: ${logs}`,
    );
  });

  test('scale 3 -> 2: the highest-numbered agent is drained and gone from the cluster and from Azure', async () => {
    const before = (await nodes())
      .filter((node) => node.name.startsWith('k8s-agent'))
      .map((node) => node.name)
      .sort();
    const answer = await api('PATCH', '/clusters/day2', { agentPoolProfiles: [{ name: 'agent', count: 2 }] });
    assert.equal(answer.status, 202, answer.text);
    const done = await waitForState(stack.apiBaseUrl, 'day2', ['Succeeded', 'Failed'], 120_000);
    assert.equal(done.properties.provisioningState, 'Succeeded', JSON.stringify(done.properties.error));
    const after = (await nodes())
      .filter((node) => node.name.startsWith('k8s-agent'))
      .map((node) => node.name)
      .sort();
    assert.deepEqual(after, before.slice(0, 2));
    assert.deepEqual(
      virtualMachines()
        .filter((name) => name.startsWith('k8s-agent'))
        .sort(),
      after,
    );
  });

  test('upgrade to a listed version: every node reports it, and kubectl version shows the new server', async () => {
    const answer = await api('PATCH', '/clusters/day2', { orchestratorProfile: { orchestratorVersion: '1.12.6' } });
    assert.equal(answer.status, 202, answer.text);
    assert.equal(answer.json().properties.provisioningState, 'Upgrading');
    const done = await waitForState(stack.apiBaseUrl, 'day2', ['Succeeded', 'Failed'], 180_000);
    assert.equal(done.properties.provisioningState, 'Succeeded', JSON.stringify(done.properties.error));
    assert.equal(done.properties.orchestratorProfile.orchestratorVersion, '1.12.6');
    const listed = await nodes();
    assert.equal(listed.length, 3);
    assert.ok(
      listed.every((node) => node.version === 'v1.12.6' && node.ready),
      JSON.stringify(listed),
    );
    assert.match(JSON.parse(await kubectl('version', '-o', 'json')).serverVersion.gitVersion, /^v1\.12\.6/);
    const operations = (await api('GET', '/clusters/day2/operations')).json().value;
    assert.deepEqual(
      operations.map((operation: any) => [operation.kind, operation.status]),
      [
        ['upgrade', 'Succeeded'],
        ['scale', 'Succeeded'],
        ['scale', 'Succeeded'],
        ['create', 'Succeeded'],
      ],
    );
  });

  test("the service principal's password is in no answer, log or orchestration state", async () => {
    const { BlobServiceClient } = await import('@azure/storage-blob');
    const container = BlobServiceClient.fromConnectionString(stack.settings.ARTIFACTS_STORAGE_CONNECTION_STRING!).getContainerClient(
      'cluster-artifacts',
    );
    const secret = JSON.parse((await container.getBlobClient('day2/g1/secrets/service-principal.json').downloadToBuffer()).toString('utf8'))
      .secret as string;
    assert.ok(secret.length > 20);
    const logs = [];
    for await (const blob of container.listBlobsFlat({ prefix: 'day2/g1/logs/' }))
      logs.push((await container.getBlobClient(blob.name).downloadToBuffer()).toString('utf8'));
    assert.ok(
      logs.some((log) => log.includes('--client-secret ***')),
      'the stored command line is redacted',
    );
    const durable = readTree(path.join(workDir, 'stack', 'durable'));
    for (const [where, text] of [
      ['answers', answers.map((answer) => answer.text).join('\n')],
      ['logs', logs.join('\n')],
      ['host output', stack.hostOutput() + stack.lines.join('\n')],
      ['orchestration state', durable],
    ]) {
      assert.ok(!text.includes(secret), `the password appears in the ${where}`);
    }
  });
});

function readTree(folder: string): string {
  if (!fs.existsSync(folder)) return '';
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}
