// What each caller may do, through the running stack with real tokens: every route against every role and
// ownership; kubeconfigs minted per caller and used with kubectl (view, admin, expired, another CA); the
// break-glass kubeconfig; quotas; and the audit trail every one of these leaves.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BlobServiceClient } from '@azure/storage-blob';
import { mintClientCertificate } from '../../../src/credentials/client-certificate';
import { createCertificate, distinguishedName, randomSerialNumber } from '../../../src/pki/x509';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { runCommand } from '../../support/commands';
import { assertMatchesContract } from '../../support/contract';
import { call, startTestStack, waitForState, type ApiAnswer } from '../../support/stack';

type Role = 'viewer' | 'operator' | 'operator2' | 'admin' | 'noroles';
const everyone: Role[] = ['viewer', 'operator', 'operator2', 'admin', 'noroles'];

let stack: Awaited<ReturnType<typeof startTestStack>>;
let workDir: string;
const refusals: Array<{ caller: Role; method: string; path: string; status: number }> = [];

async function as(caller: Role, method: string, relative: string, body?: unknown): Promise<ApiAnswer> {
  const answer = await call(method, `${stack.apiBaseUrl}${relative}`, { token: stack.identity.token(caller), body });
  if ([401, 403, 429].includes(answer.status))
    refusals.push({ caller, method, path: `/api${relative.split('?')[0]}`, status: answer.status });
  return answer;
}

const objectId = (caller: Role) => stack.identity.clients[caller].objectId;

async function kubectl(kubeconfig: string, ...args: string[]) {
  return runCommand('kubectl', [
    '--kubeconfig',
    kubeconfig,
    '--cache-dir',
    path.join(workDir, 'kube-cache', path.basename(kubeconfig)),
    ...args,
  ]);
}

/** Downloads a kubeconfig link and writes it owner-only. */
async function download(answer: ApiAnswer, file: string): Promise<string> {
  const response = await fetch(answer.json().url);
  assert.equal(response.status, 200);
  const target = path.join(workDir, file);
  fs.writeFileSync(target, Buffer.from(await response.arrayBuffer()), { mode: 0o600 });
  return target;
}

before(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-'));
  stack = await startTestStack({ settings: { QUOTA_MAX_VMS: '20' } });
  const created = await as('operator', 'POST', '/clusters', { name: 'acc1', linuxProfile: { sshPublicKey: sshRsaPublicKey() } });
  assert.equal(created.status, 202, created.text);
  const done = await waitForState(stack.apiBaseUrl, 'acc1', ['Succeeded', 'Failed']);
  assert.equal(done.properties.provisioningState, 'Succeeded', JSON.stringify(done.properties.error));
});

