// A scale set deployed again without its image or custom data keeps them, as Compute does (aks-engine's upgrade
// leaves both out of its templates); a new scale set, given values and other resource types are stored as written.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keepScaleSetModel } from '../../../local/azure/compute/scale-set-update';

const type = 'Microsoft.Compute/virtualMachineScaleSets';
const image = { publisher: 'microsoft-aks', offer: 'aks', sku: 'aks-ubuntu-1604-201902', version: '2019.02.12' };
const existing: { type: string; properties?: unknown } = {
  type,
  properties: {
    virtualMachineProfile: {
      storageProfile: { imageReference: image, osDisk: { caching: 'ReadWrite' } },
      osProfile: { customData: 'abc' },
    },
  },
};

test('keeps imageReference and customData the new model omits', () => {
  const next = {
    type,
    properties: {
      overprovision: false,
      virtualMachineProfile: { storageProfile: { osDisk: { caching: 'None' } }, osProfile: { adminUsername: 'u' } },
    },
  };
  assert.deepEqual(keepScaleSetModel(existing, next), {
    type,
    properties: {
      overprovision: false,
      virtualMachineProfile: {
        storageProfile: { osDisk: { caching: 'None' }, imageReference: image },
        osProfile: { adminUsername: 'u', customData: 'abc' },
      },
    },
  });
});

test('stores given values, new scale sets and other types as written', () => {
  const given = {
    type,
    properties: { virtualMachineProfile: { storageProfile: { imageReference: { id: 'x' } }, osProfile: { customData: 'new' } } },
  };
  assert.deepEqual(keepScaleSetModel(existing, given), given);
  const fresh = { type, properties: { virtualMachineProfile: { storageProfile: {} } } };
  assert.equal(keepScaleSetModel(undefined, fresh), fresh);
  const vm = { type: 'Microsoft.Compute/virtualMachines', properties: { storageProfile: {} } };
  assert.equal(keepScaleSetModel(existing, vm), vm);
});
