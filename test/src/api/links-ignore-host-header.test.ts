// Links in answers (Location, the cluster's links, artifact and log links, nextLink) do not follow the request's
// Host header: a forged header must not point clients, and the keys they fetch, at another server.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { sshRsaPublicKey } from '../../../local/support/ssh-key';
import { bearer, call, startTestStack, waitForState } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
const forgedHost = 'attacker.example:8443';

before(async () => {
  stack = await startTestStack();
});

after(async () => {
  await stack?.stop();
});

/** A request as a client behind a hostile proxy sends it: to the API's address, with another Host header. */
function forged(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const url = new URL(`${stack.apiBaseUrl}${path}`);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method,
        headers: {
          ...bearer(),
          host: forgedHost,
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function assertNoForgedLink(what: string, answer: { status: number; headers: Record<string, unknown>; text: string }): void {
  assert.ok(answer.status < 500, `${what}: ${answer.status} ${answer.text.slice(0, 200)}`);
  const location = String(answer.headers.location ?? '');
  assert.ok(!location.includes('attacker.example'), `${what}: Location follows the Host header: ${location}`);
  assert.ok(!answer.text.includes('attacker.example'), `${what}: the body links to the forged host: ${answer.text.slice(0, 400)}`);
}

test('no link in any answer points at the host named by a forged Host header', async () => {
  const sshPublicKey = sshRsaPublicKey();
  for (const name of ['hosthdr1', 'hosthdr2']) {
    const created = await forged('POST', '/clusters', { name, linuxProfile: { sshPublicKey } });
    assert.equal(created.status, 202, created.text);
    assertNoForgedLink(`POST /clusters (${name})`, created);
  }
  assertNoForgedLink('GET /clusters/{name}', await forged('GET', '/clusters/hosthdr1'));
  const page = await forged('GET', '/clusters?top=1');
  assert.ok(JSON.parse(page.text).nextLink, 'a first page of one has a nextLink');
  assertNoForgedLink('GET /clusters?top=1', page);
  assert.equal(
    (await waitForState(stack.apiBaseUrl, 'hosthdr1', ['Succeeded', 'Failed'], 90_000)).properties.provisioningState,
    'Succeeded',
  );
  assertNoForgedLink('GET /clusters/{name}/artifacts', await forged('GET', '/clusters/hosthdr1/artifacts'));
  assertNoForgedLink('GET /clusters/{name}/logs', await forged('GET', '/clusters/hosthdr1/logs'));
  assertNoForgedLink('GET /clusters/{name}/kubeconfig?redirect=true', await forged('GET', '/clusters/hosthdr1/kubeconfig?redirect=true'));
  assertNoForgedLink('DELETE /clusters/{name}', await forged('DELETE', '/clusters/hosthdr2'));
  // With the right Host header the links still lead to the cluster (absolute or relative).
  const plain = await call('GET', `${stack.apiBaseUrl}/clusters/hosthdr1`);
  assert.equal(plain.status, 200);
  const self = plain.json().links.self as string;
  assert.match(self, /\/api\/clusters\/hosthdr1$/, `links.self is ${self}`);
});
