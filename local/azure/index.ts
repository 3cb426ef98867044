// Local stand-in for Azure Resource Manager and Microsoft Graph v1.0, served over HTTPS with a CA generated
// at start. startAzureEmulator() runs it in-process; cli.ts runs it as a process.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmulatorAdmin } from './admin/emulator-admin';
import { BearerTokenValidator, type EmulatorAuthOptions } from './auth/bearer-tokens';
import { EmulatorCore, type EmulatorHooks } from './core/emulator-core';
import { loadState, StateWriter } from './core/persistence';
import type { LatencyProfileName, Timing } from './core/timing';
import { createEmulatorServer } from './http/server';
import { buildRouter } from './routes';
import { createLocalCa, type LocalCa } from './tls/local-ca';

export {
  EmulatorAdmin,
  type AdminState,
  type ClientSecretCheck,
  type ComputeQuotaInput,
  type PermissionInput,
} from './admin/emulator-admin';
export { ARM_AUDIENCES, GRAPH_AUDIENCES, type EmulatorAuthOptions } from './auth/bearer-tokens';
export { createLocalCa, type LocalCa } from './tls/local-ca';
export { AzureEmulatorAdminClient } from './admin/admin-client';
export type { DeploymentFaultInput } from './core/deployment-faults';
export type { DeploymentStartedEvent, EmulatorHooks, VirtualMachineEvent } from './core/emulator-core';
export type { Usage } from './compute/usages';
export { allVmSizes, vmSize, type VmSizeSpec } from './compute/vm-size-catalog';
export type { RequestFaultInput } from './core/request-faults';
export type { LatencyProfileName, Timing } from './core/timing';

export const DEFAULT_TENANT_ID = '72f988bf-0000-4000-8000-00000000e1a0';
export const DEFAULT_REGISTERED_PROVIDERS = ['Microsoft.Compute', 'Microsoft.Network', 'Microsoft.Storage'];

export interface AzureEmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on; 127.0.0.1 by default. */
  host?: string;
  /** Where ca.pem, endpoints.json and (with persistState) state.json go. Default: a temp dir removed on close. */
  dataDir?: string;
  /** Keep the state in <dataDir>/state.json across restarts. Default: true when dataDir is given. */
  persistState?: boolean;
  tenantId?: string;
  /** "zero" (default, for tests) or "azure" (realistic delays, for demos). */
  latency?: LatencyProfileName;
  /** Multiplies every delay of the profile. */
  scale?: number;
  /** Individual timings that win over the profile. */
  timing?: Partial<Timing>;
  /** Namespaces registered from the start, besides Microsoft.Resources and Microsoft.Authorization. */
  registeredProviders?: string[];
  /** Items per page in list answers. */
  pageSize?: number;
  /** Accept role assignments for principal ids the Graph side never created. */
  acceptUnknownPrincipals?: boolean;
  /**
   * In-process callbacks: deploymentStarted (may return outputs), resourceGroupDeleted, virtualMachinesChanged
   * (every VM of a group, whenever they or their tags change). The emulator waits for them.
   */
  hooks?: EmulatorHooks;
  /** Where unexpected errors are reported (stderr by default). */
  log?: (message: string) => void;
  /**
   * Token checks: the identity's keys (jwks_uri or an in-process key set), accepted issuers, the authority named
   * in WWW-Authenticate. Without it any bearer token is accepted (only its presence is checked).
   */
  auth?: EmulatorAuthOptions;
  /** The CA that issues the server certificate (a new one by default); share it with other local servers. */
  certificateAuthority?: LocalCa;
}

export interface AzureEmulator {
  /** ARM base URL, e.g. https://127.0.0.1:PORT (the SDK clients' `endpoint`). */
  armEndpoint: string;
  /** Graph base URL standing for https://graph.microsoft.com; v1.0 calls go to `${graphEndpoint}/v1.0/...`. */
  graphEndpoint: string;
  /** Admin API base URL (no token needed). */
  adminEndpoint: string;
  /** PEM file of the CA that issued the server certificate (for NODE_EXTRA_CA_CERTS, curl --cacert, ...). */
  caFile: string;
  caPem: string;
  dataDir: string;
  port: number;
  tenantId: string;
  /** In-process admin API: state, call counts, faults, timing, replication, deployment outputs, reset. */
  admin: EmulatorAdmin;
  close(): Promise<void>;
}

export async function startAzureEmulator(options: AzureEmulatorOptions = {}): Promise<AzureEmulator> {
  const host = options.host ?? '127.0.0.1';
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'azure-emulator-'));
  mkdirSync(dataDir, { recursive: true });
  const persist = options.persistState ?? !ownsDataDir;
  const tenantId = options.tenantId ?? DEFAULT_TENANT_ID;

  const core = new EmulatorCore({
    tenantId,
    registeredProviders: options.registeredProviders ?? DEFAULT_REGISTERED_PROVIDERS,
    timing: { profile: options.latency ?? 'zero', scale: options.scale, overrides: options.timing },
    pageSize: options.pageSize ?? 100,
    acceptUnknownPrincipals: options.acceptUnknownPrincipals ?? false,
  });
  if (options.hooks) core.hooks = options.hooks;
  if (options.log) core.log = options.log;
  const stateFile = path.join(dataDir, 'state.json');
  let writer: StateWriter | undefined;
  if (persist) {
    core.state = loadState(stateFile);
    writer = new StateWriter(stateFile, () => core.state);
    core.onChange(() => writer!.schedule());
  }
  const router = buildRouter(core);
  const admin = new EmulatorAdmin(core);

  const ca = options.certificateAuthority ?? createLocalCa();
  const certificates = ca.issueServerCertificate(['127.0.0.1', 'localhost', '0.0.0.0', '::'].includes(host) ? [] : [host]);
  const caFile = path.join(dataDir, 'ca.pem');
  writeFileSync(caFile, certificates.caPem);

  const server = createEmulatorServer({
    core,
    router,
    admin,
    tokens: new BearerTokenValidator(tenantId, options.auth),
    tls: { key: certificates.keyPem, cert: certificates.certPem },
    log: options.log,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // Listening on every interface: clients on this machine still reach it (and the certificate) via 127.0.0.1.
  const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const origin = `https://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${port}`;
  const endpoints = { armEndpoint: origin, graphEndpoint: `${origin}/graph`, adminEndpoint: `${origin}/_admin`, caFile, tenantId };
  writeFileSync(path.join(dataDir, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`);

  let closed = false;
  return {
    ...endpoints,
    caPem: certificates.caPem,
    dataDir,
    port,
    admin,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      writer?.flush();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
