// The stand-in cluster's etcd endpoint, with etcd started on the first connection to it. Most stand-in clusters
// are never asked for their etcd, and one that runs costs about 0.2 s of CPU over a cluster's short life in the
// tests (its start, its idle ticks, the registry copied into it). The endpoint is a loopback TCP port that passes
// bytes through unchanged, so TLS and the client-certificate check stay etcd's own.
import net from 'node:net';

export interface EtcdOnDemand {
  /** https://127.0.0.1:<port>, known before etcd runs. */
  endpoint: string;
  /** Whether etcd was started (a connection came). */
  started(): boolean;
  /** Closes the endpoint and its connections; the caller stops etcd. */
  close(): Promise<void>;
}

/**
 * Listens on a free loopback port. The first connection calls start(), which resolves with the port etcd serves on
 * once it is ready and holds the cluster's data; every connection is then piped to it. A start that fails closes
 * the connections that waited for it, and the next connection tries again.
 */
export async function listenForEtcd(start: () => Promise<number>, log: (line: string) => void): Promise<EtcdOnDemand> {
  let starting: Promise<number> | undefined;
  const sockets = new Set<net.Socket>();
  // Every open socket, for close(); an error ends the socket, and its close ends its pair's other side.
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    return socket;
  };
  const server = net.createServer((client) => {
    track(client);
    starting ??= start().catch((error: Error) => {
      starting = undefined;
      log(`etcd did not start: ${error.message}`);
      throw error;
    });
    starting.then(
      (port) => {
        if (client.destroyed) return;
        const upstream = track(net.connect(port, '127.0.0.1'));
        client.once('close', () => upstream.destroy());
        upstream.once('close', () => client.destroy());
        client.pipe(upstream).pipe(client);
      },
      () => client.destroy(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    endpoint: `https://127.0.0.1:${port}`,
    started: () => starting !== undefined,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // A start still under way is waited for, so that the caller's stop finds the etcd it made.
      await starting?.catch(() => undefined);
    },
  };
}
