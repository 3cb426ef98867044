// The Compute and Network calls of armhelpers that scale and upgrade make, at the api-versions of v0.32.3's SDK
// packages (compute 2018-10-01, disks 2018-06-01, network 2018-08-01), sent through the ARM client's pipeline
// (token, retries, Accept-Language, TLS). Deletes and scale set updates are long-running operations followed
// like go-autorest's futures: Azure-AsyncOperation when given, else Location.
import type { ResourceManagementClient } from '@azure/arm-resources';
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { autorestErrorText, serviceErrorText } from './arm-errors';
import type { SimulatorSettings } from './settings';
import { sleep } from './sim-delay';

const COMPUTE_API = '2018-10-01';
const DISKS_API = '2018-06-01';
const NETWORK_API = '2018-08-01';

type Json = Record<string, unknown>;

/** A failed call, shaped like the SDK's RestError so that arm-errors reads its status and ARM error body. */
export class ArmRequestError extends Error {
  constructor(
    readonly statusCode: number,
    readonly response: { bodyAsText: string },
  ) {
    super(`ARM answered ${statusCode}`);
  }
}

/** A long-running operation that ended Failed or Canceled (the future's error: the operation's ARM error). */
export class OperationFailedError extends Error {}

export interface VirtualMachine {
  name: string;
  tags?: Record<string, string>;
  properties?: {
    provisioningState?: string;
    storageProfile?: {
      imageReference?: { publisher?: string };
      osDisk?: { name?: string; osType?: string; vhd?: { uri?: string }; managedDisk?: { id?: string } };
    };
    networkProfile?: { networkInterfaces?: Array<{ id?: string }> };
  };
  identity?: { principalId?: string };
}

export interface ScaleSet {
  name: string;
  location: string;
  tags?: Record<string, string>;
  sku: { name?: string; tier?: string; capacity: number };
  properties?: { virtualMachineProfile?: { storageProfile?: { imageReference?: { publisher?: string } } } };
}

export interface ScaleSetVm {
  name: string;
  instanceId: string;
  tags?: Record<string, string>;
  properties?: { osProfile?: { computerName?: string } };
}

/** Errors as go-autorest words them for `operation` (e.g. compute.VirtualMachinesClient#Get); failed operations as they are. */
async function as<T>(operation: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof OperationFailedError) throw error;
    throw new Error(autorestErrorText(operation, error), { cause: error });
  }
}

export class ComputeClient {
  private readonly httpClient = createDefaultHttpClient();

  constructor(
    private readonly arm: ResourceManagementClient,
    private readonly settings: SimulatorSettings,
    private readonly subscriptionId: string,
  ) {}

  private url(relative: string, apiVersion: string): string {
    return `${this.settings.armEndpoint}/subscriptions/${this.subscriptionId}/resourceGroups/${relative}?api-version=${apiVersion}`;
  }

