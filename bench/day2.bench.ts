// `npm run bench:day2`: what a scale 1 -> 10 and an upgrade of 3 nodes (1 master + 2 agents) take through the API
// on the local stack with the emulator's Azure-like delays scaled down by a factor, next to their floor: the
// emulator's own delays for the same work (its deployments' and deletes' planned durations, and its latency on
// every request that is not a poll), which no client of it could beat. The ratio is what the service, aks-engine
// and their polling add.
// Options: --factor <f> multiplies the emulator's "azure" latency profile (default 0.02; 1 is Azure's pace).
import path from 'node:path';
import { sshRsaPublicKey } from '../local/support/ssh-key';
import { startLocalStack, type LocalStack } from '../local/stack/stack';

const root = path.resolve(__dirname, '..', '..');

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`--${name} takes a positive number`);
  return value;
}

const factor = option('factor', 0.02);

/** Requests that only ask whether something still runs: their latency overlaps the duration they wait for. */
const isPoll = (method: string, requestPath: string) =>
  method === 'GET' && /\/(operationStatuses|operations|DiskOperations|operationResults)\/[^/]+$/i.test(requestPath);

interface Floor {
  deployments: number;
  deploymentMs: number;
  deletes: number;
  deleteMs: number;
  requests: number;
  polls: number;
  requestMs: number;
  totalMs: number;
}

/** The emulator's own delays for what it served to a cluster's group between two instants. */
function floorOf(stack: LocalStack, resourceGroup: string, from: number, to: number): Floor {
  const state = stack.emulator.admin.state();
  const within = (at: number) => at >= from && at <= to;
  const group = resourceGroup.toLowerCase();
  const deployments = state.deployments.filter(
    (deployment) => deployment.resourceGroup.toLowerCase() === group && within(deployment.createdAt),
  );
  const deletes = state.resourceOperations.filter(
    (operation) => operation.groupKey.endsWith(`/resourcegroups/${group}`) && within(operation.startedAt),
  );
  const requests = stack.emulator.admin.requests().filter((request) => within(request.at));
  const polls = requests.filter((request) => isPoll(request.method, request.path)).length;
  const deploymentMs = deployments.reduce((sum, deployment) => sum + deployment.endAt - deployment.createdAt, 0);
  const deleteMs = deletes.reduce((sum, operation) => sum + operation.completesAt - operation.startedAt, 0);
  const requestMs = (requests.length - polls) * state.timing.effective.requestLatencyMs;
  return {
    deployments: deployments.length,
    deploymentMs,
    deletes: deletes.length,
    deleteMs,
    requests: requests.length,
    polls,
    requestMs,
    totalMs: deploymentMs + deleteMs + requestMs,
  };
}

class Api {
  constructor(private readonly stack: LocalStack) {}

  async request(method: string, relative: string, body?: unknown): Promise<{ status: number; json: any }> {
    const contentType = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    const answer = await fetch(`${this.stack.apiBaseUrl}${relative}`, {
      method,
      headers: {
        authorization: `Bearer ${this.stack.identity.token('admin')}`,
        ...(body === undefined ? {} : { 'content-type': contentType }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    return { status: answer.status, json: text ? JSON.parse(text) : undefined };
  }

  /** Polls every 200 ms until the cluster's operation has ended; throws unless it Succeeded. */
  async waitForSuccess(name: string, timeoutMs: number): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { json } = await this.request('GET', `/clusters/${name}`);
      const state = json?.properties?.provisioningState;
      if (state === 'Succeeded') return json;
      if (state === 'Failed' || state === 'Canceled') throw new Error(`${name} ended ${state}: ${JSON.stringify(json.properties.error)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${name} did not finish within ${timeoutMs / 1000} s`);
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const row = (label: string, value: string) => console.log(`  ${label.padEnd(30)} ${value}`);

/** Times one PATCH through the API, from the request to the client seeing Succeeded, and prints it with its floor. */
async function timeChange(stack: LocalStack, api: Api, label: string, name: string, patch: unknown): Promise<void> {
  const started = Date.now();
  const answer = await api.request('PATCH', `/clusters/${name}`, patch);
  if (answer.status !== 202) throw new Error(`PATCH ${name} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
  const done = await api.waitForSuccess(name, 30 * 60_000);
  const ended = Date.now();
  const measuredMs = ended - started;
  const floor = floorOf(stack, done.properties.resourceGroup, started, ended);
  console.log(label);
  row('measured (API, PATCH to Succeeded)', seconds(measuredMs));
  for (const step of done.properties.steps) row(`  step ${step.name}`, seconds(Date.parse(step.finishedAt) - Date.parse(step.startedAt)));
  row('floor (emulator delays)', seconds(floor.totalMs));
  row(`  ${floor.deployments} deployments`, seconds(floor.deploymentMs));
  row(`  ${floor.deletes} deletes`, seconds(floor.deleteMs));
  row(`  ${floor.requests - floor.polls} requests (+${floor.polls} polls)`, seconds(floor.requestMs));
  row('measured / floor', `${(measuredMs / floor.totalMs).toFixed(2)}`);
}

async function main(): Promise<void> {
  console.log(`Day-2 operations on the local stack, emulator latency profile "azure" x ${factor}`);
  const stack = await startLocalStack({
    root,
    hostPort: 0,
    log: () => undefined,
    latency: 'azure',
    scale: factor,
    settings: { QUOTA_MAX_VMS: '100', QUOTA_MAX_VCPUS: '400' },
  });
  try {
    const api = new Api(stack);
    const sshPublicKey = sshRsaPublicKey();
    const clusters = [
      { name: 'benchscale', agents: 1 },
      { name: 'benchupgrade', agents: 2 },
    ];
    const createdAt = Date.now();
    for (const { name, agents } of clusters) {
      const created = await api.request('POST', '/clusters', {
        name,
        orchestratorProfile: { orchestratorVersion: '1.11.7' },
        agentPoolProfiles: [{ name: 'agent', count: agents }],
        linuxProfile: { sshPublicKey },
      });
      if (created.status !== 202) throw new Error(`create ${name} answered ${created.status}: ${JSON.stringify(created.json)}`);
    }
    await Promise.all(clusters.map(({ name }) => api.waitForSuccess(name, 30 * 60_000)));
    console.log(`two clusters created at once in ${seconds(Date.now() - createdAt)}\n`);

    await timeChange(stack, api, 'scale 1 -> 10 agents', 'benchscale', { agentPoolProfiles: [{ name: 'agent', count: 10 }] });
    await timeChange(stack, api, 'upgrade 1.11.7 -> 1.11.8, 1 master + 2 agents', 'benchupgrade', {
      orchestratorProfile: { orchestratorVersion: '1.11.8' },
    });
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
