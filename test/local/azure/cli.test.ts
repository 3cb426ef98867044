// The emulator as a separate process (npm run azure-emulator): it prints its URLs and CA file, serves the
// SDK clients, is trusted by a Node process through NODE_EXTRA_CA_CERTS, and stops cleanly on SIGTERM.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { freePort, nodeBinary, repoRoot, startProcess, type StartedProcess } from '../../support/process';
import { AzureEmulatorAdminClient } from '../../../local/azure';
import { resourceClient } from '../../support/azure-emulator';

const run = promisify(execFile);

describe('azure-emulator CLI', () => {
  let processHandle: StartedProcess;
  let dataDir: string;
  let port: number;
  const printed: Record<string, string> = {};

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'azure-emulator-cli-'));
    port = await freePort();
    processHandle = await startProcess(
      nodeBinary,
      [path.join(repoRoot, 'dist/local/azure/cli.js'), '--port', String(port), '--data-dir', dataDir],
      { readyPattern: /^Ready\.$/m },
    );
    for (const [, label, value] of processHandle
      .output()
      .matchAll(/^(ARM endpoint|Graph endpoint|Admin endpoint|CA file|Tenant id): (.+)$/gm))
      printed[label!] = value!;
  });
  after(async () => {
    await processHandle?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints one line per endpoint and the CA file path', () => {
    assert.equal(printed['ARM endpoint'], `https://127.0.0.1:${port}`);
    assert.equal(printed['Graph endpoint'], `https://127.0.0.1:${port}/graph`);
    assert.equal(printed['Admin endpoint'], `https://127.0.0.1:${port}/_admin`);
    assert.equal(printed['CA file'], path.join(dataDir, 'ca.pem'));
    assert.match(readFileSync(printed['CA file']!, 'utf8'), /^-----BEGIN CERTIFICATE-----/);
  });

  it('serves the SDK clients, trusting the CA read from the printed file', async () => {
    const emulator = {
      armEndpoint: printed['ARM endpoint']!,
      graphEndpoint: printed['Graph endpoint']!,
      adminEndpoint: printed['Admin endpoint']!,
      caPem: readFileSync(printed['CA file']!, 'utf8'),
    };
    const client = resourceClient(emulator, '66666666-2222-3333-4444-555555555555');
    const group = await client.resourceGroups.createOrUpdate('rg-cli', { location: 'centralus' });
    assert.equal(group.properties?.provisioningState, 'Succeeded');
  });

  it('is controlled from another process with the admin client built from its data dir', async () => {
    const admin = AzureEmulatorAdminClient.fromDataDir(dataDir);
    const state = await admin.state();
    assert.deepEqual(
      state.resourceGroups.map((group) => group.name),
      ['rg-cli'],
    );
    assert.equal((await admin.calls()).calls['PUT resourceGroups'], 1);
    await admin.setDeploymentOutputs({ resourceGroup: 'rg-cli', outputs: { masterFQDN: '127.0.0.1' } });
    const rule = await admin.addFault({ operation: 'GET resourceGroups', status: 503, retryAfterSeconds: 0 });
    assert.equal(rule.remaining, 1);
    await assert.rejects(admin.setTiming({ profile: 'bogus' as never }), /profile must be/);
    await admin.reset();
    assert.deepEqual((await admin.state()).resourceGroups, []);
  });

  it('is trusted by another Node process through NODE_EXTRA_CA_CERTS', async () => {
    const script = `fetch(process.argv[1] + '/health').then(r => r.json()).then(b => console.log(JSON.stringify(b)))`;
    const { stdout } = await run(nodeBinary, ['-e', script, printed['Admin endpoint']!], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: printed['CA file']! },
    });
    assert.deepEqual(JSON.parse(stdout), { status: 'ok' });
    await assert.rejects(
      run(
        nodeBinary,
        ['-e', `fetch(process.argv[1] + '/health').then(() => process.exit(0), () => process.exit(3))`, printed['Admin endpoint']!],
        { env: { ...process.env, NODE_EXTRA_CA_CERTS: '' } },
      ),
      (error: any) => error.code === 3,
    );
  });

  it('stops on SIGTERM with exit code 0', async () => {
    await processHandle.stop();
    assert.equal(processHandle.child.exitCode, 0);
    assert.match(processHandle.output(), /Stopping on SIGTERM\./);
  });
});
