// For programs that need their port on the command line (etcd, the Functions host), rather than listening on port 0.
// Between choosing a port and the program listening on it, another process can take it. Ports handed out for port
// 0 and for outgoing connections come from the kernel's ephemeral range, so under load (a test run's hundreds of
// connections) a port chosen there is soon some connection's; ports are chosen below that range instead.
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import { createServer } from 'node:net';

/** The lowest port chosen, above the well-known and most registered services' ports. */
const LOWEST_PORT = 10_000;

/** The kernel's ephemeral range (Linux), or undefined where it cannot be read. */
export function ephemeralPortRange(file = '/proc/sys/net/ipv4/ip_local_port_range'): [number, number] | undefined {
  try {
    const [low, high] = fs.readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
    return Number.isInteger(low) && Number.isInteger(high) ? [low!, high!] : undefined;
  } catch {
    return undefined;
  }
}

function listenable(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });
}

export async function freeLoopbackPort(): Promise<number> {
  const range = ephemeralPortRange();
  if (range && range[0] - LOWEST_PORT >= 1000) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = await listenable(randomInt(LOWEST_PORT, range[0]));
      if (port) return port;
    }
  }
  // No room below the ephemeral range (or not Linux): one the kernel chooses.
  const port = await listenable(0);
  if (!port) throw new Error('no free loopback port');
  return port;
}
