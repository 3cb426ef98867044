// What the invariants look at once a round has settled: the clusters as the API shows them, the emulator's
// state and request log, Storage, the Durable instances and journals, the host's log, the OS temp folder,
// and the secrets the run produced (harvested from Storage while it ran, and from the emulator).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { AdminState, RequestLogEntry } from '../../local/azure';
import type { LocalStack } from '../../local/stack/stack';
import type { ApiClient } from './api-client';

export interface BlobEntry {
  name: string;
  metadata: Record<string, string>;
}

export interface DurableInstance {
  instanceId: string;
  name: string;
  runtimeStatus: string;
  createdTime: string;
  lastUpdatedTime: string;
}

export interface Secret {
  value: string;
  /** Where it came from, e.g. "s1r0-2-plain/g1/output/ca.key"; never the secret itself. */
  source: string;
}

export interface Evidence {
  /** The final GET /clusters/{name} body per cluster (undefined: no 200 answer). */
  clusters: Map<string, any>;
  emulator: AdminState;
  requests: RequestLogEntry[];
  artifacts: BlobEntry[];
  records: BlobEntry[];
  instances: DurableInstance[];
  /** Journal file name -> text. */
  journals: Map<string, string>;
  hostLog: string;
  /** Work folders left in the OS temp folder, with the text of their files. */
  workFolders: Map<string, Map<string, string>>;
  secrets: Secret[];
  retentionDays: number;
}

function containers(stack: LocalStack): { artifacts: ContainerClient; records: ContainerClient } {
  const service = BlobServiceClient.fromConnectionString(stack.settings.ARTIFACTS_STORAGE_CONNECTION_STRING!);
  return { artifacts: service.getContainerClient('cluster-artifacts'), records: service.getContainerClient('cluster-records') };
}

async function listBlobs(container: ContainerClient, prefix?: string): Promise<BlobEntry[]> {
  const entries: BlobEntry[] = [];
  try {
    for await (const blob of container.listBlobsFlat({ prefix, includeMetadata: true }))
      entries.push({ name: blob.name, metadata: blob.metadata ?? {} });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error; // no container yet
  }
  return entries;
}

/** Pieces of a PEM private key that appear verbatim wherever the key is copied: two body lines and its base64. */
export function keyFragments(pem: string): string[] {
  const lines = pem
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('-----'));
  const fragments = [lines[0], lines[Math.floor(lines.length / 2)]].filter((line): line is string => !!line && line.length >= 40);
  const base64 = Buffer.from(pem).toString('base64');
  if (base64.length > 80) fragments.push(base64.slice(8, 72));
  return fragments;
}

/** Reads every secret the artifacts container holds while the run goes on (teardown deletes them). */
export class SecretHarvester {
  private readonly seen = new Set<string>();
  readonly secrets: Secret[] = [];
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly stack: LocalStack) {}

  start(intervalMs = 300): void {
    const tick = () => {
      this.running = this.harvest()
        .catch(() => undefined)
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await this.harvest().catch(() => undefined);
  }

  async harvest(): Promise<void> {
    const { artifacts } = containers(this.stack);
    for (const blob of await listBlobs(artifacts)) {
      const isKey = /\.key$|_rsa$/.test(blob.name);
      const isPrincipal = blob.name.endsWith('secrets/service-principal.json');
      if ((!isKey && !isPrincipal) || this.seen.has(blob.name)) continue;
      let text: string;
      try {
        text = (await artifacts.getBlobClient(blob.name).downloadToBuffer()).toString('utf8');
      } catch {
        continue; // deleted meanwhile
      }
      if (isPrincipal) {
        const secret = (JSON.parse(text) as { secret?: string }).secret;
        if (!secret) continue; // written before the password was added: read it again later
        this.secrets.push({ value: secret, source: blob.name });
      } else {
        for (const fragment of keyFragments(text)) this.secrets.push({ value: fragment, source: blob.name });
      }
      this.seen.add(blob.name);
    }
  }
}

