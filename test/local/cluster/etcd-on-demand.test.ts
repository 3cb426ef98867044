// The etcd endpoint that starts etcd on the first connection: an echo server stands in for etcd.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { listenForEtcd } from '../../../local/cluster/etcd-on-demand';

let echo: net.Server;
let echoPort: number;

before(async () => {
  echo = net.createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', () => resolve()));
  echoPort = (echo.address() as net.AddressInfo).port;
});

after(() => new Promise<void>((resolve) => echo.close(() => resolve())));

/** Connects, sends the text and resolves with what came back before the other side closed or `wait` passed. */
function roundTrip(endpoint: string, text: string, wait = 2000): Promise<{ received: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(new URL(endpoint).port), '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ received, closed: false });
    }, wait);
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (received.length >= text.length) {
        clearTimeout(timer);
        socket.end();
        resolve({ received, closed: false });
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ received, closed: true });
    });
    socket.write(text);
  });
}

test('etcd starts on the first connection only, once for connections that come together, and bytes pass through', async () => {
  let starts = 0;
  const front = await listenForEtcd(async () => {
    starts++;
    await new Promise((resolve) => setTimeout(resolve, 50));
    return echoPort;
  }, assert.fail);
  try {
    assert.match(front.endpoint, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(front.started(), false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(starts, 0, 'nothing starts etcd before a connection');
    const answers = await Promise.all([roundTrip(front.endpoint, 'first'), roundTrip(front.endpoint, 'second')]);
    assert.deepEqual(
      answers.map((answer) => answer.received),
      ['first', 'second'],
    );
    assert.equal((await roundTrip(front.endpoint, 'third')).received, 'third');
    assert.equal(starts, 1);
    assert.equal(front.started(), true);
  } finally {
    await front.close();
  }
});

test('a start that fails closes the waiting connection and the next connection tries again', async () => {
  const logged: string[] = [];
  let attempts = 0;
  const front = await listenForEtcd(
    async () => {
      attempts++;
      if (attempts === 1) throw new Error('etcd exited before becoming healthy');
      return echoPort;
    },
    (line) => logged.push(line),
  );
  try {
    const failed = await roundTrip(front.endpoint, 'lost');
    assert.deepEqual(failed, { received: '', closed: true });
    assert.deepEqual(logged, ['etcd did not start: etcd exited before becoming healthy']);
    assert.equal((await roundTrip(front.endpoint, 'again')).received, 'again');
    assert.equal(attempts, 2);
  } finally {
    await front.close();
  }
});

test('close ends the open connections and waits for a start under way', async () => {
  let finishStart: (port: number) => void = () => undefined;
  const front = await listenForEtcd(() => new Promise<number>((resolve) => (finishStart = resolve)), assert.fail);
  const waiting = roundTrip(front.endpoint, 'never', 5000);
  await new Promise((resolve) => setTimeout(resolve, 100));
  let closed = false;
  const closing = front.close().then(() => (closed = true));
  const answer = await waiting;
  assert.deepEqual(answer, { received: '', closed: true });
  assert.equal(closed, false, 'close waits for the start it would otherwise leave running');
  finishStart(echoPort);
  await closing;
});
