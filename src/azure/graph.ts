// Microsoft Graph v1.0 over fetch: the few calls needed to give each cluster its own service principal.
import { RestError } from '@azure/core-rest-pipeline';
import type { Settings } from '../config/settings';
import { isNotFound } from './failures';
import { appCredential } from './credential';

export interface GraphApplication {
  id: string;
  appId: string;
  displayName: string;
  passwordCredentials?: Array<{ keyId: string; displayName?: string | null }>;
}

export interface GraphServicePrincipal {
  id: string;
  appId: string;
}

export class GraphClient {
  constructor(private readonly settings: Settings) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T | undefined> {
    const token = await appCredential(this.settings).getToken(`${this.settings.graphAudience}/.default`);
    if (!token) throw new Error('No token for Microsoft Graph was issued to the app identity.');
    const response = await fetch(`${this.settings.graphEndpoint}/v1.0${path}`, {
      method,
      headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    if (response.status === 204) return undefined;
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!response.ok) {
      const error = (parsed.error ?? {}) as { code?: string; message?: string; details?: Array<{ code?: string }> };
      // Graph's generic Request_BadRequest carries the telling code (e.g. NoBackingApplicationObject) in details.
      const specific = error.code === 'Request_BadRequest' ? error.details?.find((detail) => detail.code)?.code : undefined;
      throw new RestError(`Microsoft Graph ${method} ${path.split('?')[0]}: ${error.message ?? response.statusText}`, {
        code: specific ?? error.code ?? `Http${response.status}`,
        statusCode: response.status,
      });
    }
    return parsed as T;
  }

  createApplication(displayName: string, clusterTag: string): Promise<GraphApplication> {
    return this.call<GraphApplication>('POST', '/applications', {
      displayName,
      signInAudience: 'AzureADMyOrg',
      tags: [clusterTag],
    }) as Promise<GraphApplication>;
  }

  /** Deletes an application; false when Graph answers 404 (gone, or not replicated to the replica asked). */
  async deleteApplication(objectId: string): Promise<boolean> {
    try {
      await this.call('DELETE', `/applications/${encodeURIComponent(objectId)}`);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** Applications with exactly this display name (each cluster generation's name is unique). */
  async findApplicationsByName(displayName: string): Promise<GraphApplication[]> {
    const filter = encodeURIComponent(`displayName eq '${displayName.replace(/'/g, "''")}'`);
    const result = await this.call<{ value: GraphApplication[] }>('GET', `/applications?$filter=${filter}`);
    return result?.value ?? [];
  }

  /** Adds a client secret; Graph returns the secret text in this answer only. */
  async addPassword(objectId: string, displayName: string, expiresOn: Date): Promise<{ keyId: string; secretText: string }> {
    const result = await this.call<{ keyId: string; secretText: string }>(
      'POST',
      `/applications/${encodeURIComponent(objectId)}/addPassword`,
      {
        passwordCredential: { displayName, endDateTime: expiresOn.toISOString() },
      },
    );
    if (!result?.secretText) throw new Error('Microsoft Graph returned no secret for the new password.');
    return result;
  }

  async removePassword(objectId: string, keyId: string): Promise<void> {
    await this.call('POST', `/applications/${encodeURIComponent(objectId)}/removePassword`, { keyId });
  }

  async findServicePrincipal(appId: string): Promise<GraphServicePrincipal | undefined> {
    const result = await this.call<{ value: GraphServicePrincipal[] }>(
      'GET',
      `/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${appId}'`)}`,
    );
    return result?.value?.[0];
  }

  createServicePrincipal(appId: string, clusterTag: string): Promise<GraphServicePrincipal> {
    return this.call<GraphServicePrincipal>('POST', '/servicePrincipals', { appId, tags: [clusterTag] }) as Promise<GraphServicePrincipal>;
  }
}
