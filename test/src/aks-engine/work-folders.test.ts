// aks-engine work folders hold secrets: a folder of a process that is gone is swept, a live one's is kept.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createWorkFolder, removeWorkFolder, sweepAbandonedWorkFolders } from '../../../src/aks-engine/work-folders';

describe('aks-engine work folders', () => {
  test('are private, named for their process, and swept once that process is gone', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'work-root-'));
    try {
      const mine = await createWorkFolder('demo1', root);
      assert.equal(fs.statSync(mine).mode & 0o777, 0o700);
      assert.match(path.basename(mine), new RegExp(`^aks-demo1-p${process.pid}-`));
      // A process that has exited: its pid is free (or reused by something that is not us).
      const exited = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      const dead = path.join(root, `aks-demo2-p${exited.stdout}-Ab12Cd`);
      fs.mkdirSync(dead);
      fs.writeFileSync(path.join(dead, 'apimodel.json'), '{}');
      const stranger = path.join(root, 'aks-notours');
      fs.mkdirSync(stranger);
      assert.equal(sweepAbandonedWorkFolders(root), 1);
      assert.equal(fs.existsSync(dead), false);
      assert.equal(fs.existsSync(mine), true, "this process's own folder stays");
      assert.equal(fs.existsSync(stranger), true, 'folders of another shape are not touched');
      const old = path.join(root, `aks-demo3-p${process.ppid}-Zz99Yy`);
      fs.mkdirSync(old);
      const longAgo = Date.now() / 1000 - 7 * 3600;
      fs.utimesSync(old, longAgo, longAgo);
      assert.equal(sweepAbandonedWorkFolders(root), 1, 'a folder abandoned for hours goes even if its pid is alive');
      await removeWorkFolder(mine);
      assert.equal(fs.existsSync(mine), false);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
