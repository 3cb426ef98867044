// The tool check that `npm test` and `npm start` run first: on a PATH without etcd, etcdctl or kubectl it
// installs Debian's packages when it can, and otherwise stops with the exact command to run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { repoRoot } from '../../support/process';

const script = path.join(repoRoot, 'dist', 'local', 'stack', 'ensure-tools.js');
let bin: string;

function write(name: string, body: string): void {
  fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
}

/** A stand-in apt-get that records its calls and "installs" a package by putting its command on PATH. */
function fakeAptGet(options: { fail?: boolean } = {}): void {
  const commands: Record<string, string> = { 'etcd-server': 'etcd', 'etcd-client': 'etcdctl', 'kubernetes-client': 'kubectl' };
  const cases = Object.entries(commands)
    .map(([pkg, command]) => `    ${pkg}) printf '#!/bin/sh\\nexit 0\\n' > "${bin}/${command}"; /bin/chmod +x "${bin}/${command}";;`)
    .join('\n');
  write(
    'apt-get',
    [
      `echo "$*" >> "${bin}/apt.log"`,
      options.fail ? 'echo "E: Unable to locate package" >&2; exit 100' : '',
      'if [ "$1" = install ]; then for pkg in "$@"; do case "$pkg" in',
      cases,
      '  esac; done; fi',
      'exit 0',
    ].join('\n'),
  );
  // Passwordless sudo for non-root runs of this test: run the command as given.
  write('sudo', '[ "$1" = -n ] && shift; exec "$@"');
  fs.symlinkSync('/bin/true', path.join(bin, 'true'));
}

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [script, ...args], { env: { PATH: bin, ...env }, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const aptLog = () => fs.readFileSync(path.join(bin, 'apt.log'), 'utf8').trim().split('\n');

describe('ensure-tools', () => {
  beforeEach(() => {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'tools-bin-'));
  });
  afterEach(() => fs.rmSync(bin, { recursive: true, force: true }));

  test('without apt-get it stops at once with the exact install command', () => {
    const answer = run([]);
    assert.equal(answer.status, 1);
    assert.match(answer.output, /Missing: etcd .*etcdctl .*kubectl/);
    assert.ok(
      answer.output.includes('sudo apt-get update && sudo apt-get install -y etcd-server etcd-client kubernetes-client'),
      answer.output,
    );
  });

  test('with --no-install (or AKS_COSMOS_INSTALL_TOOLS=never) nothing is installed even where apt-get works', () => {
    fakeAptGet();
    assert.equal(run(['--no-install']).status, 1);
    assert.equal(run([], { AKS_COSMOS_INSTALL_TOOLS: 'never' }).status, 1);
    assert.equal(fs.existsSync(path.join(bin, 'apt.log')), false);
  });

  test('installs the missing packages with apt-get, says so, and then finds the tools', () => {
    fakeAptGet();
    const answer = run([]);
    assert.equal(answer.status, 0, answer.output);
    assert.match(answer.output, /Installing the Debian packages etcd-server, etcd-client, kubernetes-client/);
    assert.deepEqual(aptLog(), ['update -qq', 'install -y -qq etcd-server etcd-client kubernetes-client']);
    assert.match(answer.output, /Installed: etcd \(.*\/etcd\), etcdctl/);
    assert.equal(run([]).status, 0);
    assert.equal(aptLog().length, 2, 'a second run finds everything and installs nothing');
  });

  test('installs only what is missing, and only the tools asked for', () => {
    fakeAptGet();
    write('kubectl', 'exit 0');
    assert.equal(run(['etcd']).status, 0);
    assert.deepEqual(aptLog(), ['update -qq', 'install -y -qq etcd-server']);
    assert.equal(run(['etcdctl', 'kubectl']).status, 0);
    assert.deepEqual(aptLog().slice(2), ['update -qq', 'install -y -qq etcd-client']);
  });

  test('a failed install names the packages still missing', () => {
    fakeAptGet({ fail: true });
    const answer = run(['kubectl']);
    assert.equal(answer.status, 1);
    assert.match(answer.output, /Installing failed:\nE: Unable to locate package/);
    assert.ok(answer.output.includes('sudo apt-get install -y kubernetes-client'), answer.output);
  });
});
