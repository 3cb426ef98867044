// The app as the container image holds it: the files the Dockerfile's runtime stage copies (the bundle, the contract
// and its JSON copy, host.json, package.json) and nothing of the compiled tree. The host loads it from package.json's
// main and serves the contract, which the bundle finds from the app root.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { makeTempDir, removeDir, startFunctionsHost } from '../support/functions-host';
import { repoRoot } from '../support/process';

test('the image layout, without dist/src, starts in the host and serves its contract', async () => {
  const appDir = makeTempDir('image-layout');
  try {
    for (const file of ['host.json', 'package.json', 'openapi.yaml']) fs.copyFileSync(path.join(repoRoot, file), path.join(appDir, file));
    fs.mkdirSync(path.join(appDir, 'dist'));
    fs.cpSync(path.join(repoRoot, 'dist', 'app'), path.join(appDir, 'dist', 'app'), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, 'dist', 'openapi.json'), path.join(appDir, 'dist', 'openapi.json'));
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(appDir, 'node_modules'));
    const sample = JSON.parse(fs.readFileSync(path.join(repoRoot, 'local.settings.sample.json'), 'utf8')) as { Values: object };
    const values = { ...sample.Values, AUTH_TENANT_ID: '72f988bf-0000-4000-8000-00000000e1a0', AUTH_AUDIENCE: 'api://aks-cosmos-provisioner' };
    fs.writeFileSync(path.join(appDir, 'local.settings.json'), JSON.stringify({ IsEncrypted: false, Values: values }));
    assert.equal(fs.existsSync(path.join(appDir, 'dist', 'src')), false);

    const host = await startFunctionsHost({ appDir });
    try {
      const contract = await fetch(`${host.baseUrl}/api/openapi.yaml`);
      assert.equal(contract.status, 200, host.output());
      assert.equal(await contract.text(), fs.readFileSync(path.join(repoRoot, 'openapi.yaml'), 'utf8'));
      for (const route of ['api/clusters', 'api/clusters/{name}/kubeconfig']) assert.match(host.output(), new RegExp(route.replace(/[{}]/g, '\\$&')));
    } finally {
      await host.stop();
    }
  } finally {
    removeDir(appDir);
  }
});
