// --set key=value[,key=value] (pkg/engine/transform/apimodel_merger.go): keys are relative to "properties.",
// `pool[0].field` indexes arrays, values that parse as integers become JSON numbers and everything else a
// string (so `cosmosEtcd=true` becomes "true" and later fails to decode into a bool, as in aks-engine).
import { randomInt } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

interface SetValue {
  key: string;
  value: string | number;
  arrayName?: string;
  arrayIndex?: number;
  arrayProperty?: string;
}

/** transform.MapValues: later assignments of the same key win. */
export function mapSetValues(flags: string[]): Map<string, SetValue> {
  const values = new Map<string, SetValue>();
  for (const flag of flags) {
    for (const pair of flag.split(',')) {
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const key = pair.slice(0, eq);
      const raw = pair.slice(eq + 1);
      const value = /^[+-]?\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : raw;
      const array = /^([^[\]]+)\[(\d+)\]\.(.+)$/.exec(key);
      values.set(key, array ? { key, value, arrayName: array[1], arrayIndex: Number(array[2]), arrayProperty: array[3] } : { key, value });
    }
  }
  return values;
}

/** Merges the values into a copy of the apimodel file and returns the new file's path. */
export function mergeValuesIntoApiModel(apiModelPath: string, values: Map<string, SetValue>): string {
  const model = JSON.parse(readFileSync(apiModelPath, 'utf8')) as Record<string, unknown>;
  for (const entry of values.values()) {
    if (entry.arrayName !== undefined) {
      const array = getPath(model, `properties.${entry.arrayName}`);
      if (!Array.isArray(array) || entry.arrayIndex! >= array.length) {
        throw new Error(`failed to find an array at properties.${entry.arrayName}[${entry.arrayIndex}]`);
      }
      const element = array[entry.arrayIndex!];
      if (!element || typeof element !== 'object') throw new Error(`properties.${entry.arrayName}[${entry.arrayIndex}] is not an object`);
      setPath(element as Record<string, unknown>, entry.arrayProperty!, entry.value);
    } else {
      setPath(model, `properties.${entry.key}`, entry.value);
    }
  }
  // ioutil.TempFile("", "mergedApiModel"): a new file named with random digits in the temp dir.
  for (;;) {
    const file = path.join(tmpdir(), `mergedApiModel${randomInt(1_000_000_000)}`);
    try {
      writeFileSync(file, JSON.stringify(model), { flag: 'wx', mode: 0o600 });
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

function getPath(root: Record<string, unknown>, dotted: string): unknown {
  return dotted
    .split('.')
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), root);
}

/** gabs SetP: creates the objects along the way. */
function setPath(root: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = root;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (!next || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}
