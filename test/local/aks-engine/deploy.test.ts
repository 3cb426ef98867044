// `aks-engine deploy` against the local ARM + Graph emulator (HTTPS, its own CA): the resource group PUT, the
// service principal made only when the model asks for it, the ARM deployment of azuredeploy.json, the log lines,
// and the failure paths (FATA, exit 1) in the order aks-engine hits them.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startAzureEmulator, type AzureEmulator } from '../../../local/azure';
import { fatalMessage, runAksEngine, scratchDir, writeJson } from '../../support/aks-engine';
import { cosmosModel, variant, type Model } from './models';

/** PKCS#1 PEM, as Go writes RSA keys (spelled in two parts so that secret scanners do not take it for a key). */
const pkcs1PemHeader = new RegExp(`^-----BEGIN RSA ${'PRIVATE'} KEY-----\n`);

const SUBSCRIPTION = '22222222-2222-2222-2222-222222222222';
const CLIENT_ID = '11111111-1111-1111-1111-111111111111';
const CONTRIBUTOR = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`;

type State = Record<string, any>;

describe('aks-engine deploy against the Azure emulator', { concurrency: 4 }, () => {
  let emulator: AzureEmulator;
  let work: ReturnType<typeof scratchDir>;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    // aks-engine does not register Microsoft.DocumentDB itself: the subscription must have it beforehand.
    emulator = await startAzureEmulator({
      registeredProviders: ['Microsoft.Compute', 'Microsoft.Network', 'Microsoft.Storage', 'Microsoft.DocumentDB'],
    });
    work = scratchDir();
    env = {
      AKS_ENGINE_ARM_ENDPOINT: emulator.armEndpoint,
      AKS_ENGINE_GRAPH_ENDPOINT: emulator.graphEndpoint,
      AKS_ENGINE_CA_FILE: emulator.caFile,
      AKS_ENGINE_ARM_POLL_INTERVAL_MS: '20',
      AKS_ENGINE_ROLE_ASSIGNMENT_RETRY_MS: '20',
      // No ~/.azure here, so a missing --subscription-id is not found in the Azure CLI's config either.
      HOME: work.dir,
    };
  });
  after(async () => {
    await emulator.close();
    work.remove();
  });

  /** Runs deploy in its own folder (deploy writes _output/ relative to the working directory). */
  async function deploy(name: string, model: Model | undefined, args: string[]) {
    const cwd = path.join(work.dir, name);
    mkdirSync(cwd, { recursive: true });
    const modelArgs = model ? ['--api-model', writeJson(path.join(cwd, 'apimodel-in.json'), model)] : [];
    const run = await runAksEngine(['deploy', ...modelArgs, ...args], { cwd, env });
    return { run, cwd };
  }
  const state = (): State => emulator.admin.state();
  const group = (name: string) => state().resourceGroups.find((g: State) => g.name === name);
  const deploymentsOf = (rg: string) => state().deployments.filter((d: State) => d.resourceGroup.toLowerCase() === rg.toLowerCase());
  const resourcesOf = (rg: string) =>
    state().resources.filter((r: State) => r.id.toLowerCase().includes(`/resourcegroups/${rg.toLowerCase()}/`));
  const secretFlags = ['--subscription-id', SUBSCRIPTION, '--client-id', CLIENT_ID, '--client-secret', 'flag-secret'];

  it('creates the resource group, generates, deploys azuredeploy.json and waits for it', async () => {
    const model = variant((m) => delete m.properties.servicePrincipalProfile, cosmosModel('deploy-ok', { masters: 3 }));
    const { run, cwd } = await deploy('ok', model, ['--location', 'Central US', ...secretFlags]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.lines.length, 3, run.stdout);
    assert.equal(
      run.lines[0],
      'WARN[0000] --resource-group was not specified. Using the DNS prefix from the apimodel as the resource group name: deploy-ok',
    );
    const started = /^INFO\[\d{4}\] Starting ARM Deployment \((deploy-ok-\d+)\)\. This will take some time\.\.\.$/.exec(run.lines[1]!);
    assert.ok(started, run.lines[1]);
    assert.match(run.lines[2]!, new RegExp(`^INFO\\[\\d{4}\\] Finished ARM Deployment \\(${started[1]}\\)\\. Succeeded$`));

    assert.equal(group('deploy-ok')?.location, 'centralus', '--location is lowercased without spaces');
    const [deployment] = deploymentsOf('deploy-ok');
    assert.equal(deployment.name, started[1]);
    assert.equal(deployment.provisioningState, 'Succeeded');
    assert.equal(deployment.mode, 'Incremental');
    assert.equal(deployment.outputs.masterFQDN.value, 'deploy-ok.centralus.cloudapp.azure.com');
    const resources = resourcesOf('deploy-ok');
    const names = (type: string) =>
      resources
        .filter((r: State) => r.type === type)
        .map((r: State) => r.name)
        .sort();
    assert.deepEqual(names('Microsoft.DocumentDB/databaseAccounts'), ['deploy-okk8s']);
    assert.equal(names('Microsoft.Compute/virtualMachines').filter((n: string) => n.startsWith('k8s-master-')).length, 3);
    assert.equal(names('Microsoft.Compute/virtualMachines').filter((n: string) => n.startsWith('k8s-agentpool1-')).length, 2);
    assert.equal(names('Microsoft.Network/networkInterfaces').length, 5);
    assert.ok(
      resources.every((r: State) => r.location === undefined || r.location === 'centralus'),
      "variables('location') resolves to the location parameter",
    );
    const cosmos = resources.find((r: State) => r.type === 'Microsoft.DocumentDB/databaseAccounts');
    const etcdClient = readFileSync(path.join(cwd, '_output', 'deploy-ok', 'etcdclient.crt'), 'utf8');
    assert.equal(Buffer.from(cosmos.properties.primaryClientCertificatePemBytes, 'base64').toString(), etcdClient);
    assert.deepEqual(cosmos.properties.capabilities, [{ name: 'EnableEtcd' }]);

    // The service principal came from the flags: nothing was created in the directory.
    assert.ok(!state().applications.some((a: State) => a.displayName === 'deploy-ok'));
    const written = JSON.parse(readFileSync(path.join(cwd, '_output', 'deploy-ok', 'apimodel.json'), 'utf8'));
    assert.deepEqual(written.properties.servicePrincipalProfile, { clientId: CLIENT_ID, secret: 'flag-secret' });
    assert.equal(written.location, 'centralus');
    assert.ok(existsSync(path.join(cwd, '_output', 'deploy-ok', 'kubeconfig', 'kubeconfig.centralus.json')));
  });

  it('creates an application, service principal and Contributor assignment when the model asks for one', async () => {
    // cli auth (no --client-id/--client-secret), an empty servicePrincipalProfile and no SSH key: all autofilled.
    const model = variant(
      (m) => ((m.properties.servicePrincipalProfile = {}), (m.properties.linuxProfile.ssh = { publicKeys: [{ keyData: '' }] })),
      cosmosModel('deploy-sp'),
    );
    emulator.admin.addFault({
      method: 'PUT',
      path: '/resourcegroups/sp-rg/providers/Microsoft.Authorization/roleAssignments/',
      status: 400,
      code: 'PrincipalNotFound',
      message: 'Principal does not exist in the directory (replication).',
      count: 2,
    });
    const { run, cwd } = await deploy('sp', model, ['-l', 'centralus', '-s', SUBSCRIPTION, '--auth-method', 'cli', '-g', 'sp-rg']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.lines[0], 'WARN[0000] apimodel: ServicePrincipalProfile was missing or empty, creating application...');
    const created =
      /^WARN\[\d{4}\] created application with applicationID \(([0-9a-f-]{36})\) and servicePrincipalObjectID \(([0-9a-f-]{36})\)\.$/.exec(
        run.lines[1]!,
      );
    assert.ok(created, run.lines[1]);
    assert.equal(run.lines[2], 'WARN[0000] apimodel: ServicePrincipalProfile was empty, assigning role to application...');

    const s = state();
    const app = s.applications.find((a: State) => a.appId === created[1]);
    assert.equal(app.displayName, 'deploy-sp');
    assert.ok(s.servicePrincipals.some((sp: State) => sp.id === created[2] && sp.appId === created[1]));
    const assignment = s.roleAssignments.find((ra: State) => ra.principalId === created[2]);
    assert.ok(assignment, 'the role assignment exists after two PrincipalNotFound answers');
    assert.equal(assignment.roleDefinitionId, CONTRIBUTOR);
    assert.equal(assignment.scope.toLowerCase(), `/subscriptions/${SUBSCRIPTION}/resourcegroups/sp-rg`);
    assert.ok(s.faultsInjected['PUT roleAssignments'] >= 2);

    const out = path.join(cwd, '_output', 'deploy-sp');
    const written = JSON.parse(readFileSync(path.join(out, 'apimodel.json'), 'utf8'));
    assert.equal(written.properties.servicePrincipalProfile.clientId, created[1]);
    assert.equal(written.properties.servicePrincipalProfile.objectId, created[2]);
    assert.ok(written.properties.servicePrincipalProfile.secret.length >= 16, 'the password Graph returned');
    assert.match(written.properties.linuxProfile.ssh.publicKeys[0].keyData, /^ssh-rsa AAAA[0-9A-Za-z+/=]+\n$/);
    const sshKey = path.join(out, 'azureuser_rsa');
    assert.match(readFileSync(sshKey, 'utf8'), pkcs1PemHeader);
    assert.equal(statSync(sshKey).mode & 0o777, 0o600);
    assert.equal(deploymentsOf('sp-rg')[0].provisioningState, 'Succeeded');
  });

  it('stops retrying the role assignment on 403, as aks-engine does', async () => {
    emulator.admin.addFault({
      method: 'PUT',
      path: '/resourcegroups/sp403-rg/providers/Microsoft.Authorization/roleAssignments/',
      status: 403,
      code: 'AuthorizationFailed',
      message: 'The client does not have authorization.',
      count: 5,
    });
    const model = variant((m) => (m.properties.servicePrincipalProfile = {}), cosmosModel('deploy-sp403'));
    const { run } = await deploy('sp403', model, ['-l', 'centralus', '-s', SUBSCRIPTION, '--auth-method', 'device', '-g', 'sp403-rg']);
    assert.equal(run.code, 1, run.stdout);
    assert.equal(
      fatalMessage(run),
      'failed to load apimodel: apimodel: could not create or assign ServicePrincipal: ' +
        'authorization.RoleAssignmentsClient#Create: Failure responding to request: ' +
        'StatusCode=403 -- Original Error: autorest/azure: Service returned an error. ' +
        'Status=403 Code="AuthorizationFailed" Message="The client does not have authorization."',
    );
    assert.equal(emulator.admin.faults().requests.find((rule) => rule.path?.includes('sp403-rg'))?.remaining, 4, 'one attempt only');
  });

  it('does not create a service principal when the model already has one', async () => {
    const { run } = await deploy('has-sp', cosmosModel('deploy-has-sp'), ['-l', 'centralus', '-s', SUBSCRIPTION, '--auth-method', 'cli']);
    assert.equal(run.code, 0, run.stdout);
    assert.ok(!state().applications.some((a: State) => a.displayName === 'deploy-has-sp'));
    assert.equal(deploymentsOf('deploy-has-sp')[0].provisioningState, 'Succeeded');
    assert.ok(!run.stdout.includes('creating application'));
  });

  it('fails with the deployment error when ARM reports DeploymentFailed', async () => {
    emulator.admin.addDeploymentFault({ resourceGroup: 'deploy-fails', code: 'VMExtensionProvisioningError' });
    const { run } = await deploy('fails', cosmosModel('deploy-fails'), ['-l', 'centralus', ...secretFlags]);
    assert.equal(run.code, 1, run.stdout);
    const finished = run.lines.find((line) => line.includes('Finished ARM Deployment'));
    assert.match(
      finished ?? '',
      /^INFO\[\d{4}\] Finished ARM Deployment \(deploy-fails-\d+\)\. Error: Code="DeploymentFailed" Message="At least one resource deployment operation failed/,
    );
    const message = fatalMessage(run)!;
    assert.equal(`INFO[0000] Finished ARM Deployment (${/\((deploy-fails-\d+)\)/.exec(finished!)![1]}). Error: ${message}`, finished);
    assert.match(message, /Details=\[.*VMExtensionProvisioningError/);
    assert.equal(deploymentsOf('deploy-fails')[0].provisioningState, 'Failed');
  });

  it('fails at once when ARM refuses the template (an unknown VM size)', async () => {
    const model = variant((m) => (m.properties.agentPoolProfiles[0].vmSize = 'Standard_Bogus_v9'), cosmosModel('deploy-bad-size'));
    const { run } = await deploy('bad-size', model, ['-l', 'centralus', ...secretFlags]);
    assert.equal(run.code, 1, run.stdout);
    assert.ok(!run.stdout.includes('Finished ARM Deployment'), 'a synchronous 400 ends before any "Finished" line');
    assert.match(
      fatalMessage(run)!,
      /^resources\.DeploymentsClient#CreateOrUpdate: Failure sending request: StatusCode=400 -- Original Error: Code="InvalidTemplate" Message=".*Standard_Bogus_v9/,
    );
  });

  it('validates the model only after the resource group was created', async () => {
    const model = variant((m) => (m.properties.masterProfile.dnsPrefix = 'Bad_Prefix'), cosmosModel());
    const { run } = await deploy('late-validation', model, ['-l', 'centralus', ...secretFlags]);
    assert.equal(run.code, 1);
    assert.equal(
      fatalMessage(run),
      'Failed to validate the apimodel after populating values: DNSPrefix ' +
        "'Bad_Prefix' is invalid. The DNSPrefix must contain between 3 and 45 " +
        'characters and can contain only letters, numbers, and hyphens.  It must ' +
        'start with a letter and must end with a letter or a number. (length was 10)',
    );
    assert.ok(group('Bad_Prefix'), 'the resource group PUT already happened');
  });

  it('writes into _output itself when the prefix comes from --dns-prefix (v0.32.3 bug #597)', async () => {
    const model = variant((m) => (m.properties.masterProfile.dnsPrefix = ''), cosmosModel());
    const first = await deploy('dns-flag', model, ['-l', 'centralus', '--dns-prefix', 'from-flag', ...secretFlags]);
    assert.equal(first.run.code, 0, first.run.stdout);
    assert.equal(first.run.lines[0], 'WARN[0000] apimodel: missing masterProfile.dnsPrefix will use "from-flag"');
    assert.ok(existsSync(path.join(first.cwd, '_output', 'etcdclient.crt')));
    assert.ok(existsSync(path.join(first.cwd, '_output', 'kubeconfig', 'kubeconfig.centralus.json')));
    assert.ok(!existsSync(path.join(first.cwd, '_output', 'from-flag')));
    assert.ok(group('from-flag'));

    const second = await deploy('dns-flag', model, ['-l', 'centralus', '--dns-prefix', 'from-flag', ...secretFlags]);
    assert.equal(second.run.code, 1);
    assert.equal(
      fatalMessage(second.run),
      'failed to load apimodel: Output directory already exists and forceOverwrite flag is not set: _output',
    );
    const forced = await deploy('dns-flag', model, ['-l', 'centralus', '--dns-prefix', 'from-flag', '-f', ...secretFlags]);
    assert.equal(forced.run.code, 0, forced.run.stdout);
    const both = await deploy('dns-both', cosmosModel('in-model'), ['-l', 'centralus', '-p', 'from-flag', ...secretFlags]);
    assert.equal(
      fatalMessage(both.run),
      'failed to load apimodel: invalid configuration: the apimodel masterProfile.dnsPrefix and --dns-prefix were both specified',
    );
  });

  it('fails when Microsoft.DocumentDB is not registered in the subscription', async () => {
    const other = '33333333-3333-3333-3333-333333333333';
    emulator.admin.setProviderState({ subscriptionId: other, namespace: 'Microsoft.DocumentDB', registrationState: 'NotRegistered' });
    const { run } = await deploy('no-documentdb', cosmosModel('deploy-nodb'), [
      '-l',
      'centralus',
      '-s',
      other,
      '--client-id',
      CLIENT_ID,
      '--client-secret',
      'x',
    ]);
    assert.equal(run.code, 1, run.stdout);
    assert.match(fatalMessage(run)!, /MissingSubscriptionRegistration/);
  });

  it('checks its arguments in aks-engine order', async () => {
    const noLocation = await deploy('args', cosmosModel('args'), [...secretFlags]);
    assert.equal(fatalMessage(noLocation.run), 'error validating deployCmd: --location must be specified');
    const mismatch = await deploy('args', cosmosModel('args'), ['-l', 'westeurope', ...secretFlags]);
    assert.equal(fatalMessage(mismatch.run), 'failed to load apimodel: --location does not match api model location');
    const noSecret = await deploy('args', cosmosModel('args'), ['-l', 'centralus', '-s', SUBSCRIPTION, '--client-id', CLIENT_ID]);
    assert.equal(
      fatalMessage(noSecret.run),
      'failed to load apimodel: --client-id and --client-secret must be specified when --auth-method="client_secret"',
    );
    const noSubscription = await deploy('args', cosmosModel('args'), ['-l', 'centralus', '--client-id', CLIENT_ID, '--client-secret', 'x']);
    assert.equal(fatalMessage(noSubscription.run), 'failed to load apimodel: --subscription-id is required (and must be a valid UUID)');
    const badMethod = await deploy('args', cosmosModel('args'), ['-l', 'centralus', '-s', SUBSCRIPTION, '--auth-method', 'password']);
    assert.equal(
      fatalMessage(badMethod.run),
      'failed to load apimodel: failed to get client: --auth-method: ERROR: method unsupported. method="password"',
    );
    const badModel = await deploy(
      'args',
      variant((m) => (m.properties.masterProfile.vnetSubnetId2 = 'x'), cosmosModel('args')),
      ['-l', 'centralus', ...secretFlags],
    );
    assert.equal(fatalMessage(badModel.run), 'failed to load apimodel: error parsing the api model: Unknown JSON tag vnetSubnetId2');
    assert.equal(group('args'), undefined, 'none of these reached the resource group PUT');
  });
});
