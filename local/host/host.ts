// Composes the local Functions host: settings, the app's registrations, the Durable engine and HTTP.
import path from 'node:path';
import { loadEntryFiles, resolveEntryFiles } from './app-loader';
import { FunctionsCoreApi, interceptCoreModule } from './core-api';
import { DurableEngine } from './durable/engine';
import { ManagementApi } from './durable/management-api';
import { InstanceStore } from './durable/store';
import { collectHttpRoutes, HostHttpServer } from './http-server';
import { Invoker } from './invoker';
import { fromRpcLevel, Logger } from './logger';
import { readHostSettings, readLocalSettings, SettingsError } from './settings';

export interface HostOptions {
  appDir: string;
  port: number;
  /** Interface to listen on; loopback by default, like `func start`. */
  listenHost?: string;
  dataDir?: string;
  settingsFile?: string;
  maxRequestBodyBytes?: number;
}

export interface RunningHost {
  url: string;
  routes: Array<{ name: string; methods: string[]; url: string }>;
  functions: Array<{ name: string; trigger: string }>;
  stop(): Promise<void>;
}

/** Azure Functions' default request size limit is 100 MB; FUNCTIONS_REQUEST_BODY_SIZE_LIMIT raises or lowers it. */
const defaultMaxRequestBodyBytes = 100 * 1024 * 1024;

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const appDir = path.resolve(options.appDir);
  const settings = readHostSettings(appDir);
  const values = readLocalSettings(options.settingsFile ?? path.join(appDir, 'local.settings.json'));
  for (const [key, value] of Object.entries(values)) {
    // As with Core Tools, variables already in the environment win over local.settings.json.
    if (process.env[key] === undefined) process.env[key] = value;
  }
  const logger = new Logger(settings.logLevel, settings.functionLogLevels);
  const core = new FunctionsCoreApi((level, category, message) => logger.log(fromRpcLevel(level), `(${category}) ${message}`));
  interceptCoreModule(core.module());

  const { files, isModule } = resolveEntryFiles(appDir);
  await loadEntryFiles(files, isModule);
  const invoker = new Invoker(core, logger, settings.functionTimeoutMs);
  await invoker.runAppHooks('appStart', { functionAppDirectory: appDir, hostVersion: '4.1037.0' });
  await core.programmingModel?.getCapabilities?.({});
  core.lockIndexing();
  if (core.functions.size === 0) logger.warn(`No functions were registered by ${files.map((f) => path.relative(appDir, f)).join(', ')}.`);

  const functions = [...core.functions.values()];
  const limitSetting = process.env.FUNCTIONS_REQUEST_BODY_SIZE_LIMIT;
  const maxRequestBodyBytes = options.maxRequestBodyBytes ?? (limitSetting ? Number(limitSetting) : defaultMaxRequestBodyBytes);
  if (!Number.isInteger(maxRequestBodyBytes) || maxRequestBodyBytes < 1) {
    throw new SettingsError(`FUNCTIONS_REQUEST_BODY_SIZE_LIMIT must be a positive number of bytes, got "${limitSetting}"`);
  }
  const dataDir = path.resolve(options.dataDir ?? process.env.HOST_DATA_DIR ?? path.join(appDir, '.local', 'durable'));
  const engine = new DurableEngine({
    store: new InstanceStore(dataDir, settings.hubName),
    invoker,
    logger,
    functions,
    maxConcurrentActivityFunctions: settings.maxConcurrentActivityFunctions,
    maxConcurrentOrchestratorFunctions: settings.maxConcurrentOrchestratorFunctions,
    functionTimeoutMs: settings.functionTimeoutMs,
  });
  const routes = collectHttpRoutes(functions);
  const server = new HostHttpServer({
    routePrefix: settings.routePrefix,
    hubName: settings.hubName,
    routes,
    invoker,
    management: new ManagementApi(engine, settings.hubName),
    logger,
    maxRequestBodyBytes,
  });
  const url = await server.listen(options.port, options.listenHost ?? '127.0.0.1');
  // durable-functions rewrites client links to localhost:7071 unless WEBSITE_HOSTNAME names the host.
  process.env.WEBSITE_HOSTNAME ??= new URL(url).host;
  engine.start();

  const prefix = settings.routePrefix === '' ? '' : `/${settings.routePrefix}`;
  let stopped: Promise<void> | undefined;
  return {
    url,
    routes: routes.map((route) => ({
      name: route.fn.metadata.name,
      methods: route.methods ?? ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
      url: `${url}${prefix}/${route.template.template.replace(/^\/+/, '')}`,
    })),
    functions: functions.map((fn) => ({
      name: fn.metadata.name,
      trigger: Object.values(fn.metadata.bindings).find((binding) => /trigger$/i.test(String(binding.type)))?.type ?? 'unknown',
    })),
    stop() {
      stopped ??= (async () => {
        const closing = server.close();
        await engine.stop();
        await invoker.runAppHooks('appTerminate', {});
        await closing;
      })();
      return stopped;
    },
  };
}
