// The version tables of aks-engine v0.32.3 that generate, get-versions, upgrade and scale read: the versions new
// clusters may use (Linux and Windows), the defaults, and the upgrade paths, as the real binary's get-versions prints them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  defaultKubernetesVersion,
  kubernetesUpgradeVersions,
  kubernetesVersionProfiles,
  rationalizeReleaseAndVersion,
  supportedKubernetesVersions,
} from '../../../local/aks-engine/kubernetes-versions';

const LINUX = '1.6.9 1.9.10 1.9.11 1.10.12 1.10.13 1.11.7 1.11.8 1.12.5 1.12.6 1.13.3 1.13.4 1.14.0-alpha.2 1.14.0-beta.1';
const WINDOWS = '1.8.12 1.9.10 1.9.11 1.10.12 1.10.13 1.11.7 1.11.8 1.12.5 1.12.6 1.13.3 1.13.4 1.14.0-alpha.2 1.14.0-beta.1';

describe('Kubernetes version tables (v0.32.3)', () => {
  it('lists the versions new clusters may use, with 1.11.8 (Linux) and 1.9.11 (Windows) by default', () => {
    assert.equal(supportedKubernetesVersions(false, false).join(' '), LINUX);
    assert.equal(supportedKubernetesVersions(false, true).join(' '), WINDOWS);
    assert.equal(defaultKubernetesVersion(false), '1.11.8');
    assert.equal(defaultKubernetesVersion(true), '1.9.11');
    const profiles = kubernetesVersionProfiles();
    assert.deepEqual(
      profiles.filter((profile) => profile.default).map((profile) => profile.orchestratorVersion),
      ['1.11.8'],
    );
    assert.deepEqual(profiles[0], {
      orchestratorType: 'Kubernetes',
      orchestratorVersion: '1.6.9',
      default: false,
      upgrades: [
        { orchestratorType: '', orchestratorVersion: '1.9.10' },
        { orchestratorType: '', orchestratorVersion: '1.9.11' },
      ],
    });
  });

  it('upgrades to later patches and the next release, skipping a missing release, as get-versions --version prints', () => {
    assert.deepEqual(kubernetesUpgradeVersions('1.6.9'), ['1.9.10', '1.9.11']);
    assert.deepEqual(kubernetesUpgradeVersions('1.9.10'), ['1.9.11', '1.10.12', '1.10.13']);
    assert.deepEqual(kubernetesUpgradeVersions('1.11.7'), ['1.11.8', '1.12.5', '1.12.6']);
    assert.deepEqual(kubernetesUpgradeVersions('1.13.4'), ['1.14.0-alpha.2', '1.14.0-beta.1']);
    assert.deepEqual(kubernetesUpgradeVersions('1.14.0-beta.1'), []);
    assert.deepEqual(kubernetesUpgradeVersions('1.8.12', true), ['1.9.10', '1.9.11']);
  });

  it('resolves a release to its latest patch and refuses what the table lacks', () => {
    assert.equal(rationalizeReleaseAndVersion('1.12', '', false, false), '1.12.6');
    assert.equal(rationalizeReleaseAndVersion('', '', false, false), '1.11.8');
    assert.equal(rationalizeReleaseAndVersion('', '', false, true), '1.9.11');
    assert.equal(rationalizeReleaseAndVersion('', '1.13.3', false, false), '1.13.3');
    assert.equal(rationalizeReleaseAndVersion('1.8', '', false, false), '');
    assert.equal(rationalizeReleaseAndVersion('', '1.7.16', false, false), '');
  });
});
