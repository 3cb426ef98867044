// The `aks-cosmos` command line: its commands and flags (commander), and the one place where errors become
// messages and exit codes.
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { defaultScope } from '../auth';
import { ApiError } from '../errors';
import {
  cancelCommand,
  createCommand,
  deleteCommand,
  getCommand,
  listCommand,
  operationsCommand,
  retryCommand,
  scaleCommand,
  upgradeCommand,
  upgradesCommand,
  waitCommand,
} from './cluster-commands';
import { CliContext, defaultApiUrl, type OutputFormat } from './context';
import { exitCodeFor, exitCodeHelp, exitCodes, InterruptedError } from './exit-codes';
import { artifactsCommand, etcdCommand, kubeconfigCommand, logsCommand } from './file-commands';
import { apiErrorText } from './render';

const signInHelp = `Sign-in: a bearer token for scope $AKS_COSMOS_SCOPE (default ${defaultScope}) from, in order,
  --token or AKS_COSMOS_TOKEN; a client secret in AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET
  (and AZURE_AUTHORITY_HOST for another cloud); else the Azure CLI's \`az login\`. Without any, requests go
  without a token. The API: --api or AKS_COSMOS_API (default ${defaultApiUrl}).`;

function packageVersion(): string {
  const file = path.resolve(__dirname, '..', '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('must be a whole number.');
  return Number(value);
}

function seconds(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0)
    throw new InvalidArgumentError('must be a number of seconds above 0.');
  return number;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const outputOption = () =>
  new Option('-o, --output <format>', 'text for people, json for scripts').choices(['text', 'json']).default('text');

function addWaitOptions(command: Command, withWaitFlag: boolean): Command {
  if (withWaitFlag) command.option('--wait', 'show progress until the operation ends; the exit code tells how it ended');
  return command
    .option('--timeout <seconds>', 'stop waiting after this long (exit code 8)', seconds)
    .option('--poll-interval <seconds>', "poll at this interval instead of the service's Retry-After", seconds);
}

/** Runs the command line and returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  let ctx: CliContext | undefined;
  let output: OutputFormat = 'text';
  // Every command's action: the shared context from the global and local flags, then the command itself.
  const action =
    <Args extends unknown[]>(run: (ctx: CliContext, ...args: Args) => Promise<void>) =>
    async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const flags = command.optsWithGlobals();
      // kubeconfig's -o names a file; every other command's is the format.
      output = command.name() !== 'kubeconfig' && flags.output === 'json' ? 'json' : 'text';
      ctx = new CliContext(flags, output);
      // commander passes the positional arguments, then the command's own flags, then the command.
      await run(ctx, ...(args.slice(0, -1) as Args));
    };

  const program = new Command('aks-cosmos')
    .description('Provision AKS Engine clusters whose etcd is Azure Cosmos DB, through the aks-cosmos-provisioner API.')
    .version(packageVersion())
    .option('--api <url>', `the API's base URL (env AKS_COSMOS_API, default ${defaultApiUrl})`)
    .option('--token <token>', 'a bearer token to send (env AKS_COSMOS_TOKEN)')
    .option('--function-key <key>', 'an Azure Functions key, sent as x-functions-key (env AKS_COSMOS_FUNCTION_KEY)')
    .exitOverride()
    .showSuggestionAfterError()
    .addHelpText('afterAll', `\n${signInHelp}\n\n${exitCodeHelp}\n`);

  addWaitOptions(
    program
      .command('create')
      .description('create a cluster from flags or a JSON spec (-f); only a name and an SSH public key are needed')
      .argument('[name]', 'the cluster name (else "name" in the spec)')
      .option('-f, --file <spec.json>', "a ClusterCreateRequest as JSON ('-' reads stdin); flags override its fields")
      .option('--location <location>', 'Azure location (default centralus)')
      .option('--master-count <n>', 'masters: 1, 3 or 5', wholeNumber)
      .option('--master-vm-size <size>', 'VM size of the masters (default Standard_D2_v3)')
      .option('--agent-pool <spec>', 'an agent pool, name=agent,count=2,vmSize=...,availabilityProfile=...; repeatable', collect)
      .option('--agent-count <n>', 'nodes of the single agent pool', wholeNumber)
      .option('--agent-vm-size <size>', 'VM size of the single agent pool')
      .option('--admin-username <name>', 'Linux admin user (default azureuser)')
      .option('--ssh-public-key <key>', 'an ssh-rsa public key, or @FILE (default ~/.ssh/id_rsa.pub)')
      .option('--tag <key=value>', 'a tag; repeatable', collect)
      .option('--idempotency-key <key>', 'binds this request to a key, so a retried command cannot create twice')
      .option('--validate-only', 'run the preflight only: every check a create runs, and nothing created'),
    true,
  )
    .addOption(outputOption())
    .action(action(createCommand));

  addWaitOptions(
    program
      .command('scale')
      .description("change an agent pool's node count (aks-engine scale)")
      .argument('<name>')
      .requiredOption('--count <n>', 'the node count to reach', wholeNumber)
      .option('--pool <pool>', 'the agent pool (default: the first)')
      .option('--idempotency-key <key>', 'binds this request to a key'),
    true,
  )
    .addOption(outputOption())
    .action(action(scaleCommand));

  addWaitOptions(
    program
      .command('upgrade')
      .description('upgrade Kubernetes to a version `aks-cosmos upgrades NAME` lists (aks-engine upgrade)')
      .argument('<name>')
      .argument('<version>')
      .option('--idempotency-key <key>', 'binds this request to a key'),
    true,
  )
    .addOption(outputOption())
    .action(action(upgradeCommand));

  program
    .command('upgrades')
    .description("the cluster's Kubernetes version and the versions it can be upgraded to")
    .argument('<name>')
    .addOption(outputOption())
    .action(action(upgradesCommand));

  program
    .command('get')
    .description("a cluster's state, steps, endpoints and error")
    .argument('<name>')
    .addOption(outputOption())
    .action(action(getCommand));

  program
    .command('list')
    .description('all clusters, page after page')
    .option('--state <states>', 'only these provisioning states, comma-separated (e.g. Failed,Canceled)')
    .option('--top <n>', 'clusters per page (1-100)', wholeNumber)
    .addOption(outputOption())
    .action(action(listCommand));

  addWaitOptions(program.command('wait').description("show progress until the cluster's current operation ends").argument('<name>'), false)
    .addOption(outputOption())
    .action(action(waitCommand));

  addWaitOptions(program.command('delete').description('tear a cluster down (stopping a running create first)').argument('<name>'), true)
    .addOption(outputOption())
    .action(action(deleteCommand));

  program
    .command('cancel')
    .description('stop a running create; what was created stays until delete or retry')
    .argument('<name>')
    .addOption(outputOption())
    .action(action(cancelCommand));

  addWaitOptions(program.command('retry').description('run a failed or canceled operation again').argument('<name>'), true)
    .addOption(outputOption())
    .action(action(retryCommand));

  program
    .command('operations')
    .description("a cluster's create and delete operations, newest first")
    .argument('<name>')
    .addOption(outputOption())
    .action(action(operationsCommand));

  program
    .command('logs')
    .description("list a cluster's logs (aks-engine's output, deployment failures), or print one")
    .argument('<name>')
    .argument('[file]')
    .addOption(outputOption())
    .action(action(logsCommand));

  program
    .command('artifacts')
    .description('list the files aks-engine wrote, or download one that is not secret (FILE, into --dir)')
    .argument('<name>')
    .argument('[file]')
    .option('--dir <dir>', 'where to write FILE (default .)')
    .addOption(outputOption())
    .action(action(artifactsCommand));

  program
    .command('kubeconfig')
    .description('a kubeconfig minted for you: to stdout, to a file (-o, owner-only), or merged into yours (--merge)')
    .argument('<name>')
    .option('--access <access>', 'view (default: read everything but Secrets), admin (cluster-admin), or break-glass (admins only)')
    .option('-o, --output <file>', 'write it to this file, readable by you only')
    .option('--merge', 'add it to $KUBECONFIG or ~/.kube/config and make it the current context, as kubectl merges')
    .option('--expires-in <minutes>', "lifetime of the minted certificate (the service's default: 60)", wholeNumber)
    .action(action(kubeconfigCommand));

  program
    .command('etcd')
    .description('download the etcd client files into a folder and print the etcdctl command to run there')
    .argument('<name>')
    .requiredOption('--dir <dir>', 'the folder for the files (created if needed)')
    .addOption(outputOption())
    .action(action(etcdCommand));

  try {
    await program.parseAsync(argv);
    return exitCodes.success;
  } catch (error) {
    return report(error, ctx, output);
  }
}

/** Writes what went wrong to stderr (the API's envelope as JSON with -o json) and returns the exit code. */
function report(error: unknown, ctx: CliContext | undefined, output: OutputFormat): number {
  const code = exitCodeFor(error);
  // commander has printed its message (or the help); an interrupted wait has said how to resume.
  if (error instanceof CommanderError || error instanceof InterruptedError) return code;
  const name = (error as { name?: string } | undefined)?.name;
  if (output === 'json') {
    const envelope =
      error instanceof ApiError
        ? error.toJSON()
        : { error: { code: name ?? 'Error', message: (error as Error)?.message ?? String(error) } };
    process.stderr.write(`${JSON.stringify(envelope)}\n`);
    return code;
  }
  let text = error instanceof ApiError ? apiErrorText(error) : error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError && error.status === 401 && ctx) text += `\n${signInAdvice(ctx, error)}`;
  if (code === exitCodes.error && !(error instanceof ApiError) && error instanceof Error && process.env.AKS_COSMOS_DEBUG)
    text += `\n${error.stack}`;
  process.stderr.write(`aks-cosmos: ${text}\n`);
  return code;
}

function signInAdvice(ctx: CliContext, error: ApiError): string {
  const challenge = error.headers.get('www-authenticate');
  const asked = challenge ? ` (it asks: ${challenge})` : '';
  if (ctx.tokenSent) {
    const from = { token: '--token or AKS_COSMOS_TOKEN', 'client-secret': 'the client secret in the environment', 'azure-cli': 'az login' };
    const check = `check that it is for scope ${ctx.signIn.scope} and not expired`;
    return `The API refused the token from ${from[ctx.signIn.method]}${asked}; ${check}.`;
  }
  const why = ctx.signIn.unavailableReason ? ` No token was sent: ${ctx.signIn.unavailableReason}` : ' No token was sent.';
  return (
    `The API needs a signed-in caller${asked}.${why}\n` +
    `Sign in with \`az login\`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET for a service principal, ` +
    `or pass --token (AKS_COSMOS_TOKEN); the token is for scope ${ctx.signIn.scope}.`
  );
}
