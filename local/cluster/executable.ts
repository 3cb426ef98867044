// Finds a program the way a shell would, so that a missing etcd is noticed before trying to start it.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export function findExecutable(nameOrPath: string): string | undefined {
  const candidates = nameOrPath.includes(path.sep)
    ? [path.resolve(nameOrPath)]
    : (process.env.PATH ?? '')
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, nameOrPath));
  return candidates.find(isExecutableFile);
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
