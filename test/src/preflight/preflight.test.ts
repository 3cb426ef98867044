// The preflight: POST /clusters?validateOnly=true answers the findings and creates nothing; a create runs the
// same checks first and refuses a doomed cluster before anything exists. Each check fails on its own, through
// state set in the Azure emulator, and afterwards the emulator has seen no write at all.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { assertMatchesContract } from '../../support/contract';
import { call, startTestStack, waitForState } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
const key = sshRsaPublicKey();
const spec = (name: string, extra: Record<string, unknown> = {}) => ({ name, linuxProfile: { sshPublicKey: key }, ...extra });

const writes = () =>
  Object.entries(stack.emulator.admin.state().calls)
    .filter(([name]) => /^(PUT|POST|DELETE|PATCH) /.test(name))
    .reduce((sum, [, count]) => sum + Number(count), 0);

async function validate(body: unknown) {
  const answer = await call('POST', `${stack.apiBaseUrl}/clusters?validateOnly=true`, { body });
  assert.equal(answer.status, 200, answer.text);
  assertMatchesContract('/clusters', 'post', 200, answer.json());
  return answer.json() as { valid: boolean; findings: Array<{ severity: string; code: string; target?: string; message: string }> };
}

/** The check fails on validateOnly and on create (with the given status), and nothing is written to Azure. */
async function assertRefused(body: { name: string }, code: string, status: number, target?: string) {
  const before = writes();
  const result = await validate(body);
  assert.equal(result.valid, false, JSON.stringify(result));
  const finding = result.findings.find((candidate) => candidate.code === code);
  assert.ok(finding, `${code} expected in ${JSON.stringify(result.findings)}`);
  assert.equal(finding.severity, 'error');
  if (target) assert.equal(finding.target, target);
  const created = await call('POST', `${stack.apiBaseUrl}/clusters`, { body });
  assert.equal(created.status, status, created.text);
  assert.equal(created.json().error.code, 'PreflightFailed');
  assert.ok(created.json().error.details.some((detail: any) => detail.code === code));
  assert.equal((await call('GET', `${stack.apiBaseUrl}/clusters/${body.name}`)).status, 404, 'no record');
  assert.equal(writes(), before, 'no write reached Azure');
}

before(async () => {
  stack = await startTestStack();
});
after(async () => stack?.stop());

describe('preflight', () => {
  test('a clean spec passes with no error, and validateOnly creates nothing', async () => {
    const before = writes();
    const result = await validate(spec('clean1'));
    assert.equal(result.valid, true, JSON.stringify(result.findings));
    assert.deepEqual(
      result.findings.filter((finding) => finding.severity === 'error'),
      [],
    );
    assert.equal((await call('GET', `${stack.apiBaseUrl}/clusters/clean1`)).status, 404);
    assert.equal(writes(), before);
  });

  test('a Cosmos DB account name taken worldwide', async () => {
    stack.emulator.admin.takeCosmosAccountName('taken1k8s');
    await assertRefused(spec('taken1'), 'CosmosAccountNameTaken', 409, 'name');
  });

  test('a DNS label taken in the location', async () => {
    stack.emulator.admin.takeDnsLabel('centralus', 'dns1');
    await assertRefused(spec('dns1'), 'DnsNameNotAvailable', 409, 'name');
  });

  test('no vCPU quota left for the VM family', async () => {
    stack.emulator.admin.setComputeQuota('centralus', 'standardDv3Family', { limit: 10, used: 8 });
    try {
      await assertRefused(spec('quota1'), 'InsufficientVcpuQuota', 400, 'quota.standardDv3Family');
    } finally {
      stack.emulator.admin.setComputeQuota('centralus', 'standardDv3Family', { limit: 100, used: 0 });
    }
  });

  test('a VM size restricted for the subscription, or not offered in the location', async () => {
    stack.emulator.admin.restrictVmSize('centralus', 'Standard_D4_v3');
    stack.emulator.admin.removeVmSize('centralus', 'Standard_F8s_v2');
    await assertRefused(
      spec('size1', { agentPoolProfiles: [{ name: 'agent', vmSize: 'Standard_D4_v3' }] }),
      'VmSizeRestricted',
      400,
      'agentPoolProfiles[0].vmSize',
    );
    await assertRefused(spec('size2', { masterProfile: { vmSize: 'Standard_F8s_v2' } }), 'VmSizeNotAvailable', 400, 'masterProfile.vmSize');
  });

  test('a provider the app may not register, and permissions the app lacks', async () => {
    const app = stack.identity.managedIdentity!.objectId;
    stack.emulator.admin.setProviderState({
      subscriptionId: stack.settings.AZURE_SUBSCRIPTION_ID!,
      namespace: 'Microsoft.DocumentDB',
      registrationState: 'NotRegistered',
    });
    stack.emulator.admin.setPermissions(app, [{ actions: ['*'], notActions: ['Microsoft.DocumentDB/register/action'] }]);
    try {
      await assertRefused(spec('prov1'), 'ProviderNotRegistered', 400);
      stack.emulator.admin.setPermissions(app, [{ actions: ['*/read', 'Microsoft.Authorization/roleAssignments/write'] }]);
      await assertRefused(spec('perm1'), 'MissingPermission', 400);
      const findings = (await validate(spec('perm2'))).findings;
      assert.ok(findings.some((finding) => /resourceGroups\/write/.test(finding.message)));
    } finally {
      stack.emulator.admin.setPermissions(app, [{ actions: ['*'] }]);
    }
    // With the right to register, an unregistered provider is only a warning: the create registers it.
    const warned = await validate(spec('prov2'));
    assert.equal(warned.valid, true);
    assert.ok(warned.findings.some((finding) => finding.code === 'ProviderWillBeRegistered' && finding.severity === 'warning'));
  });

  test('a template ARM refuses in validation fails the deploy step before anything is deployed', async () => {
    stack.emulator.admin.addDeploymentFault({
      phase: 'validate',
      code: 'InvalidTemplateDeployment',
      message: 'The template deployment failed validation: simulated.',
    });
    const created = await call('POST', `${stack.apiBaseUrl}/clusters`, { body: spec('valid1') });
    assert.equal(created.status, 202, created.text);
    const failed = await waitForState(stack.apiBaseUrl, 'valid1', ['Succeeded', 'Failed'], 120_000);
    assert.equal(failed.properties.provisioningState, 'Failed');
    assert.equal(failed.properties.error.target, 'deploy');
    assert.match(failed.properties.error.message, /refused deployment .* in validation/);
    assert.equal(stack.emulator.admin.state().calls['PUT deployments'] ?? 0, 0, 'the deployment was never submitted');
  });
});
