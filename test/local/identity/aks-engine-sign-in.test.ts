// The aks-engine simulator's deploy signs in as the real tool does (its service principal's client id and secret
// against {activeDirectoryEndpoint}{tenant}/oauth2/token) and deploys through an emulator that checks its tokens;
// a wrong secret ends in FATA with Entra's AADSTS error, and the static token of old is refused.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AzureEmulator } from '../../../local/azure';
import type { LocalIdentity } from '../../../local/identity';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { fatalMessage, runAksEngine, scratchDir, writeJson } from '../../support/aks-engine';
import { graphCall, startEmulatorWithIdentity } from '../../support/azure-emulator';

const SUBSCRIPTION = '4f5e6d7c-8b9a-4c0d-9e1f-2a3b4c5d6e7f';

function model(dnsPrefix: string) {
  return {
    apiVersion: 'vlabs',
    location: 'centralus',
    properties: {
      orchestratorProfile: { orchestratorType: 'Kubernetes' },
      masterProfile: { count: 1, dnsPrefix, vmSize: 'Standard_D2_v2' },
      agentPoolProfiles: [{ name: 'agentpool1', count: 1, vmSize: 'Standard_D2_v2', availabilityProfile: 'AvailabilitySet' }],
      linuxProfile: { adminUsername: 'azureuser', ssh: { publicKeys: [{ keyData: sshRsaPublicKey() }] } },
    },
  };
}

describe('aks-engine deploy signs in to the local Entra ID', () => {
  let identity: LocalIdentity;
  let emulator: AzureEmulator;
  let work: ReturnType<typeof scratchDir>;
  let principal: { appId: string; secret: string };

  before(async () => {
    ({ emulator, identity } = await startEmulatorWithIdentity());
    work = scratchDir();
    // The cluster's service principal, made through Graph as the product makes it.
    const graphToken = identity.issueToken('admin', { resource: 'https://graph.microsoft.com' });
    const app = (await graphCall(emulator, 'POST', '/applications', { displayName: 'cluster-sp' }, graphToken)).body;
    await graphCall(emulator, 'POST', '/servicePrincipals', { appId: app.appId }, graphToken);
    const password = (await graphCall(emulator, 'POST', `/applications/${app.id}/addPassword`, { passwordCredential: {} }, graphToken))
      .body;
    principal = { appId: app.appId, secret: password.secretText };
  });
  after(async () => {
    await emulator.close();
    await identity.close();
    work.remove();
  });

  async function deploy(name: string, secret: string, signIn = true) {
    const cwd = path.join(work.dir, name);
    mkdirSync(cwd, { recursive: true });
    const env: NodeJS.ProcessEnv = {
      AKS_ENGINE_ARM_ENDPOINT: emulator.armEndpoint,
      AKS_ENGINE_GRAPH_ENDPOINT: emulator.graphEndpoint,
      AKS_ENGINE_CA_FILE: emulator.caFile,
      AKS_ENGINE_TENANT_ID: identity.tenantId,
      AKS_ENGINE_ARM_POLL_INTERVAL_MS: '20',
      AKS_ENGINE_ARM_MAX_RETRIES: '0',
      // Small keys keep the cluster PKI fast; the sign-in is what this file is about.
      AKS_ENGINE_SIM_KEY_BITS: '1024',
      AKS_ENGINE_ACTIVE_DIRECTORY_ENDPOINT: signIn ? `${identity.authorityHost}/` : '',
      HOME: cwd,
    };
    const args = ['deploy', '--api-model', writeJson(path.join(cwd, 'model.json'), model(name)), '--location', 'centralus'];
    args.push('--subscription-id', SUBSCRIPTION, '--client-id', principal.appId, '--client-secret', secret);
    return runAksEngine(args, { cwd, env, timeoutMs: 60_000 });
  }

  it('deploys with a token the emulator verified, issued for the service principal', async () => {
    const run = await deploy('signin', principal.secret);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.lines.at(-1)!, /Finished ARM Deployment \(signin-\d+\)\. Succeeded$/);
    const state = emulator.admin.state();
    assert.ok(state.resourceGroups.some((group) => group.name === 'signin'));
    assert.equal(state.deployments.find((deployment) => deployment.resourceGroup === 'signin')?.provisioningState, 'Succeeded');
  });

  it('stops with FATA and the AADSTS error on a wrong secret, before anything is created', async () => {
    const run = await deploy('wrong-secret', 'not-the-secret');
    assert.equal(run.code, 1);
    const fatal = fatalMessage(run) ?? '';
    assert.match(fatal, /adal: Refresh request failed\. Status Code = '401'\. Response body: .*AADSTS7000215/);
    assert.ok(!fatal.includes('not-the-secret'), 'the secret is not echoed');
    assert.ok(!emulator.admin.state().resourceGroups.some((group) => group.name === 'wrong-secret'));
  });

  it('without the sign-in its static token is refused by an emulator that checks tokens', async () => {
    const run = await deploy('no-sign-in', principal.secret, false);
    assert.equal(run.code, 1);
    assert.match(fatalMessage(run) ?? '', /InvalidAuthenticationToken/);
  });
});
