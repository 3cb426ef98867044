// The conformance command's own parts, without the real aks-engine: the corpus loads and its product group is what
// the product renders for shapes its API accepts, and the comparison scores a tiny pair of results as intended.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareCase, compareReload, FIGURES } from '../../../local/aks-engine/conformance/compare';
import { loadCorpus } from '../../../local/aks-engine/conformance/corpus';
import { aggregate } from '../../../local/aks-engine/conformance/figures';
import { lifecycleClusters } from '../../../local/aks-engine/conformance/lifecycle';
import { fatalMessage, flatten, mask, unflattenApiModel, type ToolResult } from '../../../local/aks-engine/conformance/tool-run';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { clusterSpecFrom, type CreateClusterBody } from '../../../src/api/cluster-request';
import { defaultSpec } from '../../../src/domain/cluster-spec';
import { renderApiModel } from '../../../src/provisioning/apimodel';

type Model = Record<string, any>;

/** The create request with the contract's defaults filled in, then the spec the API derives from it. */
function parseClusterSpec(body: Model, allowedLocations: string[]) {
  const filled = {
    location: defaultSpec.location,
    orchestratorProfile: { orchestratorVersion: defaultSpec.orchestratorVersion },
    masterProfile: { ...defaultSpec.masterProfile },
    agentPoolProfiles: [{ ...defaultSpec.agentPool }],
    ...body,
    linuxProfile: { adminUsername: defaultSpec.adminUsername, ...body.linuxProfile },
  };
  return clusterSpecFrom(filled as CreateClusterBody, allowedLocations);
}

const PEM_HEAD = '-----BEGIN ' + 'CERTIFICATE-----';

function accepted(output: Partial<NonNullable<ToolResult['output']>>, files: Record<string, string> = {}): ToolResult {
  return {
    exitCode: 0,
    fatal: '',
    files,
    output: {
      templateParameters: [],
      parameterValues: {},
      variables: [],
      resources: [],
      outputs: {},
      apimodel: {},
      kubeconfigs: {},
      ...output,
    },
  };
}

const rejected = (fatal: string): ToolResult => ({ exitCode: 1, fatal, files: {} });

describe('conformance corpus', () => {
  const corpus = loadCorpus();

  it('holds the three groups, with unique ids and JSON apimodels', () => {
    const groups = new Map<string, number>();
    for (const item of corpus) groups.set(item.group, (groups.get(item.group) ?? 0) + 1);
    assert.deepEqual([...groups.keys()].sort(), ['invalid', 'product', 'vlabs']);
    assert.ok(groups.get('product')! >= 20 && groups.get('vlabs')! >= 100 && groups.get('invalid')! >= 150, JSON.stringify([...groups]));
    assert.equal(new Set(corpus.map((item) => item.id)).size, corpus.length);
    for (const item of corpus.filter((c) => c.group !== 'invalid')) {
      const model = JSON.parse(item.text) as Model;
      assert.equal(model.apiVersion, 'vlabs', item.id);
    }
  });

  it('product apimodels are what the product renders for shapes its API accepts (orchestratorVersion passed through)', () => {
    const product = corpus.filter((item) => item.group === 'product');
    const shapes = new Set<string>();
    for (const item of product) {
      const model = JSON.parse(item.text) as Model;
      const p = model.properties;
      const spec = parseClusterSpec(
        {
          name: p.masterProfile.dnsPrefix,
          location: model.location,
          masterProfile: { count: p.masterProfile.count, vmSize: p.masterProfile.vmSize },
          agentPoolProfiles: p.agentPoolProfiles,
          linuxProfile: { adminUsername: p.linuxProfile.adminUsername, sshPublicKey: p.linuxProfile.ssh.publicKeys[0].keyData },
        },
        [model.location],
      );
      const rendered = renderApiModel(spec, {
        appId: p.servicePrincipalProfile.clientId,
        secret: p.servicePrincipalProfile.secret,
      }) as Model;
      const version = p.orchestratorProfile.orchestratorVersion as string | undefined;
      if (version) rendered.properties.orchestratorProfile.orchestratorVersion = version;
      // The product names the version it deploys (v0.32.3's default when the request names none): a corpus model
      // without one asks aks-engine for that same version.
      const expected = structuredClone(model);
      expected.properties.orchestratorProfile.orchestratorVersion ??= defaultSpec.orchestratorVersion;
      assert.deepEqual(expected, rendered, item.id);
      shapes.add(`m${p.masterProfile.count}`);
      for (const pool of p.agentPoolProfiles) shapes.add(pool.availabilityProfile);
      if (version) shapes.add('orchestratorVersion');
    }
    for (const shape of ['m1', 'm3', 'm5', 'AvailabilitySet', 'VirtualMachineScaleSets', 'orchestratorVersion'])
      assert.ok(shapes.has(shape), shape);
  });

  it('the lifecycle clusters are accepted by the API', () => {
    for (const body of lifecycleClusters(sshRsaPublicKey())) {
      assert.doesNotThrow(() => parseClusterSpec(body as never, ['centralus']), body.name);
    }
  });
});

