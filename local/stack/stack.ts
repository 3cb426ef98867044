// The whole local stack in one call: Azurite, the local Entra ID (token endpoints, keys, the managed identity
// endpoint), the ARM + Graph emulator checking its tokens, the stand-in clusters and the local Functions host
// running the app unchanged. The app only sees settings.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { createLocalCa, DEFAULT_TENANT_ID, startAzureEmulator, type AzureEmulator, type LatencyProfileName } from '../azure';
import { createLocalCertificates } from '../azure/tls/local-ca';
import { startLocalIdentity, type LocalIdentity } from '../identity';
import { startAzurite, type RunningAzurite } from './azurite';
import { exitWithParentArgs } from '../support/child-lifetime';
import { freeLoopbackPort } from '../support/free-port';
import { StandInClusters } from './stand-in-clusters';
import { startPublicDnsProxy } from './public-dns-proxy';

export interface LocalStackOptions {
  /** Repository root: the app folder, node_modules and the compiled local stack live here. */
  root: string;
  /** Port of the Functions host; 7071 like `func start`, 0 for a free one. */
  hostPort?: number;
  /** Where the stack keeps its state between runs; a temporary folder (removed on stop) when unset. */
  dataDir?: string;
  latency?: LatencyProfileName;
  /** Multiplies the emulator's delays. */
  scale?: number;
  /** Settings for the app that win over the stack's own. */
  settings?: Record<string, string>;
  /** Receives the host's and the stack's output lines. */
  log?: (line: string) => void;
  /**
   * How the app reaches Blob Storage: "sharedKey" (a connection string; SAS signed with the account key) or
   * "token" (HTTPS with its managed identity; SAS signed with a user delegation key), as in Azure.
   */
  storageAuth?: 'sharedKey' | 'token';
  /**
   * The aks-engine executable the app runs, e.g. the real v0.32.3 binary; the simulator when unset. Wins over an
   * AKS_ENGINE_PATH in settings or in the environment.
   */
  aksEnginePath?: string;
  /**
   * An account of an Azurite that is already running (e.g. one Azurite shared by a whole test run), used instead of
   * starting one; the stack leaves it running. Only with "sharedKey" storage.
   */
  storage?: RunningAzurite;
}

export interface LocalStack {
  apiBaseUrl: string;
  hostPort: number;
  emulator: AzureEmulator;
  azurite: RunningAzurite;
  /**
   * The local Entra ID: `clients` (viewer, operator, operator2, admin, noroles with ids, secrets and roles),
   * `token(name)` for a ready API token, `issueToken()` for any other, `rotateKeys()`, and `issued()` (the
   * managed identity's tokens by resource).
   */
  identity: LocalIdentity;
  clusters: StandInClusters;
  /** The app settings the host was started with. */
  settings: Record<string, string>;
  /** PEM file of every CA the local HTTPS servers use (emulator, identity, Azurite with token storage): for curl --cacert. */
  trustedCaFile: string;
  /** Everything the host printed so far. */
  hostOutput(): string;
  /** The host's process id (for measurements). */
  hostPid(): number | undefined;
  /** Kills the host at once (like a crash) and resolves when it is gone. */
  killHost(): Promise<void>;
  /** Starts the host again on the same port and data; refused once the stack is stopped. */
  startHost(): Promise<void>;
  stop(): Promise<void>;
}

