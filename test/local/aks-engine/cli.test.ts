// The command line itself: version, help, and cobra's handling of unknown flags, commands and bad arguments
// (error and usage on stderr, then a FATA line on stdout and exit code 1).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fatalMessage, runAksEngine, scratchDir } from '../../support/aks-engine';

describe('aks-engine command line', { concurrency: 6 }, () => {
  let work: ReturnType<typeof scratchDir>;
  before(() => (work = scratchDir()));
  after(() => work.remove());
  const run = (...args: string[]) => runAksEngine(args, { cwd: work.dir });

  it('prints the v0.32.3 version', async () => {
    const human = await run('version');
    assert.equal(human.code, 0);
    assert.equal(human.stdout, 'Version: v0.32.3\nGitCommit: 21ff4bd\nGitTreeState: clean\n');
    const json = await run('version', '-o', 'json');
    assert.deepEqual(JSON.parse(json.stdout), { GitTag: 'v0.32.3', GitCommit: '21ff4bd', GitTreeState: 'clean' });
    const bad = await run('version', '--output', 'yaml');
    assert.equal(bad.code, 1);
    assert.equal(fatalMessage(bad), 'unsupported output format: yaml');
  });

  it('prints help for deploy with its flags and defaults', async () => {
    const help = await run('deploy', '--help');
    assert.equal(help.code, 0);
    assert.ok(
      help.stdout.startsWith(
        'Deploy an Azure Resource Manager template, parameters file and other ' +
          'assets for a cluster\n\nUsage:\n  aks-engine deploy [flags]\n\nFlags:\n',
      ),
    );
    for (const line of [
      '  -m, --api-model string             path to the apimodel file',
      '      --auth-method client_secret    auth method (default:client_secret,' +
        ' `cli`, `client_certificate`, `device`) (default "client_secret")',
      '      --azure-env string             the target Azure cloud (default "AzurePublicCloud")',
      '  -f, --force-overwrite              automatically overwrite existing files in the output directory',
      '  -l, --location string              location to deploy to (required)',
      '      --set stringArray              set values on the command line (' +
        'can specify multiple or separate values with commas: key1=val1,key2=val2)',
      '  -s, --subscription-id string       azure subscription id (required)',
      '  -h, --help                         help for deploy',
    ]) {
      assert.ok(help.stdout.includes(`${line}\n`), `help has: ${line}\n${help.stdout}`);
    }
    assert.ok(help.stdout.endsWith('Global Flags:\n      --debug   enable verbose debug logs\n'));
    const generate = await run('help', 'generate');
    assert.ok(generate.stdout.includes('      --parameters-only              only output parameters files\n'));
    assert.ok(!generate.stdout.includes('--location'), 'generate has no --location');
  });

  it('refuses an unknown flag the way cobra does (--identity-system came in v0.34.0)', async () => {
    const result = await run('deploy', '--identity-system', 'adfs', '-l', 'centralus');
    assert.equal(result.code, 1);
    assert.ok(result.stderr.startsWith('Error: unknown flag: --identity-system\nUsage:\n  aks-engine deploy [flags]\n'));
    assert.equal(fatalMessage(result), 'unknown flag: --identity-system');
    const generate = await run('generate', '--location', 'centralus', 'x.json');
    assert.equal(fatalMessage(generate), 'unknown flag: --location');
    const shorthand = await run('deploy', '-x');
    assert.equal(fatalMessage(shorthand), "unknown shorthand flag: 'x' in -x");
    const missing = await run('deploy', '-l');
    assert.equal(fatalMessage(missing), "flag needs an argument: 'l' in -l");
    const bool = await run('deploy', '--force-overwrite=maybe');
    assert.equal(
      fatalMessage(bool),
      'invalid argument "maybe" for "-f, --force-overwrite" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
    );
  });

  it('refuses an unknown command and suggests the near one', async () => {
    const result = await run('deplyo');
    assert.equal(result.code, 1);
    assert.ok(result.stderr.startsWith('Error: unknown command "deplyo" for "aks-engine"\n\nDid you mean this?\n\tdeploy\n'));
    assert.ok(result.stderr.includes("Run 'aks-engine --help' for usage."));
    assert.match(fatalMessage(result) ?? '', /^unknown command "deplyo" for "aks-engine"/);
  });

  it('lists the v0.32.3 commands and dumps the default model', async () => {
    const help = await run('--help');
    assert.equal(help.code, 0);
    for (const name of ['completion', 'deploy', 'generate', 'get-versions', 'scale', 'upgrade', 'version'])
      assert.match(help.stdout, new RegExp(`\\n  ${name} +\\S`));
    assert.ok(!help.stdout.includes('orchestrators'), 'orchestrators is a hidden command');
    assert.ok(help.stdout.startsWith('AKS Engine deploys and manages Kubernetes clusters in Azure\n'));
    const model = await run('--show-default-model');
    assert.equal(model.code, 0);
    const parsed = JSON.parse(model.stdout);
    assert.equal(parsed.apiVersion, 'vlabs');
    assert.equal(parsed.properties.masterProfile.count, 3);
    assert.equal(parsed.properties.masterProfile.vmSize, 'Standard_DS2_v2');
    assert.deepEqual(
      parsed.properties.agentPoolProfiles.map((p: { name: string; count: number }) => [p.name, p.count]),
      [['agent', 3]],
    );
    assert.equal(parsed.properties.linuxProfile.adminUsername, 'azureuser');
    assert.ok(model.stdout.includes('\n\t"properties"'), 'tab-indented like writeDefaultModel');
  });

  it('validates generate arguments before anything else', async () => {
    const none = await run('generate');
    assert.equal(none.code, 1);
    assert.equal(
      fatalMessage(none),
      'error validating generateCmd: --api-model was not supplied, nor was one specified as a positional argument',
    );
    assert.ok(none.stderr.startsWith('Usage:\n  aks-engine generate [flags]'), 'cmd.Usage() goes to stderr');
    const absent = await run('generate', 'nope.json');
    assert.equal(fatalMessage(absent), 'error validating generateCmd: specified api model does not exist (nope.json)');
    const two = await run('generate', 'a.json', 'b.json');
    assert.equal(fatalMessage(two), "error validating generateCmd: too many arguments were provided to 'generate'");
  });

  it('says so for commands of the real CLI it does not simulate', async () => {
    const result = await run('orchestrators');
    assert.equal(result.code, 1);
    assert.equal(fatalMessage(result), 'the "orchestrators" command of aks-engine v0.32.3 is not simulated');
  });
});
