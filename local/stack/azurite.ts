// Azurite's Blob service as a child process on a free port, run with the project's Node 22.
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { exitWithParentArgs } from '../support/child-lifetime';

/** Azurite's documented development account; not a secret. */
export const devAccountName = 'devstoreaccount1';
export const devAccountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  /** The account's endpoint: the service URL and the account name (path style). */
  blobEndpoint: string;
  connectionString: string;
  /** The service URL, without an account. */
  serviceUrl: string;
  stop(): Promise<void>;
}

export interface AzuriteOptions {
  root: string;
  dataDir?: string;
  port?: number;
  /** Serve HTTPS and accept OAuth bearer tokens (what a token credential and user delegation SAS need). */
  oauth?: { certFile: string; keyFile: string };
  /** Storage accounts to serve instead of the development account (Azurite's AZURITE_ACCOUNTS), each with its key. */
  accounts?: StorageAccount[];
}

export interface StorageAccount {
  name: string;
  /** Base64, as Azure shows account keys. */
  key: string;
}

/** Endpoint and connection string of one account of a running Azurite. */
export function accountAccess(serviceUrl: string, account: StorageAccount): Pick<RunningAzurite, 'blobEndpoint' | 'connectionString'> {
  const accountEndpoint = `${serviceUrl}/${account.name}`;
  return {
    blobEndpoint: accountEndpoint,
    connectionString:
      `DefaultEndpointsProtocol=${new URL(accountEndpoint).protocol.replace(':', '')};` +
      `AccountName=${account.name};AccountKey=${account.key};BlobEndpoint=${accountEndpoint};`,
  };
}

export async function startAzurite(options: AzuriteOptions): Promise<RunningAzurite> {
  const main = path.join(options.root, 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js');
  if (!fs.existsSync(main)) throw new Error('Azurite is not installed; run npm install.');
  // --silent: no access log line per request (Azurite spends more time writing those than serving small blobs).
  const args = [
    main,
    '--blobHost',
    '127.0.0.1',
    '--blobPort',
    String(options.port ?? 0),
    '--skipApiVersionCheck',
    '--disableTelemetry',
    '--silent',
  ];
  if (options.oauth) args.push('--oauth', 'basic', '--cert', options.oauth.certFile, '--key', options.oauth.keyFile);
  if (options.dataDir) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    args.push('--location', options.dataDir);
  } else args.push('--inMemoryPersistence');
  const accounts = options.accounts?.map((account) => `${account.name}:${account.key}`).join(';');
  const env = accounts ? { ...process.env, AZURITE_ACCOUNTS: accounts } : process.env;
  const preload = ['--require', path.join(options.root, 'dist', 'local', 'stack', 'azurite-without-telemetry.js')];
  const child: ChildProcess = spawn(process.execPath, [...exitWithParentArgs(options.root), ...preload, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let output = '';
  const blobEndpoint = await new Promise<string>((resolve, reject) => {
    // A loaded machine can take a while to start Node; a process that never got there is not left behind.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Azurite did not start within 60 s:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(?:listening at|listens on) (https?:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace(/\/$/, ''));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with code ${code}:\n${output}`));
    });
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    ...accountAccess(blobEndpoint, options.accounts?.[0] ?? { name: devAccountName, key: devAccountKey }),
    serviceUrl: blobEndpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
