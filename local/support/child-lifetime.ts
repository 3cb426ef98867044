// The Functions host and Azurite that the local stack starts must not outlive it. A test file stopped by the
// runner, or a `kill -9` of `npm start`, never runs the stack's stop(): without this, a host and an Azurite would
// run on, holding their ports and taking CPU from whatever runs next.
import path from 'node:path';

/** Node options for a child process that ends itself once its parent is gone (see exit-with-parent.ts). */
export function exitWithParentArgs(root: string): string[] {
  return ['--require', path.join(root, 'dist', 'local', 'support', 'exit-with-parent.js')];
}
