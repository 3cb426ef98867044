// The ARM expression evaluator on its own: literals, functions, property access, copy loops and errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateExpression, evaluateValue, type EvaluationContext } from '../../../local/azure/template-evaluation/expression-evaluator';
import { TemplateError } from '../../../local/azure/template-evaluation/template-error';

function context(
  overrides: { parameters?: Record<string, unknown>; variables?: Record<string, unknown>; loops?: Array<[string, number]> } = {},
): EvaluationContext {
  const loops = overrides.loops ?? [];
  return {
    parameter: (name) => {
      if (!(name in (overrides.parameters ?? {}))) throw new TemplateError(`The template parameter '${name}' is not found.`);
      return overrides.parameters![name];
    },
    variable: (name) => {
      if (!(name in (overrides.variables ?? {}))) throw new TemplateError(`The template variable '${name}' is not found.`);
      return overrides.variables![name];
    },
    copyIndex: (name) => {
      const loop = name === undefined ? loops[loops.length - 1] : loops.find(([loopName]) => loopName === name);
      if (!loop) throw new TemplateError('copyIndex outside a copy loop');
      return loop[1];
    },
    withLoop: (name, index) => context({ ...overrides, loops: [...loops, [name, index]] }),
    resourceGroup: () => ({ id: '/subscriptions/s1/resourceGroups/rg1', name: 'rg1', location: 'centralus', tags: {} }),
    subscription: () => ({ id: '/subscriptions/s1', subscriptionId: 's1', tenantId: 't1' }),
    deployment: () => ({ name: 'dep1', properties: {} }),
    reference: (target, _apiVersion, full) =>
      full
        ? { id: target, properties: { dnsSettings: { fqdn: 'x.centralus.cloudapp.azure.com' } } }
        : { dnsSettings: { fqdn: 'x.centralus.cloudapp.azure.com' } },
    list: () => ({ keys: [{ keyName: 'key1', value: 'k' }] }),
  };
}

