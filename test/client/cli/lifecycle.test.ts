// The aks-cosmos command line against the running local stack, used only as a person or a script would: a whole
// cluster life (create --wait, kubeconfig with kubectl, etcd files with etcdctl, delete --wait), JSON output checked
// against the contract, the exit code of each failure class, the live display in a pseudo-terminal, and Ctrl-C.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { runCommand } from '../../support/commands';
import { assertMatchesContract } from '../../support/contract';
import { freePort, nodeBinary } from '../../support/process';
import { startTestStack } from '../../support/stack';
import { cliEntry, cliEnvironment, runCli, shown, type CliResult } from '../support/cli-process';

const esc = '\u001b';
let stack: Awaited<ReturnType<typeof startTestStack>>;
let workDir: string;
let home: string;
let env: NodeJS.ProcessEnv;

before(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
  // A home with the default SSH key, so that create needs no key flag, and a kubeconfig of its own.
  home = path.join(workDir, 'home');
  fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
  fs.writeFileSync(path.join(home, '.ssh', 'id_rsa.pub'), `${sshRsaPublicKey()}\n`);
  stack = await startTestStack({ dataDir: path.join(workDir, 'stack') });
  // The CLI signs in as the local stack's admin client with its client secret, through @azure/identity against the
  // local Entra ID, exactly as a tool signs in against Microsoft Entra ID.
  const admin = stack.identity.clients.admin;
  env = {
    AKS_COSMOS_API: stack.apiBaseUrl,
    HOME: home,
    AZURE_TENANT_ID: stack.identity.tenantId,
    AZURE_CLIENT_ID: admin.clientId,
    AZURE_CLIENT_SECRET: admin.secret,
    AZURE_AUTHORITY_HOST: stack.identity.authorityHost,
    NODE_EXTRA_CA_CERTS: stack.trustedCaFile,
  };
});

