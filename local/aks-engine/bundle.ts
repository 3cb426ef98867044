// Bundles the aks-engine simulator into one file, dist/local/aks-engine/aks-engine.cjs, which bin/aks-engine runs.
// Every aks-engine command is a new process, and resolving and loading some 300 modules (the certificate code, the
// ARM SDKs) was a third of a generate's CPU and more of a deploy's; from one file Node loads them in a fraction.
// (.cjs: the build's pruning of compiled files without a source leaves it alone.)
import path from 'node:path';
import { buildSync } from 'esbuild';

buildSync({
  entryPoints: [path.join(__dirname, 'cli.js')],
  outfile: path.join(__dirname, 'aks-engine.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  logLevel: 'warning',
});
