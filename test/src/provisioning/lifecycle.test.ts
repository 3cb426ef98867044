// The whole life of a cluster through the running local stack, as a client sees it: create, watch, fetch the
// kubeconfig and use it with kubectl, fetch the etcd client files and use them with etcdctl, delete. Then the
// emulator's state proves that everything created was created once and is gone, and a scan proves that no
// secret reached the orchestration history, the logs or an API answer.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BlobServiceClient } from '@azure/storage-blob';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { runCommand } from '../../support/commands';
import { assertMatchesContract } from '../../support/contract';
import { call, startTestStack, waitForState, type ApiAnswer } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let workDir: string;
const answers: ApiAnswer[] = [];
const sshPublicKey = sshRsaPublicKey();
const request = {
  name: 'life1',
  masterProfile: { count: 1, vmSize: 'Standard_D2_v3' },
  agentPoolProfiles: [{ name: 'agent', count: 2, vmSize: 'Standard_D2_v3', availabilityProfile: 'AvailabilitySet' }],
  linuxProfile: { adminUsername: 'azureuser', sshPublicKey },
  tags: { team: 'platform' },
};

async function api(method: string, relative: string, options: Parameters<typeof call>[2] = {}): Promise<ApiAnswer> {
  const answer = await call(method, `${stack.apiBaseUrl}${relative}`, options);
  answers.push(answer);
  return answer;
}

before(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifecycle-'));
  stack = await startTestStack({ dataDir: path.join(workDir, 'stack') });
});

