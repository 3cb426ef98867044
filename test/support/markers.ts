// Reads the side-effect marker files that the sample app's activities write ("<key>.<random>.json").
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Marker {
  pid: number;
  at: number;
  [field: string]: unknown;
}

export function readMarkers(dir: string, key: string): Marker[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.startsWith(`${key}.`) && name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Marker)
    .sort((a, b) => a.at - b.at);
}

export function countMarkers(dir: string, key: string): number {
  return readMarkers(dir, key).length;
}
