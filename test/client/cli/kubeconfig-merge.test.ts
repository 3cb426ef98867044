// `kubeconfig --merge` writes where kubectl itself would (the file defining an entry, else the first file that
// exists, else the last listed), keeps what was there, and kubectl agrees with the result.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { kubeconfigPaths, mergeIntoKubeconfig, planMerge, type KubeConfig } from '../../../client/cli/kubeconfig-merge';
import { runCommand } from '../../support/commands';

let workDir: string;

before(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeconfig-merge-'));
});

after(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

/** A kubeconfig as aks-engine writes it: one cluster, its admin user and a context named after the cluster. */
function clusterConfig(name: string, server: string): KubeConfig {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server, 'certificate-authority-data': 'Q0E=' } }],
    users: [{ name: `${name}-admin`, user: { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin` } }],
    'current-context': name,
  };
}

test("the files are $KUBECONFIG's list, without empty entries or repeats, else ~/.kube/config", () => {
  assert.deepEqual(kubeconfigPaths({ KUBECONFIG: `/a${path.delimiter}${path.delimiter}/b${path.delimiter}/a` }, '/home/u'), ['/a', '/b']);
  assert.deepEqual(kubeconfigPaths({}, '/home/u'), ['/home/u/.kube/config']);
  assert.deepEqual(kubeconfigPaths({ KUBECONFIG: '' }, '/home/u'), ['/home/u/.kube/config']);
});

test('entries go to the file that defines them, new ones and current-context to the first file that exists', () => {
  const added = clusterConfig('c1', 'https://new:443');
  const first = { path: '/missing', config: undefined };
  const second = { path: '/second', config: clusterConfig('other', 'https://other:443') };
  const third = { path: '/third', config: { clusters: [{ name: 'c1', cluster: { server: 'https://old:443' } }], users: null } };
  const plan = Object.fromEntries(planMerge([first, second, third], added).map((file) => [file.path, file.config]));
  assert.deepEqual(Object.keys(plan).sort(), ['/second', '/third'], 'the missing file is not created');
  assert.deepEqual(
    (plan['/third'].clusters as any[]).map((entry) => [entry.name, entry.cluster.server]),
    [['c1', 'https://new:443']],
  );
  assert.deepEqual(
    (plan['/second'].contexts as any[]).map((entry) => entry.name),
    ['other', 'c1'],
  );
  assert.deepEqual(
    (plan['/second'].users as any[]).map((entry) => entry.name),
    ['other-admin', 'c1-admin'],
  );
  assert.equal(plan['/second']['current-context'], 'c1');
  assert.equal(second.config['current-context'], 'other', 'the input is not changed');

  // No file exists: the last listed is created; a single file is always the one.
  const none = planMerge(
    [
      { path: '/a', config: undefined },
      { path: '/b', config: undefined },
    ],
    added,
  );
  assert.deepEqual(
    none.map((file) => file.path),
    ['/b'],
  );
  assert.equal(none[0].config.kind, 'Config');
  assert.deepEqual(
    planMerge([{ path: '/only', config: undefined }], added).map((file) => file.path),
    ['/only'],
  );
});

test('kubectl sees the merged chain as planned, and the files are owner-only', async () => {
  const first = path.join(workDir, 'first');
  const second = path.join(workDir, 'second');
  fs.writeFileSync(first, JSON.stringify(clusterConfig('other', 'https://127.0.0.1:1')));
  fs.writeFileSync(second, JSON.stringify({ ...clusterConfig('c1', 'https://127.0.0.1:2'), 'current-context': '' }));
  const env = { KUBECONFIG: [first, second].join(path.delimiter) };
  const merged = await mergeIntoKubeconfig(JSON.stringify(clusterConfig('c1', 'https://127.0.0.1:3')), env, workDir);
  assert.deepEqual(merged.files.sort(), [first, second].sort());
  for (const file of [first, second]) assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  // c1's cluster was defined in the second file and is changed there; the first file keeps its own and gets current-context.
  assert.equal(parse(fs.readFileSync(first, 'utf8'))['current-context'], 'c1');
  const view = await runCommand('kubectl', ['config', 'view', '--raw', '-o', 'json'], { env: { ...process.env, ...env } });
  assert.equal(view.code, 0, view.stderr);
  const config = JSON.parse(view.stdout);
  assert.equal(config['current-context'], 'c1');
  assert.equal(config.clusters.find((entry: any) => entry.name === 'c1').cluster.server, 'https://127.0.0.1:3');
  assert.equal(config.clusters.find((entry: any) => entry.name === 'other').cluster.server, 'https://127.0.0.1:1');
  assert.deepEqual(config.contexts.map((entry: any) => entry.name).sort(), ['c1', 'other']);

  // A symlinked kubeconfig is written where it points, and stays a link.
  const real = path.join(workDir, 'dotfiles', 'config');
  fs.mkdirSync(path.dirname(real));
  fs.writeFileSync(real, '');
  fs.mkdirSync(path.join(workDir, '.kube'));
  fs.symlinkSync(real, path.join(workDir, '.kube', 'config'));
  await mergeIntoKubeconfig(JSON.stringify(clusterConfig('c2', 'https://127.0.0.1:4')), {}, workDir);
  assert.ok(fs.lstatSync(path.join(workDir, '.kube', 'config')).isSymbolicLink());
  assert.equal(parse(fs.readFileSync(real, 'utf8'))['current-context'], 'c2');
});
