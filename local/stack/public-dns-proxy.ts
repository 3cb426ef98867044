// The internet as the local stack's tools see it: an HTTPS proxy (HTTPS_PROXY) that answers CONNECT for a cluster's
// public API server name, <masterEndpointDNSNamePrefix>.<location>.cloudapp.azure.com:443, with a tunnel to its
// stand-in API server, and 502 for anything else. aks-engine upgrade reaches the API server at that name, as it
// would in Azure; Go sends loopback addresses (the emulator, the identity) directly, never through a proxy.
import http from 'node:http';
import net from 'node:net';

export interface PublicDnsProxy {
  url: string;
  close(): Promise<void>;
}

/** resolve(host) gives the host:port that stands in for the public name, or undefined for names that do not exist. */
export async function startPublicDnsProxy(resolve: (host: string) => string | undefined): Promise<PublicDnsProxy> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_request, response) => {
    response.writeHead(502, { 'content-type': 'text/plain' }).end('Only CONNECT to a cluster API server is reachable.\n');
  });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    const [host = '', port = '443'] = (request.url ?? '').split(':');
    const target = port === '443' ? resolve(host.toLowerCase()) : undefined;
    if (!target) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const separator = target.lastIndexOf(':');
    const upstream = net.connect(Number(target.slice(separator + 1)), target.slice(0, separator), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.once('close', () => (sockets.delete(upstream), client.destroy()));
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