after(async () => {
  await stack?.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('access', () => {
  test('the cluster records and shows who created it', async () => {
    const cluster = (await as('viewer', 'GET', '/clusters/acc1')).json();
    assertMatchesContract('/clusters/{name}', 'get', 200, cluster);
    assert.equal(cluster.properties.createdBy.objectId, objectId('operator'));
    assert.equal(cluster.properties.createdBy.applicationId, stack.identity.clients.operator.clientId);
    assert.equal(cluster.properties.createdBy.displayName, stack.identity.clients.operator.displayName);
  });

  test('every route answers each role as documented, ownership included', async () => {
    const table: Array<[string, string, Record<Role, number>]> = [
      ['GET', '/clusters', { viewer: 200, operator: 200, operator2: 200, admin: 200, noroles: 403 }],
      ['GET', '/clusters/acc1', { viewer: 200, operator: 200, operator2: 200, admin: 200, noroles: 403 }],
      ['GET', '/clusters/acc1/operations', { viewer: 200, operator: 200, operator2: 200, admin: 200, noroles: 403 }],
      ['GET', '/clusters/acc1/logs', { viewer: 200, operator: 200, operator2: 200, admin: 200, noroles: 403 }],
      ['GET', '/clusters/acc1/artifacts', { viewer: 200, operator: 200, operator2: 200, admin: 200, noroles: 403 }],
      ['GET', '/clusters/acc1/artifacts/ca.crt', { viewer: 200, operator: 200, operator2: 200, admin: 200, noroles: 403 }],
      ['GET', '/clusters/acc1/artifacts/etcdclient.key', { viewer: 403, operator: 403, operator2: 403, admin: 200, noroles: 403 }],
      ['GET', '/clusters/acc1/artifacts/etcdclient.crt', { viewer: 403, operator: 403, operator2: 403, admin: 200, noroles: 403 }],
      ['GET', '/clusters/acc1/artifacts/kubectlClient.key', { viewer: 403, operator: 403, operator2: 403, admin: 403, noroles: 403 }],
      ['GET', '/clusters/acc1/kubeconfig', { viewer: 403, operator: 200, operator2: 403, admin: 200, noroles: 403 }],
      ['GET', '/clusters/acc1/kubeconfig?access=admin', { viewer: 403, operator: 200, operator2: 403, admin: 200, noroles: 403 }],
      ['GET', '/clusters/acc1/kubeconfig?access=break-glass', { viewer: 403, operator: 403, operator2: 403, admin: 200, noroles: 403 }],
      ['POST', '/clusters/acc1/cancel', { viewer: 403, operator: 409, operator2: 403, admin: 409, noroles: 403 }],
      ['POST', '/clusters/acc1/retry', { viewer: 403, operator: 409, operator2: 403, admin: 409, noroles: 403 }],
      ['DELETE', '/clusters/acc1', { viewer: 403, operator: -1, operator2: 403, admin: -1, noroles: 403 }],
      ['GET', '/audit', { viewer: 403, operator: 403, operator2: 403, admin: 200, noroles: 403 }],
      ['GET', '/quotas/me', { viewer: 200, operator: 200, operator2: 200, admin: 200, noroles: 403 }],
      ['GET', `/quotas/{operator}`, { viewer: 403, operator: 200, operator2: 403, admin: 200, noroles: 403 }],
      ['PUT', `/quotas/{operator}`, { viewer: 403, operator: 403, operator2: 403, admin: 200, noroles: 403 }],
    ];
    const problems: string[] = [];
    for (const [method, template, expected] of table) {
      for (const caller of everyone) {
        if (expected[caller] === -1) continue; // done at the end of the file, for real
        const relative = template.replace('{operator}', objectId('operator'));
        const answer = await as(caller, method, relative, method === 'PUT' ? { clusters: 10 } : undefined);
        if (answer.status !== expected[caller])
          problems.push(`${caller} ${method} ${relative}: ${answer.status} (expected ${expected[caller]}) ${answer.text.slice(0, 160)}`);
        if (answer.status === 403) {
          const code = answer.json().error.code;
          if (!['MissingRole', 'NotClusterOwner', 'ArtifactNotDownloadable'].includes(code))
            problems.push(`${caller} ${method} ${relative}: code ${code}`);
        }
      }
    }
    assert.deepEqual(problems, []);
    const ownership = await as('operator2', 'DELETE', '/clusters/acc1');
    assert.equal(ownership.json().error.code, 'NotClusterOwner');
    const missing = await as('viewer', 'GET', '/clusters/acc1/kubeconfig');
    assert.match(missing.json().error.message, /Clusters\.Credentials/);
    assert.equal(
      (await as('viewer', 'GET', '/clusters/acc1')).json().properties.provisioningState,
      'Succeeded',
      'refusals changed nothing',
    );
  });

  test('minted kubeconfigs name the caller, carry their group, expire as asked, and mean what they say in the cluster', async () => {
    const view = await as('operator', 'GET', '/clusters/acc1/kubeconfig?expiresInMinutes=30');
    assert.equal(view.status, 200, view.text);
    assertMatchesContract('/clusters/{name}/kubeconfig', 'get', 200, view.json());
    const viewFile = await download(view, 'view.json');
    const certificate = new X509Certificate(
      Buffer.from(JSON.parse(fs.readFileSync(viewFile, 'utf8')).users[0].user['client-certificate-data'], 'base64'),
    );
    assert.match(certificate.subject, new RegExp(`CN=.*\\(${objectId('operator')}\\)`));
    assert.match(certificate.subject, /O=aks-cosmos:viewers/);
    assert.equal(certificate.serialNumber, view.json().certificate.serial);
    assert.equal(certificate.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    const lifetime = (Date.parse(certificate.validTo) - Date.now()) / 60_000;
    assert.ok(lifetime > 28 && lifetime <= 30, `certificate lifetime ${lifetime} min`);
    assert.equal(view.json().certificate.user, `${stack.identity.clients.operator.displayName} (${objectId('operator')})`);
    const linkMinutes = (Date.parse(view.json().expiresOn) - Date.now()) / 60_000;
    assert.ok(linkMinutes <= 15, 'the link lives no longer than the credential link setting');

    const nodes = await kubectl(viewFile, 'get', 'nodes', '-o', 'name');
    assert.equal(nodes.code, 0, nodes.stderr);
    assert.match(nodes.stdout, /node\/k8s-master-/);
    const node = nodes.stdout.trim().split('\n').at(-1)!.replace('node/', '');
    const viewDelete = await kubectl(viewFile, 'delete', 'node', node);
    assert.notEqual(viewDelete.code, 0);
    assert.match(viewDelete.stderr, /forbidden/i);
    assert.match(viewDelete.stderr, new RegExp(objectId('operator')), "the API server names the caller's certificate user");
    const viewSecrets = await kubectl(viewFile, 'get', 'secrets', '-n', 'kube-system');
    assert.notEqual(viewSecrets.code, 0);
    assert.match(viewSecrets.stderr, /forbidden/i);

    const admin = await as('operator', 'GET', '/clusters/acc1/kubeconfig?access=admin');
    assert.equal(admin.json().certificate.group, 'aks-cosmos:admins');
    const adminFile = await download(admin, 'admin.json');
    const adminSecrets = await kubectl(adminFile, 'get', 'secrets', '-n', 'kube-system', '-o', 'name');
    assert.equal(adminSecrets.code, 0, adminSecrets.stderr);
    const adminDelete = await kubectl(adminFile, 'delete', 'node', node);
    assert.equal(adminDelete.code, 0, adminDelete.stderr);

    // Certificates the API server must refuse: one past its expiry, one of another CA.
    const blobs = BlobServiceClient.fromConnectionString(stack.settings.ARTIFACTS_STORAGE_CONNECTION_STRING!).getContainerClient(
      'cluster-artifacts',
    );
    const read = async (name: string) => (await blobs.getBlobClient(`acc1/g1/output/${name}`).downloadToBuffer()).toString('utf8');
    const ca = { certificatePem: await read('ca.crt'), privateKeyPem: await read('ca.key') };
    const expired = mintClientCertificate(ca, 'late user', 'aks-cosmos:admins', 5, new Date(Date.now() - 3 * 3600_000));
    const kubeconfig = JSON.parse(fs.readFileSync(adminFile, 'utf8'));
    const withCertificate = (file: string, certificatePem: string, keyPem: string) => {
      kubeconfig.users[0].user['client-certificate-data'] = Buffer.from(certificatePem).toString('base64');
      kubeconfig.users[0].user['client-key-data'] = Buffer.from(keyPem).toString('base64');
      fs.writeFileSync(path.join(workDir, file), JSON.stringify(kubeconfig), { mode: 0o600 });
      return path.join(workDir, file);
    };
    const expiredAnswer = await kubectl(withCertificate('expired.json', expired.certificatePem, expired.privateKeyPem), 'get', 'nodes');
    assert.notEqual(expiredAnswer.code, 0);
    assert.match(expiredAnswer.stderr, /Unauthorized/i);
    const { generateKeyPairSync } = await import('node:crypto');
    const strangerKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const stranger = createCertificate({
      subject: distinguishedName('stranger', 'system:masters'),
      issuer: distinguishedName('another ca'),
      publicKey: strangerKey.publicKey,
      signingKey: strangerKey.privateKey,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 3600_000),
      serialNumber: randomSerialNumber(),
      extensions: [],
    });
    const strangerPem = strangerKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const strangerAnswer = await kubectl(withCertificate('stranger.json', stranger.pem, strangerPem), 'get', 'nodes');
    assert.notEqual(strangerAnswer.code, 0);
    assert.match(strangerAnswer.stderr, /Unauthorized/i);
  });

  test("aks-engine's admin kubeconfig is break-glass: admin only, asked for explicitly, said so", async () => {
    const breakGlass = await as('admin', 'GET', '/clusters/acc1/kubeconfig?access=break-glass');
    assert.equal(breakGlass.status, 200, breakGlass.text);
    assertMatchesContract('/clusters/{name}/kubeconfig', 'get', 200, breakGlass.json());
    assert.equal(breakGlass.json().breakGlass, true);
    assert.match(breakGlass.json().warning, /30 years/);
    const file = await download(breakGlass, 'break-glass.json');
    const certificate = new X509Certificate(
      Buffer.from(JSON.parse(fs.readFileSync(file, 'utf8')).users[0].user['client-certificate-data'], 'base64'),
    );
    assert.match(certificate.subject, /O=system:masters/);
    const byDefault = await as('admin', 'GET', '/clusters/acc1/kubeconfig');
    assert.equal(byDefault.json().access, 'view', 'the admin too gets a minted view kubeconfig unless asking for more');
  });

  test('quotas refuse what a caller may not have, before anything is created; an admin can raise them', async () => {
    const small = { name: 'quota1', linuxProfile: { sshPublicKey: sshRsaPublicKey() } };
    const set = await as('admin', 'PUT', `/quotas/${objectId('operator2')}`, { clusters: 1, vms: 2, vcpus: 4 });
    assert.equal(set.status, 200, set.text);
    assertMatchesContract('/quotas/{objectId}', 'put', 200, set.json());
    const tooBig = await as('operator2', 'POST', '/clusters', { ...small, agentPoolProfiles: [{ name: 'agent', count: 2 }] });
    assert.equal(tooBig.status, 403, tooBig.text);
    assert.equal(tooBig.json().error.code, 'QuotaExceeded');
    assert.equal(tooBig.json().error.target, 'quota.vms');
    assert.match(tooBig.json().error.message, /limit is 2/);
    const defaultLimit = await as('operator', 'POST', '/clusters', {
      ...small,
      name: 'quota2',
      agentPoolProfiles: [{ name: 'agent', count: 20 }],
    });
    assert.equal(defaultLimit.status, 403, 'the default limit of the settings applies (20 VMs here)');
    assert.equal((await as('admin', 'GET', '/clusters/quota1')).status, 404, 'nothing was created');
    assert.equal((await as('admin', 'GET', '/clusters/quota2')).status, 404, 'nothing was created');
    const mine = await as('operator2', 'GET', '/quotas/me');
    assert.deepEqual(mine.json().limits, { clusters: 1, vms: 2, vcpus: 4 });
    assert.deepEqual(mine.json().usage, { clusters: 0, vms: 0, vcpus: 0 });
  });

  test('every refusal and every credential handed out is in the audit trail, with no secret', async () => {
    const page = await as('admin', 'GET', '/audit?top=500');
    assert.equal(page.status, 200, page.text);
    assertMatchesContract('/audit', 'get', 200, page.json());
    const entries = page.json().value as any[];
    const seen = new Set(entries.map((entry) => `${entry.caller?.objectId} ${entry.method} ${entry.path} ${entry.outcome.status}`));
    const missing = refusals.filter(
      (refusal) => !seen.has(`${objectId(refusal.caller)} ${refusal.method} ${refusal.path} ${refusal.status}`),
    );
    assert.deepEqual(missing, [], 'every refused call is audited');
    const minted = entries.filter((entry) => entry.credential?.kind === 'kubeconfig');
    assert.ok(minted.length >= 4, `minted kubeconfigs audited: ${minted.length}`);
    assert.ok(
      minted.every((entry) => /^[0-9A-F]+$/.test(entry.credential.serial) && entry.credential.expiresOn && entry.cluster === 'acc1'),
    );
    assert.ok(entries.some((entry) => entry.credential?.kind === 'break-glass-kubeconfig' && entry.caller.objectId === objectId('admin')));
    assert.ok(entries.some((entry) => entry.credential?.kind === 'artifact-link' && entry.credential.file === 'etcdclient.key'));
    assert.ok(entries.some((entry) => entry.method === 'POST' && entry.path === '/api/clusters' && entry.outcome.status === 202));
    assert.ok(
      entries.every((entry) => entry.clientAddress),
      'the client address is recorded',
    );
    assert.ok(!/sig=|PRIVATE KEY|secretText/.test(page.text), 'no secret in the audit trail');

    const filtered = await as('admin', 'GET', `/audit?cluster=acc1&caller=${objectId('operator2')}&top=2`);
    assert.equal(filtered.status, 200);
    assert.equal(filtered.json().value.length, 2);
    assert.ok(filtered.json().value.every((entry: any) => entry.cluster === 'acc1' && entry.caller.objectId === objectId('operator2')));
    const next = await call('GET', filtered.json().nextLink, { token: stack.identity.token('admin') });
    assert.equal(next.status, 200, next.text);
    const firstTimes = filtered.json().value.map((entry: any) => entry.time);
    assert.ok(
      next.json().value.every((entry: any) => entry.time <= firstTimes.at(-1)),
      'the next page goes on, older',
    );
  });

  test('the owner deletes its cluster', async () => {
    const deleted = await as('operator', 'DELETE', '/clusters/acc1');
    assert.equal(deleted.status, 202, deleted.text);
    assert.equal((await waitForState(stack.apiBaseUrl, 'acc1', ['Deleted', 'Failed'])).properties.provisioningState, 'Deleted');
  });
});
