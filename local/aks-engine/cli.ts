// Entry point of the aks-engine v0.32.3 simulator: cobra's command routing, help and error printing (errors and
// usage on stderr), then the command; every failure ends like log.Fatalf, a FATA line on stdout and exit code 1.
import { serializeApiModel } from './apimodel/serialize';
import { defaultModel } from './apimodel/defaults';
import { commands, persistentFlags, rootFlags, ROOT_DESCRIPTION, ROOT_NAME, VERSION, type CommandSpec } from './commands';
import { FlagError, flagUsages, parseFlags, type FlagSpec, type ParsedArgs } from './flags';
import { CommandError } from './command-error';
import { getVersionsOutput } from './get-versions';
import { enableDebug, FatalExit, fatal, formatLogLine, GoPanicExit } from './log';

const helpFlag = (name: string): FlagSpec => ({ name: 'help', shorthand: 'h', type: 'bool', usage: `help for ${name}` });

function usage(command: CommandSpec | undefined): string {
  if (!command) {
    const listed = commands.filter((c) => !c.hidden);
    const sorted = [...listed, { name: 'help', short: 'Help about any command' } as CommandSpec].sort((a, b) => (a.name < b.name ? -1 : 1));
    // cobra pads to the longest name of every command, hidden ones included.
    const pad = Math.max(...commands.map((c) => c.name.length), 'help'.length);
    return [
      'Usage:',
      `  ${ROOT_NAME} [flags]`,
      `  ${ROOT_NAME} [command]`,
      '',
      'Available Commands:',
      ...sorted.map((c) => `  ${c.name.padEnd(pad)} ${c.short}`),
      '',
      'Flags:',
      flagUsages([...persistentFlags, helpFlag(ROOT_NAME), ...rootFlags]),
      '',
      `Use "${ROOT_NAME} [command] --help" for more information about a command.`,
      '',
    ].join('\n');
  }
  return [
    'Usage:',
    `  ${ROOT_NAME} ${command.name} [flags]`,
    '',
    'Flags:',
    flagUsages([...command.flags, helpFlag(command.name)]),
    '',
    'Global Flags:',
    flagUsages(persistentFlags),
    '',
  ].join('\n');
}

function help(command: CommandSpec | undefined): string {
  return `${command ? command.long : ROOT_DESCRIPTION}\n\n${usage(command)}`;
}

/** cobra's findSuggestions: commands within Levenshtein distance 2, or that the typed text prefixes. */
function suggestions(typed: string): string {
  const distance = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0]![j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++)
        d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    return d[a.length]![b.length]!;
  };
  const found = [...commands.filter((c) => !c.hidden).map((c) => c.name), 'help'].filter(
    (name) => distance(typed.toLowerCase(), name) <= 2 || name.startsWith(typed.toLowerCase()),
  );
  return found.length ? `\n\nDid you mean this?\n${found.map((name) => `\t${name}\n`).join('')}` : '';
}

/** log.Fatalln(err) in main.go after cobra printed "Error: ..." (and the usage, for flag errors) to stderr. */
function cobraFailure(message: string, usageText?: string, hint?: string): never {
  process.stderr.write(`Error: ${message}\n`);
  if (hint) process.stderr.write(hint);
  if (usageText !== undefined) process.stderr.write(`${usageText}\n`);
  return fatal(message);
}

async function main(argv: string[]): Promise<void> {
  // cobra's Find: the first argument that is not a flag names the subcommand (the root's flags are all bools).
  const nameIndex = argv.findIndex((arg) => !arg.startsWith('-'));
  const name = nameIndex >= 0 ? argv[nameIndex]! : undefined;
  const command = commands.find((c) => c.name === name);

  if (name === 'help') {
    const topic = argv.slice(nameIndex + 1).find((arg) => !arg.startsWith('-'));
    const target = topic ? commands.find((c) => c.name === topic) : undefined;
    if (topic && !target) {
      process.stdout.write(`Unknown help topic [\`${topic}\`]\n${usage(undefined)}`);
      return;
    }
    process.stdout.write(help(target));
    return;
  }

  if (!command) {
    let parsed: ParsedArgs;
    try {
      parsed = parseFlags([...persistentFlags, helpFlag(ROOT_NAME), ...rootFlags], argv);
    } catch (error) {
      if (error instanceof FlagError) cobraFailure(error.message, usage(undefined));
      throw error;
    }
    if (parsed.positional.length > 0) {
      const unknown = `unknown command ${JSON.stringify(parsed.positional[0])} for ${JSON.stringify(ROOT_NAME)}`;
      process.stderr.write(`Error: ${unknown}${suggestions(parsed.positional[0]!)}\nRun '${ROOT_NAME} --help' for usage.\n`);
      fatal(`${unknown}${suggestions(parsed.positional[0]!)}`);
    }
    if (parsed.values.help) return void process.stdout.write(help(undefined));
    if (parsed.values.debug) enableDebug();
    if (parsed.values['show-default-model']) return void process.stdout.write(`${serializeApiModel(defaultModel(), '\t')}\n`);
    process.stderr.write(usage(undefined));
    return;
  }

  const args = [...argv.slice(0, nameIndex), ...argv.slice(nameIndex + 1)];
  let parsed: ParsedArgs;
  try {
    parsed = parseFlags([...command.flags, helpFlag(command.name), ...persistentFlags], args);
  } catch (error) {
    if (error instanceof FlagError) cobraFailure(error.message, usage(command));
    throw error;
  }
  const v = parsed.values;
  if (v.help) return void process.stdout.write(help(command));
  if (v.debug) enableDebug();
  const printUsage = () => process.stderr.write(usage(command));
  const s = (key: string) => v[key] as string;
  const b = (key: string) => v[key] as boolean;
  const n = (key: string) => v[key] as number;
  try {
    await runCommand(command, parsed, { s, b, n, printUsage });
  } catch (error) {
    if (error instanceof CommandError) cobraFailure(error.message, usage(command));
    throw error;
  }
}