  private async send(method: 'GET' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<PipelineResponse> {
    const request = createPipelineRequest({
      url,
      method,
      headers: createHttpHeaders({ Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) }),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return this.arm.pipeline.sendRequest(this.httpClient, request);
  }

  private async json(
    method: 'GET' | 'PUT' | 'DELETE',
    url: string,
    ok: number[],
    body?: unknown,
  ): Promise<{ response: PipelineResponse; body: Json }> {
    const response = await this.send(method, url, body);
    const text = response.bodyAsText ?? '';
    if (!ok.includes(response.status)) throw new ArmRequestError(response.status, { bodyAsText: text });
    let parsed: Json;
    try {
      parsed = text ? (JSON.parse(text) as Json) : {};
    } catch {
      parsed = {};
    }
    return { response, body: parsed };
  }

  /** Every page of a list (nextLink followed). */
  private async list<T>(url: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = url;
    while (next) {
      const { body } = await this.json('GET', next, [200]);
      items.push(...((body.value ?? []) as T[]));
      next = typeof body.nextLink === 'string' && body.nextLink ? body.nextLink : undefined;
    }
    return items;
  }

  /** go-autorest's future: WaitForCompletionRef, then the result. */
  private async longRunning(method: 'PUT' | 'DELETE', url: string, body?: unknown): Promise<void> {
    const { response } = await this.json(method, url, method === 'PUT' ? [200, 201] : [200, 202, 204], body);
    const asyncUrl = response.headers.get('azure-asyncoperation');
    const location = response.headers.get('location');
    if (!asyncUrl && !location) return;
    let retryAfter = Number(response.headers.get('retry-after') ?? '');
    for (;;) {
      await sleep(this.settings.pollIntervalMs ?? (retryAfter > 0 ? retryAfter * 1000 : 2000));
      if (asyncUrl) {
        const { response: poll, body: status } = await this.json('GET', asyncUrl, [200]);
        retryAfter = Number(poll.headers.get('retry-after') ?? '');
        const state = String(status.status ?? '');
        if (/^(succeeded)$/i.test(state)) return;
        if (/^(failed|canceled)$/i.test(state))
          throw new OperationFailedError(serviceErrorText(status.error ?? { code: state, message: `operation ${state}` }));
        continue;
      }
      const { response: poll } = await this.json('GET', location!, [200, 201, 202, 204]);
      retryAfter = Number(poll.headers.get('retry-after') ?? '');
      if (poll.status !== 202) return;
    }
  }

  listVirtualMachines(resourceGroup: string): Promise<VirtualMachine[]> {
    return as(
      'compute.VirtualMachinesClient#List',
      this.list(this.url(`${resourceGroup}/providers/Microsoft.Compute/virtualMachines`, COMPUTE_API)),
    );
  }

  async getVirtualMachine(resourceGroup: string, name: string): Promise<VirtualMachine> {
    const url = this.url(`${resourceGroup}/providers/Microsoft.Compute/virtualMachines/${name}`, COMPUTE_API);
    return (await as('compute.VirtualMachinesClient#Get', this.json('GET', url, [200]))).body as unknown as VirtualMachine;
  }

  deleteVirtualMachine(resourceGroup: string, name: string): Promise<void> {
    const url = this.url(`${resourceGroup}/providers/Microsoft.Compute/virtualMachines/${name}`, COMPUTE_API);
    return as('compute.VirtualMachinesClient#Delete', this.longRunning('DELETE', url));
  }

  deleteNetworkInterface(resourceGroup: string, name: string): Promise<void> {
    const url = this.url(`${resourceGroup}/providers/Microsoft.Network/networkInterfaces/${name}`, NETWORK_API);
    return as('network.InterfacesClient#Delete', this.longRunning('DELETE', url));
  }

  deleteManagedDisk(resourceGroup: string, name: string): Promise<void> {
    const url = this.url(`${resourceGroup}/providers/Microsoft.Compute/disks/${name}`, DISKS_API);
    return as('compute.DisksClient#Delete', this.longRunning('DELETE', url));
  }

  listVirtualMachineScaleSets(resourceGroup: string): Promise<ScaleSet[]> {
    const url = this.url(`${resourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets`, COMPUTE_API);
    return as('compute.VirtualMachineScaleSetsClient#List', this.list(url));
  }

  listVirtualMachineScaleSetVms(resourceGroup: string, scaleSet: string): Promise<ScaleSetVm[]> {
    const url = this.url(`${resourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/${scaleSet}/virtualMachines`, COMPUTE_API);
    return as('compute.VirtualMachineScaleSetVMsClient#List', this.list(url));
  }

  /** SetVirtualMachineScaleSetCapacity: PUT of {location, sku}. */
  setVirtualMachineScaleSetCapacity(resourceGroup: string, scaleSet: string, sku: ScaleSet['sku'], location: string): Promise<void> {
    const url = this.url(`${resourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/${scaleSet}`, COMPUTE_API);
    return as('compute.VirtualMachineScaleSetsClient#CreateOrUpdate', this.longRunning('PUT', url, { location, sku }));
  }

  deleteVirtualMachineScaleSetVm(resourceGroup: string, scaleSet: string, instanceId: string): Promise<void> {
    const url = this.url(
      `${resourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/${scaleSet}/virtualMachines/${instanceId}`,
      COMPUTE_API,
    );
    return as('compute.VirtualMachineScaleSetVMsClient#Delete', this.longRunning('DELETE', url));
  }
}
