// The admin API from another process (the local stack, scripts): HTTPS with the emulator's CA, no token.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import path from 'node:path';
import type { DeploymentFaultInput, DeploymentFaultRule } from '../core/deployment-faults';
import type { RequestFaultInput, RequestFaultRule } from '../core/request-faults';
import type { PermissionRecord, ProviderRecord, QuotaSetting, SkuRestriction } from '../core/state';
import type { Usage } from '../compute/usages';
import type { Timing } from '../core/timing';
import type {
  AdminState,
  ClientSecretCheck,
  ComputeQuotaInput,
  DeploymentOutputsInput,
  PermissionInput,
  ProviderStateInput,
  TimingInput,
} from './emulator-admin';

export class AzureEmulatorAdminClient {
  constructor(
    /** e.g. https://127.0.0.1:PORT/_admin */
    readonly adminEndpoint: string,
    readonly caPem: string,
  ) {}

  /** Reads endpoints.json and ca.pem that a running emulator wrote to its data dir. */
  static fromDataDir(dataDir: string): AzureEmulatorAdminClient {
    const endpoints = JSON.parse(readFileSync(path.join(dataDir, 'endpoints.json'), 'utf8')) as { adminEndpoint: string; caFile: string };
    return new AzureEmulatorAdminClient(endpoints.adminEndpoint, readFileSync(endpoints.caFile, 'utf8'));
  }

  private call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.adminEndpoint}${route}`,
        {
          method,
          ca: this.caPem,
          headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const parsed = text ? JSON.parse(text) : undefined;
            if ((res.statusCode ?? 500) >= 300)
              reject(new Error(`admin ${method} ${route} failed (${res.statusCode}): ${parsed?.error?.message ?? text}`));
            else resolve(parsed as T);
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  state(): Promise<AdminState> {
    return this.call('GET', '/state');
  }

  calls(): Promise<{ calls: Record<string, number>; faultsInjected: Record<string, number> }> {
    return this.call('GET', '/calls');
  }

  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  async setTiming(input: TimingInput): Promise<Timing> {
    return (await this.call<{ effective: Timing }>('POST', '/timing', input)).effective;
  }

  addFault(input: RequestFaultInput): Promise<RequestFaultRule> {
    return this.call('POST', '/faults', input);
  }

  addDeploymentFault(input: DeploymentFaultInput): Promise<DeploymentFaultRule> {
    return this.call('POST', '/deployment-faults', input);
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/faults');
  }

  setReplication(input: { delayMs?: number; misses?: number }): Promise<{ delayMs: number; misses: number }> {
    return this.call('POST', '/replication', input);
  }

  verifyClientSecret(clientId: string, secret: string): Promise<ClientSecretCheck> {
    return this.call('POST', '/verify-client-secret', { clientId, secret });
  }

  setProviderState(input: ProviderStateInput): Promise<ProviderRecord> {
    return this.call('POST', '/providers', input);
  }

  async setDeploymentOutputs(input: DeploymentOutputsInput): Promise<void> {
    await this.call('POST', '/deployment-outputs', input);
  }

  async takeCosmosAccountName(name: string): Promise<void> {
    await this.call('POST', '/cosmos-account-names', { name });
  }

  async takeDnsLabel(location: string, label: string): Promise<void> {
    await this.call('POST', '/dns-labels', { location, label });
  }

  setComputeQuota(location: string, family: string, input: ComputeQuotaInput = {}): Promise<QuotaSetting> {
    return this.call('POST', '/compute-quotas', { location, family, ...input });
  }

  async computeUsage(location: string, subscriptionId: string): Promise<Usage[]> {
    const query = `location=${encodeURIComponent(location)}&subscriptionId=${encodeURIComponent(subscriptionId)}`;
    return (await this.call<{ value: Usage[] }>('GET', `/compute-usages?${query}`)).value;
  }

  async restrictVmSize(location: string, size: string, reasonCode?: SkuRestriction['reasonCode']): Promise<void> {
    await this.call('POST', '/vm-size-restrictions', { location, size, reasonCode });
  }

  async removeVmSize(location: string, size: string): Promise<void> {
    await this.call('POST', '/vm-size-removals', { location, size });
  }

  async setPermissions(principalId: string, permissions: PermissionInput[]): Promise<PermissionRecord[]> {
    return (await this.call<{ permissions: PermissionRecord[] }>('POST', '/permissions', { principalId, permissions })).permissions;
  }

  async clearPermissions(principalId: string): Promise<void> {
    await this.call('DELETE', `/permissions?principalId=${encodeURIComponent(principalId)}`);
  }

  async clearDeploymentOutputs(resourceGroup?: string): Promise<void> {
    await this.call('DELETE', `/deployment-outputs${resourceGroup ? `?resourceGroup=${encodeURIComponent(resourceGroup)}` : ''}`);
  }
}
