// `npm run bench:api`: how fast the API answers, against the zero-latency local stack, with real tokens:
// status reads next to a bare Node server answering the same JSON; what validating a token costs; kubeconfigs
// minted per second; what the preflight adds to a create's first answer; and the wall time and peak memory of
// provisioning 50 clusters at once.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { sshRsaPublicKey } from '../local/support/ssh-key';
import { startLocalStack, type LocalStack } from '../local/stack/stack';

const root = path.resolve(__dirname, '..', '..');
const loadSeconds = 5;
const connections = 16;
const clusterCount = 50;
const createSamples = 50;

interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Closed-loop load: each connection sends the next request when the previous answer arrives. */
async function load(url: string, seconds: number, headers: Record<string, string> = {}, parallel = connections): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: parallel });
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const started = process.hrtime.bigint();
      const request = http.get(url, { agent, headers }, (response) => {
        response.resume();
        response.on('end', () => {
          if (response.statusCode !== 200) errors++;
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
          resolve();
        });
      });
      request.on('error', () => {
        errors++;
        resolve();
      });
    });
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (Date.now() < end) await one();
    }),
  );
  agent.destroy();
  return { perSecond: latencies.length / seconds, ...percentiles(latencies), errors };
}

function percentiles(values: number[]): { p50: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: sorted[Math.floor(sorted.length * 0.5)] ?? 0, p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0 };
}

function peakRssMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : undefined;
}

const row = (label: string, value: string) => console.log(`${label.padEnd(48)} ${value}`);
const loadText = (result: LoadResult) =>
  `${result.perSecond.toFixed(0)} req/s  (p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${result.errors} errors)`;

class Api {
  constructor(
    readonly stack: LocalStack,
    private readonly client: 'admin' | 'operator' = 'admin',
  ) {}

  headers(): Record<string, string> {
    return { authorization: `Bearer ${this.stack.identity.token(this.client)}` };
  }

