// The product's whole cluster lifecycle on the local stack with a given aks-engine binary (the real v0.32.3):
// create through the API, poll to Succeeded, download the kubeconfig and run `kubectl get nodes` with it, for the
// first cluster scale its pool 1 -> 2 and upgrade it to the newest version GET /upgrades lists (day-2 through
// `aks-engine scale` and `aks-engine upgrade`), delete.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalStack, type LocalStack } from '../../stack/stack';
import { sshRsaPublicKey } from '../../support/ssh-key';

export interface LifecycleOptions {
  root: string;
  aksEnginePath: string;
  /** Per cluster, from POST to Succeeded (the real binary draws RSA 4096 keys: about a minute per cluster). */
  timeoutMs?: number;
  write?: (text: string) => void;
  /** Receives every line the stack prints (host, aks-engine, emulator, identity). */
  log?: (line: string) => void;
}

/** The clusters the check creates: the product's defaults, and three masters with two scale-set pools. */
export function lifecycleClusters(sshPublicKey: string): Array<Record<string, unknown> & { name: string; day2?: boolean }> {
  return [
    { name: 'conf1', linuxProfile: { sshPublicKey }, day2: true },
    {
      name: 'conf3',
      masterProfile: { count: 3, vmSize: 'Standard_D2_v3' },
      agentPoolProfiles: [
        { name: 'pool1', count: 2, vmSize: 'Standard_D2_v3', availabilityProfile: 'VirtualMachineScaleSets' },
        { name: 'pool2', count: 1, vmSize: 'Standard_D4s_v3', availabilityProfile: 'VirtualMachineScaleSets' },
      ],
      linuxProfile: { adminUsername: 'azureuser', sshPublicKey },
    },
  ];
}

interface Answer {
  status: number;
  text: string;
  json(): unknown;
}

/** What GET /clusters/{name} answers, as far as the check reads it. */
interface ClusterBody {
  properties?: {
    provisioningState?: string;
    steps?: Array<{ name: string; state: string }>;
    error?: unknown;
    endpoints?: { apiServer?: string };
    orchestratorProfile?: { orchestratorVersion?: string };
    agentPoolProfiles?: Array<{ name: string; count: number }>;
  };
}

