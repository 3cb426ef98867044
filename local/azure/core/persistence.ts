// Optional persistence of the state to <data dir>/state.json, so that a restarted emulator keeps its
// groups, deployments and directory objects. Writes are coalesced and atomic (temp file + rename).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { emptyCapacity, emptyState, type EmulatorState } from './state';

export function loadState(file: string): EmulatorState {
  if (!existsSync(file)) return emptyState();
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<EmulatorState>;
  return { ...emptyState(), ...parsed, capacity: { ...emptyCapacity(), ...(parsed.capacity ?? {}) } };
}

export class StateWriter {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly read: () => EmulatorState,
    private readonly delayMs = 50,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.delayMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(this.read()), { mode: 0o600 });
    renameSync(temp, this.file);
  }
}
