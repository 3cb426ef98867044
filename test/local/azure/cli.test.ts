// The emulator as a separate process (npm run azure-emulator): it prints its URLs and CA file, serves the
// SDK clients, is trusted by a Node process through NODE_EXTRA_CA_CERTS, and stops cleanly on SIGTERM; with
// --jwks-uri it verifies tokens with an identity's published keys.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { freePort, nodeBinary, repoRoot, startProcess, type StartedProcess } from '../../support/process';
import { AzureEmulatorAdminClient } from '../../../local/azure';
import { startLocalIdentity, type LocalIdentity } from '../../../local/identity';
import { armCall, resourceClient, trustCaForFetch } from '../../support/azure-emulator';

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

describe('azure-emulator CLI with --jwks-uri', () => {
  let processHandle: StartedProcess;
  let identity: LocalIdentity;
  let identityDir: string;
  let armEndpoint: string;

  before(async () => {
    identityDir = mkdtempSync(path.join(tmpdir(), 'azure-emulator-cli-identity-'));
    identity = await startLocalIdentity({ dataDir: identityDir });
    const args = ['--jwks-uri', identity.jwksUri, '--jwks-ca-file', identity.caFile!, '--issuer', identity.issuer];
    args.push('--authority-host', identity.authorityHost, '--tenant-id', identity.tenantId);
    processHandle = await startProcess(nodeBinary, [path.join(repoRoot, 'dist/local/azure/cli.js'), ...args], {
      readyPattern: /^Ready\.$/m,
    });
    armEndpoint = /^ARM endpoint: (.+)$/m.exec(processHandle.output())![1]!;
    trustCaForFetch(readFileSync(/^CA file: (.+)$/m.exec(processHandle.output())![1]!, 'utf8'));
  });
  after(async () => {
    await processHandle?.stop();
    await identity?.close();
    rmSync(identityDir, { recursive: true, force: true });
  });

  it("verifies tokens with the keys fetched from the identity's jwks_uri", async () => {
    assert.match(processHandle.output(), new RegExp(`^Tokens: verified with the keys at ${identity.jwksUri}$`, 'm'));
    const list = (token: string) =>
      armCall({ armEndpoint } as never, 'GET', `/subscriptions/${identity.tenantId}/resourcegroups?api-version=2025-04-01`, { token });
    assert.equal((await list(identity.issueToken('viewer', { resource: 'https://management.azure.com' }))).status, 200);
    const refused = await list(identity.issueToken('viewer'));
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error.code, 'InvalidAuthenticationTokenAudience');
    assert.match(
      refused.headers.get('www-authenticate') ?? '',
      new RegExp(`authorization_uri="${identity.authorityHost}/${identity.tenantId}"`),
    );
  });
});