describe('conformance comparison', () => {
  it('scores a tiny pair figure by figure', () => {
    const real = accepted(
      {
        templateParameters: ['a', 'b'],
        parameterValues: { a: '1', b: '2' },
        variables: ['x', 'y', 'z'],
        resources: ['Microsoft.Network/virtualNetworks', 'Microsoft.Compute/virtualMachines', 'Microsoft.Compute/virtualMachines'],
        outputs: { fqdn: '{"type":"string","value":"v"}' },
        apimodel: { 'properties.masterProfile.count': '1' },
      },
      { '_output/': '700', '_output/c/apimodel.json': '600' },
    );
    const sim = accepted(
      {
        templateParameters: ['a', 'b'],
        parameterValues: { a: '1', b: '3' },
        variables: ['x', 'y'],
        resources: ['Microsoft.Network/virtualNetworks', 'Microsoft.Compute/virtualMachines'],
        outputs: { fqdn: '{"type":"string","value":"v"}' },
        apimodel: { 'properties.masterProfile.count': '1' },
      },
      { '_output/': '700', '_output/c/apimodel.json': '644' },
    );
    const comparison = compareCase(real, sim);
    assert.equal(comparison.accept!.score, 1);
    assert.equal(comparison.message, undefined, 'no message figure when the real tool accepted');
    assert.equal(comparison.templateParameters!.score, 1);
    assert.equal(comparison.parameterValues!.score, 0.5);
    assert.deepEqual(comparison.parameterValues!.differ, ['b']);
    assert.equal(comparison.variables!.score, 2 / 3);
    assert.deepEqual(comparison.variables!.onlyReal, ['z']);
    assert.ok(comparison.resources!.score > 0.6 && comparison.resources!.score < 0.7, String(comparison.resources!.score));
    assert.equal(comparison.files!.score, 1 / 3, 'one file of two agrees in mode; the union has three entries');
    assert.equal(comparison.outputs!.score, 1);
    assert.equal(comparison.kubeconfig, undefined, 'no kubeconfig on either side');
    assert.equal(compareReload(real, sim).score, 1);
    assert.equal(compareReload(real, rejected('boom')).score, 0);
    assert.equal(compareReload(real, rejected('boom'), rejected('boom')).score, 1, 'the real tool refuses its own file the same way');
    assert.equal(compareReload(real, rejected('boom'), accepted({})).score, 0);

    const refusals = compareCase(rejected('missing Properties.LinuxProfile'), rejected('missing Properties.MasterProfile'));
    assert.equal(refusals.accept!.score, 1);
    assert.equal(refusals.message!.score, 0);
    assert.equal(compareCase(rejected('m'), accepted({})).accept!.score, 0);

    const figures = aggregate([comparison, refusals]);
    assert.deepEqual(
      figures.map((figure) => figure.key),
      FIGURES.map((figure) => figure.key),
    );
    const byKey = Object.fromEntries(figures.map((figure) => [figure.key, figure]));
    assert.deepEqual([byKey.accept!.percent, byKey.accept!.cases, byKey.accept!.full], [100, 2, 2]);
    assert.deepEqual([byKey.message!.percent, byKey.message!.cases], [0, 1]);
    assert.deepEqual([byKey.variables!.percent, byKey.variables!.full], [66.7, 0]);
  });

  it('reads the FATA message with its continuation lines, without colours', () => {
    const stdout = '\x1b[36mINFO\x1b[0m[0000] starting\n\x1b[31mFATA\x1b[0m[0000] error loading API model: first line\nsecond line\n';
    assert.equal(fatalMessage(stdout), 'error loading API model: first line\nsecond line');
    assert.equal(fatalMessage('INFO[0000] fine\n'), '');
  });

  it('masks certificates, keys and random values, and rebuilds an apimodel from its leaves without them', () => {
    const pem = `${PEM_HEAD}\nMIIB\n-----END CERTIFICATE-----\n`;
    assert.equal(mask(pem), '<PEM>');
    assert.equal(mask(Buffer.from(pem).toString('base64')), '<base64 PEM>');
    assert.equal(mask('c2VjcmV0', 'etcdEncryptionKey'), '<random>');
    assert.equal(mask('', 'etcdEncryptionKey'), '');

    const model = {
      apiVersion: 'vlabs',
      properties: {
        masterProfile: { count: 3, extensions: [] },
        agentPoolProfiles: [{ name: 'a', customNodeLabels: { 'kubernetes.io/role': 'agent' } }],
        certificateProfile: { caCertificate: pem, etcdPeerCertificates: [pem, pem] },
        orchestratorProfile: { kubernetesConfig: { etcdEncryptionKey: 'c2VjcmV0', kubeletConfig: { '--max-pods': '30' } } },
      },
    };
    const leaves = flatten(model);
    assert.equal(leaves['properties.agentPoolProfiles[0].customNodeLabels.kubernetes.io/role'], '"agent"');
    assert.equal(leaves['properties.certificateProfile.caCertificate'], '"<PEM>"');
    assert.deepEqual(unflattenApiModel(leaves), {
      apiVersion: 'vlabs',
      properties: {
        masterProfile: { count: 3, extensions: [] },
        agentPoolProfiles: [{ name: 'a', customNodeLabels: { 'kubernetes.io/role': 'agent' } }],
        orchestratorProfile: { kubernetesConfig: { kubeletConfig: { '--max-pods': '30' } } },
      },
    });
  });
});
