// After a build: compiled files whose TypeScript source is gone (renamed or deleted) are removed from dist/, so
// that a test file that no longer exists cannot run from an old build.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const dist = path.join(root, 'dist');

function sourceOf(compiled: string): string | undefined {
  const relative = path.relative(dist, compiled);
  const match = /^(.*)\.(js|js\.map|d\.ts)$/.exec(relative);
  return match ? path.join(root, `${match[1]}.ts`) : undefined;
}

let removed = 0;
for (const entry of fs.readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const file = path.join(entry.parentPath, entry.name);
  const source = sourceOf(file);
  if (source && !fs.existsSync(source)) {
    fs.rmSync(file);
    removed++;
  }
}
if (removed > 0) console.log(`Removed ${removed} compiled files whose source is gone.`);
