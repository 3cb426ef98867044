// Private temporary folders for aks-engine runs (they hold the service principal secret and every private
// key): one per run, removed when the run ends, and swept when a process died before it could remove its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Folders of runs that died this long ago are removed even if their process id came back to life. */
const abandonedAfterMs = 6 * 60 * 60_000;
const folderPattern = /^aks-[a-z0-9-]+-p(\d+)-[A-Za-z0-9]{6}$/;

export function workFolderRoot(): string {
  return os.tmpdir();
}

/** Creates a 0700 folder named for the cluster and this process, so a sweep can tell whose it is. */
export async function createWorkFolder(cluster: string, root = workFolderRoot()): Promise<string> {
  const folder = await fs.promises.mkdtemp(path.join(root, `aks-${cluster}-p${process.pid}-`));
  await fs.promises.chmod(folder, 0o700);
  return folder;
}

export async function removeWorkFolder(folder: string): Promise<void> {
  await fs.promises.rm(folder, { recursive: true, force: true });
}

function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the work folders of processes that are gone; returns how many it removed. */
export function sweepAbandonedWorkFolders(root = workFolderRoot(), now = Date.now()): number {
  let removed = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const match = entry.isDirectory() ? folderPattern.exec(entry.name) : null;
    if (!match) continue;
    const folder = path.join(root, entry.name);
    try {
      const pid = Number(match[1]);
      const abandoned = now - fs.statSync(folder).mtimeMs > abandonedAfterMs;
      if (pid === process.pid || (processIsAlive(pid) && !abandoned)) continue;
      fs.rmSync(folder, { recursive: true, force: true });
      removed++;
    } catch {
      // removed by its owner meanwhile, or not ours to remove
    }
  }
  return removed;
}