function readTree(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!fs.existsSync(folder)) return files;
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    try {
      files.set(path.relative(folder, file), fs.readFileSync(file, 'utf8'));
    } catch {
      // removed while reading
    }
  }
  return files;
}

/**
 * aks-engine work folders of these clusters in the OS temp folder: `aks-<name>-...` (fs.mkdtemp's six characters
 * at the end, whatever the product puts in between). The campaign's only longer names are `<name>-other`.
 */
export function workFoldersOf(names: string[], ignore: ReadonlySet<string> = new Set()): Map<string, Map<string, string>> {
  const folders = new Map<string, Map<string, string>>();
  const tmp = os.tmpdir();
  for (const entry of fs.readdirSync(tmp)) {
    if (!ignore.has(entry) && names.some((name) => ownsWorkFolder(name, entry))) folders.set(entry, readTree(path.join(tmp, entry)));
  }
  return folders;
}

/** Whether a temp folder entry is a work folder of this cluster (and not of a longer name starting with it). */
export function ownsWorkFolder(name: string, entry: string): boolean {
  const prefix = `aks-${name}-`;
  return entry.startsWith(prefix) && !entry.startsWith(`${prefix}other-`) && /[A-Za-z0-9]{6}$/.test(entry.slice(prefix.length));
}

/** What the OS temp folder holds now: folders present before a round are not the round's leftovers. */
export function tempFolderEntries(): Set<string> {
  return new Set(fs.readdirSync(os.tmpdir()));
}

/** Removes the leftover work folders once they are reported: they hold secrets. */
export function removeWorkFolders(folders: Iterable<string>): void {
  for (const folder of folders) fs.rmSync(path.join(os.tmpdir(), folder), { recursive: true, force: true });
}

export async function durableInstances(hostBaseUrl: string, prefix?: string): Promise<DurableInstance[]> {
  const instances: DurableInstance[] = [];
  let token: string | undefined;
  do {
    const query = new URLSearchParams({ top: '500' });
    if (prefix) query.set('instanceIdPrefix', prefix);
    const response = await fetch(`${hostBaseUrl}/runtime/webhooks/durabletask/instances?${query}`, {
      headers: token ? { 'x-ms-continuation-token': token } : {},
    });
    if (response.status !== 200) throw new Error(`listing Durable instances answered ${response.status}: ${await response.text()}`);
    instances.push(...((await response.json()) as DurableInstance[]));
    token = response.headers.get('x-ms-continuation-token') ?? undefined;
  } while (token);
  return instances;
}

export async function collectEvidence(
  stack: LocalStack,
  client: ApiClient,
  names: string[],
  durableDir: string,
  harvester: SecretHarvester,
  tempBefore: ReadonlySet<string>,
): Promise<Evidence> {
  const clusters = new Map<string, any>();
  for (const name of names) {
    const answer = await client.send('settle', name, 'GET', `/clusters/${name}`);
    clusters.set(name, answer.status === 200 && answer.text ? JSON.parse(answer.text) : undefined);
  }
  await harvester.harvest().catch(() => undefined);
  const { artifacts, records } = containers(stack);
  const hostBaseUrl = stack.apiBaseUrl.replace(/\/api$/, '');
  const instances = (await Promise.all(names.map((name) => durableInstances(hostBaseUrl, `cluster-${name}-`)))).flat();
  const secrets: Secret[] = [
    ...harvester.secrets,
    ...stack.emulator.admin.issuedSecrets().map((value) => ({ value, source: 'a client secret Graph issued' })),
  ];
  return {
    clusters,
    emulator: stack.emulator.admin.state(),
    requests: stack.emulator.admin.requests(),
    artifacts: await listBlobs(artifacts),
    records: await listBlobs(records),
    instances,
    journals: readTree(durableDir),
    hostLog: stack.hostOutput(),
    workFolders: workFoldersOf(names, tempBefore),
    secrets,
    retentionDays: Number(stack.settings.ARTIFACT_RETENTION_DAYS ?? 0),
  };
}
