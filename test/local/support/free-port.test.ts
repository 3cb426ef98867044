// Ports chosen for programs that take them on the command line lie below the kernel's ephemeral range, where no
// outgoing connection or listener on port 0 can take them between the choice and the program's listen (a host of a
// test run once failed to start with EADDRINUSE that way).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ephemeralPortRange, freeLoopbackPort } from '../../../local/support/free-port';

test('free loopback ports lie below the ephemeral range, and differ from call to call', async () => {
  // Where the range cannot be read (not Linux), the kernel chooses, and only a port number is asked for.
  const [low, high] = ephemeralPortRange() ?? [65_536, 65_536];
  const ports = await Promise.all(Array.from({ length: 20 }, () => freeLoopbackPort()));
  for (const port of ports) assert.ok(port >= 10_000 && port < low, `port ${port} (ephemeral range ${low}-${high})`);
  assert.ok(new Set(ports).size >= 18, `chosen at random: ${ports.join(' ')}`);
});