/** Every call to the provisioning API goes through here (the one place to add a bearer token). */
export async function apiCall(baseUrl: string, method: string, relative: string, body?: unknown, token?: string): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  const response = await fetch(`${baseUrl}${relative}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) };
}

interface StepResult {
  cluster: string;
  step: string;
  ok: boolean;
  detail: string;
  ms: number;
}

class StepFailed extends Error {}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function pollState(baseUrl: string, name: string, wanted: string[], timeoutMs: number, token: () => string): Promise<ClusterBody> {
  const deadline = Date.now() + timeoutMs;
  let last: ClusterBody | undefined;
  for (;;) {
    const answer = await apiCall(baseUrl, 'GET', `/clusters/${name}`, undefined, token());
    if (answer.status === 200) {
      last = answer.json() as ClusterBody;
      if (wanted.includes(last.properties?.provisioningState ?? '')) return last;
    } else if (answer.status === 404 && wanted.includes('Deleted')) {
      return { properties: { provisioningState: 'Deleted' } };
    } else {
      throw new StepFailed(`GET /clusters/${name}: ${answer.status} ${answer.text.slice(0, 300)}`);
    }
    if (Date.now() > deadline) {
      const steps = (last?.properties?.steps ?? []).map((step) => `${step.name}=${step.state}`).join(' ');
      throw new StepFailed(`not ${wanted.join('/')} within ${timeoutMs / 1000} s (state ${last?.properties?.provisioningState}; ${steps})`);
    }
    await sleep(1000);
  }
}

function kubectl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('kubectl', args, { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr: stderr || (error?.message ?? '') });
    });
  });
}

async function clusterLifecycle(
  stack: LocalStack,
  spec: Record<string, unknown> & { name: string },
  workDir: string,
  timeoutMs: number,
  record: (result: StepResult) => void,
): Promise<void> {
  const base = stack.apiBaseUrl;
  const name = spec.name;
  // Signed in through the stack's local Entra ID as its "operator" client (write and credential roles).
  const token = () => stack.identity.token('operator');
  const call = (method: string, relative: string, body?: unknown) => apiCall(base, method, relative, body, token());
  const step = async (title: string, run: () => Promise<string>): Promise<void> => {
    const started = Date.now();
    try {
      const detail = await run();
      record({ cluster: name, step: title, ok: true, detail, ms: Date.now() - started });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      record({ cluster: name, step: title, ok: false, detail, ms: Date.now() - started });
      throw new StepFailed(detail);
    }
  };
  await step('create', async () => {
    const { day2: _day2, ...body } = spec;
    const created = await call('POST', '/clusters', body);
    if (created.status !== 202) throw new StepFailed(`POST /clusters: ${created.status} ${created.text.slice(0, 500)}`);
    return '202 Accepted';
  });
  await step('provision', async () => {
    const done = await pollState(base, name, ['Succeeded', 'Failed'], timeoutMs, token);
    if (done.properties?.provisioningState !== 'Succeeded') throw new StepFailed(`Failed: ${JSON.stringify(done.properties?.error)}`);
    return `Succeeded, API server ${done.properties.endpoints?.apiServer ?? '?'}`;
  });
  const kubeconfigFile = path.join(workDir, `${name}-kubeconfig.json`);
  await step('kubeconfig', async () => {
    const link = await call('GET', `/clusters/${name}/kubeconfig`);
    if (link.status !== 200) throw new StepFailed(`GET /clusters/${name}/kubeconfig: ${link.status} ${link.text.slice(0, 300)}`);
    const download = await fetch((link.json() as { url: string }).url);
    if (download.status !== 200) throw new StepFailed(`download: ${download.status}`);
    fs.writeFileSync(kubeconfigFile, Buffer.from(await download.arrayBuffer()), { mode: 0o600 });
    return `${fs.statSync(kubeconfigFile).size} bytes`;
  });
  await step('kubectl get nodes', async () => {
    const args = ['--kubeconfig', kubeconfigFile, '--cache-dir', path.join(workDir, 'kube-cache'), 'get', 'nodes', '-o', 'json'];
    const nodes = await kubectl(args);
    if (nodes.code !== 0) throw new StepFailed(`kubectl exit ${nodes.code}: ${nodes.stderr.trim().slice(0, 500)}`);
    const items = (JSON.parse(nodes.stdout) as { items: Array<{ metadata: { name: string } }> }).items;
    if (items.length === 0) throw new StepFailed('no nodes');
    return `${items.length} nodes: ${items.map((node) => node.metadata.name).join(' ')}`;
  });
  if (spec.day2) await dayTwo(stack, name, kubeconfigFile, workDir, timeoutMs, step);
  await step('delete', async () => {
    const deleted = await call('DELETE', `/clusters/${name}`);
    if (deleted.status !== 202) throw new StepFailed(`DELETE /clusters/${name}: ${deleted.status} ${deleted.text.slice(0, 300)}`);
    const gone = await pollState(base, name, ['Deleted', 'Failed'], timeoutMs, token);
    if (gone.properties?.provisioningState !== 'Deleted') throw new StepFailed(`Failed: ${JSON.stringify(gone.properties?.error)}`);
    return 'Deleted';
  });
}

async function nodeVersions(kubeconfigFile: string, workDir: string): Promise<string[]> {
  const args = ['--kubeconfig', kubeconfigFile, '--cache-dir', path.join(workDir, 'kube-cache'), 'get', 'nodes', '-o', 'json'];
  const nodes = await kubectl(args);
  if (nodes.code !== 0) throw new StepFailed(`kubectl exit ${nodes.code}: ${nodes.stderr.trim().slice(0, 500)}`);
  const items = (
    JSON.parse(nodes.stdout) as { items: Array<{ metadata: { name: string }; status: { nodeInfo: { kubeletVersion: string } } }> }
  ).items;
  return items.map((node) => `${node.metadata.name}@${node.status.nodeInfo.kubeletVersion}`);
}

/** Scale the first pool by one node, then upgrade to the newest version the upgrades route lists; check with kubectl. */
async function dayTwo(
  stack: LocalStack,
  name: string,
  kubeconfigFile: string,
  workDir: string,
  timeoutMs: number,
  step: (title: string, run: () => Promise<string>) => Promise<void>,
): Promise<void> {
  const base = stack.apiBaseUrl;
  const token = () => stack.identity.token('operator');
  const call = (method: string, relative: string, body?: unknown) => apiCall(base, method, relative, body, token());
  const change = async (patch: unknown): Promise<ClusterBody> => {
    const answer = await call('PATCH', `/clusters/${name}`, patch);
    if (answer.status !== 202) throw new StepFailed(`PATCH /clusters/${name}: ${answer.status} ${answer.text.slice(0, 500)}`);
    const done = await pollState(base, name, ['Succeeded', 'Failed'], timeoutMs, token);
    if (done.properties?.provisioningState !== 'Succeeded') throw new StepFailed(`Failed: ${JSON.stringify(done.properties?.error)}`);
    return done;
  };
  await step('scale', async () => {
    const current = (await call('GET', `/clusters/${name}`)).json() as ClusterBody;
    const pool = current.properties?.agentPoolProfiles?.[0];
    if (!pool) throw new StepFailed('the cluster has no agent pool');
    const done = await change({ agentPoolProfiles: [{ name: pool.name, count: pool.count + 1 }] });
    const count = done.properties?.agentPoolProfiles?.find((each) => each.name === pool.name)?.count;
    if (count !== pool.count + 1) throw new StepFailed(`pool ${pool.name} has ${count} nodes, not ${pool.count + 1}`);
    const nodes = await nodeVersions(kubeconfigFile, workDir);
    return `${pool.name} ${pool.count} -> ${count}; ${nodes.length} nodes: ${nodes.join(' ')}`;
  });
  await step('upgrade', async () => {
    const listed = await call('GET', `/clusters/${name}/upgrades`);
    if (listed.status !== 200) throw new StepFailed(`GET /clusters/${name}/upgrades: ${listed.status} ${listed.text.slice(0, 300)}`);
    const body = listed.json() as { currentVersion?: string; upgrades: Array<{ orchestratorVersion: string }> };
    const target = body.upgrades.at(-1)?.orchestratorVersion;
    if (!target) throw new StepFailed(`no upgrade listed from ${body.currentVersion}`);
    const done = await change({ orchestratorProfile: { orchestratorVersion: target } });
    const version = done.properties?.orchestratorProfile?.orchestratorVersion;
    if (version !== target) throw new StepFailed(`the cluster runs ${version}, not ${target}`);
    const nodes = await nodeVersions(kubeconfigFile, workDir);
    const stale = nodes.filter((node) => !node.endsWith(`@v${target}`));
    if (stale.length) throw new StepFailed(`nodes not at v${target}: ${stale.join(' ')}`);
    return `${body.currentVersion} -> ${version}; ${nodes.join(' ')}`;
  });
}

/** Runs the lifecycle for every cluster of lifecycleClusters() at once; prints one line per step; true when all passed. */
export async function runLifecycle(options: LifecycleOptions): Promise<boolean> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aks-conformance-lifecycle-'));
  const stackLines: string[] = [];
  const results: StepResult[] = [];
  write(`\nlifecycle on the local stack with ${options.aksEnginePath}\n`);
  let stack: LocalStack | undefined;
  try {
    stack = await startLocalStack({
      root: options.root,
      hostPort: 0,
      dataDir: path.join(workDir, 'stack'),
      aksEnginePath: options.aksEnginePath,
      log: (line) => (stackLines.push(line), options.log?.(line)),
    });
    const started = stack;
    const record = (result: StepResult) => {
      results.push(result);
      const seconds = (result.ms / 1000).toFixed(1).padStart(6);
      write(`  ${result.ok ? 'ok  ' : 'FAIL'} ${result.cluster.padEnd(6)} ${result.step.padEnd(18)} ${seconds} s  ${result.detail}\n`);
    };
    const clusters = lifecycleClusters(sshRsaPublicKey(2048, 'conformance@localhost'));
    await Promise.allSettled(clusters.map((spec) => clusterLifecycle(started, spec, workDir, timeoutMs, record)));
  } catch (error) {
    results.push({ cluster: '-', step: 'stack', ok: false, detail: String(error), ms: 0 });
    write(`  FAIL the local stack did not start: ${error instanceof Error ? error.message : String(error)}\n`);
  } finally {
    await stack?.stop().catch(() => undefined);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  const ok = results.length > 0 && results.every((result) => result.ok);
  if (!ok) {
    const tail = stackLines.filter((line) => /error|fail|FATA/i.test(line)).slice(-20);
    if (tail.length) write(`  stack lines about errors (last ${tail.length}):\n${tail.map((line) => `    ${line}`).join('\n')}\n`);
  }
  write(`lifecycle: ${ok ? 'passed' : 'FAILED'} (${results.filter((result) => result.ok).length}/${results.length} steps)\n`);
  return ok;
}
