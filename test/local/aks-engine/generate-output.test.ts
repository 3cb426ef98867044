// What `aks-engine generate` writes under _output/<dnsPrefix>: names, modes, JSON, the kubeconfig, the certificate
// chain, and the cosmosEtcd parts of the ARM template, checked on the files the executable wrote.
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OUTPUT_FILES, certificateFiles, kubeconfigFile } from '../../../local/aks-engine';
import { createCertificateAuthority } from '../../../local/aks-engine/pki';
import { fatalMessage, runAksEngine, scratchDir, writeJson, type AksEngineRun } from '../../support/aks-engine';
import { cosmosModel, variant } from './models';

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

const mode = (file: string) => statSync(file).mode & 0o777;
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('aks-engine generate output', () => {
  let work: ReturnType<typeof scratchDir>;
  let run: AksEngineRun;
  let out: string;
  const file = (name: string) => path.join(out, name);

  before(async () => {
    work = scratchDir();
    writeJson(path.join(work.dir, 'cluster.json'), cosmosModel('aks-sg-test', { masters: 3 }));
    run = await runAksEngine(['generate', 'cluster.json'], { cwd: work.dir });
    out = path.join(work.dir, '_output', 'aks-sg-test');
  });
  after(() => work.remove());

  it('exits 0 and logs where it writes', () => {
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(run.lines, ['INFO[0000] Generating assets into _output/aks-sg-test...']);
    assert.equal(run.stderr, '');
  });

  it('writes exactly aks-engine files, 0600 in 0700 directories', () => {
    const expected = [
      OUTPUT_FILES.apiModel,
      OUTPUT_FILES.armTemplate,
      OUTPUT_FILES.armParameters,
      kubeconfigFile('centralus'),
      ...certificateFiles(3),
    ];
    assert.deepEqual(listFiles(out).sort(), expected.sort());
    for (const name of ['etcdpeer0.crt', 'etcdpeer1.key', 'etcdpeer2.crt']) assert.ok(expected.includes(name));
    for (const name of expected) assert.equal(mode(file(name)), 0o600, `${name} mode`);
    for (const dir of [path.join(work.dir, '_output'), out, file('kubeconfig')]) assert.equal(mode(dir), 0o700, `${dir} mode`);
    for (const name of [OUTPUT_FILES.apiModel, OUTPUT_FILES.armTemplate, OUTPUT_FILES.armParameters, kubeconfigFile('centralus')]) {
      assert.doesNotThrow(() => json(file(name)), `${name} is JSON`);
    }
  });

  it('writes a certificate chain that verifies, with keys matching their certificates', () => {
    const ca = new X509Certificate(readFileSync(file('ca.crt')));
    assert.ok(ca.checkPrivateKey(createPrivateKey(readFileSync(file('ca.key')))));
    for (const stem of ['apiserver', 'client', 'kubectlClient', 'etcdserver', 'etcdclient', 'etcdpeer0', 'etcdpeer1', 'etcdpeer2']) {
      const certificate = new X509Certificate(readFileSync(file(`${stem}.crt`)));
      assert.ok(certificate.verify(ca.publicKey), `${stem} is signed by ca.crt`);
      assert.ok(certificate.checkIssued(ca), `${stem} is issued by ca.crt`);
      assert.ok(certificate.checkPrivateKey(createPrivateKey(readFileSync(file(`${stem}.key`)))), `${stem}.key matches`);
    }
    const apiServer = new X509Certificate(readFileSync(file('apiserver.crt')));
    for (const host of [
      'aks-sg-test.centralus.cloudapp.azure.com',
      'aks-sg-test.westeurope.cloudapp.azure.com',
      'aks-sg-test.chinaeast.cloudapp.chinacloudapi.cn',
      'localhost',
      'kubernetes.default.svc.cluster.local',
    ]) {
      assert.ok(apiServer.checkHost(host), `apiserver.crt names ${host}`);
    }
    // Azure CNI (the default network plugin) puts the first master at 10.255.255.5; the internal LB is 10 further.
    for (const ip of ['127.0.0.1', '10.255.255.5', '10.255.255.6', '10.255.255.7', '10.255.255.15', '10.0.0.1'])
      assert.ok(apiServer.checkIP(ip), `apiserver.crt names ${ip}`);
    const etcdServer = new X509Certificate(readFileSync(file('etcdserver.crt')));
    assert.ok(etcdServer.checkIP('127.0.0.1'));
    assert.ok(etcdServer.checkHost('localhost'));
    assert.ok(etcdServer.checkHost('aks-sg-testk8s.etcd.cosmosdb.azure.com'));
  });

  it('writes the admin kubeconfig in aks-engine form', () => {
    const text = readFileSync(file(kubeconfigFile('centralus')), 'utf8');
    assert.match(text, /^ {4}\{\n {8}"apiVersion": "v1",\n {8}"clusters": \[/, 'the template text, indented by 4 spaces');
    assert.match(text, /\n {16}"user": \{"client-certificate-data":"[A-Za-z0-9+/=]+","client-key-data":"[A-Za-z0-9+/=]+"\}\n/);
    const kubeconfig = JSON.parse(text);
    assert.deepEqual(Object.keys(kubeconfig), ['apiVersion', 'clusters', 'contexts', 'current-context', 'kind', 'users']);
    assert.equal(kubeconfig.kind, 'Config');
    assert.equal(kubeconfig['current-context'], 'aks-sg-test');
    assert.deepEqual(kubeconfig.contexts, [{ context: { cluster: 'aks-sg-test', user: 'aks-sg-test-admin' }, name: 'aks-sg-test' }]);
    const [cluster] = kubeconfig.clusters;
    assert.equal(cluster.name, 'aks-sg-test');
    assert.equal(cluster.cluster.server, 'https://aks-sg-test.centralus.cloudapp.azure.com');
    assert.equal(Buffer.from(cluster.cluster['certificate-authority-data'], 'base64').toString(), readFileSync(file('ca.crt'), 'utf8'));
    const [user] = kubeconfig.users;
    assert.equal(user.name, 'aks-sg-test-admin');
    assert.equal(Buffer.from(user.user['client-certificate-data'], 'base64').toString(), readFileSync(file('kubectlClient.crt'), 'utf8'));
    assert.equal(Buffer.from(user.user['client-key-data'], 'base64').toString(), readFileSync(file('kubectlClient.key'), 'utf8'));
  });

  it('declares the Cosmos DB etcd account and wires the masters to it', () => {
    const templateText = readFileSync(file(OUTPUT_FILES.armTemplate), 'utf8');
    const template = JSON.parse(templateText);
    assert.deepEqual(
      Object.keys(template),
      ['$schema', 'contentVersion', 'parameters', 'variables', 'resources', 'outputs'],
      'the sections in the order PrettyPrintArmTemplate sorts them',
    );
    assert.equal(template.variables.cosmosAccountName, 'aks-sg-testk8s');
    assert.equal(template.variables.apiVersionCosmos, '2015-04-08');
    assert.equal(
      Buffer.from(template.variables.cosmosDBCertb64, 'base64').toString(),
      readFileSync(file('etcdclient.crt'), 'utf8'),
      'Cosmos trusts the etcd client certificate',
    );
    const cosmos = template.resources.find((r: any) => r.type === 'Microsoft.DocumentDB/databaseAccounts');
    assert.equal(cosmos.kind, 'GlobalDocumentDB');
    assert.equal(cosmos.name, "[variables('cosmosAccountName')]");
    assert.equal(cosmos.location, '[resourceGroup().location]');
    assert.deepEqual(cosmos.properties.capabilities, [{ name: 'EnableEtcd' }]);
    assert.deepEqual(cosmos.properties.consistencyPolicy, {
      defaultConsistencyLevel: 'BoundedStaleness',
      maxIntervalInSeconds: 5,
      maxStalenessPrefix: 100,
    });
    assert.deepEqual(
      cosmos.properties.locations.map((l: any) => l.failoverPriority),
      [0, 1],
      'v0.32.3 lists the location twice',
    );
    assert.equal(cosmos.properties.primaryClientCertificatePemBytes, "[variables('cosmosDBCertb64')]");
    assert.deepEqual(cosmos.tags, { defaultExperience: 'Etcd' });

    const byType = (type: string) => template.resources.filter((r: any) => r.type === type);
    const masterVm = byType('Microsoft.Compute/virtualMachines').find((r: any) => r.name.includes('masterVMNamePrefix'));
    assert.equal(template.variables.masterCount, 3);
    assert.equal(masterVm.copy.count, "[sub(variables('masterCount'), variables('masterOffset'))]");
    assert.equal(masterVm.properties.storageProfile.dataDisks.length, 1, 'the etcd disk is still attached (v0.32.3)');
    const masterNic = byType('Microsoft.Network/networkInterfaces').find((r: any) => r.name.includes('masterVMNamePrefix'));
    assert.ok(masterNic.dependsOn.some((d: string) => d.includes('Microsoft.DocumentDB/databaseAccounts')));
    const agentVm = byType('Microsoft.Compute/virtualMachines').find((r: any) => r.name.includes('agentpool1VMNamePrefix'));
    assert.equal(agentVm.copy.count, "[sub(variables('agentpool1Count'), variables('agentpool1Offset'))]");
    const publicIp = byType('Microsoft.Network/publicIPAddresses')[0];
    assert.equal(publicIp.properties.dnsSettings.domainNameLabel, "[variables('masterFqdnPrefix')]");
    assert.match(template.variables.provisionScriptParametersMaster, /COSMOS_URI=aks-sg-testk8s\.etcd\.cosmosdb\.azure\.com /);
    assert.match(template.outputs.masterFQDN.value, /dnsSettings\.fqdn/);
    assert.deepEqual(template.parameters.masterVMSize.allowedValues.length, 218);
    assert.equal(template.parameters.apiServerPrivateKey.type, 'securestring');
    assert.equal(template.parameters.servicePrincipalClientSecret.type, 'securestring');
  });

  it('writes parameters with base64 certificates and keys and the service principal', () => {
    const parameters = json(file(OUTPUT_FILES.armParameters));
    assert.equal(parameters.$schema, 'http://schema.management.azure.com/schemas/2015-01-01/deploymentParameters.json#');
    assert.equal(parameters.contentVersion, '1.0.0.0');
    const value = (name: string) => parameters.parameters[name].value;
    const decoded = (name: string) => Buffer.from(value(name), 'base64').toString();
    assert.equal(decoded('caCertificate'), readFileSync(file('ca.crt'), 'utf8'));
    assert.equal(decoded('caPrivateKey'), readFileSync(file('ca.key'), 'utf8'));
    assert.equal(decoded('etcdClientPrivateKey'), readFileSync(file('etcdclient.key'), 'utf8'));
    assert.equal(decoded('etcdPeerPrivateKey2'), readFileSync(file('etcdpeer2.key'), 'utf8'));
    assert.equal(value('servicePrincipalClientId'), '11111111-1111-1111-1111-111111111111');
    assert.equal(value('servicePrincipalClientSecret'), 'not-a-real-secret');
    assert.equal(value('masterEndpointDNSNamePrefix'), 'aks-sg-test');
    assert.equal(value('agentpool1Count'), 2);
    assert.equal(parameters.parameters.nameSuffix, undefined, 'the cluster id is the default value of the nameSuffix parameter');
    const template0 = json(file(OUTPUT_FILES.armTemplate));
    assert.match(template0.parameters.nameSuffix.defaultValue, /^\d{8}$/);
    const template = json(file(OUTPUT_FILES.armTemplate));
    // v0.32.3 writes the two garbage collection thresholds without declaring them in the template.
    const undeclared = Object.keys(parameters.parameters).filter((name) => !(name in template.parameters));
    assert.deepEqual(undeclared, ['gchighthreshold', 'gclowthreshold']);
  });

  it('writes the expanded apimodel with the secret, certificates and the cosmos API server flags', () => {
    const model = json(file(OUTPUT_FILES.apiModel));
    assert.equal(model.apiVersion, 'vlabs');
    assert.equal(model.location, 'centralus');
    const p = model.properties;
    assert.equal(p.orchestratorProfile.orchestratorVersion, '1.11.8');
    assert.equal(p.orchestratorProfile.orchestratorRelease, '1.11');
    assert.equal(p.masterProfile.cosmosEtcd, true);
    assert.equal(p.servicePrincipalProfile.secret, 'not-a-real-secret');
    assert.equal(p.certificateProfile.caPrivateKey, readFileSync(file('ca.key'), 'utf8'));
    assert.equal(p.certificateProfile.etcdPeerCertificates.length, 3);
    const apiServer = p.orchestratorProfile.kubernetesConfig.apiServerConfig;
    assert.equal(apiServer['--etcd-servers'], 'https://<etcdEndPointUri>:2379');
    assert.equal(apiServer['--etcd-certfile'], '/etc/kubernetes/certs/etcdclient.crt');
    assert.equal(apiServer['--etcd-keyfile'], '/etc/kubernetes/certs/etcdclient.key');
    assert.equal(apiServer['--etcd-cafile'], undefined, 'no CA file with Cosmos');
  });

  it('does not write certificates again when the apimodel already holds them', async () => {
    const again = await runAksEngine(['generate', '--api-model', file(OUTPUT_FILES.apiModel), '-o', 'regenerated'], { cwd: work.dir });
    assert.equal(again.code, 0, again.stdout);
    const dir = path.join(work.dir, 'regenerated');
    assert.deepEqual(listFiles(dir).sort(), [OUTPUT_FILES.apiModel, OUTPUT_FILES.armTemplate, OUTPUT_FILES.armParameters].sort());
    assert.equal(
      json(path.join(dir, OUTPUT_FILES.apiModel)).properties.certificateProfile.apiServerCertificate,
      readFileSync(file('apiserver.crt'), 'utf8'),
    );
  });
});

describe('aks-engine generate options', { concurrency: 4 }, () => {
  let work: ReturnType<typeof scratchDir>;
  before(() => (work = scratchDir()));
  after(() => work.remove());

  it('writes one kubeconfig per Azure location when the model has no location', async () => {
    writeJson(path.join(work.dir, 'nolocation.json'), cosmosModel('noloc', { location: null }));
    const run = await runAksEngine(['generate', 'nolocation.json'], { cwd: work.dir });
    assert.equal(run.code, 0, run.stdout);
    const names = readdirSync(path.join(work.dir, '_output', 'noloc', 'kubeconfig'));
    assert.equal(names.length, 42);
    const china = json(path.join(work.dir, '_output', 'noloc', 'kubeconfig', 'kubeconfig.chinaeast2.json'));
    assert.equal(china.clusters[0].cluster.server, 'https://noloc.chinaeast2.cloudapp.chinacloudapi.cn');
    assert.equal(json(path.join(work.dir, '_output', 'noloc', OUTPUT_FILES.apiModel)).location, undefined);
  });

  it('signs with the CA given by --ca-certificate-path and --ca-private-key-path', async () => {
    const ca = await createCertificateAuthority();
    writeFileSync(path.join(work.dir, 'my-ca.crt'), ca.certificatePem);
    writeFileSync(path.join(work.dir, 'my-ca.key'), ca.privateKeyPem);
    writeJson(path.join(work.dir, 'withca.json'), cosmosModel('withca'));
    const run = await runAksEngine(
      ['generate', '-m', 'withca.json', '--ca-certificate-path', 'my-ca.crt', '--ca-private-key-path', 'my-ca.key'],
      { cwd: work.dir },
    );
    assert.equal(run.code, 0, run.stdout);
    const out = path.join(work.dir, '_output', 'withca');
    assert.equal(readFileSync(path.join(out, 'ca.crt'), 'utf8'), ca.certificatePem);
    assert.ok(new X509Certificate(readFileSync(path.join(out, 'etcdclient.crt'))).verify(new X509Certificate(ca.certificatePem).publicKey));

    const one = await runAksEngine(['generate', '-m', 'withca.json', '--ca-certificate-path', 'my-ca.crt'], { cwd: work.dir });
    assert.equal(one.code, 1);
    assert.equal(
      fatalMessage(one),
      'error loading API model in generateCmd: --ca-certificate-path and --ca-private-key-path must be specified together',
    );
    const missing = await runAksEngine(
      ['generate', '-m', 'withca.json', '--ca-certificate-path', 'nope.crt', '--ca-private-key-path', 'my-ca.key'],
      { cwd: work.dir },
    );
    assert.equal(
      fatalMessage(missing),
      'error loading API model in generateCmd: failed to read CA certificate file: open nope.crt: no such file or directory',
    );
  });

  it('merges --set values, numbers as numbers and booleans as strings', async () => {
    writeJson(path.join(work.dir, 'set.json'), cosmosModel('setcase'));
    const run = await runAksEngine(['generate', 'set.json', '--set', 'masterProfile.count=3,agentPoolProfiles[0].count=4'], {
      cwd: work.dir,
    });
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.lines[0]!, /^INFO\[0000\] new api model file has been generated during merge: .*mergedApiModel\d+$/);
    const model = json(path.join(work.dir, '_output', 'setcase', OUTPUT_FILES.apiModel));
    assert.equal(model.properties.masterProfile.count, 3);
    assert.equal(model.properties.agentPoolProfiles[0].count, 4);
    assert.ok(existsSync(path.join(work.dir, '_output', 'setcase', 'etcdpeer2.crt')));

    const bool = await runAksEngine(['generate', 'set.json', '--set', 'masterProfile.cosmosEtcd=true'], { cwd: work.dir });
    assert.equal(bool.code, 1);
    assert.equal(
      fatalMessage(bool),
      'error loading API model in generateCmd: error parsing the api model: ' +
        'json: cannot unmarshal string into Go struct field MasterProfile.properties.masterProfile.cosmosEtcd of type bool',
    );
  });

  it('writes only parameters (and certificates) with --parameters-only, compact files with --no-pretty-print', async () => {
    writeJson(path.join(work.dir, 'params.json'), cosmosModel('paramsonly'));
    const only = await runAksEngine(['generate', 'params.json', '--parameters-only', '-o', 'only'], { cwd: work.dir });
    assert.equal(only.code, 0, only.stdout);
    const files = listFiles(path.join(work.dir, 'only'));
    assert.ok(!files.includes(OUTPUT_FILES.apiModel) && !files.includes(OUTPUT_FILES.armTemplate));
    assert.ok(files.includes(OUTPUT_FILES.armParameters) && files.includes('etcdclient.key'));

    const compact = await runAksEngine(['generate', 'params.json', '--no-pretty-print', '-o', 'compact'], { cwd: work.dir });
    assert.equal(compact.code, 0, compact.stdout);
    const parameters = readFileSync(path.join(work.dir, 'compact', OUTPUT_FILES.armParameters), 'utf8');
    assert.ok(parameters.endsWith('}\n') && !parameters.trimEnd().includes('\n'), 'one line, ended as Go encodes it');
    assert.equal(JSON.parse(parameters).$schema, undefined, 'the raw parameter map, not the wrapped file');
    assert.ok(JSON.parse(parameters).caCertificate.value);
  });

  it('keeps the local etcd layout without cosmosEtcd', async () => {
    writeJson(
      path.join(work.dir, 'plain.json'),
      variant((m) => delete m.properties.masterProfile.cosmosEtcd, cosmosModel('plain')),
    );
    const run = await runAksEngine(['generate', 'plain.json'], { cwd: work.dir });
    assert.equal(run.code, 0, run.stdout);
    const out = path.join(work.dir, '_output', 'plain');
    const template = json(path.join(out, OUTPUT_FILES.armTemplate));
    assert.ok(!template.resources.some((r: any) => r.type === 'Microsoft.DocumentDB/databaseAccounts'));
    const model = json(path.join(out, OUTPUT_FILES.apiModel));
    assert.equal(model.properties.masterProfile.cosmosEtcd, false);
    // v0.32.3 keeps the placeholder that the master's provisioning script replaces, with or without Cosmos DB.
    assert.equal(model.properties.orchestratorProfile.kubernetesConfig.apiServerConfig['--etcd-servers'], 'https://<etcdEndPointUri>:2379');
    assert.equal(model.properties.orchestratorProfile.kubernetesConfig.apiServerConfig['--etcd-cafile'], '/etc/kubernetes/certs/ca.crt');
  });
});
