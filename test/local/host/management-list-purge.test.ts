// Listing instances (filters, paging with top and x-ms-continuation-token) and purging many, on a host of its own
// so that the only instances are the ones created here.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startInstance, waitForStatus, webhookBase, type DurableStatus } from '../../support/durable';
import { startFunctionsHost, type RunningHost } from '../../support/functions-host';
import { http } from '../../support/http';

let host: RunningHost;
let beforeAll: string;
let afterAll: string;
const completedIds = ['list-a1', 'list-a2', 'list-a3', 'list-b1', 'list-b2'];
const runningId = 'list-running';

const list = (query = '', headers: Record<string, string> = {}) =>
  http('GET', `${webhookBase(host.baseUrl)}/instances/${query ? `?${query}` : ''}`, { headers });
const ids = (statuses: DurableStatus[]) => statuses.map((status) => status.instanceId).sort();

before(async () => {
  host = await startFunctionsHost();
  beforeAll = new Date(Date.now() - 60_000).toISOString();
  for (const id of completedIds) await startInstance(host.baseUrl, 'HelloSequence', { instanceId: id, input: [id] });
  await startInstance(host.baseUrl, 'LongTimer', { instanceId: runningId, input: { seconds: 60 } });
  for (const id of completedIds) await waitForStatus(host.baseUrl, id, ['Completed']);
  await waitForStatus(host.baseUrl, runningId, ['Running']);
  afterAll = new Date(Date.now() + 60_000).toISOString();
});
after(async () => {
  await host?.stop();
});

test('GET instances/ lists every instance with status JSON and no continuation token when all fit', async () => {
  const response = await list();
  assert.equal(response.status, 200);
  const statuses = response.json<DurableStatus[]>();
  assert.deepEqual(ids(statuses), [...completedIds, runningId].sort());
  const one = statuses.find((status) => status.instanceId === 'list-a1')!;
  assert.equal(one.name, 'HelloSequence');
  assert.equal(one.runtimeStatus, 'Completed');
  assert.deepEqual(one.output, ['Hello list-a1!']);
  assert.ok(!response.headers.get('x-ms-continuation-token'), 'no token when there are no more pages');
});

test('top=2 pages through all instances with x-ms-continuation-token', async () => {
  const seen: string[] = [];
  let token: string | null = null;
  let pages = 0;
  do {
    const response = await list('top=2', token ? { 'x-ms-continuation-token': token } : {});
    assert.equal(response.status, 200, response.text);
    const page = response.json<DurableStatus[]>();
    assert.ok(page.length <= 2, `page size ${page.length}`);
    if (pages === 0) {
      assert.equal(page.length, 2);
      assert.ok(response.headers.get('x-ms-continuation-token'), 'first page carries a token');
    }
    seen.push(...page.map((status) => status.instanceId));
    token = response.headers.get('x-ms-continuation-token');
    pages += 1;
    assert.ok(pages <= 5, 'paging ends');
  } while (token);
  assert.deepEqual([...seen].sort(), [...completedIds, runningId].sort(), 'every instance exactly once');
  assert.ok(pages >= 3);
});

test('filters: runtimeStatus (comma list), instanceIdPrefix, createdTimeFrom/To', async () => {
  const running = await list('runtimeStatus=Running');
  assert.deepEqual(ids(running.json()), [runningId]);
  const both = await list('runtimeStatus=Running,Completed');
  assert.deepEqual(ids(both.json()), [...completedIds, runningId].sort());
  const prefixed = await list('instanceIdPrefix=list-a');
  assert.deepEqual(ids(prefixed.json()), ['list-a1', 'list-a2', 'list-a3']);
  const combined = await list('instanceIdPrefix=list-b&runtimeStatus=Completed');
  assert.deepEqual(ids(combined.json()), ['list-b1', 'list-b2']);
  const window = await list(`createdTimeFrom=${beforeAll}&createdTimeTo=${afterAll}`);
  assert.equal(window.json<DurableStatus[]>().length, 6);
  const future = await list(`createdTimeFrom=${afterAll}`);
  assert.equal(future.status, 200);
  assert.deepEqual(future.json(), []);
  const past = await list(`createdTimeTo=${beforeAll}`);
  assert.deepEqual(past.json(), []);
});

test("the app's durable client lists instances through the rpc base and stops paging", async () => {
  const response = await http('GET', `${host.baseUrl}/api/instances?runtimeStatus=Running`);
  assert.equal(response.status, 200, response.text);
  assert.deepEqual(response.json(), [{ instanceId: runningId, runtimeStatus: 'Running' }]);
  const all = await http('GET', `${host.baseUrl}/api/instances`);
  assert.equal(all.json<unknown[]>().length, 6);
});

test('purge many: 400 without createdTimeFrom, 404 when nothing matches, 200 with the count otherwise', async () => {
  const purge = (query: string) => http('DELETE', `${webhookBase(host.baseUrl)}/instances/${query ? `?${query}` : ''}`);
  const missing = await purge('runtimeStatus=Completed');
  assert.equal(missing.status, 400, missing.text);
  const none = await purge(`createdTimeFrom=${afterAll}`);
  assert.equal(none.status, 404, none.text);
  const done = await purge(`createdTimeFrom=${beforeAll}&createdTimeTo=${afterAll}&runtimeStatus=Completed`);
  assert.equal(done.status, 200, done.text);
  assert.deepEqual(done.json(), { instancesDeleted: 5 });
  const left = await list();
  assert.deepEqual(ids(left.json()), [runningId]);
  for (const id of completedIds) {
    assert.equal((await http('GET', `${webhookBase(host.baseUrl)}/instances/${id}`)).status, 404);
  }
});