interface FlagReaders {
  s: (key: string) => string;
  b: (key: string) => boolean;
  n: (key: string) => number;
  printUsage: () => void;
}

async function runCommand(command: CommandSpec, parsed: ParsedArgs, { s, b, n, printUsage }: FlagReaders): Promise<void> {
  const v = parsed.values;
  switch (command.name) {
    case 'version': {
      if (s('output') === 'human')
        process.stdout.write(`Version: ${VERSION.GitTag}\nGitCommit: ${VERSION.GitCommit}\nGitTreeState: ${VERSION.GitTreeState}\n`);
      else if (s('output') === 'json') process.stdout.write(`${JSON.stringify(VERSION, null, 2)}\n`);
      else fatal(`unsupported output format: ${s('output')}\n`);
      return;
    }
    case 'generate': {
      // The certificate and template code loads only for generate: get-versions and version start at once.
      const { runGenerate } = await import('./generate.js');
      return runGenerate({
        apiModel: s('api-model'),
        outputDirectory: s('output-directory'),
        caCertificatePath: s('ca-certificate-path'),
        caPrivateKeyPath: s('ca-private-key-path'),
        set: v.set as string[],
        noPrettyPrint: b('no-pretty-print'),
        parametersOnly: b('parameters-only'),
        positional: parsed.positional,
        printUsage,
      });
    }
    case 'deploy': {
      // Loaded only when needed: the Azure SDKs take a while to load and other commands do not use them.
      const { runDeploy } = await import('./deploy.js');
      return runDeploy({
        apiModel: s('api-model'),
        dnsPrefix: s('dns-prefix'),
        autoSuffix: b('auto-suffix'),
        outputDirectory: s('output-directory'),
        caCertificatePath: s('ca-certificate-path'),
        caPrivateKeyPath: s('ca-private-key-path'),
        resourceGroup: s('resource-group'),
        location: s('location'),
        forceOverwrite: b('force-overwrite'),
        set: v.set as string[],
        azureEnv: s('azure-env'),
        subscriptionId: s('subscription-id'),
        authMethod: s('auth-method'),
        clientId: s('client-id'),
        clientSecret: s('client-secret'),
        certificatePath: s('certificate-path'),
        privateKeyPath: s('private-key-path'),
        language: s('language'),
        positional: parsed.positional,
        printUsage,
      });
    }
    case 'get-versions':
      process.stdout.write(getVersionsOutput({ version: s('version'), windows: b('windows'), output: s('output') }));
      return;
    case 'scale': {
      const { runScale } = await import('./scale.js');
      return runScale({
        ...authOptions(s),
        resourceGroup: s('resource-group'),
        location: s('location'),
        deploymentDirectory: s('deployment-dir'),
        newNodeCount: n('new-node-count'),
        nodePool: s('node-pool'),
        masterFqdn: s('master-FQDN'),
        printUsage,
      });
    }
    case 'upgrade': {
      const { runUpgrade } = await import('./upgrade.js');
      return runUpgrade({
        ...authOptions(s),
        resourceGroup: s('resource-group'),
        location: s('location'),
        deploymentDirectory: s('deployment-dir'),
        upgradeVersion: s('upgrade-version'),
        vmTimeoutMinutes: n('vm-timeout'),
        force: b('force'),
        printUsage,
      });
    }
    default:
      fatal(`the "${command.name}" command of aks-engine v0.32.3 is not simulated`);
  }
}

/** The auth flags (addAuthFlags) as the commands read them. */
function authOptions(s: (key: string) => string) {
  return {
    azureEnv: s('azure-env'),
    subscriptionId: s('subscription-id'),
    authMethod: s('auth-method'),
    clientId: s('client-id'),
    clientSecret: s('client-secret'),
    certificatePath: s('certificate-path'),
    privateKeyPath: s('private-key-path'),
    language: s('language'),
  };
}

function exit(code: number): void {
  // stdout may be a pipe: let it drain before exiting so that no log line is lost.
  process.stdout.write('', () => process.exit(code));
}

main(process.argv.slice(2)).then(
  () => exit(0),
  (error: unknown) => {
    if (error instanceof FatalExit) return exit(1);
    if (error instanceof GoPanicExit) return exit(2);
    // An unexpected error in the simulator itself: still end the way aks-engine's failures end.
    process.stdout.write(formatLogLine('fatal', error instanceof Error ? error.message : String(error)));
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    exit(1);
  },
);
