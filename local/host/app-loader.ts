// Loads an app folder like the Node.js worker's startApp: package.json "main" (a glob), CommonJS or ESM.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SettingsError } from './settings';

interface PackageJson {
  main?: string;
  type?: string;
}

export function resolveEntryFiles(appDir: string): { files: string[]; isModule: boolean } {
  const packageFile = path.join(appDir, 'package.json');
  let pkg: PackageJson;
  try {
    pkg = JSON.parse(fs.readFileSync(packageFile, 'utf8')) as PackageJson;
  } catch (error) {
    throw new SettingsError(`cannot read ${packageFile}: ${(error as Error).message}`);
  }
  const main = pkg.main ?? 'index.js';
  const files = fs
    .globSync(main, { cwd: appDir })
    .map((file) => path.resolve(appDir, file))
    .filter((file) => fs.statSync(file).isFile())
    .sort();
  if (files.length === 0) {
    throw new SettingsError(`package.json "main" (${main}) matches no file in ${appDir}; build the app first`);
  }
  return { files, isModule: pkg.type === 'module' };
}

export async function loadEntryFiles(files: string[], isModule: boolean): Promise<void> {
  for (const file of files) {
    if (file.endsWith('.mjs') || (isModule && !file.endsWith('.cjs'))) {
      await import(pathToFileURL(file).href);
    } else {
      // The app's own entry points are CommonJS files named at run time, loaded as the Node.js worker loads them.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(file);
    }
  }
}