  request(method: string, relative: string, body?: unknown): Promise<Response> {
    const headers = { ...this.headers(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    return fetch(`${this.stack.apiBaseUrl}${relative}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  async waitAll(names: string[], timeoutMs: number): Promise<Record<string, string>> {
    const states: Record<string, string> = {};
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const pending = names.filter((name) => !['Succeeded', 'Failed'].includes(states[name] ?? ''));
      if (pending.length === 0) break;
      await Promise.all(
        pending.map(async (name) => {
          // A poll lost in transport is polled again next round, as a client would.
          const answer = await this.request('GET', `/clusters/${name}`).catch(() => undefined);
          if (answer?.ok)
            states[name] = ((await answer.json()) as { properties: { provisioningState: string } }).properties.provisioningState;
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return states;
  }
}

/** The median time to the first answer of a create (the 202), over sequential creates of new clusters. */
async function createLatency(
  api: Api,
  prefix: string,
  count: number,
  sshPublicKey: string,
): Promise<{ p50: number; p99: number; accepted: number }> {
  const times: number[] = [];
  let accepted = 0;
  for (let index = 0; index < count; index++) {
    const started = process.hrtime.bigint();
    const answer = await api.request('POST', '/clusters', { name: `${prefix}${index}`, linuxProfile: { sshPublicKey } });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    await answer.text();
    if (answer.status === 202) accepted++;
  }
  return { ...percentiles(times), accepted };
}

/** What validating one token costs, with the keys already fetched: RS256 signature and claims, as the app does. */
async function tokenValidationMicroseconds(stack: LocalStack, count: number): Promise<number> {
  const jose = await import('jose');
  const keys = jose.createLocalJWKSet(stack.identity.jwks() as Parameters<typeof jose.createLocalJWKSet>[0]);
  const token = stack.identity.token('viewer');
  const options = {
    algorithms: ['RS256'],
    issuer: stack.settings.AUTH_ISSUER,
    audience: stack.settings.AUTH_AUDIENCE!.split(','),
    clockTolerance: 60,
  };
  for (let index = 0; index < 50; index++) await jose.jwtVerify(token, keys, options); // warm up
  const started = process.hrtime.bigint();
  for (let index = 0; index < count; index++) await jose.jwtVerify(token, keys, options);
  return Number(process.hrtime.bigint() - started) / 1e3 / count;
}

/** Room for every cluster the bench makes: the callers' quotas and the subscription's regional vCPUs. */
const roomySettings = { QUOTA_MAX_CLUSTERS: '500', QUOTA_MAX_VMS: '2000', QUOTA_MAX_VCPUS: '8000' };
function makeRoom(stack: LocalStack): void {
  for (const family of ['cores', 'standardDv3Family']) stack.emulator.admin.setComputeQuota('centralus', family, { limit: 100_000 });
}

async function main(): Promise<void> {
  const stack = await startLocalStack({ root, hostPort: 0, log: () => undefined, settings: roomySettings });
  makeRoom(stack);
  try {
    const api = new Api(stack);
    const operator = new Api(stack, 'operator');
    const sshPublicKey = sshRsaPublicKey();
    await operator.request('POST', '/clusters', { name: 'bench0', linuxProfile: { sshPublicKey } });
    const first = await operator.waitAll(['bench0'], 120_000);
    if (first.bench0 !== 'Succeeded') throw new Error(`the first cluster ended ${first.bench0}`);

    // Status reads: the API (token validated on every request) versus a bare server answering the same bytes.
    const body = await (await api.request('GET', '/clusters/bench0')).text();
    const bare = http.createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(body);
    });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const barePort = (bare.address() as { port: number }).port;
    const apiLoad = await load(`${stack.apiBaseUrl}/clusters/bench0`, loadSeconds, api.headers());
    const bareLoad = await load(`http://127.0.0.1:${barePort}/`, loadSeconds);
    bare.close();
    const validation = await tokenValidationMicroseconds(stack, 2000);

    // Kubeconfigs minted for the caller: a new key and certificate, a blob and a link, and an audit entry each.
    const minted = await load(`${stack.apiBaseUrl}/clusters/bench0/kubeconfig`, loadSeconds, operator.headers(), 4);

    // What the preflight adds to a create's first answer: the same creates with it and without it.
    const withPreflight = await createLatency(api, 'pre', createSamples, sshPublicKey);
    const without = await startLocalStack({
      root,
      hostPort: 0,
      log: () => undefined,
      settings: { ...roomySettings, PREFLIGHT_CHECKS: 'false' },
    });
    makeRoom(without);
    let withoutPreflight: Awaited<ReturnType<typeof createLatency>>;
    try {
      withoutPreflight = await createLatency(new Api(without), 'nopre', createSamples, sshPublicKey);
    } finally {
      await without.stop();
    }

    // 50 clusters at once.
    const names = Array.from({ length: clusterCount }, (_, index) => `bulk${index + 1}`);
    const started = Date.now();
    const answers = await Promise.all(names.map((name) => api.request('POST', '/clusters', { name, linuxProfile: { sshPublicKey } })));
    const accepted = answers.filter((answer) => answer.status === 202).length;
    const states = await api.waitAll(names, 600_000);
    const wallSeconds = (Date.now() - started) / 1000;
    const succeeded = names.filter((name) => states[name] === 'Succeeded').length;

    console.log(
      `\nStatus reads (GET /api/clusters/{name} with a bearer token, ${connections} keep-alive connections, ${loadSeconds} s each)`,
    );
    row('API through the local host', loadText(apiLoad));
    row('bare Node server, same JSON', loadText(bareLoad));
    row('ratio (bare / API)', `${(bareLoad.perSecond / apiLoad.perSecond).toFixed(1)}x`);
    row('token validation (RS256 + claims, keys cached)', `${validation.toFixed(0)} µs per request`);
    row('share of a status read (p50)', `${((validation / 1000 / apiLoad.p50) * 100).toFixed(1)} %`);
    console.log(`\nMinted kubeconfigs (GET /api/clusters/{name}/kubeconfig, 4 connections, ${loadSeconds} s)`);
    row('minted per second', loadText(minted));
    console.log(`\nFirst answer of a create (${createSamples} sequential creates each, zero-latency emulator)`);
    row(
      'with the preflight (5 checks against ARM)',
      `p50 ${withPreflight.p50.toFixed(1)} ms, p99 ${withPreflight.p99.toFixed(1)} ms (${withPreflight.accepted} accepted)`,
    );
    row(
      'without it (PREFLIGHT_CHECKS=false)',
      `p50 ${withoutPreflight.p50.toFixed(1)} ms, p99 ${withoutPreflight.p99.toFixed(1)} ms (${withoutPreflight.accepted} accepted)`,
    );
    row('the preflight adds (p50)', `${(withPreflight.p50 - withoutPreflight.p50).toFixed(1)} ms`);
    console.log(`\nProvisioning ${clusterCount} clusters at once (zero-latency emulator)`);
    row('accepted (202)', `${accepted} of ${clusterCount}`);
    row('Succeeded', `${succeeded} of ${clusterCount}`);
    row('wall time, first POST to last Succeeded', `${wallSeconds.toFixed(1)} s`);
    row('peak RSS of the Functions host process', `${peakRssMb(stack.hostPid())?.toFixed(0) ?? '?'} MB`);
    row('peak RSS of the stack process (emulators)', `${peakRssMb(process.pid)?.toFixed(0) ?? '?'} MB`);
    row('stand-in clusters running', String(stack.clusters.count));
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
