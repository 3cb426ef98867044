// Writes credentials to disk owner-only (0600), whole or not at all: a temporary file in the same folder, renamed.
import fs from 'node:fs';
import path from 'node:path';

let written = 0;

export function writeSecretFile(file: string, content: string | Buffer): void {
  // A symlinked file (a kubeconfig kept in a dotfiles repository) is written where it points, as kubectl does.
  const target = fs.existsSync(file) ? fs.realpathSync(file) : path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${(written += 1)}.tmp`);
  try {
    fs.writeFileSync(temporary, content, { mode: 0o600, flag: 'wx' });
    // The mode given at creation is masked by the umask; this makes it exactly owner read and write.
    fs.chmodSync(temporary, 0o600);
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
