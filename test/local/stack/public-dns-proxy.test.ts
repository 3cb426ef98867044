// The stack's stand-in for public DNS: CONNECT to a cluster's public name on 443 tunnels to its stand-in address,
// bytes both ways; any other name, any other port and any plain request get 502.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startPublicDnsProxy, type PublicDnsProxy } from '../../../local/stack/public-dns-proxy';

let echo: net.Server;
let proxy: PublicDnsProxy;
const asked: string[] = [];

before(async () => {
  echo = net.createServer((socket) => socket.pipe(socket));
  await new Promise<void>((done) => echo.listen(0, '127.0.0.1', done));
  const target = `127.0.0.1:${(echo.address() as net.AddressInfo).port}`;
  proxy = await startPublicDnsProxy((host) => (asked.push(host), host === 'conf1.centralus.cloudapp.azure.com' ? target : undefined));
});
after(async () => {
  await proxy.close();
  await new Promise((done) => echo.close(done));
});

/** CONNECT through the proxy; on 200, sends `ping` through the tunnel and returns what comes back. */
function connect(authority: string): Promise<{ status: number; echoed?: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(proxy.url, { method: 'CONNECT', path: authority });
    request.on('connect', (response, socket) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        resolve({ status: response.statusCode ?? 0 });
        return;
      }
      socket.once('data', (data) => {
        socket.destroy();
        resolve({ status: 200, echoed: data.toString() });
      });
      socket.write('ping');
    });
    request.on('error', reject);
    request.end();
  });
}

describe('public DNS proxy', () => {
  test("tunnels a cluster's public name on 443 to its stand-in", async () => {
    assert.deepEqual(await connect('CONF1.centralus.cloudapp.azure.com:443'), { status: 200, echoed: 'ping' });
    assert.equal(asked.at(-1), 'conf1.centralus.cloudapp.azure.com', 'names are looked up in lower case');
  });

  test('answers 502 for unknown names, other ports and plain requests', async () => {
    assert.deepEqual(await connect('management.azure.com:443'), { status: 502 });
    assert.deepEqual(await connect('conf1.centralus.cloudapp.azure.com:80'), { status: 502 });
    const plain = await fetch(`${proxy.url}/`);
    assert.equal(plain.status, 502);
    await plain.text();
  });
});
