// The real aks-engine takes half a minute per valid apimodel (RSA 4096 keys); its results only change with the binary
// or the apimodel, so they are kept under .local/conformance/<binary hash>/ and reused.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ToolResult } from './tool-run';

export class ResultCache {
  private readonly dir: string;

  /** Bumped when what a run records changes, so that older records are not compared. */
  static readonly FORMAT = 2;

  constructor(root: string, binaryHash: string) {
    this.dir = path.join(root, `${binaryHash.slice(0, 16)}-${ResultCache.FORMAT}`);
  }

  static hashFile(file: string): string {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }

  get(modelText: string): ToolResult | undefined {
    const file = this.file(modelText);
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ToolResult) : undefined;
  }

  put(modelText: string, result: ToolResult): void {
    fs.mkdirSync(this.dir, { recursive: true });
    fs.writeFileSync(this.file(modelText), JSON.stringify(result));
  }

  private file(modelText: string): string {
    return path.join(this.dir, `${createHash('sha256').update(modelText).digest('hex').slice(0, 32)}.json`);
  }
}