const subscriptionId = '6a1c4f9e-2b7d-4c1e-9f3a-0d5e8b7c6a21';

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'aks-cosmos-stack-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const started: Array<() => Promise<void>> = [];
  try {
    const tokenStorage = options.storageAuth === 'token';
    if (options.storage && tokenStorage) throw new Error('A shared Azurite serves shared-key storage only.');
    const storageTls = tokenStorage ? await writeServerCertificate(path.join(dataDir, 'azurite-tls')) : undefined;
    const azurite =
      options.storage ??
      (await startAzurite({
        root: options.root,
        dataDir: ownsDataDir ? undefined : path.join(dataDir, 'azurite'),
        oauth: storageTls,
      }));
    if (!options.storage) started.push(() => azurite.stop());
    const clusters = new StandInClusters(path.join(dataDir, 'clusters'), (line) => log(`[stack] ${line}`), { nodeReadyDelayMs: 200 });
    started.push(() => clusters.stopAll());
    // One CA for the identity and the emulator, so that one trusted CA file covers both.
    const ca = createLocalCa();
    // The app's managed identity is a service principal of the directory, as in Azure.
    const appIdentity = { objectId: '3f0c9a52-7d4e-4b1a-8c6f-2e9d1b5a7c40', clientId: 'b7e2d4c1-9a3f-4e6b-8d2c-5f1a0e9b3c77' };
    // Set once the emulator runs; the identity asks it about client secrets only after that.
    const directory: { emulator?: AzureEmulator } = {};
    const identity = await startLocalIdentity({
      tenantId: DEFAULT_TENANT_ID,
      certificateAuthority: ca,
      dataDir: path.join(dataDir, 'identity'),
      managedIdentity: { ...appIdentity, displayName: 'aks-cosmos-provisioner' },
      // Applications created through the emulator's Graph sign in with the passwords Graph gave them.
      verifyClientSecret: (clientId, secret) =>
        directory.emulator?.admin.verifyClientSecret(clientId, secret) ?? { result: 'unknownClient' },
      log: (line) => log(`[identity] ${line}`),
    });
    started.push(() => identity.close());
    const emulator = await startAzureEmulator({
      dataDir: path.join(dataDir, 'azure'),
      persistState: !ownsDataDir,
      latency: options.latency ?? 'zero',
      scale: options.scale,
      hooks: {
        deploymentStarted: (deployment) => clusters.onDeployment(deployment),
        resourceGroupDeleted: (resourceGroup) => clusters.onResourceGroupDeleted(resourceGroup),
        // The stand-in's nodes follow the group's VMs: scale and upgrade add, replace and remove them.
        virtualMachinesChanged: (resourceGroup, vms) => clusters.onVirtualMachinesChanged(resourceGroup, vms),
      },
      log: (line) => log(`[azure] ${line}`),
      certificateAuthority: ca,
      auth: { jwks: () => identity.jwks(), issuers: [identity.issuer], authorityHost: identity.authorityHost },
    });
    directory.emulator = emulator;
    started.push(() => emulator.close());
    emulator.admin.addManagedIdentity({ ...appIdentity, displayName: 'aks-cosmos-provisioner' });

    // Links the API hands out are built from this origin, so the port is chosen before the host starts.
    const hostPort = options.hostPort || (await freeLoopbackPort());
    // The host trusts the CA of the emulator and the identity and, with token storage, the CA of Azurite's HTTPS certificate.
    const trustedCaFile = path.join(dataDir, 'trusted-ca.pem');
    fs.writeFileSync(trustedCaFile, [emulator.caPem, storageTls ? fs.readFileSync(storageTls.caFile, 'utf8') : ''].join('\n'));
    // The clusters' public names (upgrade reaches the API server by name) lead to their stand-ins through this proxy.
    const publicDns = await startPublicDnsProxy((host) => clusters.apiServerFor(host));
    started.push(() => publicDns.close());
    // aks-engine scale and upgrade reach this cloud as a custom one (--azure-env AzureStackCloud), like Azure Stack Hub.
    const environmentFile = writeAzureEnvironment(path.join(dataDir, 'azure-environment.json'), emulator, identity);
    const settings: Record<string, string> = {
      FUNCTIONS_WORKER_RUNTIME: 'node',
      AzureWebJobsStorage: azurite.connectionString,
      AZURE_SUBSCRIPTION_ID: subscriptionId,
      ARM_ENDPOINT: emulator.armEndpoint,
      GRAPH_ENDPOINT: emulator.graphEndpoint,
      ...(tokenStorage
        ? { ARTIFACTS_STORAGE_ACCOUNT_URL: azurite.blobEndpoint }
        : { ARTIFACTS_STORAGE_CONNECTION_STRING: azurite.connectionString }),
      AKS_ENGINE_PATH: path.join(options.root, 'local', 'aks-engine', 'bin', 'aks-engine'),
      DEPLOYMENT_POLL_SECONDS: '1',
      STEP_FIRST_RETRY_SECONDS: '1',
      STEP_MAX_RETRY_SECONDS: '5',
      VERIFY_TIMEOUT_MINUTES: '2',
      // Leases of stopped work lapse within seconds here; a 404 for a new directory object stops meaning lag soon.
      ACTIVITY_LEASE_SECONDS: '6',
      DIRECTORY_REPLICATION_SECONDS: '10',
      PUBLIC_BASE_URL: `http://127.0.0.1:${hostPort}`,
      // As in Azure (infra/): the host refuses bodies far over the app's 64 KiB limit before reading them.
      FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '131072',
      // The stand-in etcd serves a certificate of the cluster CA; Cosmos DB's is publicly trusted.
      ETCD_TRUST_CLUSTER_CA: 'true',
      IDENTITY_ENDPOINT: identity.managedIdentity!.endpoint,
      IDENTITY_HEADER: identity.managedIdentity!.header,
      // Who may call the API: tokens of the local Entra ID for the API's application (validated by the app).
      AUTH_TENANT_ID: identity.tenantId,
      AUTH_ISSUER: identity.issuer,
      AUTH_AUDIENCE: identity.api.audiences.join(','),
      AKS_ENGINE_ARM_ENDPOINT: emulator.armEndpoint,
      AKS_ENGINE_GRAPH_ENDPOINT: emulator.graphEndpoint,
      // aks-engine deploy signs in with its service principal here, as the real tool does with Entra ID.
      AKS_ENGINE_ACTIVE_DIRECTORY_ENDPOINT: `${identity.authorityHost}/`,
      AKS_ENGINE_TENANT_ID: identity.tenantId,
      AKS_ENGINE_CA_FILE: emulator.caFile,
      // scale and upgrade: the real tool reads the cloud's endpoints from this file and trusts the CAs Go reads from
      // SSL_CERT_FILE (the simulator does the same).
      AKS_ENGINE_AZURE_ENV: 'AzureStackCloud',
      AKS_ENGINE_ENVIRONMENT_FILE: environmentFile,
      SSL_CERT_FILE: trustedCaFile,
      // HTTPS to other hosts goes through the proxy; loopback (emulator, identity, Azurite, stand-ins) never does.
      HTTPS_PROXY: publicDns.url,
      NO_PROXY: '127.0.0.1,localhost,::1',
      ...options.settings,
    };
    // The option pins the executable: it goes to the host's environment too, which wins over local.settings.json.
    // So does the CA file Go reads: an SSL_CERT_FILE of the machine's own would otherwise win and the real aks-engine
    // would not trust the emulator.
    const pinned: Record<string, string> = {
      SSL_CERT_FILE: settings.SSL_CERT_FILE!,
      ...(options.aksEnginePath ? { AKS_ENGINE_PATH: path.resolve(options.aksEnginePath) } : {}),
    };
    Object.assign(settings, pinned);
    const settingsFile = path.join(dataDir, 'local.settings.json');
    fs.writeFileSync(settingsFile, JSON.stringify({ IsEncrypted: false, Values: settings }, null, 2), { mode: 0o600 });

    const host = new HostProcess(options.root, hostPort, path.join(dataDir, 'durable'), settingsFile, trustedCaFile, log, pinned);
    await host.start();
    started.push(() => host.stop());
    let stopped = false;
    return {
      apiBaseUrl: `${host.url}/api`,
      hostPort: host.port,
      emulator,
      azurite,
      identity,
      clusters,
      settings,
      trustedCaFile,
      hostOutput: () => host.output,
      hostPid: () => host.pid,
      killHost: () => host.kill(),
      async startHost() {
        // A restart that comes after stop() (a crash-and-restart still waiting out its downtime) would leave a
        // host nobody stops, working on a data folder that is being removed.
        if (stopped) throw new Error('The local stack is stopped; its host cannot start again.');
        await host.start();
        if (stopped) await host.stop();
      },
      async stop() {
        stopped = true;
        for (const stop of started.reverse()) await stop().catch(() => undefined);
        if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A go-autorest environment (azure.Environment's JSON) for the emulator's ARM and Graph and the local identity's
 * authority: what aks-engine reads from AZURE_ENVIRONMENT_FILEPATH with --azure-env AzureStackCloud. Tokens are
 * asked for the public cloud's resources, which the identity issues and the emulator accepts.
 */
function writeAzureEnvironment(file: string, emulator: AzureEmulator, identity: LocalIdentity): string {
  const slash = (url: string) => url.replace(/\/?$/, '/');
  const environment = {
    name: 'AzureStackCloud',
    managementPortalURL: 'https://portal.azure.com/',
    publishSettingsURL: 'https://manage.windowsazure.com/publishsettings/index',
    serviceManagementEndpoint: 'https://management.core.windows.net/',
    resourceManagerEndpoint: slash(emulator.armEndpoint),
    activeDirectoryEndpoint: slash(identity.authorityHost),
    galleryEndpoint: 'https://gallery.azure.com/',
    keyVaultEndpoint: 'https://vault.azure.net/',
    graphEndpoint: slash(emulator.graphEndpoint),
    serviceBusEndpoint: 'https://servicebus.windows.net/',
    batchManagementEndpoint: 'https://batch.core.windows.net/',
    storageEndpointSuffix: 'core.windows.net',
    sqlDatabaseDNSSuffix: 'database.windows.net',
    trafficManagerDNSSuffix: 'trafficmanager.net',
    keyVaultDNSSuffix: 'vault.azure.net',
    serviceBusEndpointSuffix: 'servicebus.windows.net',
    serviceManagementVMDNSSuffix: 'cloudapp.net',
    resourceManagerVMDNSSuffix: 'cloudapp.azure.com',
    containerRegistryDNSSuffix: 'azurecr.io',
    tokenAudience: 'https://management.azure.com/',
  };
  fs.writeFileSync(file, JSON.stringify(environment, null, 2));
  return file;
}

/** A CA and a server certificate for 127.0.0.1, for Azurite's HTTPS. */
async function writeServerCertificate(folder: string): Promise<{ certFile: string; keyFile: string; caFile: string }> {
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const certificates = await createLocalCertificates();
  const files = { certFile: path.join(folder, 'cert.pem'), keyFile: path.join(folder, 'key.pem'), caFile: path.join(folder, 'ca.pem') };
  fs.writeFileSync(files.certFile, certificates.certPem);
  fs.writeFileSync(files.keyFile, certificates.keyPem, { mode: 0o600 });
  fs.writeFileSync(files.caFile, certificates.caPem);
  return files;
}

/** The Functions host as a child process, so that it can be killed and restarted like a real worker. */
class HostProcess {
  private child?: ChildProcess;
  output = '';
  url = '';

  constructor(
    private readonly root: string,
    public port: number,
    private readonly dataDir: string,
    private readonly settingsFile: string,
    private readonly caFile: string,
    private readonly log: (line: string) => void,
    /** Variables the host must see whatever the environment holds. */
    private readonly pinned: Record<string, string> = {},
  ) {}

  async start(): Promise<void> {
    const cli = path.join(this.root, 'dist', 'local', 'host', 'cli.js');
    const options = ['--app', this.root, '--port', String(this.port), '--data-dir', this.dataDir, '--settings', this.settingsFile];
    const args = [...exitWithParentArgs(this.root), cli, ...options];
    // NODE_EXTRA_CA_CERTS is read only at process start: it makes the emulator's HTTPS trusted by the SDKs.
    const child = spawn(process.execPath, args, {
      cwd: this.root,
      env: { ...process.env, ...this.pinned, NODE_EXTRA_CA_CERTS: this.caFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let pending = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.output += text;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) this.log(`[host] ${line}`);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    this.url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The Functions host did not start within 30 s:\n${this.output}`)), 30_000);
      const check = () => {
        const match = /Host started: (http:\/\/\S+)/.exec(this.output.slice(-4000));
        if (match) {
          clearTimeout(timer);
          child.stdout!.off('data', check);
          resolve(match[1]!);
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`The Functions host exited with code ${code}:\n${this.output}`));
      });
    });
    this.port = Number(new URL(this.url).port);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  }
}
