// The typed client against a scripted API: waitFor at the pace of Retry-After, paging by nextLink, the error
// envelope as ApiError, transient failures polled through, and tokens that go to the API and nowhere else.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AksCosmosClient, ApiError, retryAfterMs, UnreachableError, WaitTimeoutError } from '../../client';
import { assertMatchesContract } from '../support/contract';
import { freePort } from '../support/process';
import { clusterAnswer, startFakeServer, type FakeServer } from './support/fake-api';

let api: FakeServer;
let blobs: FakeServer;

before(async () => {
  [api, blobs] = await Promise.all([startFakeServer(), startFakeServer()]);
});

after(async () => {
  await Promise.all([api?.close(), blobs?.close()]);
});

function client(options: Partial<ConstructorParameters<typeof AksCosmosClient>[0]> = {}): AksCosmosClient {
  return new AksCosmosClient({ baseUrl: `${api.url}/api`, ...options });
}

function gaps(times: number[]): number[] {
  return times.slice(1).map((time, index) => time - times[index]);
}

test('waitFor polls at the pace the service asks with Retry-After, and returns the answer that meets the condition', async () => {
  const start = api.requests.length;
  let polls = 0;
  api.handle(() => {
    polls += 1;
    if (polls < 3) return { headers: { 'retry-after': '1' }, body: clusterAnswer(api.url, 'wait1', 'Provisioning', polls * 30) };
    return { body: clusterAnswer(api.url, 'wait1', 'Succeeded', 100) };
  });
  const seen: number[] = [];
  const done = await client().waitForOperation('wait1', { onUpdate: (cluster) => seen.push(cluster.properties.percentComplete) });
  assert.equal(done.properties.provisioningState, 'Succeeded');
  assert.deepEqual(seen, [30, 60, 100]);
  const times = api.requests.slice(start).map((request) => request.at);
  // Never sooner than asked; the upper bound, well under the 5 s default, leaves room for a busy machine.
  for (const gap of gaps(times)) assert.ok(gap >= 950 && gap < 4000, `polled ${gap} ms after the last answer, asked 1 s`);

  // A fixed interval replaces Retry-After when a caller asks for one.
  polls = 0;
  const fast = api.requests.length;
  await client().waitForOperation('wait1', { pollIntervalMs: 20 });
  for (const gap of gaps(api.requests.slice(fast).map((request) => request.at))) assert.ok(gap < 500, `polled after ${gap} ms`);

  // Retry-After as an HTTP date, as RFC 9110 allows.
  const now = Date.now();
  const asDate = retryAfterMs(new Headers({ 'retry-after': new Date(now + 3000).toUTCString() }), now)!;
  assert.ok(asDate > 1900 && asDate <= 3000, `${asDate}`);
  assert.equal(retryAfterMs(new Headers({ 'retry-after': 'soon' })), undefined);
});

test('listClusters follows nextLink page after page, sending the token with each', async () => {
  const names = ['page-a', 'page-b', 'page-c', 'page-d', 'page-e'];
  api.handle((request) => {
    const url = new URL(request.path, api.url);
    const from = url.searchParams.get('skipToken');
    const start = from ? names.indexOf(from) + 1 : 0;
    const page = names.slice(start, start + 2);
    const more = start + 2 < names.length;
    const body = {
      value: page.map((name) => clusterAnswer(api.url, name, 'Succeeded', 100)),
      nextLink: more ? `${api.url}/api/clusters?top=2&skipToken=${page[page.length - 1]}` : null,
    };
    assertMatchesContract('/clusters', 'get', 200, body);
    return { body };
  });
  const start = api.requests.length;
  const listed: string[] = [];
  for await (const cluster of client({ signIn: { getToken: async () => 'token-1' } }).listClusters({ top: 2 })) listed.push(cluster.name);
  assert.deepEqual(listed, names);
  const requests = api.requests.slice(start);
  assert.deepEqual(
    requests.map((request) => request.path),
    ['/api/clusters?top=2', '/api/clusters?top=2&skipToken=page-b', '/api/clusters?top=2&skipToken=page-d'],
  );
  assert.ok(requests.every((request) => request.headers.authorization === 'Bearer token-1'));
});

