// The blobs of one cluster generation: aks-engine's _output, the service principal secret, the final
// kubeconfig and logs. Which files are secret decides what may ever be linked for download.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ContainerClient } from '@azure/storage-blob';
import type { Settings } from '../config/settings';
import { container, downloadContent } from '../azure/blob-storage';
import { isNotFound } from '../azure/failures';
import { artifactPrefix } from '../clusters/record';

export type ArtifactKind = 'secret' | 'public';

/** Secrets per aks-engine v0.32.3: private keys, the SSH key, apimodel.json, the deployment parameters, kubeconfigs. */
export function artifactKind(relativeName: string): ArtifactKind {
  const base = path.posix.basename(relativeName);
  if (base.endsWith('.key') || base.endsWith('_rsa') || base === 'apimodel.json' || base === 'azuredeploy.parameters.json') return 'secret';
  if (relativeName.startsWith('kubeconfig/')) return 'secret';
  return 'public';
}

/** Files a caller may download through a link from the artifacts route: public files and what etcdctl needs. */
export function isDownloadable(relativeName: string): boolean {
  return artifactKind(relativeName) === 'public' || relativeName === 'etcdclient.key';
}

export class ClusterArtifacts {
  private constructor(
    private readonly blobs: ContainerClient,
    readonly prefix: string,
    private readonly signal?: AbortSignal,
  ) {}

  /**
   * The artifacts of a generation. An activity passes its lease's signal: once its operation has ended (a
   * delete began, a cancel), it writes nothing more, so a teardown that already removed the blobs stays final.
   */
  static async open(settings: Settings, name: string, generation: number, signal?: AbortSignal): Promise<ClusterArtifacts> {
    return new ClusterArtifacts(await container(settings, 'artifacts'), artifactPrefix(name, generation), signal);
  }

  /** The same artifacts, with writes bound to another signal (a final write after the lease's signal fired). */
  withSignal(signal: AbortSignal): ClusterArtifacts {
    return new ClusterArtifacts(this.blobs, this.prefix, signal);
  }

  blob(relative: string) {
    return this.blobs.getBlockBlobClient(`${this.prefix}${relative}`);
  }

  async exists(relative: string): Promise<boolean> {
    return this.blob(relative).exists();
  }

  async readText(relative: string): Promise<string | undefined> {
    try {
      return (await downloadContent(this.blob(relative))).toString('utf8');
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async writeText(relative: string, text: string, contentType = 'application/json'): Promise<void> {
    this.signal?.throwIfAborted();
    await this.blob(relative).upload(text, Buffer.byteLength(text), {
      blobHTTPHeaders: { blobContentType: contentType },
      abortSignal: this.signal,
    });
  }

  /** Uploads every file of a folder under the given blob folder, recording whether each is secret. */
  async uploadFolder(folder: string, blobFolder: string): Promise<number> {
    const files = await fs.readdir(folder, { recursive: true, withFileTypes: true });
    let count = 0;
    for (const entry of files) {
      if (!entry.isFile()) continue;
      const full = path.join(entry.parentPath, entry.name);
      const relative = path.relative(folder, full).split(path.sep).join('/');
      this.signal?.throwIfAborted();
      await this.blob(`${blobFolder}${relative}`).uploadFile(full, {
        abortSignal: this.signal,
        metadata: { kind: artifactKind(relative) },
        blobHTTPHeaders: { blobContentType: relative.endsWith('.json') ? 'application/json' : 'application/octet-stream' },
      });
      count++;
    }
    return count;
  }

  /** Downloads every file under a blob folder into a local folder (files 0600), as uploadFolder stored them. */
  async downloadFolder(blobFolder: string, folder: string): Promise<number> {
    let count = 0;
    for await (const item of this.blobs.listBlobsFlat({ prefix: `${this.prefix}${blobFolder}` })) {
      const relative = item.name.slice(this.prefix.length + blobFolder.length);
      if (relative.startsWith('.') || relative.split('/').includes('..')) continue;
      const target = path.join(folder, ...relative.split('/'));
      await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      await this.blobs.getBlobClient(item.name).downloadToFile(target);
      await fs.chmod(target, 0o600);
      count++;
    }
    return count;
  }

  async list(blobFolder: string): Promise<Array<{ name: string; size: number; kind: ArtifactKind }>> {
    const result: Array<{ name: string; size: number; kind: ArtifactKind }> = [];
    for await (const item of this.blobs.listBlobsFlat({ prefix: `${this.prefix}${blobFolder}` })) {
      const name = item.name.slice(this.prefix.length + blobFolder.length);
      if (name.startsWith('.')) continue;
      result.push({ name, size: item.properties.contentLength ?? 0, kind: artifactKind(name) });
    }
    return result;
  }

  /** Deletes every blob of this generation; returns how many were deleted. */
  async deleteAll(): Promise<number> {
    let count = 0;
    for await (const item of this.blobs.listBlobsFlat({ prefix: this.prefix })) {
      await this.blobs.deleteBlob(item.name, { deleteSnapshots: 'include' }).catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
      count++;
    }
    return count;
  }

  /** Marks the blobs to be deleted later (retention), so a sweep or a person can find them. */
  async markForDeletion(deleteAfter: Date): Promise<void> {
    for await (const item of this.blobs.listBlobsFlat({ prefix: this.prefix, includeMetadata: true })) {
      await this.blobs.getBlobClient(item.name).setMetadata({ ...(item.metadata ?? {}), deleteafter: deleteAfter.toISOString() });
    }
  }
}
