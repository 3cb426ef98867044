// `npm run bench:api`: how fast the API answers status reads, next to a bare Node server answering the same
// JSON, and the wall time and peak memory of provisioning 50 clusters at once against the zero-latency stack.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { sshRsaPublicKey } from '../local/support/ssh-key';
import { startLocalStack } from '../local/stack/stack';

const root = path.resolve(__dirname, '..', '..');
const readSeconds = 5;
const connections = 16;
const clusterCount = 50;

/** Closed-loop load: each connection sends the next request when the previous answer arrives. */
async function load(url: string, seconds: number): Promise<{ perSecond: number; p50: number; p99: number; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const started = process.hrtime.bigint();
      const request = http.get(url, { agent }, (response) => {
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
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) await one();
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / seconds,
    p50: latencies[Math.floor(latencies.length * 0.5)] ?? 0,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
    errors,
  };
}

function peakRssMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : undefined;
}

async function waitAll(api: string, names: string[], timeoutMs: number): Promise<Record<string, string>> {
  const states: Record<string, string> = {};
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pending = names.filter((name) => !['Succeeded', 'Failed'].includes(states[name] ?? ''));
    if (pending.length === 0) break;
    await Promise.all(
      pending.map(async (name) => {
        const answer = await fetch(`${api}/clusters/${name}`);
        if (answer.ok) states[name] = ((await answer.json()) as { properties: { provisioningState: string } }).properties.provisioningState;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return states;
}

async function main(): Promise<void> {
  const stack = await startLocalStack({ root, hostPort: 0, log: () => undefined });
  try {
    const api = stack.apiBaseUrl;
    const sshPublicKey = sshRsaPublicKey();
    await fetch(`${api}/clusters`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench0', linuxProfile: { sshPublicKey } }),
    });
    const first = await waitAll(api, ['bench0'], 120_000);
    if (first.bench0 !== 'Succeeded') throw new Error(`the first cluster ended ${first.bench0}`);

    // Status reads: the API versus a bare server answering the same bytes.
    const body = await (await fetch(`${api}/clusters/bench0`)).text();
    const bare = http.createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(body);
    });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const barePort = (bare.address() as { port: number }).port;
    const apiLoad = await load(`${api}/clusters/bench0`, readSeconds);
    const bareLoad = await load(`http://127.0.0.1:${barePort}/`, readSeconds);
    bare.close();

    // 50 clusters at once.
    const names = Array.from({ length: clusterCount }, (_, index) => `bulk${index + 1}`);
    const started = Date.now();
    const answers = await Promise.all(
      names.map((name) =>
        fetch(`${api}/clusters`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name, linuxProfile: { sshPublicKey } }),
        }),
      ),
    );
    const accepted = answers.filter((answer) => answer.status === 202).length;
    const states = await waitAll(api, names, 600_000);
    const wallSeconds = (Date.now() - started) / 1000;
    const succeeded = names.filter((name) => states[name] === 'Succeeded').length;

    const row = (label: string, value: string) => console.log(`${label.padEnd(44)} ${value}`);
    console.log(`\nStatus reads (GET /api/clusters/{name}, ${connections} keep-alive connections, ${readSeconds} s each)`);
    row(
      'API through the local host',
      `${apiLoad.perSecond.toFixed(0)} req/s  ` +
        `(p50 ${apiLoad.p50.toFixed(1)} ms, p99 ${apiLoad.p99.toFixed(1)} ms, ${apiLoad.errors} errors)`,
    );
    row(
      'bare Node server, same JSON',
      `${bareLoad.perSecond.toFixed(0)} req/s  (p50 ${bareLoad.p50.toFixed(1)} ms, p99 ${bareLoad.p99.toFixed(1)} ms)`,
    );
    row('ratio (bare / API)', `${(bareLoad.perSecond / apiLoad.perSecond).toFixed(1)}x`);
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