test("errors carry the API's envelope; other bodies, no answer and a slow answer are typed errors too", async () => {
  const envelope = {
    error: {
      code: 'InvalidRequestBody',
      message: 'The request body is invalid.',
      target: 'body',
      details: [{ code: 'InvalidValue', message: 'must be 1, 3 or 5', target: '$.masterProfile.count' }],
    },
  };
  api.handle(() => ({ status: 400, headers: { 'x-ms-error-code': 'InvalidRequestBody' }, body: envelope }));
  const invalid = await client()
    .createCluster({ name: 'err1', linuxProfile: { sshPublicKey: 'ssh-rsa AAAA' } })
    .then(
      () => assert.fail('no error'),
      (error: unknown) => error,
    );
  assert.ok(invalid instanceof ApiError);
  assert.equal(invalid.status, 400);
  assert.equal(invalid.code, 'InvalidRequestBody');
  assert.equal(invalid.target, 'body');
  assert.equal(invalid.details[0].target, '$.masterProfile.count');
  assert.deepEqual(invalid.toJSON(), envelope);
  assert.equal(invalid.headers.get('x-ms-error-code'), 'InvalidRequestBody');

  api.handle(() => ({ status: 502, headers: { 'content-type': 'text/html' }, body: 'Bad gateway' }));
  const gateway = await client()
    .getCluster('err1')
    .catch((error: unknown) => error);
  assert.ok(gateway instanceof ApiError);
  assert.equal(gateway.code, 'Http502');
  assert.equal(gateway.error.message, 'Bad gateway');

  const closed = await new AksCosmosClient({ baseUrl: `http://127.0.0.1:${await freePort()}/api` })
    .getCluster('err1')
    .catch((error: unknown) => error);
  assert.ok(closed instanceof UnreachableError);
  assert.match(closed.message, /ECONNREFUSED/);

  api.handle(async () => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return { body: clusterAnswer(api.url, 'err1', 'Succeeded', 100) };
  });
  const slow = await client({ requestTimeoutMs: 200 })
    .getCluster('err1')
    .catch((error: unknown) => error);
  assert.ok(slow instanceof UnreachableError);
  assert.match(slow.message, /no answer within 0\.2 s/);
});

test('waitFor polls through transient failures, ends on others, and stops on a timeout or an abort', async () => {
  let polls = 0;
  api.handle(() => {
    polls += 1;
    if (polls === 1) return { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'busy' } } };
    if (polls === 2) return { status: 429, headers: { 'retry-after': '0' }, body: 'slow down' };
    return { body: clusterAnswer(api.url, 'trans1', 'Succeeded', 100) };
  });
  assert.equal((await client().waitForOperation('trans1', { pollIntervalMs: 10 })).properties.provisioningState, 'Succeeded');
  assert.equal(polls, 3);

  const start = api.requests.length;
  api.handle(() => ({ status: 404, body: { error: { code: 'ClusterNotFound', message: 'no trans2' } } }));
  await assert.rejects(client().waitForOperation('trans2', { pollIntervalMs: 10 }), (error: unknown) => (error as ApiError).status === 404);
  assert.equal(api.requests.length - start, 1, 'a 404 is not polled again');

  api.handle(() => ({ status: 503, body: 'down' }));
  await assert.rejects(client().waitForOperation('trans3', { pollIntervalMs: 5, maxTransientErrors: 2 }), (error: unknown) => {
    return error instanceof ApiError && error.status === 503;
  });

  api.handle(() => ({ headers: { 'retry-after': '5' }, body: clusterAnswer(api.url, 'trans4', 'Provisioning', 10) }));
  const began = Date.now();
  await assert.rejects(client().waitForOperation('trans4', { timeoutMs: 300 }), (error: unknown) => {
    return error instanceof WaitTimeoutError && error.last?.properties.percentComplete === 10;
  });
  assert.ok(Date.now() - began < 1500, 'the timeout cuts the Retry-After sleep short');

  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('stop')), 100);
  await assert.rejects(client().waitForOperation('trans4', { signal: controller.signal }), /stop/);
});

test('a link is downloaded without the token, which only ever goes to the API', async () => {
  api.handle((request) => {
    if (request.path.startsWith('/api/clusters/kube1/kubeconfig')) {
      return {
        body: {
          url: `${blobs.url}/cluster-artifacts/kube1/kubeconfig?sp=r&sig=x`,
          expiresOn: new Date(Date.now() + 600_000).toISOString(),
        },
      };
    }
    if (request.method === 'POST') return { status: 202, body: clusterAnswer(api.url, 'kube1', 'Accepted', 0) };
    if (request.method === 'DELETE') return { status: 204 };
    return { status: 404, body: { error: { code: 'NotFound', message: request.path } } };
  });
  blobs.handle(() => ({ headers: { 'content-type': 'application/json' }, body: '{"kind":"Config"}' }));
  const apiStart = api.requests.length;
  const blobStart = blobs.requests.length;
  const signedIn = client({ signIn: { getToken: async () => 'secret-token' } });
  assert.equal((await signedIn.downloadKubeconfig('kube1', {})).toString(), '{"kind":"Config"}');
  const created = await signedIn.createCluster(
    { name: 'kube1', linuxProfile: { sshPublicKey: 'ssh-rsa AAAA' } },
    { idempotencyKey: 'key-1' },
  );
  assert.equal(created.properties.provisioningState, 'Accepted');
  assert.equal(await signedIn.deleteCluster('kube1'), undefined, '204: already deleted');
  const toApi = api.requests.slice(apiStart);
  assert.ok(toApi.every((request) => request.headers.authorization === 'Bearer secret-token'));
  const post = toApi.find((request) => request.method === 'POST')!;
  assert.equal(post.headers['idempotency-key'], 'key-1');
  assert.equal(post.headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(post.body), { name: 'kube1', linuxProfile: { sshPublicKey: 'ssh-rsa AAAA' } });
  const toBlob = blobs.requests.slice(blobStart);
  assert.equal(toBlob.length, 1);
  assert.equal(toBlob[0].headers.authorization, undefined, 'no token to the blob host');
});
