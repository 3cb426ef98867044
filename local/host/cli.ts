// `npm run host -- --app <folder> --port <n>`: runs a Functions app folder like `func start --script-root`.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startHost } from './host';
import { SettingsError } from './settings';

const usage = `Usage: host [--app <folder>] [--port <n>] [--data-dir <folder>] [--settings <local.settings.json>] [--max-body-bytes <n>]
  --app        the Functions app folder (package.json, host.json, local.settings.json); default: the current folder
  --port       the HTTP port; default 7071 (0 picks a free one)
  --data-dir   where orchestration instances and history are kept; default <app>/.local/durable
  --settings   another local.settings.json to read`;

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        app: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        settings: { type: 'string' },
        'max-body-bytes': { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(usage);
    return;
  }
  const port = Number(args.port ?? process.env.FUNCTIONS_HTTPWORKER_PORT ?? 7071);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number, got "${args.port}"`);
    process.exit(2);
  }
  const host = await startHost({
    appDir: path.resolve(args.app ?? process.cwd()),
    port,
    dataDir: args['data-dir'],
    settingsFile: args.settings,
    maxRequestBodyBytes: args['max-body-bytes'] === undefined ? undefined : Number(args['max-body-bytes']),
  });
  // Before the ready line: a supervisor may send SIGTERM the moment it reads it.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: stopping the host (finishing running work)...`);
    host.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  console.log('\nFunctions:\n');
  for (const fn of host.functions) {
    const route = host.routes.find((r) => r.name === fn.name);
    console.log(route ? `\t${fn.name}: [${route.methods.join(',')}] ${route.url}` : `\t${fn.name}: ${fn.trigger}`);
  }
  console.log(`\nDurable management API: ${host.url}/runtime/webhooks/durabletask/instances`);
  console.log(`Host started: ${host.url}`);
}

main().catch((error) => {
  if (error instanceof SettingsError) console.error(`Error: ${error.message}`);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
