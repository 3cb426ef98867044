// Blob Storage for cluster records and artifacts, and read-only, short-lived SAS links to single blobs.
import {
  BlobSASPermissions,
  BlobServiceClient,
  generateBlobSASQueryParameters,
  SASProtocol,
  StorageSharedKeyCredential,
  type BlobClient,
  type ContainerClient,
} from '@azure/storage-blob';
import type { Settings } from '../config/settings';
import { appCredential } from './credential';

export const containerNames = {
  /** One JSON record per cluster: spec, state, operations, outputs. No secrets. */
  records: 'cluster-records',
  /** Everything aks-engine writes, service principal secrets and logs: private, reached only by SAS per blob. */
  artifacts: 'cluster-artifacts',
  /** The audit trail: append blobs, written only by the app (an immutability policy can make them WORM). */
  audit: 'audit-trail',
  /** Minted kubeconfigs, one blob per request, named by when they must be gone (a sweeper deletes them then). */
  issued: 'issued-credentials',
} as const;

let service: BlobServiceClient | undefined;
let ready: Promise<void> | undefined;

export function blobService(settings: Settings): BlobServiceClient {
  if (!service) {
    service =
      'connectionString' in settings.storage
        ? BlobServiceClient.fromConnectionString(settings.storage.connectionString)
        : new BlobServiceClient(settings.storage.accountUrl, appCredential(settings));
  }
  return service;
}

/** Creates the private containers once per process. */
export async function container(settings: Settings, name: keyof typeof containerNames): Promise<ContainerClient> {
  const client = blobService(settings);
  ready ??= (async () => {
    for (const containerName of Object.values(containerNames)) await client.getContainerClient(containerName).createIfNotExists();
  })().catch((error) => {
    ready = undefined;
    throw error;
  });
  await ready;
  return client.getContainerClient(containerNames[name]);
}

/**
 * A blob's content and the ETag of that very content, in one request (downloadToBuffer() first asks for the blob's
 * size, a second request).
 */
export async function downloadBlob(blob: BlobClient): Promise<{ content: Buffer; etag: string | undefined }> {
  const response = await blob.download();
  const chunks: Buffer[] = [];
  for await (const chunk of response.readableStreamBody ?? []) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return { content: Buffer.concat(chunks), etag: response.etag };
}

/** A blob's content, in one request. */
export async function downloadContent(blob: BlobClient): Promise<Buffer> {
  return (await downloadBlob(blob)).content;
}

export interface ReadLink {
  url: string;
  expiresOn: string;
}

/** A SAS URL that can read this one blob until it expires; it downloads as an attachment with the given name. */
export async function readOnlyLink(settings: Settings, blob: BlobClient, minutes: number, fileName: string): Promise<ReadLink> {
  const startsOn = new Date(Date.now() - 5 * 60_000); // tolerate clock skew between the app and Storage
  const expiresOn = new Date(Date.now() + minutes * 60_000);
  const https = new URL(blob.url).protocol === 'https:';
  const values = {
    containerName: blob.containerName,
    blobName: blob.name,
    permissions: BlobSASPermissions.parse('r'),
    startsOn,
    expiresOn,
    protocol: https ? SASProtocol.Https : SASProtocol.HttpsAndHttp,
    contentDisposition: `attachment; filename="${fileName.replace(/["\\]/g, '_')}"`,
  };
  const client = blobService(settings);
  let query: string;
  if (client.credential instanceof StorageSharedKeyCredential) {
    query = generateBlobSASQueryParameters(values, client.credential).toString();
  } else {
    // With a token credential, sign with a user delegation key: no account key is ever needed.
    const key = await client.getUserDelegationKey(startsOn, expiresOn);
    query = generateBlobSASQueryParameters(values, key, client.accountName).toString();
  }
  return { url: `${blob.url}?${query}`, expiresOn: expiresOn.toISOString() };
}
