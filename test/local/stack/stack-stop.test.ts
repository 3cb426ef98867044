// Stopping the local stack is final: a host restart that comes after stop() (a campaign's crash-and-restart still
// sleeping through its downtime when the campaign ends) must not start a host nobody will stop.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestStack } from '../../support/stack';

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('a host restart asked for after stop() is refused and leaves no process behind', async () => {
  const stack = await startTestStack();
  await stack.killHost();
  await stack.stop();
  try {
    await assert.rejects(stack.startHost(), /stopped/);
    assert.equal(alive(stack.hostPid()), false, `host ${stack.hostPid()} runs after the stack was stopped`);
  } finally {
    // Without the guard a host is running here; it must not outlive the test either way.
    if (alive(stack.hostPid())) process.kill(stack.hostPid()!, 'SIGKILL');
  }
});
