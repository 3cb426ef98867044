// Whole-template evaluation: parameters (defaults, types, allowed values), variables, copy loops, child
// resources, conditions and outputs, on a template shaped like aks-engine's azuredeploy.json.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateTemplate, type TemplateRuntime } from '../../../local/azure/template-evaluation/template-evaluator';
import { TemplateError } from '../../../local/azure/template-evaluation/template-error';
import { aksLikeParameters, aksLikeTemplate } from './fixtures/aks-like-template';

const runtime: TemplateRuntime = {
  deploymentName: 'dep',
  subscriptionId: 'sub1',
  tenantId: 'tenant1',
  resourceGroup: { id: '/subscriptions/sub1/resourceGroups/rg1', name: 'rg1', location: 'centralus', tags: {} },
  reference: (target) => {
    if (/publicIPAddresses/i.test(target)) return { dnsSettings: { fqdn: 'demo.centralus.cloudapp.azure.com' } };
    throw new TemplateError(`not found: ${target}`);
  },
  list: () => ({}),
};

function templateWith(changes: Record<string, unknown>): Record<string, unknown> {
  return { ...aksLikeTemplate(), ...changes };
}

describe('ARM template evaluation', () => {
  it('lists the declared resources with names and types computed from parameters, variables and copy loops', () => {
    const evaluated = evaluateTemplate(aksLikeTemplate(), aksLikeParameters('demo', 3), runtime);
    const names = evaluated.resources.map((resource) => `${resource.type}/${resource.name}`);
    assert.ok(names.includes('Microsoft.DocumentDB/databaseAccounts/demok8s'));
    assert.ok(names.includes('Microsoft.Network/publicIPAddresses/k8s-master-ip-demo-12345678'));
    for (const i of [0, 1, 2]) {
      assert.ok(names.includes(`Microsoft.Compute/virtualMachines/k8s-master-12345678-${i}`), `VM ${i}`);
      assert.ok(names.includes(`Microsoft.Network/networkInterfaces/k8s-master-12345678-nic-${i}`), `NIC ${i}`);
      assert.ok(names.includes(`Microsoft.Compute/virtualMachines/extensions/k8s-master-12345678-${i}/cse-master-${i}`), `CSE ${i}`);
    }
    const cse = evaluated.resources.find((resource) => resource.name.endsWith('/cse-master-1'))!;
    assert.equal(
      cse.id,
      '/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/k8s-master-12345678-1/extensions/cse-master-1',
    );
    assert.deepEqual(cse.dependsOn, ['Microsoft.Compute/virtualMachines/k8s-master-12345678-1']);
    assert.equal(cse.copyLoop, 'vmLoopNode');
  });

  it('evaluates resource bodies lazily, including the EnableEtcd capability and locations from resourceGroup()', () => {
    const evaluated = evaluateTemplate(aksLikeTemplate(), aksLikeParameters('demo'), runtime);
    const cosmos = evaluated.resources.find((resource) => resource.type === 'Microsoft.DocumentDB/databaseAccounts')!;
    const body = cosmos.evaluateBody();
    assert.equal(body.kind, 'GlobalDocumentDB');
    assert.equal(body.location, 'centralus');
    assert.deepEqual(body.properties.capabilities, [{ name: 'EnableEtcd' }]);
    assert.deepEqual(body.properties.locations, [
      { failoverPriority: 0, locationName: 'centralus' },
      { failoverPriority: 1, locationName: 'centralus' },
    ]);
  });

  it('computes outputs, including reference() ones, and echoes parameters without secure values', () => {
    const evaluated = evaluateTemplate(aksLikeTemplate(), aksLikeParameters('demo', 3), runtime);
    assert.deepEqual(evaluated.evaluateOutputs(), {
      masterFQDN: { type: 'String', value: 'demo.centralus.cloudapp.azure.com' },
      cosmosEndpoint: { type: 'String', value: 'https://demok8s.etcd.cosmosdb.azure.com:2379' },
      location: { type: 'String', value: 'centralus' },
      masterCount: { type: 'Int', value: 3 },
    });
    assert.deepEqual(evaluated.parameters.masterEndpointDNSNamePrefix, { type: 'String', value: 'demo' });
    assert.deepEqual(evaluated.parameters.location, { type: 'String', value: 'centralus' });
    assert.deepEqual(evaluated.parameters.servicePrincipalClientSecret, { type: 'SecureString' });
  });

  it('rejects missing, unknown, mistyped and disallowed parameters', () => {
    const { masterEndpointDNSNamePrefix: _omitted, ...withoutPrefix } = aksLikeParameters('demo');
    assert.throws(
      () => evaluateTemplate(aksLikeTemplate(), withoutPrefix, runtime),
      /template parameter 'masterEndpointDNSNamePrefix' at line '1' and column '1' is not provided/,
    );
    assert.throws(
      () => evaluateTemplate(aksLikeTemplate(), { ...aksLikeParameters('demo'), extra: { value: 1 } }, runtime),
      /'extra' in the parameters file are not valid/,
    );
    assert.throws(
      () => evaluateTemplate(aksLikeTemplate(), { ...aksLikeParameters('demo'), masterCount: { value: '3' } }, runtime),
      /Expected 'int'. Actual 'String'/,
    );
    assert.throws(() => evaluateTemplate(aksLikeTemplate(), aksLikeParameters('demo', 2), runtime), /not part of the allowed value/);
  });

  it('rejects templates ARM would refuse: missing contentVersion/resources, bad segments, duplicates, unknown functions', () => {
    const { contentVersion: _c, ...noVersion } = aksLikeTemplate();
    assert.throws(() => evaluateTemplate(noVersion, aksLikeParameters('demo'), runtime), /contentVersion/);
    const { resources: _r, ...noResources } = aksLikeTemplate();
    assert.throws(() => evaluateTemplate(noResources, aksLikeParameters('demo'), runtime), /'resources' not found/);
    assert.throws(
      () =>
        evaluateTemplate(
          templateWith({ parameters: {}, resources: [{ type: 'Microsoft.Compute/virtualMachines/extensions', name: 'only-one-segment' }] }),
          {},
          runtime,
        ),
      /incorrect segment lengths/,
    );
    const twice = { type: 'Microsoft.Network/publicIPAddresses', name: 'ip', apiVersion: '2018-08-01' };
    assert.throws(
      () => evaluateTemplate(templateWith({ parameters: {}, variables: {}, outputs: {}, resources: [twice, twice] }), {}, runtime),
      /defined multiple times/,
    );
    assert.throws(
      () =>
        evaluateTemplate(templateWith({ parameters: {}, variables: { broken: "[bogus('x')]" }, outputs: {}, resources: [] }), {}, runtime),
      (error: unknown) => error instanceof TemplateError && /bogus/.test(error.message) && error.path === 'variables.broken',
    );
  });

  it('handles nested child resources, conditions, variable copy loops and reference() only where ARM allows it', () => {
    const template = {
      contentVersion: '1.0.0.0',
      parameters: { withIp: { type: 'bool', defaultValue: false } },
      variables: { copy: [{ name: 'zones', count: 2, input: "[concat('zone', copyIndex('zones'))]" }] },
      resources: [
        {
          type: 'Microsoft.Network/virtualNetworks',
          name: 'vnet',
          apiVersion: '2018-08-01',
          resources: [{ type: 'subnets', name: 'sn', apiVersion: '2018-08-01', dependsOn: ['vnet'] }],
        },
        { type: 'Microsoft.Network/publicIPAddresses', name: 'ip', condition: "[parameters('withIp')]", apiVersion: '2018-08-01' },
      ],
      outputs: { zones: { type: 'array', value: "[variables('zones')]" } },
    };
    const evaluated = evaluateTemplate(template, {}, runtime);
    assert.deepEqual(
      evaluated.resources.map((resource) => `${resource.type} ${resource.name}`),
      ['Microsoft.Network/virtualNetworks vnet', 'Microsoft.Network/virtualNetworks/subnets vnet/sn'],
    );
    assert.deepEqual(
      evaluated.skipped.map((resource) => resource.name),
      ['ip'],
    );
    assert.deepEqual(evaluated.evaluateOutputs().zones, { type: 'Array', value: ['zone0', 'zone1'] });
    const referenceInName = {
      contentVersion: '1.0.0.0',
      resources: [{ type: 'Microsoft.Network/publicIPAddresses', name: "[reference('x').name]", apiVersion: '2018-08-01' }],
    };
    assert.throws(() => evaluateTemplate(referenceInName, {}, runtime), /'reference' is not expected at this location/);
  });
});
