// HTTP triggers of the sample app served by the local host: routing, parameters, headers, cookies, settings,
// errors and logging, all observed over HTTP and in the host's output.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { startFunctionsHost, type RunningHost } from '../../support/functions-host';
import { http } from '../../support/http';
import { eventually } from '../../support/process';

let host: RunningHost;
const api = (path: string) => `${host.baseUrl}/api/${path}`;

before(async () => {
  host = await startFunctionsHost();
});
after(async () => {
  await host?.stop();
});

test('a function without a route option is served at its name, case-insensitively', async () => {
  const exact = await http('GET', api('Ping'));
  assert.equal(exact.status, 200);
  assert.equal(exact.text, 'pong');
  const lower = await http('GET', api('ping'));
  assert.equal(lower.status, 200);
  assert.equal(lower.text, 'pong');
});

test('route parameters, query, request headers and cookies reach the function; its headers and cookies come back', async () => {
  const response = await http('GET', api('hello/Tokyo?x=1&y=two'), {
    headers: { 'x-sample-request': 'abc', cookie: 'session=s1' },
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(response.headers.get('x-sample-response'), 'yes');
  const setCookie = response.headers.getSetCookie().join('\n');
  assert.match(setCookie, /visited=Tokyo/);
  assert.match(setCookie, /path=\//i);
  assert.match(setCookie, /httponly/i);
  assert.deepEqual(response.json(), {
    greeting: 'Hello, Tokyo!',
    method: 'GET',
    query: { x: '1', y: 'two' },
    requestHeader: 'abc',
    cookie: 'session=s1',
  });
});

test('an optional route parameter may be omitted, and a POST body is read as JSON', async () => {
  const byDefault = await http('GET', api('hello'));
  assert.equal(byDefault.status, 200);
  assert.equal(byDefault.json().greeting, 'Hello, world!');
  const posted = await http('POST', api('hello'), { body: { name: 'Body' } });
  assert.equal(posted.status, 200);
  assert.equal(posted.json().greeting, 'Hello, Body!');
  assert.equal(posted.json().method, 'POST');
});

test('a constrained route parameter {id:int} accepts integers only', async () => {
  const ok = await http('GET', api('items/7'));
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.json(), { id: 7, rawId: '7' });
  const notAnInt = await http('GET', api('items/abc'));
  assert.equal(notAnInt.status, 404);
});

test('the status code, headers and JSON body the function returns are sent as is', async () => {
  const response = await http('POST', api('items'), { body: { name: 'widget' } });
  assert.equal(response.status, 201);
  assert.equal(response.headers.get('location'), '/api/items/42');
  assert.deepEqual(response.json(), { id: 42, name: 'widget' });
});

test('local.settings.json Values are visible to functions as environment variables', async () => {
  const response = await http('GET', api('setting'));
  assert.equal(response.status, 200);
  assert.deepEqual(response.json(), { value: 'value-from-local-settings' });
});

test('a function that throws answers 500 without the stack trace or error details, and the host keeps serving', async () => {
  const response = await http('GET', api('boom'));
  assert.equal(response.status, 500);
  assert.doesNotMatch(response.text, /\n\s+at /, 'no stack frames');
  assert.doesNotMatch(response.text, /functions[\\/]http\.js/, 'no source paths');
  assert.doesNotMatch(response.text, /internal detail/, 'no exception message');
  const next = await http('GET', api('Ping'));
  assert.equal(next.status, 200);
});

test('context.log lines are printed with function name and invocation id; debug and trace are filtered at Information', async () => {
  const tag = randomUUID();
  const response = await http('GET', api(`log?tag=${tag}`));
  assert.equal(response.status, 200);
  const { invocationId, functionName } = response.json();
  assert.equal(functionName, 'LogSample');
  assert.match(invocationId, /^[0-9a-f-]{36}$/i);
  const line = await eventually(
    async () =>
      host
        .output()
        .split('\n')
        .find((text) => text.includes(`info-line ${tag}`)),
    5_000,
  );
  assert.ok(line.includes('LogSample'), `log line names the function: ${line}`);
  assert.ok(line.includes(invocationId), `log line carries the invocation id: ${line}`);
  assert.ok(!host.output().includes(`debug-line ${tag}`), 'debug lines are below the configured level');
  assert.ok(!host.output().includes(`trace-line ${tag}`), 'trace lines are below the configured level');
});
