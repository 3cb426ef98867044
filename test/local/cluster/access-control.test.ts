// The stand-in treats client certificates and RBAC as kube-apiserver does: the product's verify step creates its
// roles and bindings with aks-engine's admin certificate, then per-caller certificates (ECDSA P-256 or RSA,
// signed by the cluster CA) get exactly what their group is bound to, checked with real kubectl.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStandInCluster, type StandInCluster } from '../../../local/cluster/index';
import { requireCommand, runCommand } from '../../support/commands';
import { tlsRequest } from '../../support/tls-request';
import {
  clusterIssuer,
  foreignIssuer,
  mintClientCertificate,
  writeKubeconfig,
  type ClientCertificate,
  type Issuer,
} from './client-certificates';
import { generateClusterOutput } from './cluster-output';

const rbac = 'rbac.authorization.k8s.io';
const viewerRole = {
  apiVersion: `${rbac}/v1`,
  kind: 'ClusterRole',
  metadata: { name: 'aks-cosmos:viewer' },
  rules: [
    {
      apiGroups: [''],
      resources: ['configmaps', 'endpoints', 'events', 'namespaces', 'nodes', 'pods', 'pods/log', 'serviceaccounts', 'services'],
      verbs: ['get', 'list', 'watch'],
    },
    { apiGroups: ['apps', 'batch', 'extensions', 'policy', rbac, 'networking.k8s.io'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
  ],
};
const binding = (name: string, group: string, role: string) => ({
  apiVersion: `${rbac}/v1`,
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: role },
  subjects: [{ apiGroup: rbac, kind: 'Group', name: group }],
});
const viewersBinding = binding('aks-cosmos:viewers', 'aks-cosmos:viewers', 'aks-cosmos:viewer');
const adminsBinding = binding('aks-cosmos:admins', 'aks-cosmos:admins', 'cluster-admin');

describe('stand-in cluster access control', () => {
  let workDir: string;
  let outputDir: string;
  let cluster: StandInCluster;
  let kubectlPath: string;
  let issuer: Issuer;
  let ca: string;
  let admin: ClientCertificate;
  let agentNames: string[];
  const kubeconfigs = new Map<string, string>();

  before(async () => {
    kubectlPath = requireCommand('kubectl', 'apt-get install -y kubernetes-client');
    workDir = mkdtempSync(path.join(os.tmpdir(), 'stand-in-access-test-'));
    outputDir = await generateClusterOutput(workDir, { dnsPrefix: 'access1', masters: 1, agentPools: [{ name: 'agent', count: 3 }] });
    // No etcd: access control is the API server's alone, and the file stays fast.
    cluster = await startStandInCluster({
      outputDir,
      masters: 1,
      agentPools: [{ name: 'agent', count: 3 }],
      etcdBinary: path.join(workDir, 'no-etcd'),
    });
    issuer = clusterIssuer(outputDir);
    ca = issuer.certificatePem;
    admin = { certificatePem: file('kubectlClient.crt'), privateKeyPem: file('kubectlClient.key') };
    agentNames = cluster.nodeNames.filter((name) => name.startsWith('k8s-agent-'));
  });

  after(async () => {
    await cluster?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const file = (name: string) => readFileSync(path.join(outputDir, name), 'utf8');
  const api = (
    client: Partial<ClientCertificate>,
    pathname: string,
    options: { method?: string; body?: object; headers?: Record<string, string> } = {},
  ) =>
    tlsRequest(`${cluster.apiServerUrl}${pathname}`, {
      ca,
      cert: client.certificatePem,
      key: client.privateKeyPem,
      method: options.method,
      headers: {
        Accept: 'application/json',
        ...(options.body ? { 'Content-Type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.body ? JSON.stringify(options.body) : undefined,
    });
  const kubectlAs = (who: string, client: ClientCertificate, ...args: string[]) => {
    let kubeconfig = kubeconfigs.get(who);
    if (!kubeconfig) {
      kubeconfig = writeKubeconfig(path.join(workDir, `kubeconfig-${who}.json`), cluster.apiServerUrl, ca, client);
      kubeconfigs.set(who, kubeconfig);
    }
    return runCommand(kubectlPath, ['--kubeconfig', kubeconfig, '--cache-dir', path.join(workDir, `cache-${who}`), ...args]);
  };

  /** What the verify step does with the admin certificate: create, and accept AlreadyExists on a second run. */
  async function ensure(collection: string, object: object) {
    const created = await api(admin, `/apis/${rbac}/v1/${collection}`, { method: 'POST', body: object });
    if (created.status === 409) return JSON.parse(created.text);
    assert.equal(created.status, 201, created.text);
    return JSON.parse(created.text);
  }

  it('lets the admin certificate create the roles and bindings, and refuses a second create with 409 AlreadyExists', async () => {
    const role = await ensure('clusterroles', viewerRole);
    assert.equal(role.kind, 'ClusterRole');
    assert.equal(role.metadata.name, 'aks-cosmos:viewer');
    assert.match(role.metadata.uid, /^[0-9a-f-]{36}$/);
    await ensure('clusterrolebindings', viewersBinding);
    await ensure('clusterrolebindings', adminsBinding);

    const again = await api(admin, `/apis/${rbac}/v1/clusterrolebindings`, { method: 'POST', body: adminsBinding });
    assert.equal(again.status, 409);
    assert.deepEqual(JSON.parse(again.text), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'clusterrolebindings.rbac.authorization.k8s.io "aks-cosmos:admins" already exists',
      reason: 'AlreadyExists',
      details: { name: 'aks-cosmos:admins', group: rbac, kind: 'clusterrolebindings' },
      code: 409,
    });

    // An unchanged PUT is a no-op (same resourceVersion); a changed roleRef is refused as kube-apiserver refuses it.
    const stored = JSON.parse((await api(admin, `/apis/${rbac}/v1/clusterrolebindings/aks-cosmos:admins`)).text);
    const put = await api(admin, `/apis/${rbac}/v1/clusterrolebindings/aks-cosmos:admins`, { method: 'PUT', body: adminsBinding });
    assert.equal(put.status, 200, put.text);
    assert.equal(JSON.parse(put.text).metadata.resourceVersion, stored.metadata.resourceVersion);
    const changed = await api(admin, `/apis/${rbac}/v1/clusterrolebindings/aks-cosmos:admins`, {
      method: 'PUT',
      body: { ...adminsBinding, roleRef: { ...adminsBinding.roleRef, name: 'view' } },
    });
    assert.equal(changed.status, 422);
    assert.match(
      JSON.parse(changed.text).message,
      /^ClusterRoleBinding\.rbac\.authorization\.k8s\.io "aks-cosmos:admins" is invalid: roleRef: .*cannot change roleRef$/,
    );

    // PUT creates an RBAC object that does not exist yet (201) and replaces one that does (200).
    const scratch = { ...viewerRole, metadata: { name: 'scratch-role' } };
    const putCreated = await api(admin, `/apis/${rbac}/v1/clusterroles/scratch-role`, { method: 'PUT', body: scratch });
    assert.equal(putCreated.status, 201, putCreated.text);
    const replaced = await api(admin, `/apis/${rbac}/v1/clusterroles/scratch-role`, {
      method: 'PUT',
      body: { ...scratch, rules: [viewerRole.rules[0]] },
    });
    assert.equal(replaced.status, 200, replaced.text);
    assert.equal(JSON.parse(replaced.text).rules.length, 1);
    assert.equal((await api(admin, `/apis/${rbac}/v1/clusterroles/scratch-role`, { method: 'DELETE' })).status, 200);

    const listed = await kubectlAs('admin', admin, 'get', 'clusterrolebindings', '-o', 'name');
    assert.equal(listed.code, 0, listed.stderr);
    const names = listed.stdout.trim().split('\n');
    for (const name of ['aks-cosmos:viewers', 'aks-cosmos:admins', 'cluster-admin', 'system:discovery'])
      assert.ok(names.includes(`clusterrolebinding.rbac.authorization.k8s.io/${name}`), `${name} in ${names.join(' ')}`);
  });

  it('lets a viewer (ECDSA P-256 certificate) read nodes but neither delete one nor read secrets', async () => {
    const viewer = mintClientCertificate(issuer, { commonName: 'alice@contoso.example', organizations: ['aks-cosmos:viewers'] });
    const nodes = await kubectlAs('viewer', viewer, 'get', 'nodes', '-o', 'name');
    assert.equal(nodes.code, 0, nodes.stderr);
    assert.equal(nodes.stdout.trim().split('\n').length, 4);

    const deleted = await kubectlAs('viewer', viewer, 'delete', 'node', agentNames[0]!);
    assert.notEqual(deleted.code, 0);
    assert.equal(
      deleted.stderr.trim(),
      `Error from server (Forbidden): nodes "${agentNames[0]}" is forbidden: User "alice@contoso.example" cannot delete resource "nodes" ` +
        'in API group "" at the cluster scope',
    );
    const secrets = await kubectlAs('viewer', viewer, 'get', 'secrets', '-n', 'kube-system');
    assert.notEqual(secrets.code, 0);
    assert.match(
      secrets.stderr,
      /secrets is forbidden: User "alice@contoso\.example" cannot list resource "secrets" in API group "" in the namespace "kube-system"/,
    );
    const canI = await kubectlAs('viewer', viewer, 'auth', 'can-i', 'get', 'secrets', '-n', 'kube-system');
    assert.equal(canI.stdout.trim(), 'no');
    assert.equal((await kubectlAs('viewer', viewer, 'auth', 'can-i', 'list', 'pods', '--all-namespaces')).stdout.trim(), 'yes');
    assert.equal(cluster.nodes().length, 4, 'the node is still there');

    // The audit log names the caller, for the refused delete as for the reads.
    const events = readFileSync(cluster.auditLogPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const refused = events.find((event) => event.verb === 'delete' && event.user.username === 'alice@contoso.example');
    assert.ok(refused, 'the refused delete is in the audit log');
    assert.deepEqual(refused.user.groups, ['aks-cosmos:viewers', 'system:authenticated']);
    assert.equal(refused.responseStatus.code, 403);
    assert.equal(refused.annotations['authorization.k8s.io/decision'], 'forbid');
    assert.deepEqual(refused.objectRef, { resource: 'nodes', name: agentNames[0], apiVersion: 'v1' });
    const allowed = events.find(
      (event) => event.verb === 'list' && event.user.username === 'alice@contoso.example' && event.objectRef?.resource === 'nodes',
    );
    assert.equal(
      allowed?.annotations['authorization.k8s.io/reason'],
      'RBAC: allowed by ClusterRoleBinding "aks-cosmos:viewers" of ClusterRole "aks-cosmos:viewer" to Group "aks-cosmos:viewers"',
    );
  });

  it('lets an admin-group certificate (RSA) read secrets and delete a node', async () => {
    const operator = mintClientCertificate(issuer, {
      commonName: 'bob@contoso.example',
      organizations: ['aks-cosmos:admins'],
      keyType: 'rsa',
    });
    const secrets = await kubectlAs('operator', operator, 'get', 'secrets', '-n', 'kube-system', '-o', 'name');
    assert.equal(secrets.code, 0, secrets.stderr);
    assert.match(secrets.stdout, /^secret\/default-token-[bcdfghjklmnpqrstvwxz2456789]{5}$/m);
    const deleted = await kubectlAs('operator', operator, 'delete', 'node', agentNames[1]!);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(deleted.stdout.trim(), `node "${agentNames[1]}" deleted`);
    assert.ok(!cluster.nodes().some((node) => node.name === agentNames[1]), 'the node is gone');
    const pods = await kubectlAs(
      'operator',
      operator,
      'get',
      'pods',
      '-A',
      '--field-selector',
      `spec.nodeName=${agentNames[1]}`,
      '-o',
      'name',
    );
    assert.equal(pods.stdout.trim(), '', 'its pods went with it');
  });

  it('takes the user from the CN and the groups from every O of the subject', async () => {
    const carol = mintClientCertificate(issuer, { commonName: 'carol', organizations: ['contoso:platform', 'aks-cosmos:viewers'] });
    const review = await api(carol, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      method: 'POST',
      body: {
        kind: 'SelfSubjectAccessReview',
        apiVersion: 'authorization.k8s.io/v1',
        spec: { resourceAttributes: { verb: 'list', resource: 'nodes' } },
      },
    });
    assert.equal(review.status, 201, review.text);
    assert.equal(JSON.parse(review.text).status.allowed, true, 'the second O names the viewers group');

    const nobody = mintClientCertificate(issuer, { commonName: 'dave' });
    const discovery = await api(nobody, '/apis');
    assert.equal(discovery.status, 200, 'discovery is open to every authenticated user');
    assert.ok(JSON.parse(discovery.text).groups.some((group: { name: string }) => group.name === rbac));
    const nodes = await api(nobody, '/api/v1/nodes');
    assert.equal(nodes.status, 403);
    assert.deepEqual(JSON.parse(nodes.text), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'nodes is forbidden: User "dave" cannot list resource "nodes" in API group "" at the cluster scope',
      reason: 'Forbidden',
      details: { kind: 'nodes' },
      code: 403,
    });
  });

  it('answers 401 for certificates outside their validity period or of another CA', async () => {
    const hour = 3600_000;
    const expired = mintClientCertificate(issuer, {
      commonName: 'erin',
      organizations: ['aks-cosmos:admins'],
      notBefore: new Date(Date.now() - 2 * hour),
      notAfter: new Date(Date.now() - hour),
    });
    const early = mintClientCertificate(issuer, {
      commonName: 'frank',
      organizations: ['aks-cosmos:admins'],
      notBefore: new Date(Date.now() + hour),
      notAfter: new Date(Date.now() + 2 * hour),
    });
    const foreign = mintClientCertificate(foreignIssuer(), { commonName: 'admin', organizations: ['system:masters'] });
    for (const client of [expired, early, foreign]) {
      const response = await api(client, '/api/v1/nodes');
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
    const refused = await kubectlAs('expired', expired, 'get', 'nodes');
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /You must be logged in to the server/);
  });

  it('refuses to let a user bind a role whose permissions they do not hold', async () => {
    // A user who may create bindings but holds only view permissions cannot hand out cluster-admin.
    await ensure('clusterroles', {
      apiVersion: `${rbac}/v1`,
      kind: 'ClusterRole',
      metadata: { name: 'binding-writer' },
      rules: [{ apiGroups: [rbac], resources: ['clusterrolebindings'], verbs: ['create'] }],
    });
    await ensure('clusterrolebindings', binding('binding-writers', 'binding-writers', 'binding-writer'));
    const writer = mintClientCertificate(issuer, { commonName: 'grace', organizations: ['binding-writers'] });
    const attempt = await api(writer, `/apis/${rbac}/v1/clusterrolebindings`, {
      method: 'POST',
      body: binding('grace-is-admin', 'binding-writers', 'cluster-admin'),
    });
    assert.equal(attempt.status, 403);
    const message: string = JSON.parse(attempt.text).message;
    assert.ok(
      message.startsWith(
        'clusterrolebindings.rbac.authorization.k8s.io "grace-is-admin" is forbidden: user "grace" ' +
          '(groups=["binding-writers" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n',
      ),
      message,
    );
    assert.match(message, /\{APIGroups:\["\*"\], Resources:\["\*"\], Verbs:\["\*"\]\}/);
    // Binding a role whose permissions she holds is fine.
    const allowed = await api(writer, `/apis/${rbac}/v1/clusterrolebindings`, {
      method: 'POST',
      body: binding('grace-writes-too', 'other-writers', 'binding-writer'),
    });
    assert.equal(allowed.status, 201, allowed.text);
  });

  it('grants RoleBindings in their namespace only, and impersonation only to those allowed it', async () => {
    const created = await api(admin, `/apis/${rbac}/v1/namespaces/kube-public/rolebindings`, {
      method: 'POST',
      body: {
        apiVersion: `${rbac}/v1`,
        kind: 'RoleBinding',
        metadata: { name: 'public-viewers' },
        roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'User', name: 'heidi' }],
      },
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(JSON.parse(created.text).subjects[0].apiGroup, rbac, 'User subjects default to the rbac group');
    const heidi = mintClientCertificate(issuer, { commonName: 'heidi' });
    assert.equal((await api(heidi, '/api/v1/namespaces/kube-public/configmaps')).status, 200);
    assert.equal((await api(heidi, '/api/v1/namespaces/default/configmaps')).status, 403);

    // The admin certificate (system:masters) may act as someone else; a viewer may not.
    const asViewer = await kubectlAs(
      'admin',
      admin,
      'get',
      'secrets',
      '-n',
      'kube-system',
      '--as=mallory',
      '--as-group=aks-cosmos:viewers',
    );
    assert.notEqual(asViewer.code, 0);
    assert.match(asViewer.stderr, /User "mallory" cannot list resource "secrets"/);
    const viewer = mintClientCertificate(issuer, { commonName: 'ivan', organizations: ['aks-cosmos:viewers'] });
    const escalated = await api(viewer, '/api/v1/nodes', {
      headers: { 'Impersonate-User': 'admin', 'Impersonate-Group': 'system:masters' },
    });
    assert.equal(escalated.status, 403);
    assert.equal(
      JSON.parse(escalated.text).message,
      'users "admin" is forbidden: User "ivan" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  });

  it('authenticates service accounts by the token in their secret', async () => {
    const secrets = JSON.parse((await api(admin, '/api/v1/namespaces/kube-system/secrets')).text).items as any[];
    const secret = secrets.find((item) => item.metadata.annotations['kubernetes.io/service-account.name'] === 'kube-dns');
    assert.equal(secret.type, 'kubernetes.io/service-account-token');
    assert.equal(Buffer.from(secret.data['ca.crt'], 'base64').toString(), ca);
    const token = Buffer.from(secret.data.token, 'base64').toString();
    const call = (pathname: string, bearer: string) =>
      tlsRequest(`${cluster.apiServerUrl}${pathname}`, { ca, headers: { Authorization: `Bearer ${bearer}` } });
    // system:kube-dns lets the kube-dns service account list services, and nothing else.
    assert.equal((await call('/api/v1/services', token)).status, 200);
    const nodes = await call('/api/v1/nodes', token);
    assert.equal(nodes.status, 403);
    assert.match(JSON.parse(nodes.text).message, /User "system:serviceaccount:kube-system:kube-dns" cannot list resource "nodes"/);
    assert.equal((await call('/api/v1/services', `${token.slice(0, -4)}AAAA`)).status, 401, 'a tampered token is refused');
  });
});
