// A storage profile as Compute answers it: integers a template wrote as strings come back as integers (Go's SDK
// refuses a string for an int32 field); other fields and non-numeric strings are left alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { typedStorageProfile } from '../../../local/azure/compute/typed-storage-profile';

test('diskSizeGB and lun become integers; everything else stays as written', () => {
  const written = {
    imageReference: { sku: '16.04-LTS', version: '1234' },
    osDisk: { name: 'os', diskSizeGB: '30', createOption: 'FromImage' },
    dataDisks: [
      { lun: '0', diskSizeGB: '256', name: 'etcddisk' },
      { lun: 1, diskSizeGB: 128 },
      { lun: '[parameters(x)]', diskSizeGB: '' },
    ],
  };
  assert.deepEqual(typedStorageProfile(written), {
    imageReference: { sku: '16.04-LTS', version: '1234' },
    osDisk: { name: 'os', diskSizeGB: 30, createOption: 'FromImage' },
    dataDisks: [
      { lun: 0, diskSizeGB: 256, name: 'etcddisk' },
      { lun: 1, diskSizeGB: 128 },
      { lun: '[parameters(x)]', diskSizeGB: '' },
    ],
  });
  assert.equal(written.osDisk.diskSizeGB, '30', 'the stored resource is not changed');
  assert.equal(typedStorageProfile(undefined), undefined);
});