after(async () => {
  await stack?.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

function cli(args: string[], extra: NodeJS.ProcessEnv = {}, cwd = workDir): Promise<CliResult> {
  return runCli(args, { env: { ...env, ...extra }, cwd });
}

/**
 * The CLI given a token (AKS_COSMOS_TOKEN), as a pipeline that already holds one runs it: the stories below are about
 * exit codes and the terminal, and the whole-life story above signs in with the client secret at every command.
 */
function cliWithToken(args: string[]): Promise<CliResult> {
  return runCli(args, { env: withToken(), cwd: workDir });
}

function withToken(): NodeJS.ProcessEnv {
  return { ...env, AKS_COSMOS_TOKEN: stack.identity.token('admin') };
}

function json(result: CliResult): any {
  try {
    return JSON.parse(result.stdout);
  } catch {
    throw new Error(`stdout is not JSON:\n${shown(result)}`);
  }
}

function mode(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

// The clusters differ, so the three stories run side by side while provisioning waits.
describe('the aks-cosmos command line', { concurrency: true }, () => {
  test('a cluster lives its whole life through the CLI: create --wait, kubectl, etcdctl, delete --wait', async () => {
    // Create from a spec file with flags on top; the SSH key comes from ~/.ssh/id_rsa.pub.
    const spec = path.join(workDir, 'spec.json');
    fs.writeFileSync(spec, JSON.stringify({ name: 'from-file', agentPoolProfiles: [{ name: 'agent', count: 2 }], tags: { team: 'cli' } }));
    const created = await cli([
      'create',
      'cli1',
      '-f',
      spec,
      '--master-vm-size',
      'Standard_D2_v3',
      '--tag',
      'env=test',
      '--wait',
      '--poll-interval',
      '0.2',
    ]);
    assert.equal(created.code, 0, shown(created));
    // Not a terminal: one plain line per change, no escape codes.
    assert.match(created.stdout, /^\[0:\d\d\] Creating cli1: Accepted 0%$/m, shown(created));
    assert.match(created.stdout, /^\[0:\d\d\] Creating cli1: Provisioning \d+%$/m);
    assert.match(created.stdout, /^\[0:\d\d\] {3}deploy Running/m);
    assert.match(created.stdout, /^\[0:\d\d\] {3}deploy Succeeded/m);
    assert.match(created.stdout, /^\[0:\d\d\] {3}verify Succeeded/m);
    assert.match(created.stdout, /^Cluster cli1 Succeeded in 0:\d\d\.$/m);
    assert.ok(!created.stdout.includes(`${esc}[`), 'no escape codes');

    // Reading it back, using its kubeconfig and using its etcd client files are independent: side by side.
    const readBack = async () => {
      const got = await cli(['get', 'cli1', '-o', 'json']);
      assert.equal(got.code, 0, shown(got));
      const cluster = json(got);
      assertMatchesContract('/clusters/{name}', 'get', 200, cluster);
      assert.equal(cluster.properties.provisioningState, 'Succeeded');
      assert.deepEqual(cluster.tags, { team: 'cli', env: 'test' });
      assert.equal(cluster.properties.agentPoolProfiles[0].count, 2);
      const text = await cli(['get', 'cli1']);
      assert.match(text.stdout, /^cli1 {2}Succeeded {2}100% {2}centralus$/m);
      assert.match(text.stdout, /✔ deploy +Succeeded +1 attempt/);

      const listings: Array<[string[], string]> = [
        [['list', '--state', 'Succeeded', '--top', '1'], '/clusters'],
        [['operations', 'cli1'], '/clusters/{name}/operations'],
        [['logs', 'cli1'], '/clusters/{name}/logs'],
        [['artifacts', 'cli1'], '/clusters/{name}/artifacts'],
      ];
      const listed = await Promise.all(listings.map(([args]) => cli([...args, '-o', 'json'])));
      listings.forEach(([, route], index) => {
        assert.equal(listed[index].code, 0, shown(listed[index]));
        assertMatchesContract(route, 'get', 200, json(listed[index]));
      });
      // Pages of one cluster, followed to the end: every Succeeded cluster, cli1 among them.
      const succeeded = json(listed[0]).value as any[];
      assert.ok(succeeded.some((entry) => entry.name === 'cli1'));
      assert.ok(succeeded.every((entry) => entry.properties.provisioningState === 'Succeeded'));
    };
    const useKubeconfig = async () => {
      // The kubeconfig, owner-only, used by kubectl.
      const kubeconfig = path.join(workDir, 'kube', 'cli1.json');
      const written = await cli(['kubeconfig', 'cli1', '-o', kubeconfig]);
      assert.equal(written.code, 0, shown(written));
      assert.equal(mode(kubeconfig), 0o600);
      const cache = ['--cache-dir', path.join(workDir, 'kube-cache')];
      const nodes = await runCommand('kubectl', ['--kubeconfig', kubeconfig, ...cache, 'get', 'nodes', '-o', 'json']);
      assert.equal(nodes.code, 0, nodes.stderr);
      assert.equal(JSON.parse(nodes.stdout).items.length, 3, 'one master and two agents');

      // --merge into a $KUBECONFIG chain: new entries go to the first file that exists, which keeps what it had.
      const missing = path.join(workDir, 'kube', 'missing');
      const existing = path.join(workDir, 'kube', 'existing');
      fs.writeFileSync(existing, otherKubeconfig());
      const chain = { KUBECONFIG: [missing, existing].join(path.delimiter) };
      const merged = await cli(['kubeconfig', 'cli1', '--merge'], chain);
      assert.equal(merged.code, 0, shown(merged));
      assert.equal(fs.existsSync(missing), false);
      assert.equal(mode(existing), 0o600);
      const contexts = (parse(fs.readFileSync(existing, 'utf8')).contexts as any[]).map((context) => context.name);
      assert.deepEqual(contexts.sort(), ['cli1', 'other']);
      const kubectlEnv = { ...process.env, ...chain };
      assert.equal((await runCommand('kubectl', ['config', 'current-context'], { env: kubectlEnv })).stdout.trim(), 'cli1');
      const viaChain = await runCommand('kubectl', [...cache, 'get', 'nodes'], { env: kubectlEnv });
      assert.equal(viaChain.code, 0, viaChain.stderr);
      assert.match(viaChain.stdout, /k8s-master-/);
      // Without $KUBECONFIG: ~/.kube/config, created owner-only.
      assert.equal((await cli(['kubeconfig', 'cli1', '--merge'])).code, 0);
      assert.equal(mode(path.join(home, '.kube', 'config')), 0o600);
      assert.equal(parse(fs.readFileSync(path.join(home, '.kube', 'config'), 'utf8'))['current-context'], 'cli1');
    };
    const useEtcd = async () => {
      // The etcd client files, and the printed command run as printed in that folder.
      const etcdDir = path.join(workDir, 'etcd');
      const etcd = await cli(['etcd', 'cli1', '--dir', etcdDir]);
      assert.equal(etcd.code, 0, shown(etcd));
      for (const file of ['etcdclient.crt', 'etcdclient.key']) assert.equal(mode(path.join(etcdDir, file)), 0o600);
      const command = etcd.stdout.trim();
      assert.match(command, /^ETCDCTL_API=3 etcdctl --endpoints https:\/\/127\.0\.0\.1:\d+ --cert etcdclient\.crt --key etcdclient\.key/);
      const run = await runCommand('sh', ['-c', command], { cwd: etcdDir });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /\/registry\/namespaces\/kube-system/);
    };
    await Promise.all([readBack(), useKubeconfig(), useEtcd()]);

    // Delete, waiting until it is gone; a second delete has nothing to do.
    const deleted = await cli(['delete', 'cli1', '--wait', '--poll-interval', '0.2']);
    assert.equal(deleted.code, 0, shown(deleted));
    assert.match(deleted.stdout, /^\[0:\d\d\] Deleting cli1: Deleting/m);
    assert.match(deleted.stdout, /^Cluster cli1 Deleted in 0:\d\d\.$/m);
    assert.equal(json(await cli(['get', 'cli1', '-o', 'json'])).properties.provisioningState, 'Deleted');
    const again = await cli(['delete', 'cli1']);
    assert.equal(again.code, 0, shown(again));
    assert.match(again.stdout, /already deleted/);
  });

  test('each class of failure has its exit code, and -o json puts the API error envelope on stderr', async () => {
    stack.emulator.admin.addDeploymentFault({
      resourceGroup: 'aks-cosmos-cfail1',
      code: 'VMExtensionProvisioningError',
      message: 'VM has reported a failure when processing extension cse-master-0.',
    });
    // The operation failed: 7, with the final cluster on stdout and its error on stderr.
    const accepted = await cliWithToken(['create', 'cfail1', '-o', 'json']);
    assert.equal(accepted.code, 0, shown(accepted));
    assertMatchesContract('/clusters', 'post', 202, json(accepted));
    const failed = await cliWithToken(['wait', 'cfail1', '--poll-interval', '0.2', '-o', 'json']);
    assert.equal(failed.code, 7, shown(failed));
    const final = json(failed);
    assertMatchesContract('/clusters/{name}', 'get', 200, final);
    assert.equal(final.properties.provisioningState, 'Failed');
    assert.match(failed.stderr, /VMExtensionProvisioningError/);
    assert.match(failed.stderr, /\[0:\d\d\] {3}deploy Failed/, 'progress goes to stderr with -o json');

    const cases: Array<[string, string[], number, RegExp]> = [
      ['not found (404)', ['get', 'nosuch1'], 3, /ClusterNotFound|nosuch1/],
      ['bad input (400 from the API)', ['create', 'Bad_Name'], 2, /InvalidRequest|name/i],
      ['bad input (usage: no name)', ['create'], 2, /name is required/],
      ['bad input (usage: unknown flag)', ['get', 'x', '--bogus'], 2, /unknown option/],
      ['bad input (usage: not a number)', ['create', 'n1', '--master-count', 'many'], 2, /whole number/],
      ['conflict (409: nothing to cancel)', ['cancel', 'cfail1'], 4, /.+/],
      ['conflict (409: another spec for the name)', ['create', 'cfail1', '--master-count', '3'], 4, /ClusterConflict/],
      ['forbidden (403: a secret artifact)', ['artifacts', 'cfail1', 'apimodel.json', '--dir', workDir], 5, /ArtifactNotDownloadable/],
      ['unauthorized (401: a refused token)', ['--token', 'not.a.token', 'get', 'cfail1'], 5, /InvalidAuthenticationToken|malformed/],
      ['operation failed (waiting on a failed cluster)', ['wait', 'cfail1'], 7, /VMExtensionProvisioningError/],
    ];
    const results = await Promise.all(cases.map(([, args]) => cliWithToken(args)));
    cases.forEach(([what, , code, message], index) => {
      assert.equal(results[index].code, code, `${what}: ${shown(results[index])}`);
      assert.match(results[index].stderr + results[index].stdout, message, `${what}: ${shown(results[index])}`);
    });
    const unreachable = await cliWithToken(['--api', `http://127.0.0.1:${await freePort()}/api`, 'get', 'cfail1']);
    assert.equal(unreachable.code, 6, shown(unreachable));
    assert.match(unreachable.stderr, /Cannot reach the API at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);

    // With -o json, a 4xx is the API's own envelope on stderr, as the contract gives it.
    const [missing, invalid] = await Promise.all([
      cliWithToken(['get', 'nosuch1', '-o', 'json']),
      cliWithToken(['create', 'bad2', '--master-count', '2', '--agent-count', '0', '-o', 'json']),
    ]);
    assert.equal(missing.code, 3, shown(missing));
    assert.equal(missing.stdout, '');
    assertMatchesContract('/clusters/{name}', 'get', 404, JSON.parse(missing.stderr));
    assert.equal(invalid.code, 2, shown(invalid));
    const envelope = JSON.parse(invalid.stderr);
    assertMatchesContract('/clusters', 'post', 400, envelope);
    assert.ok(envelope.error.details.length >= 2, invalid.stderr);
    assert.ok(envelope.error.details.every((detail: any) => typeof detail.target === 'string'));

    // The fault was for one deployment: a retry runs the operation again and the cluster comes up.
    const retried = await cliWithToken(['retry', 'cfail1', '-o', 'json']);
    assert.equal(retried.code, 0, shown(retried));
    assertMatchesContract('/clusters/{name}/retry', 'post', 202, json(retried));
    const recovered = await cliWithToken(['wait', 'cfail1', '--poll-interval', '0.2', '-o', 'json']);
    assert.equal(recovered.code, 0, shown(recovered));
    assert.equal(json(recovered).properties.provisioningState, 'Succeeded');
  });

  test('on a terminal, --wait redraws the steps and the percent in place; Ctrl-C stops waiting, not the operation', async () => {
    // The create in a pseudo-terminal, interrupted with Ctrl-C (the terminal's own ^C) once it is provisioning.
    const created = startInTerminal(['create', 'pty1', '--wait', '--poll-interval', '0.2'], withToken());
    await created.waitForScreen(/Creating pty1 {2}Provisioning/);
    created.type('\x03');
    const interrupted = await created.done;
    assert.equal(interrupted.code, 130, interrupted.screen);
    assert.match(interrupted.screen, /nothing was canceled/);
    assert.match(interrupted.screen, /Resume with: aks-cosmos wait pty1/);

    // The operation went on: a wait that gives up at once says so with 8, then a wait in a terminal sees it through.
    const timedOut = await cliWithToken(['wait', 'pty1', '--timeout', '0.1', '--poll-interval', '0.05']);
    assert.equal(timedOut.code, 8, shown(timedOut));
    assert.match(timedOut.stderr, /did not reach the expected state within/);
    const resumed = await startInTerminal(['wait', 'pty1', '--poll-interval', '0.2'], withToken()).done;
    assert.equal(resumed.code, 0, resumed.screen);

    const screen = interrupted.screen + resumed.screen;
    assert.ok(screen.includes(`${esc}[1A`), 'the cursor moves up to redraw');
    assert.ok(screen.includes(`${esc}[2K`), 'lines are erased before they are redrawn');
    // Frames: each begins with the title line; the percent and the steps change from frame to frame.
    const frames = stripVTControlCharacters(screen).split(/(?=Creating pty1 {2})/);
    const percents = new Set(frames.map((frame) => frame.match(/^Creating pty1 {2}\w+ {2}[█░]+ +(\d+)%/)?.[1]).filter(Boolean));
    assert.ok(percents.size >= 3, `the percent was redrawn (${[...percents].join(', ')})`);
    assert.ok(percents.has('100'));
    assert.ok(
      frames.some((frame) => / (deploy|generate) +Running/.test(frame)),
      'a frame shows a step running',
    );
    const last = frames[frames.length - 1];
    for (const step of ['registerProviders', 'resourceGroup', 'servicePrincipal', 'generate', 'deploy', 'verify']) {
      assert.match(last, new RegExp(`✔ ${step} +Succeeded +\\d+ attempts?`), last);
    }
    assert.match(last, /100% {2}\d+:\d\d/, 'elapsed time');
    assert.match(resumed.screen, /Cluster pty1 Succeeded in /);
    const operations = json(await cliWithToken(['operations', 'pty1', '-o', 'json'])).value;
    assert.deepEqual(
      operations.map((operation: any) => [operation.kind, operation.status]),
      [['create', 'Succeeded']],
      'one create, never canceled',
    );
  });
});

/** Runs the CLI in a pseudo-terminal of 40 rows and 150 columns (script(1); -e passes the exit code on). */
function startInTerminal(args: string[], extra: NodeJS.ProcessEnv) {
  assert.ok(
    args.every((arg) => /^[\w.=:/-]+$/.test(arg)),
    'arguments need no quoting',
  );
  const command = `stty rows 40 cols 150; exec '${nodeBinary}' '${cliEntry}' ${args.join(' ')}`;
  const child = spawn('script', ['-qefc', command, '/dev/null'], { env: cliEnvironment(extra), stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  const seen = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString('utf8');
    seen.forEach((check) => check());
  });
  const done = new Promise<{ code: number | null; screen: string }>((resolve) => child.on('close', (code) => resolve({ code, screen })));
  return {
    done,
    type: (keys: string) => child.stdin.write(keys),
    waitForScreen: (pattern: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(stripVTControlCharacters(screen))) return;
          seen.delete(check);
          resolve();
        };
        seen.add(check);
        void done.then(() => reject(new Error(`the terminal closed before ${pattern}:\n${stripVTControlCharacters(screen)}`)));
        check();
      }),
  };
}

function otherKubeconfig(): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'other', cluster: { server: 'https://127.0.0.1:1' } }],
    users: [{ name: 'other-admin', user: { token: 'x' } }],
    contexts: [{ name: 'other', context: { cluster: 'other', user: 'other-admin' } }],
    'current-context': 'other',
  });
}
