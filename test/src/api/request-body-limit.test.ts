// The host's request size limit is set close to the app's own 64 KiB check (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT),
// locally and in the infrastructure, so a 100 MB body is refused by the host before it is read whole.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { maxBodyBytes } from '../../../src/api/json';
import { repoRoot } from '../../support/process';
import { startTestStack } from '../../support/stack';

let stack: Awaited<ReturnType<typeof startTestStack>>;
const ceiling = 1024 * 1024;

before(async () => {
  stack = await startTestStack();
});

after(async () => {
  await stack?.stop();
});

function checkLimit(where: string, value: unknown): void {
  assert.ok(value !== undefined, `${where} sets FUNCTIONS_REQUEST_BODY_SIZE_LIMIT`);
  const bytes = Number(value);
  assert.ok(bytes >= maxBodyBytes && bytes <= ceiling, `${where}: FUNCTIONS_REQUEST_BODY_SIZE_LIMIT is ${String(value)}`);
}

test('the app settings locally and in the infrastructure set the host request size limit near 64 KiB', () => {
  const sample = JSON.parse(fs.readFileSync(path.join(repoRoot, 'local.settings.sample.json'), 'utf8'));
  checkLimit('local.settings.sample.json', sample.Values?.FUNCTIONS_REQUEST_BODY_SIZE_LIMIT);
  checkLimit('the local stack', stack.settings.FUNCTIONS_REQUEST_BODY_SIZE_LIMIT);
  const bicep = fs
    .readdirSync(path.join(repoRoot, 'infra'), { recursive: true })
    .filter((file) => String(file).endsWith('.bicep'))
    .map((file) => fs.readFileSync(path.join(repoRoot, 'infra', String(file)), 'utf8'))
    .join('\n');
  // `FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '<bytes>'` in an app settings object (or name/value pair).
  const setting = /FUNCTIONS_REQUEST_BODY_SIZE_LIMIT'?\s*[:,]\s*(?:value:\s*)?'?(\d+)/.exec(bicep);
  checkLimit('infra/', setting?.[1]);
});

test('a body far over the limit is refused without being read whole', async () => {
  const url = `${stack.apiBaseUrl}/clusters`;
  const total = 100 * 1024 * 1024;
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  const status = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    duplex: 'half',
  } as RequestInit & { duplex: 'half' })
    .then((response) => response.status)
    .catch(() => 413); // the server may close the connection while the body is still being sent
  assert.equal(status, 413);
  // Socket buffers hold a few megabytes; reading the whole body would take all of it.
  assert.ok(sent < 20 * 1024 * 1024, `the client could send ${sent} bytes before a ${total}-byte body was refused`);
});
