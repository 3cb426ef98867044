// The apimodel validation matrix: each rule aks-engine v0.32.3 enforces. Every model is checked by the
// simulator's loader (what `generate` runs first) in this process, for exactly aks-engine's message; valid
// models and a few refused ones also go through `generate` as a child process, for the exit code, the coloured
// FATA line and a full generation.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadApiModel } from '../../../local/aks-engine/apimodel/load';
import { goErrorText } from '../../../local/aks-engine/go-errors';
import { fatalMessage, runAksEngine, scratchDir, writeJson } from '../../support/aks-engine';
import { cosmosModel, variant, type Model } from './models';

const LOAD = 'error loading API model in generateCmd: error parsing the api model: ';
const DNS_RULE =
  'The DNSPrefix must contain between 3 and 45 characters and can contain only letters, ' +
  'numbers, and hyphens.  It must start with a letter and must end with a letter or a number.';
const VERSIONS = '[1.6.9 1.9.10 1.9.11 1.10.12 1.10.13 1.11.7 1.11.8 1.12.5 1.12.6 1.13.3 1.13.4 1.14.0-alpha.2 1.14.0-beta.1]';

interface Case {
  name: string;
  model: Model | string;
  /** The FATA message after the load prefix; undefined means the model is valid. */
  error?: string;
}

const properties = (edit: (p: Model) => void) => variant((m) => edit(m.properties));

