// The audit trail: every write, every refused call and every credential handed out, one JSON line each,
// appended to hourly append blobs in a container only the app writes. Entries never hold a secret.
import { RestError } from '@azure/core-rest-pipeline';
import type { ContainerClient } from '@azure/storage-blob';
import type { Settings } from '../config/settings';
import { container, downloadContent } from '../azure/blob-storage';
import type { Creator } from '../domain/creator';

export interface AuditEntry {
  time: string;
  caller?: Creator;
  clientAddress?: string;
  method: string;
  route: string;
  path: string;
  cluster?: string;
  operationId?: string;
  outcome: { status: number; code?: string };
  /** A credential handed out: what it is and how long it lives, never the credential itself. */
  credential?: {
    kind: 'kubeconfig' | 'break-glass-kubeconfig' | 'artifact-link' | 'log-link';
    access?: string;
    subject?: string;
    serial?: string;
    file?: string;
    expiresOn: string;
  };
}

export interface AuditQuery {
  from: Date;
  to: Date;
  cluster?: string;
  callerObjectId?: string;
  top: number;
  /** Where the previous page stopped: the blob and the line to read next (newest first). */
  position?: { blob: string; line: number };
}

export interface AuditPage {
  entries: AuditEntry[];
  next?: { blob: string; line: number };
}

const hourBlob = (time: Date) => `${time.toISOString().slice(0, 13).replace(/[-T]/g, '/')}.jsonl`;

export class AuditLog {
  constructor(private readonly settings: Settings) {}

  private blobs(): Promise<ContainerClient> {
    return container(this.settings, 'audit');
  }

  async append(entry: AuditEntry): Promise<void> {
    const blob = (await this.blobs()).getAppendBlobClient(hourBlob(new Date(entry.time)));
    const line = `${JSON.stringify(entry)}\n`;
    try {
      await blob.appendBlock(line, Buffer.byteLength(line));
    } catch (error) {
      if (!(error instanceof RestError && error.statusCode === 404)) throw error;
      await blob.createIfNotExists();
      await blob.appendBlock(line, Buffer.byteLength(line));
    }
  }

  /** A page of entries in the time window, newest first, filtered by cluster and caller. */
  async query(query: AuditQuery): Promise<AuditPage> {
    const blobs = await this.blobs();
    const first = hourBlob(query.from);
    const last = hourBlob(query.to);
    const names: string[] = [];
    for await (const item of blobs.listBlobsFlat()) if (item.name >= first && item.name <= last) names.push(item.name);
    names.sort().reverse();
    const entries: AuditEntry[] = [];
    const start = query.position ? names.indexOf(query.position.blob) : 0;
    for (let index = Math.max(0, start); index < names.length; index++) {
      const name = names[index]!;
      const lines = (await downloadContent(blobs.getAppendBlobClient(name))).toString('utf8').split('\n').filter(Boolean);
      let line = query.position && name === query.position.blob ? query.position.line : lines.length - 1;
      for (; line >= 0; line--) {
        const entry = JSON.parse(lines[line]!) as AuditEntry;
        const time = Date.parse(entry.time);
        if (time < query.from.getTime() || time > query.to.getTime()) continue;
        if (query.cluster && entry.cluster !== query.cluster) continue;
        if (query.callerObjectId && entry.caller?.objectId !== query.callerObjectId) continue;
        if (entries.length === query.top) return { entries, next: { blob: name, line } };
        entries.push(entry);
      }
    }
    return { entries };
  }
}