describe('ARM template expressions', () => {
  it('evaluates string and integer literals, with doubled quotes as escapes', () => {
    assert.equal(evaluateExpression("['it''s']", context()), "it's");
    assert.equal(evaluateExpression('[42]', context()), 42);
    assert.equal(evaluateExpression('[-3]', context()), -3);
  });

  it('reads parameters and variables, and concatenates strings and arrays', () => {
    const ctx = context({ parameters: { dnsPrefix: 'demo' }, variables: { suffix: 'k8s', list: [1, 2] } });
    assert.equal(evaluateExpression("[concat(parameters('dnsPrefix'), variables('suffix'))]", ctx), 'demok8s');
    assert.deepEqual(evaluateExpression("[concat(variables('list'), createArray(3))]", ctx), [1, 2, 3]);
    assert.equal(evaluateExpression("[concat('n-', 5, '-', true())]", ctx), 'n-5-True');
  });

  it('supports resourceGroup(), subscription(), property access (case-insensitive) and indexing', () => {
    const ctx = context({ variables: { arr: ['a', 'b'], obj: { Inner: { value: 7 } } } });
    assert.equal(evaluateExpression('[resourceGroup().location]', ctx), 'centralus');
    assert.equal(evaluateExpression('[subscription().subscriptionId]', ctx), 's1');
    assert.equal(evaluateExpression("[variables('arr')[1]]", ctx), 'b');
    assert.equal(evaluateExpression("[variables('obj').inner.VALUE]", ctx), 7);
    assert.equal(evaluateExpression("[variables('obj')['Inner'].value]", ctx), 7);
  });

  it('reads reference() outputs the way aks-engine outputs use them', () => {
    assert.equal(
      evaluateExpression("[reference(concat('Microsoft.Network/publicIPAddresses/', 'ip')).dnsSettings.fqdn]", context()),
      'x.centralus.cloudapp.azure.com',
    );
    assert.equal(
      evaluateExpression("[reference('ip', '2018-08-01', 'Full').properties.dnsSettings.fqdn]", context()),
      'x.centralus.cloudapp.azure.com',
    );
  });

  it('builds resource ids with resourceId() for root and child types, in another group too', () => {
    assert.equal(
      evaluateExpression("[resourceId('Microsoft.Network/publicIPAddresses', 'ip1')]", context()),
      '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Network/publicIPAddresses/ip1',
    );
    assert.equal(
      evaluateExpression("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'sn')]", context()),
      '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet/subnets/sn',
    );
    assert.equal(
      evaluateExpression("[resourceId('other', 'Microsoft.Compute/availabilitySets', 'as')]", context()),
      '/subscriptions/s1/resourceGroups/other/providers/Microsoft.Compute/availabilitySets/as',
    );
    // aks-engine v0.32.3 writes 'Microsoft.DocumentDB/databaseAccounts/' with a trailing slash; ARM accepts it.
    assert.equal(
      evaluateExpression("[resourceId('Microsoft.DocumentDB/databaseAccounts/', 'demok8s')]", context()),
      '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.DocumentDB/databaseAccounts/demok8s',
    );
  });

  it('evaluates arithmetic, comparison, logic and the lazy if()', () => {
    const ctx = context({ parameters: { count: 3 } });
    assert.equal(evaluateExpression("[add(parameters('count'), 2)]", ctx), 5);
    assert.equal(evaluateExpression("[sub(parameters('count'), 1)]", ctx), 2);
    assert.equal(evaluateExpression('[div(7, 2)]', ctx), 3);
    assert.equal(evaluateExpression('[mod(7, 2)]', ctx), 1);
    assert.equal(evaluateExpression("[equals(parameters('count'), 3)]", ctx), true);
    assert.equal(evaluateExpression('[and(true(), not(false()))]', ctx), true);
    // The untaken branch is not evaluated: it would fail (unknown variable).
    assert.equal(evaluateExpression("[if(greater(parameters('count'), 1), 'many', variables('missing'))]", ctx), 'many');
  });

  it('has the string functions templates rely on', () => {
    const ctx = context();
    assert.equal(evaluateExpression("[toLower('AbC')]", ctx), 'abc');
    assert.equal(evaluateExpression("[format('{0}-{1:D3}', 'vm', 7)]", ctx), 'vm-007');
    assert.equal(evaluateExpression("[replace('a.b.c', '.', '-')]", ctx), 'a-b-c');
    assert.deepEqual(evaluateExpression("[split('a,b', ',')]", ctx), ['a', 'b']);
    assert.equal(evaluateExpression("[substring('abcdef', 1, 3)]", ctx), 'bcd');
    assert.equal(evaluateExpression("[base64('hi')]", ctx), 'aGk=');
    assert.equal(evaluateExpression("[base64ToString('aGk=')]", ctx), 'hi');
    assert.equal(evaluateExpression("[length('abc')]", ctx), 3);
    assert.equal(evaluateExpression("[startsWith('Microsoft', 'micro')]", ctx), true);
    assert.match(String(evaluateExpression("[uniqueString('a', 'b')]", ctx)), /^[a-z2-7]{13}$/);
    assert.equal(evaluateExpression("[uniqueString('a', 'b')]", ctx), evaluateExpression("[uniqueString('a', 'b')]", ctx));
    assert.match(String(evaluateExpression("[guid('x')]", ctx)), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(evaluateExpression("[string(createObject('a', 1))]", ctx), '{"a":1}');
  });

  it('gives copyIndex() the loop index, with an offset and by loop name', () => {
    const ctx = context({
      loops: [
        ['outer', 2],
        ['inner', 5],
      ],
    });
    assert.equal(evaluateExpression('[copyIndex()]', ctx), 5);
    assert.equal(evaluateExpression('[copyIndex(10)]', ctx), 15);
    assert.equal(evaluateExpression("[copyIndex('outer', 1)]", ctx), 3);
  });

  it('walks JSON values: nested expressions, the [[ escape, and property copy loops', () => {
    const value = evaluateValue(
      {
        name: "[concat('a', 'b')]",
        literal: '[[not an expression]',
        plain: 'text',
        copy: [{ name: 'ipConfigurations', count: 2, input: { name: "[concat('ipconfig', copyIndex('ipConfigurations'))]" } }],
      },
      context(),
    );
    assert.deepEqual(value, {
      name: 'ab',
      literal: '[not an expression]',
      plain: 'text',
      ipConfigurations: [{ name: 'ipconfig0' }, { name: 'ipconfig1' }],
    });
  });

  it('rejects bad expressions and unknown functions with a TemplateError naming the path', () => {
    assert.throws(
      () => evaluateExpression("[concat('a'", context()),
      (error: unknown) => error instanceof TemplateError && /not valid/.test(error.message),
    );
    assert.throws(
      () => evaluateExpression("[nosuchfunction('a')]", context()),
      (error: unknown) => error instanceof TemplateError && /nosuchfunction/.test(error.message),
    );
    assert.throws(() => evaluateExpression("[variables('x')]", context()), TemplateError);
    assert.throws(
      () => evaluateValue({ properties: { bad: "[parameters('nope')]" } }, context(), 'resources[0]'),
      (error: unknown) => error instanceof TemplateError && error.path === 'resources[0].properties.bad',
    );
    assert.throws(() => evaluateExpression('[resourceGroup().nothing]', context()), /doesn't exist/);
  });
});