after(async () => {
  await stack?.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

test('a cluster is created, used with kubectl and etcdctl, and torn down without leftovers or leaked secrets', async () => {
  // Create: 202 with Location and Retry-After; an identical repeat is the same operation; another spec is a 409.
  const created = await api('POST', '/clusters', { body: request, headers: { 'idempotency-key': 'create-life1' } });
  assert.equal(created.status, 202, created.text);
  assert.equal(created.headers.get('location'), `${stack.apiBaseUrl}/clusters/life1`);
  assert.ok(Number(created.headers.get('retry-after')) > 0);
  assertMatchesContract('/clusters', 'post', 202, created.json());
  const operation = created.json().properties.operation.id;
  const repeat = await api('POST', '/clusters', { body: request, headers: { 'idempotency-key': 'create-life1' } });
  assert.ok([200, 202].includes(repeat.status), repeat.text);
  assert.equal(repeat.json().properties.operation.id, operation);
  const conflict = await api('POST', '/clusters', { body: { ...request, masterProfile: { count: 3 } } });
  assert.equal(conflict.status, 409);
  assert.equal(conflict.json().error.code, 'ClusterConflict');
  const reusedKey = await api('POST', '/clusters', {
    body: { ...request, name: 'other1' },
    headers: { 'idempotency-key': 'create-life1' },
  });
  assert.equal(reusedKey.status, 422);

  // Watch it to Succeeded, checking every answer against the contract and that progress only moves forward.
  let lastPercent = -1;
  let final: any;
  const deadline = Date.now() + 90_000;
  for (;;) {
    const status = await api('GET', '/clusters/life1');
    assert.equal(status.status, 200, status.text);
    const body = status.json();
    assertMatchesContract('/clusters/{name}', 'get', 200, body);
    assert.ok(
      body.properties.percentComplete >= lastPercent,
      `progress went back from ${lastPercent} to ${body.properties.percentComplete}`,
    );
    lastPercent = body.properties.percentComplete;
    if (['Succeeded', 'Failed'].includes(body.properties.provisioningState)) {
      final = body;
      break;
    }
    assert.ok(status.headers.get('retry-after'), 'Retry-After while in progress');
    assert.ok(Date.now() < deadline, `not done in 90 s: ${JSON.stringify(body.properties.steps)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.equal(final.properties.provisioningState, 'Succeeded', JSON.stringify(final.properties.error));
  assert.equal(final.properties.percentComplete, 100);
  assert.deepEqual(
    final.properties.steps.map((step: any) => [step.name, step.state]),
    ['registerProviders', 'resourceGroup', 'servicePrincipal', 'generate', 'deploy', 'verify'].map((name) => [name, 'Succeeded']),
  );
  assert.match(final.properties.endpoints.apiServer, /^https:\/\/127\.0\.0\.1:\d+/);
  assert.match(final.properties.endpoints.etcd, /^https:\/\/127\.0\.0\.1:\d+/);
  assert.equal(final.properties.error, null);

  // The kubeconfig: a read-only, expiring link to one blob, downloaded as an attachment, that kubectl can use.
  const link = await api('GET', '/clusters/life1/kubeconfig');
  assert.equal(link.status, 200, link.text);
  assertMatchesContract('/clusters/{name}/kubeconfig', 'get', 200, link.json());
  const { url, expiresOn } = link.json();
  const minutes = (Date.parse(expiresOn) - Date.now()) / 60_000;
  assert.ok(minutes > 13 && minutes <= 15, `link lifetime ${minutes} min`);
  const sas = new URL(url).searchParams;
  assert.equal(sas.get('sp'), 'r', 'read permission only');
  assert.equal(sas.get('sr'), 'b', 'one blob only');
  const download = await fetch(url);
  assert.equal(download.status, 200);
  assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="life1-view-kubeconfig.json"/);
  const kubeconfigFile = path.join(workDir, 'kubeconfig.json');
  const kubeconfigText = Buffer.from(await download.arrayBuffer()).toString('utf8');
  fs.writeFileSync(kubeconfigFile, kubeconfigText, { mode: 0o600 });
  // The minted private key is a secret too: it must appear nowhere but in this one download.
  const mintedKey = Buffer.from(JSON.parse(kubeconfigText).users[0].user['client-key-data'], 'base64').toString('utf8');
  const mintedKeyBody = mintedKey.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  const writeAttempt = await fetch(url, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'x' });
  assert.equal(writeAttempt.status, 403, 'the link cannot write');
  const redirect = await api('GET', '/clusters/life1/kubeconfig?redirect=true');
  assert.equal(redirect.status, 302);
  assert.match(redirect.headers.get('location') ?? '', /sig=/);
  const nodes = await runCommand('kubectl', [
    '--kubeconfig',
    kubeconfigFile,
    '--cache-dir',
    path.join(workDir, 'kube-cache'),
    'get',
    'nodes',
    '-o',
    'json',
  ]);
  assert.equal(nodes.code, 0, nodes.stderr);
  const items = JSON.parse(nodes.stdout).items as any[];
  assert.equal(items.length, 3, 'one master and two agents');
  assert.ok(items.every((node) => node.status.conditions.some((c: any) => c.type === 'Ready' && c.status === 'True')));

  // The etcd client files and the ready-to-paste etcdctl command, used against the stand-in etcd.
  const artifacts = await api('GET', '/clusters/life1/artifacts');
  assert.equal(artifacts.status, 200, artifacts.text);
  assertMatchesContract('/clusters/{name}/artifacts', 'get', 200, artifacts.json());
  const listing = artifacts.json();
  const kinds = Object.fromEntries(listing.value.map((file: any) => [file.name, file.kind]));
  assert.equal(kinds['apimodel.json'], 'secret');
  assert.equal(kinds['ca.key'], 'secret');
  assert.equal(kinds['ca.crt'], 'public');
  const etcdDir = path.join(workDir, 'etcd');
  fs.mkdirSync(etcdDir);
  for (const file of listing.etcdctl.files) {
    const fileLink = await call('GET', file.link);
    answers.push(fileLink);
    assert.equal(fileLink.status, 200, fileLink.text);
    const bytes = await fetch(fileLink.json().url);
    assert.equal(bytes.status, 200);
    fs.writeFileSync(path.join(etcdDir, file.name), Buffer.from(await bytes.arrayBuffer()), { mode: 0o600 });
  }
  const refused = await api('GET', '/clusters/life1/artifacts/apimodel.json');
  assert.equal(refused.status, 403);
  assert.equal(refused.json().error.code, 'ArtifactNotDownloadable');
  const [, ...args] = (listing.etcdctl.command as string).replace(/^ETCDCTL_API=3 /, '').split(' ');
  const etcd = await runCommand('etcdctl', args, { cwd: etcdDir, env: { ETCDCTL_API: '3' } });
  assert.equal(etcd.code, 0, etcd.stderr);
  assert.match(etcd.stdout, /\/registry\/namespaces\/kube-system/);
  assert.match(etcd.stdout, /\/registry\/minions\/k8s-master-/);

  // Secrets: the service principal password and every private key stay out of history, logs and answers.
  const secrets = await readSecrets(stack.settings.ARTIFACTS_STORAGE_CONNECTION_STRING!, 'life1');
  assert.ok(secrets.length >= 8, `found ${secrets.length} secrets to look for`);
  secrets.push(
    mintedKeyBody.slice(0, 64),
    mintedKeyBody.slice(-64),
    JSON.parse(kubeconfigText).users[0].user['client-key-data'].slice(0, 64),
  );
  const history = readTree(path.join(workDir, 'stack', 'durable'));
  const places: Array<[string, string]> = [
    ['orchestration history', history],
    ['logs', stack.lines.join('\n') + stack.hostOutput()],
    ['API answers', answers.map((answer) => answer.text).join('\n')],
  ];
  assert.ok(history.length > 1000, 'the durable store was read');
  for (const [where, text] of places) {
    assert.ok(!/PRIVATE KEY/.test(text), `a private key header appears in the ${where}`);
    for (const secret of secrets) assert.ok(!text.includes(secret), `a secret (${secret.slice(0, 4)}...) appears in the ${where}`);
  }

  // Delete: 202, then Deleted; nothing is left in Azure, and nothing was created twice.
  const deleted = await api('DELETE', '/clusters/life1');
  assert.equal(deleted.status, 202, deleted.text);
  assertMatchesContract('/clusters/{name}', 'delete', 202, deleted.json());
  const gone = await waitForState(stack.apiBaseUrl, 'life1', ['Deleted', 'Failed']);
  assert.equal(gone.properties.provisioningState, 'Deleted', JSON.stringify(gone.properties.error));
  assert.equal((await api('GET', '/clusters/life1/kubeconfig')).status, 404);
  assert.equal((await api('DELETE', '/clusters/life1')).status, 204);
  const state = stack.emulator.admin.state();
  assert.equal(
    state.resourceGroups.filter((group) => String(group.name).toLowerCase() === 'aks-cosmos-life1').length,
    0,
    'the group is gone',
  );
  assert.equal(state.applications.length, 0, 'the application is gone');
  const clusterPrincipals = state.servicePrincipals.filter((principal) => principal.servicePrincipalType !== 'ManagedIdentity');
  assert.deepEqual(clusterPrincipals, [], "the cluster's service principal is gone (only the app's own identity remains)");
  assert.equal(
    state.roleAssignments.filter((assignment) => JSON.stringify(assignment).toLowerCase().includes('aks-cosmos-life1')).length,
    0,
    'no role assignment is left on the group',
  );
  assert.equal(state.resources.length, 0, 'no deployed resource is left');
  const calls = state.calls;
  assert.equal(calls['PUT resourceGroups'], 1, 'the group was created once');
  assert.equal(calls['POST applications'], 1, 'the application was created once');
  assert.equal(calls['POST servicePrincipals'], 1, 'the service principal was created once');
  assert.equal(calls['PUT deployments'], 1, 'the deployment was submitted once');
  assert.equal(stack.clusters.count, 0, 'the stand-in cluster was stopped with its group');
  const blobs = await listBlobs(stack.settings.ARTIFACTS_STORAGE_CONNECTION_STRING!, 'cluster-artifacts');
  assert.deepEqual(blobs, [], 'the artifacts were deleted (retention 0)');
});

/** The secrets a run produced: the service principal password and the private keys, base64 or PEM body. */
async function readSecrets(connectionString: string, name: string): Promise<string[]> {
  const container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient('cluster-artifacts');
  const secrets: string[] = [];
  for await (const blob of container.listBlobsFlat({ prefix: `${name}/` })) {
    const text = (await container.getBlobClient(blob.name).downloadToBuffer()).toString('utf8');
    if (blob.name.endsWith('service-principal.json')) secrets.push((JSON.parse(text) as { secret: string }).secret);
    if (blob.name.endsWith('.key')) {
      const body = text.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
      secrets.push(body.slice(0, 64), body.slice(-64), Buffer.from(text).toString('base64').slice(0, 64));
    }
  }
  return secrets;
}

async function listBlobs(connectionString: string, containerName: string): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of BlobServiceClient.fromConnectionString(connectionString).getContainerClient(containerName).listBlobsFlat())
    names.push(blob.name);
  return names;
}

function readTree(folder: string): string {
  if (!fs.existsSync(folder)) return '';
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}