const cases: Case[] = [
  // valid models
  { name: 'the cosmosEtcd model', model: cosmosModel() },
  { name: '3 masters', model: properties((p) => (p.masterProfile.count = 3)) },
  {
    name: '5 masters and VMSS pools',
    model: properties((p) => ((p.masterProfile.count = 5), (p.agentPoolProfiles[0].availabilityProfile = 'VirtualMachineScaleSets'))),
  },
  { name: 'a 45-character uppercase dnsPrefix', model: properties((p) => (p.masterProfile.dnsPrefix = `A${'b'.repeat(43)}9`)) },
  { name: 'orchestratorRelease 1.12', model: properties((p) => (p.orchestratorProfile.orchestratorRelease = '1.12')) },
  { name: 'orchestratorVersion 1.13.4', model: properties((p) => (p.orchestratorProfile.orchestratorVersion = '1.13.4')) },
  { name: 'orchestratorType in lower case', model: properties((p) => (p.orchestratorProfile.orchestratorType = 'kubernetes')) },
  {
    name: 'keys matched case-insensitively',
    model: variant(
      (m) => ((m.properties.masterProfile.DNSPREFIX = m.properties.masterProfile.dnsPrefix), delete m.properties.masterProfile.dnsPrefix),
    ),
  },
  { name: 'an unknown vmSize (only ARM checks sizes)', model: properties((p) => (p.agentPoolProfiles[0].vmSize = 'Standard_Bogus_v9')) },
  {
    name: 'managed identity without a service principal',
    model: properties((p) => (delete p.servicePrincipalProfile, (p.orchestratorProfile.kubernetesConfig = { useManagedIdentity: true }))),
  },
  {
    name: 'a keyvault reference instead of a secret',
    model: properties(
      (p) =>
        (p.servicePrincipalProfile = {
          clientId: '11111111-1111-1111-1111-111111111111',
          keyvaultSecretRef: { vaultID: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv', secretName: 'sp' },
        }),
    ),
  },

  // strict JSON, apiVersion, orchestratorType, types
  { name: 'an unknown top-level key', model: variant((m) => (m.foo = 1)), error: 'Unknown JSON tag foo' },
  {
    name: 'a mistyped nested key',
    model: properties((p) => (p.masterProfile.ventSubnetID = '/x')),
    error: 'Unknown JSON tag ventSubnetID',
  },
  {
    name: 'an unknown key inside an agent pool',
    model: properties((p) => (p.agentPoolProfiles[0].nodeCount = 3)),
    error: 'Unknown JSON tag nodeCount',
  },
  { name: 'an unknown apiVersion', model: variant((m) => (m.apiVersion = '2099-01-01')), error: "unrecognized APIVersion '2099-01-01'" },
  {
    name: 'an unknown orchestrator',
    model: properties((p) => (p.orchestratorProfile.orchestratorType = 'Mesos')),
    error: 'OrchestratorType has unknown orchestrator: Mesos',
  },
  {
    name: 'DockerCE (not a vlabs orchestrator)',
    model: properties((p) => (p.orchestratorProfile.orchestratorType = 'DockerCE')),
    error: 'OrchestratorType has unknown orchestrator: DockerCE',
  },
  {
    name: 'cosmosEtcd as a string',
    model: properties((p) => (p.masterProfile.cosmosEtcd = 'true')),
    error: 'json: cannot unmarshal string into Go struct field MasterProfile.properties.masterProfile.cosmosEtcd of type bool',
  },
  {
    name: 'a master count as a string',
    model: properties((p) => (p.masterProfile.count = '3')),
    error: 'json: cannot unmarshal string into Go struct field MasterProfile.properties.masterProfile.count of type int',
  },
  { name: 'truncated JSON', model: '{"apiVersion": "vlabs", "properties": {', error: 'unexpected end of JSON input' },

  // required objects and fields (go-playground/validator, first failing field)
  {
    name: 'no masterProfile',
    model: properties((p) => delete p.masterProfile),
    error:
      "Namespace Properties.DNSPrefix is not caught, Key: 'Properties.DNSPrefix' " +
      "Error:Field validation for 'DNSPrefix' failed on the 'required' tag",
  },
  { name: 'no linuxProfile', model: properties((p) => delete p.linuxProfile), error: 'missing Properties.LinuxProfile' },
  { name: 'no dnsPrefix', model: properties((p) => delete p.masterProfile.dnsPrefix), error: 'missing Properties.MasterProfile.DNSPrefix' },
  { name: 'no master vmSize', model: properties((p) => delete p.masterProfile.vmSize), error: 'missing Properties.MasterProfile.VMSize' },
  {
    name: 'no agent vmSize',
    model: properties((p) => (p.agentPoolProfiles[0].vmSize = '')),
    error: 'missing Properties.AgentPoolProfiles[0].VMSize',
  },
  {
    name: 'no pool name',
    model: properties((p) => delete p.agentPoolProfiles[0].name),
    error: 'missing Properties.AgentPoolProfiles[0].Name',
  },
  {
    name: 'no adminUsername (a namespace aks-engine does not map)',
    model: properties((p) => delete p.linuxProfile.adminUsername),
    error:
      "Namespace Properties.LinuxProfile.AdminUsername is not caught, Key: 'Properties.LinuxProfile.AdminUsername' " +
      "Error:Field validation for 'AdminUsername' failed on the 'required' tag",
  },

  // masterProfile
  { name: '2 masters', model: properties((p) => (p.masterProfile.count = 2)), error: 'MasterProfile count needs to be 1, 3, or 5' },
  { name: 'no master count', model: properties((p) => delete p.masterProfile.count), error: 'MasterProfile count needs to be 1, 3, or 5' },
  {
    name: 'a master OS disk of 2000 GB',
    model: properties((p) => (p.masterProfile.osDiskSizeGB = 2000)),
    error: 'Invalid os disk size of 2000 specified.  The range of valid values are [1, 1023]',
  },
  {
    name: 'a dnsPrefix starting with a digit',
    model: properties((p) => (p.masterProfile.dnsPrefix = '1cluster')),
    error: `DNSPrefix '1cluster' is invalid. ${DNS_RULE} (length was 8)`,
  },
  {
    name: 'a 2-character dnsPrefix',
    model: properties((p) => (p.masterProfile.dnsPrefix = 'ab')),
    error: `DNSPrefix 'ab' is invalid. ${DNS_RULE} (length was 2)`,
  },
  {
    name: 'a dnsPrefix ending in a hyphen',
    model: properties((p) => (p.masterProfile.dnsPrefix = 'cluster-')),
    error: `DNSPrefix 'cluster-' is invalid. ${DNS_RULE} (length was 8)`,
  },
  {
    name: 'a 46-character dnsPrefix',
    model: properties((p) => (p.masterProfile.dnsPrefix = `a${'b'.repeat(45)}`)),
    error: `DNSPrefix 'a${'b'.repeat(45)}' is invalid. ${DNS_RULE} (length was 46)`,
  },
  {
    name: 'a dnsPrefix with an underscore',
    model: properties((p) => (p.masterProfile.dnsPrefix = 'my_cluster')),
    error: `DNSPrefix 'my_cluster' is invalid. ${DNS_RULE} (length was 10)`,
  },

  // agentPoolProfiles
  {
    name: 'an agent count of 0',
    model: properties((p) => (p.agentPoolProfiles[0].count = 0)),
    error: 'AgentPoolProfile count needs to be in the range [1,100]',
  },
  {
    name: 'an agent count of 101',
    model: properties((p) => (p.agentPoolProfiles[0].count = 101)),
    error: 'AgentPoolProfile count needs to be in the range [1,100]',
  },
  {
    name: 'an uppercase pool name',
    model: properties((p) => (p.agentPoolProfiles[0].name = 'Agent1')),
    error:
      "pool name 'Agent1' is invalid. A pool name must start with a lowercase " +
      'letter, have max length of 12, and only have characters a-z0-9',
  },
  {
    name: 'a 13-character pool name',
    model: properties((p) => (p.agentPoolProfiles[0].name = 'agentpool1234')),
    error:
      "pool name 'agentpool1234' is invalid. A pool name must start with a " +
      'lowercase letter, have max length of 12, and only have characters a-z0-9',
  },
  {
    name: 'two pools with the same name',
    model: properties((p) => p.agentPoolProfiles.push({ ...p.agentPoolProfiles[0] })),
    error: "profile name 'agentpool1' already exists, profile names must be unique across pools",
  },
  {
    name: 'a pool dnsPrefix',
    model: properties((p) => (p.agentPoolProfiles[0].dnsPrefix = 'pool')),
    error: 'AgentPoolProfile.DNSPrefix must be empty for Kubernetes',
  },
  {
    name: 'an osType of FreeBSD',
    model: properties((p) => (p.agentPoolProfiles[0].osType = 'FreeBSD')),
    error: 'AgentPoolProfile.osType must be either Linux or Windows',
  },
  {
    name: 'an unknown availabilityProfile',
    model: properties((p) => (p.agentPoolProfiles[0].availabilityProfile = 'Spot')),
    error:
      "unknown availability profile type 'Spot' for agent pool 'agentpool1'.  Specify either AvailabilitySet, or VirtualMachineScaleSets",
  },
  {
    name: 'mixed availability profiles',
    model: properties((p) =>
      p.agentPoolProfiles.push({ name: 'pool2', count: 1, vmSize: 'Standard_D2_v2', availabilityProfile: 'VirtualMachineScaleSets' }),
    ),
    error:
      'mixed mode availability profiles are not allowed. Please set either ' +
      'VirtualMachineScaleSets or AvailabilitySet in availabilityProfile for all agent pools',
  },
  {
    name: 'VMSS on Kubernetes 1.9',
    model: properties(
      (p) => (
        (p.orchestratorProfile.orchestratorRelease = '1.9'),
        (p.agentPoolProfiles[0].availabilityProfile = 'VirtualMachineScaleSets')
      ),
    ),
    error:
      'VirtualMachineScaleSets are only available in Kubernetes version ' +
      '1.10.0 or greater. Please set "orchestratorVersion" to 1.10.0 or above',
  },
  {
    name: 'extensions on a VMSS pool',
    model: properties(
      (p) => (
        (p.agentPoolProfiles[0].availabilityProfile = 'VirtualMachineScaleSets'),
        (p.agentPoolProfiles[0].extensions = [{ name: 'hello-world-k8s' }])
      ),
    ),
    error: 'Extensions are currently not supported with VirtualMachineScaleSets. Please specify "availabilityProfile": "AvailabilitySet"',
  },

  // orchestrator version
  {
    name: 'orchestratorRelease 1.8',
    model: properties((p) => (p.orchestratorProfile.orchestratorRelease = '1.8')),
    error:
      `the following OrchestratorProfile configuration is not supported: OrchestratorType: "Kubernetes", ` +
      `OrchestratorRelease: "1.8", OrchestratorVersion: "". Please use one of the following versions: ${VERSIONS}`,
  },

  // linuxProfile and servicePrincipalProfile
  {
    name: 'an empty SSH keyData',
    model: properties((p) => (p.linuxProfile.ssh.publicKeys[0].keyData = '')),
    error: 'KeyData in LinuxProfile.SSH.PublicKeys cannot be empty string',
  },
  {
    name: 'no servicePrincipalProfile',
    model: properties((p) => delete p.servicePrincipalProfile),
    error: 'ServicePrincipalProfile must be specified with Orchestrator Kubernetes',
  },
  {
    name: 'no service principal clientId',
    model: properties((p) => delete p.servicePrincipalProfile.clientId),
    error: 'the service principal client ID must be specified with Orchestrator Kubernetes',
  },
  {
    name: 'no service principal secret',
    model: properties((p) => delete p.servicePrincipalProfile.secret),
    error: 'either the service principal client secret or keyvault secret reference must be specified with Orchestrator Kubernetes',
  },
];

/** Refused models that also go through the command line: a strict-JSON rule, a profile rule, a version rule. */
const refusedOnTheCommandLine = new Set(['an unknown top-level key', 'no servicePrincipalProfile', 'orchestratorRelease 1.8']);

describe('apimodel validation (aks-engine generate)', { concurrency: 8 }, () => {
  let work: ReturnType<typeof scratchDir>;
  before(() => (work = scratchDir()));
  after(() => work.remove());

  cases.forEach((testCase, index) => {
    it(`${testCase.error ? 'refuses' : 'accepts'} ${testCase.name}`, async () => {
      const dir = path.join(work.dir, `case-${index}`);
      const file = path.join(work.dir, `case-${index}.json`);
      if (typeof testCase.model === 'string') writeFileSync(file, testCase.model);
      else writeJson(file, testCase.model);
      assert.equal(loaderError(file), testCase.error);
      if (testCase.error !== undefined && !refusedOnTheCommandLine.has(testCase.name)) return;
      const run = await runAksEngine(['generate', '--api-model', file, '--output-directory', dir], { cwd: work.dir });
      if (testCase.error === undefined) {
        assert.equal(run.code, 0, run.stdout + run.stderr);
        assert.equal(fatalMessage(run), undefined);
      } else {
        assert.equal(run.code, 1, run.stdout + run.stderr);
        assert.equal(fatalMessage(run), LOAD + testCase.error);
        const esc = String.fromCharCode(27);
        assert.match(run.stdout, new RegExp(`${esc}\\[31mFATA${esc}\\[0m\\[\\d{4}\\] `), 'the FATA line is coloured like logrus');
      }
    });
  });

  it('names in refusedOnTheCommandLine are cases that are refused', () => {
    for (const name of refusedOnTheCommandLine) assert.ok(cases.find((testCase) => testCase.name === name)?.error, name);
  });
});

/** The loader's message for a model as generate's FATA line shows it (its first line); undefined when the model loads. */
function loaderError(file: string): string | undefined {
  try {
    loadApiModel(file, { validate: true });
    return undefined;
  } catch (error) {
    return goErrorText(error).split('\n')[0];
  }
}
