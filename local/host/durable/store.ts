// Durable storage of instances: one append-only journal file per instance. Each line is a snapshot or a
// patch, written with a single append, so a crash can at worst leave a torn last line, which loading
// drops (that change is then redone: at-least-once, as in Azure). Journals are compacted into a snapshot
// written to a temporary file and renamed over the old one.
import fs from 'node:fs';
import path from 'node:path';
import { applyPatch, type InstancePatch, type InstanceState } from './instance';

type JournalLine = { snapshot: InstanceState } | { patch: InstancePatch };

const compactAfterLines = 200;

export class InstanceStore {
  private readonly lineCounts = new Map<string, number>();
  private readonly directory: string;

  constructor(dataDir: string, hubName: string) {
    this.directory = path.join(dataDir, hubName, 'instances');
    fs.mkdirSync(this.directory, { recursive: true });
  }

  private fileFor(instanceId: string): string {
    return path.join(this.directory, `${Buffer.from(instanceId, 'utf8').toString('base64url')}.jsonl`);
  }

  /** Reads every journal, folding its lines into the latest state. */
  loadAll(onWarning: (message: string) => void): InstanceState[] {
    const states: InstanceState[] = [];
    for (const entry of fs.readdirSync(this.directory)) {
      const file = path.join(this.directory, entry);
      if (entry.endsWith('.tmp')) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (!entry.endsWith('.jsonl')) continue;
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      let state: InstanceState | undefined;
      let count = 0;
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        if (line === '') continue;
        let parsed: JournalLine;
        try {
          parsed = JSON.parse(line) as JournalLine;
        } catch {
          onWarning(`dropping a torn journal line ${i + 1} of ${entry}`);
          break;
        }
        if ('snapshot' in parsed) state = parsed.snapshot;
        else if (state) applyPatch(state, parsed.patch);
        count++;
      }
      if (!state) {
        onWarning(`journal ${entry} holds no snapshot; ignoring it`);
        continue;
      }
      this.lineCounts.set(state.instanceId, count);
      // Rewrite journals that were torn or long, so the next crash starts from a clean file.
      if (count > compactAfterLines || lines.at(-1) !== '') this.writeSnapshot(state);
      states.push(state);
    }
    return states;
  }

  writeSnapshot(state: InstanceState): void {
    const file = this.fileFor(state.instanceId);
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${JSON.stringify({ snapshot: state })}\n`);
    fs.renameSync(temporary, file);
    this.lineCounts.set(state.instanceId, 1);
  }

  /** Journals a patch already applied to `state`; compacts long journals. */
  appendPatch(state: InstanceState, patch: InstancePatch): void {
    const count = (this.lineCounts.get(state.instanceId) ?? 0) + 1;
    if (count > compactAfterLines) {
      this.writeSnapshot(state);
      return;
    }
    fs.appendFileSync(this.fileFor(state.instanceId), `${JSON.stringify({ patch })}\n`);
    this.lineCounts.set(state.instanceId, count);
  }

  delete(instanceId: string): void {
    fs.rmSync(this.fileFor(instanceId), { force: true });
    this.lineCounts.delete(instanceId);
  }
}
