// Entry point of the `aks-cosmos` command (client/bin/aks-cosmos runs it with the project's Node).
import module from 'node:module';

// Each run is a new process: Node's on-disk cache of compiled code makes the next start faster. The program is
// loaded after the cache is on, so that its modules come from it.
module.enableCompileCache?.();

import('./program.js')
  .then(({ runCli }) => runCli(process.argv))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`aks-cosmos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
