// The container image recipe: pinned base image, verified aks-engine download, multi-stage build that
// ships only what runs, a non-root user, and a build context without secrets or local data.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';

import { repoRoot } from '../support/process';
import { copies, parseDockerfile, resolvedImage, stageByName, stageEnv, type Dockerfile, type Stage } from './support/dockerfile';
import { contextFiles, isExcluded, parseDockerignore } from './support/dockerignore';

const dockerfile: Dockerfile = parseDockerfile(fs.readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8'));
const ignore = parseDockerignore(fs.readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8'));
const finalStage = dockerfile.stages[dockerfile.stages.length - 1]!;

const releaseUrl = 'https://github.com/Azure/aks-engine/releases/download/v0.32.3/aks-engine-v0.32.3-linux-amd64.tar.gz';
// Published SHA-256 of that archive (Azure/aks-engine docs/community/releases.md, the v0.32.3 release).
const publishedSha256 = '19de96befe656c432fbde71c582fb3f9de8ab9abc681f1607852c4fc4a0bcb99';

function stage(name: string): Stage {
  const found = stageByName(dockerfile, name);
  assert.ok(found, `the Dockerfile has a stage named ${name}`);
  return found;
}

function runs(s: Stage): string[] {
  return s.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
}

describe('Dockerfile', () => {
  test('every stage starts from the official Functions Node 22 image, pinned to one build', () => {
    const external = dockerfile.stages.filter((s) => !dockerfile.stages.some((other) => other.name === s.image.toLowerCase()));
    assert.ok(external.length > 0);
    for (const s of external) {
      const image = resolvedImage(dockerfile, s);
      const [repository, reference] = image.includes('@') ? image.split('@') : [image.replace(/:[^:/]+$/, ''), image.match(/:([^:/]+)$/)?.[1]];
      assert.equal(repository?.replace(/:[^:/]+$/, ''), 'mcr.microsoft.com/azure-functions/node', `stage ${s.name ?? s.index}: ${image}`);
      assert.ok(reference, `stage ${s.name ?? s.index}: ${image} names a tag or digest`);
      assert.notEqual(reference, 'latest', `${image} must not float on latest`);
      if (image.includes('@')) {
        assert.match(reference, /^sha256:[0-9a-f]{64}$/, `${image}: digest`);
      } else {
        // a specific build (<host version>-<image build>-node22), not the floating 4-node22
        assert.match(reference, /^\d+\.\d+\.\d+(?:\.\d+)?(?:-\d+)?-node22$/, `${image}: tag names one build of the node22 image`);
      }
      const why = 'the only platform of the base image and of aks-engine';
      assert.equal(s.platform, 'linux/amd64', `stage ${s.name ?? s.index} builds for linux/amd64, ${why}`);
    }
  });

  test('is a multi-stage build: TypeScript compiled in a build stage, production dependencies in their own', () => {
    assert.ok(dockerfile.stages.length >= 3, 'at least a build stage, a dependency stage and the runtime stage');
    const build = stage('build');
    const buildRuns = runs(build).join('\n');
    assert.match(buildRuns, /\bnpm ci\b/);
    assert.match(buildRuns, /\bnpm run build\b/);
    const prodDeps = dockerfile.stages.find((s) => s !== finalStage && runs(s).some((r) => /npm ci\b.*--omit=dev|npm prune\b.*--omit=dev/.test(r)));
    assert.ok(prodDeps, 'a stage installs production dependencies only (npm ci --omit=dev)');
    assert.notEqual(finalStage, build);
    const fromStages = new Set(copies(finalStage).map((c) => c.from).filter(Boolean));
    assert.ok(fromStages.has('build'), 'the runtime stage copies the compiled app from the build stage');
    const nodeModules = copies(finalStage).filter((c) => c.sources.some((s) => s.endsWith('node_modules')));
    assert.equal(nodeModules.length, 1, 'node_modules is copied once');
    assert.equal(nodeModules[0]!.from, prodDeps.name, 'node_modules comes from the production-only stage, not from the build stage');
    assert.equal(runs(finalStage).some((r) => /\bnpm\b/.test(r)), false, 'nothing is installed with npm in the runtime stage');
  });

  test('the runtime stage copies only what runs', () => {
    const allowed = new Map([
      ['build', ['/build/host.json', '/build/package.json', '/build/openapi.yaml', '/build/dist/app', '/build/dist/openapi.json']],
      [stageByName(dockerfile, 'prod-deps')?.name ?? 'prod-deps', ['/build/node_modules']],
      ['aks-engine', ['/usr/local/bin/aks-engine']],
    ]);
    const copied: string[] = [];
    for (const c of copies(finalStage)) {
      assert.ok(c.from, `line ${c.line}: the runtime stage copies from stages only, never straight from the build context`);
      for (const source of c.sources) {
        assert.ok(allowed.get(c.from)?.includes(source), `line ${c.line}: ${c.from}:${source} is not on the list of what runs`);
        copied.push(source);
      }
    }
    const built = ['/build/dist/app', '/build/dist/openapi.json', '/build/host.json', '/build/package.json', '/build/openapi.yaml', '/build/node_modules'];
    for (const needed of [...built, '/usr/local/bin/aks-engine']) {
      assert.ok(copied.includes(needed), `the runtime stage copies ${needed}`);
    }
    const workdirs = finalStage.instructions.filter((i) => i.keyword === 'WORKDIR').map((i) => i.args);
    assert.equal(workdirs[workdirs.length - 1], '/home/site/wwwroot', 'the app lands in the Functions script root');
    assert.equal(stageEnv(finalStage, dockerfile.globalArgs).get('AzureWebJobsScriptRoot'), '/home/site/wwwroot');
  });

  test('aks-engine v0.32.3 comes from its release archive, with a pinned SHA-256 that the build verifies before extracting', () => {
    const shaArg = dockerfile.globalArgInstructions.find((i) => i.args.startsWith('AKS_ENGINE_SHA256='));
    assert.ok(shaArg, 'AKS_ENGINE_SHA256 is a build argument');
    assert.equal(dockerfile.globalArgs.get('AKS_ENGINE_SHA256'), publishedSha256);
    const comment = shaArg.comments.join('\n');
    assert.match(comment, /releases\.md|release/i, 'the comment says where the checksum comes from');
    assert.match(comment, /curl .*\| sha256sum/, 'the comment says how to compute it');
    assert.equal(dockerfile.globalArgs.get('AKS_ENGINE_VERSION'), 'v0.32.3');

    const download = stage('aks-engine');
    assert.equal(download.args.get('AKS_ENGINE_URL'), releaseUrl);
    assert.ok(download.args.has('AKS_ENGINE_SHA256'), 'the stage declares the ARG so its value reaches RUN');
    const script = runs(download).find((r) => r.includes('sha256sum'));
    assert.ok(script, 'a RUN of the aks-engine stage runs sha256sum');
    const verify = script.indexOf('sha256sum -c');
    assert.ok(verify > 0, 'sha256sum -c checks the archive');
    assert.ok(verify < script.indexOf('tar '), 'the checksum is verified before the archive is extracted');
    assert.ok(script.indexOf('curl') < verify);
    assert.match(script, /^set -eu;/, 'the script stops at the first failure');
  });

  test('the verification really fails the build on a wrong or missing checksum (the RUN script, run here with a fake download)', () => {
    const download = stage('aks-engine');
    const script = runs(download).find((r) => r.includes('sha256sum'))!;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-engine-run-'));
    try {
      // an archive laid out like the release: aks-engine-v0.32.3-linux-amd64/aks-engine
      const tree = path.join(work, 'tree', 'aks-engine-v0.32.3-linux-amd64');
      fs.mkdirSync(tree, { recursive: true });
      fs.writeFileSync(path.join(tree, 'aks-engine'), '#!/bin/sh\necho "Version: v0.32.3"\necho "GitCommit: 21ff4bd68"\n', { mode: 0o755 });
      const archive = path.join(work, 'aks-engine.tar.gz');
      const tarArgs = ['-czf', archive, '-C', path.join(work, 'tree'), 'aks-engine-v0.32.3-linux-amd64'];
      const tar = spawnSync('tar', tarArgs, { encoding: 'utf8' });
      assert.equal(tar.status, 0, tar.stderr);
      const goodSha = createHash('sha256').update(fs.readFileSync(archive)).digest('hex');
      // curl stand-in: copies the file named by a file:// URL to --output, and leaves a trace
      const bin = path.join(work, 'bin');
      fs.mkdirSync(bin);
      fs.writeFileSync(
        path.join(bin, 'curl'),
        [
          '#!/bin/sh',
          'out=""; url=""',
          'while [ $# -gt 0 ]; do case "$1" in ' +
            '--output|-o) out="$2"; shift 2;; --retry) shift 2;; -*) shift;; *) url="$1"; shift;; ' +
            'esac; done',
          `echo "$url" >> "${path.join(work, 'curl.log')}"`,
          'cp "${url#file://}" "$out"',
        ].join('\n'),
        { mode: 0o755 },
      );
      const run = (sha: string, install: string) =>
        spawnSync('sh', ['-c', script], {
          encoding: 'utf8',
          env: {
            PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
            AKS_ENGINE_VERSION: dockerfile.globalArgs.get('AKS_ENGINE_VERSION')!,
            AKS_ENGINE_SHA256: sha,
            AKS_ENGINE_URL: `file://${archive}`,
            AKS_ENGINE_INSTALL_DIR: install,
            // mktemp's folder, which the script leaves when it fails, stays in this test's own folder.
            TMPDIR: work,
          },
        });

      const ok = run(goodSha, path.join(work, 'ok'));
      assert.equal(ok.status, 0, ok.stdout + ok.stderr);
      const installed = path.join(work, 'ok', 'aks-engine');
      assert.ok(fs.existsSync(installed));
      assert.ok((fs.statSync(installed).mode & 0o111) !== 0, 'installed executable');

      const tampered = run(goodSha.replace(/^./, (c) => (c === '0' ? '1' : '0')), path.join(work, 'mismatch'));
      assert.notEqual(tampered.status, 0, 'a checksum mismatch fails the build');
      assert.match(tampered.stdout + tampered.stderr, /FAILED/);
      assert.equal(fs.existsSync(path.join(work, 'mismatch')), false, 'nothing is installed after a mismatch');

      fs.rmSync(path.join(work, 'curl.log'), { force: true });
      for (const placeholder of ['', 'REPLACE_WITH_THE_SHA256_OF_THE_ARCHIVE', goodSha.toUpperCase(), goodSha.slice(1)]) {
        const result = run(placeholder, path.join(work, 'placeholder'));
        assert.notEqual(result.status, 0, `AKS_ENGINE_SHA256=${JSON.stringify(placeholder)} fails the build`);
        assert.match(result.stderr, /AKS_ENGINE_SHA256/);
      }
      assert.equal(fs.existsSync(path.join(work, 'curl.log')), false, 'with no usable checksum nothing is downloaded');
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  test('aks-engine is on the PATH and AKS_ENGINE_PATH names it', () => {
    const download = stage('aks-engine');
    const installed = `${download.args.get('AKS_ENGINE_INSTALL_DIR')}/aks-engine`;
    const env = stageEnv(finalStage, dockerfile.globalArgs);
    assert.equal(env.get('AKS_ENGINE_PATH'), installed);
    const copy = copies(finalStage).find((c) => c.from === 'aks-engine');
    assert.deepEqual(copy?.sources, [installed]);
    assert.equal(copy?.destination, installed);
    assert.ok(['/usr/local/bin', '/usr/bin'].includes(path.posix.dirname(installed)), 'the directory is on the default PATH');
    assert.equal(env.has('PATH'), false, 'PATH is left as the base image sets it');
  });

  test('runs as an ordinary user on a port above 1024', () => {
    const users = finalStage.instructions.filter((i) => i.keyword === 'USER').map((i) => i.args);
    assert.ok(users.length > 0, 'the runtime stage sets USER');
    const user = users[users.length - 1]!.split(':')[0]!;
    assert.ok(!['root', '0'].includes(user), `USER ${user} is not root`);
    const creates = runs(finalStage).join('\n');
    const uid = new RegExp(`useradd[^&;]*--uid (\\d+)[^&;]*\\b${user}\\b`).exec(creates);
    assert.ok(uid, `the runtime stage creates the user ${user}`);
    assert.notEqual(Number(uid[1]), 0);
    const lastUser = finalStage.instructions.map((i) => i.keyword).lastIndexOf('USER');
    assert.equal(finalStage.instructions.slice(lastUser).some((i) => i.keyword === 'RUN'), false, 'nothing runs as root after USER');
    const urls = stageEnv(finalStage, dockerfile.globalArgs).get('ASPNETCORE_URLS');
    const port = Number(/:(\d+)$/.exec(urls ?? '')?.[1]);
    assert.ok(port > 1024, `the host listens on ${urls}, a port an ordinary user may bind`);
    const expose = finalStage.instructions.filter((i) => i.keyword === 'EXPOSE').map((i) => Number(i.args));
    assert.deepEqual(expose, [port]);
  });

  test('production dependencies need no install scripts (so the dependency stage can use --ignore-scripts)', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean; devOptional?: boolean; hasInstallScript?: boolean }>;
    };
    const withScripts = Object.entries(lock.packages)
      .filter(([name, p]) => name !== '' && !p.dev && p.hasInstallScript)
      .map(([name]) => name);
    assert.deepEqual(withScripts, []);
  });
});

describe('.dockerignore', () => {
  test('keeps secrets, local data, tests, the local stack and build output out of the build context', () => {
    const mustBeExcluded = [
      'local.settings.json',
      'test/apps/durable-sample/local.settings.json',
      'src/functions/local.settings.json',
      'ca.pem',
      'certs/apiserver.pem',
      'client.key',
      'src/secrets/etcdclient.key',
      '_output/apimodel.json',
      '_output/kubeconfig/kubeconfig.centralus.json',
      'tmp/_output/azureuser_rsa',
      'azureuser_rsa',
      '.env',
      '.azure/dev/.env',
      '.local/host/history.json',
      'src/.local/state.json',
      'test/infra/dockerfile.test.ts',
      'test/support/process.ts',
      'bench/host.bench.ts',
      'local/host/host.ts',
      'local/aks-engine/bin/aks-engine',
      'node_modules/@azure/functions/package.json',
      'src/node_modules/x/index.js',
      'dist/src/functions/clusters.js',
      '.git/config',
      'infra/main.bicep',
    ];
    for (const file of mustBeExcluded) assert.ok(isExcluded(ignore, file), `${file} is excluded`);
  });

  test('keeps what the image build needs, including every path the Dockerfile copies from the context', () => {
    const contextSources = dockerfile.stages.flatMap((s) => copies(s).filter((c) => !c.from).flatMap((c) => c.sources));
    assert.ok(contextSources.length > 0);
    for (const file of [...contextSources, 'src/config/settings.ts', 'src/functions/clusters.ts']) {
      assert.equal(isExcluded(ignore, file), false, `${file} is in the build context`);
    }
  });

  test('files the Dockerfile copies from the build context exist in the repository', () => {
    const contextSources = dockerfile.stages.flatMap((s) => copies(s).filter((c) => !c.from).flatMap((c) => c.sources));
    const missing = contextSources.filter((source) => !fs.existsSync(path.join(repoRoot, source)));
    assert.deepEqual(missing, []);
  });

  test('the real build context of this repository holds no secret-looking file and nothing from test/, local/, bench/, dist/', () => {
    const files = contextFiles(repoRoot, ignore);
    assert.ok(files.includes('package.json'));
    const offending = files.filter(
      (f) =>
        /(^|\/)(local\.settings\.json|_output|\.local|node_modules)(\/|$)/.test(f) ||
        /\.(pem|key|pfx|p12)$/.test(f) ||
        /_rsa$/.test(f) ||
        /^(test|local|bench|dist|\.git)\//.test(f),
    );
    assert.deepEqual(offending, []);
  });
});
