// Runs one round of the plan against the running local stack: every scenario at once, each action in turn,
// faults through the emulator's admin API and host kills through the stack. It keeps, per cluster, what the
// last accepted request makes the final state be, and what the answers themselves got wrong.
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { LocalStack } from '../../local/stack/stack';
import { sshRsaPublicKey } from '../../local/support/ssh-key';
import { ApiClient, json, type Exchange } from './api-client';
import { durableInstances } from './evidence';
import { describeAction, type Action, type RoundPlan, type Scenario, type StepName } from './plan';

export type FinalState = 'Succeeded' | 'Failed' | 'Canceled' | 'Deleted';
export const finalStates: ReadonlySet<string> = new Set<FinalState>(['Succeeded', 'Failed', 'Canceled', 'Deleted']);

/** The final states the cluster may end in, given the requests that were accepted. */
export interface Expectation {
  step: string;
  request: string;
  states: Set<FinalState>;
  /** Codes a Failed cluster may carry (the terminal faults injected for it). */
  failureCodes: Set<string>;
}

export interface Finding {
  invariant: string;
  step: string;
  evidence: string;
}

export interface ClusterLedger {
  scenario: Scenario;
  expected?: Expectation;
  /** Terminal deployment failures injected for this cluster. */
  terminalCodes: Set<string>;
  /** Problems seen in answers while the plan ran (checked by their invariants at the end). */
  findings: Finding[];
  /** Things worth knowing that are not violations (a phase the cluster skipped, a timeout while waiting). */
  notes: string[];
}

export interface InjectedEvent {
  step: string;
  kind: 'kill' | 'requestFault' | 'deploymentFault' | 'replication';
  detail: string;
  at: number;
}

export interface RoundRecord {
  plan: RoundPlan;
  ledgers: Map<string, ClusterLedger>;
  events: InjectedEvent[];
  /** Actions run, by verb. */
  operations: Record<string, number>;
  startedAt: number;
  finishedAt?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const elapsed = (since: number) => `+${((Date.now() - since) / 1000).toFixed(1)}s`;

export interface DriverOptions {
  stack: LocalStack;
  client: ApiClient;
  /** How long a wait for a step or a final state may last. */
  waitTimeoutMs: number;
  /** A cluster none of whose orchestrations has run for this long will not change any more: waiting stops. */
  stallMs: number;
  log: (line: string) => void;
}

/** Kills and restarts the host one at a time, closing the client's gate meanwhile. */
export class HostKiller {
  private chain: Promise<void> = Promise.resolve();
  kills = 0;

  constructor(
    private readonly stack: LocalStack,
    private readonly client: ApiClient,
  ) {}

  kill(downMs: number): Promise<void> {
    const run = this.chain.then(async () => {
      this.client.gate.close();
      try {
        await this.stack.killHost();
        this.kills++;
        await sleep(downMs);
        await this.stack.startHost();
      } finally {
        this.client.gate.open();
      }
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}

/** Tells when a cluster has had no active orchestration for a while (so its state can no longer change). */
export class StallWatch {
  private idleSince = new Map<string, number>();

  constructor(
    private readonly stack: LocalStack,
    private readonly stallMs: number,
  ) {}

  async stalled(name: string): Promise<boolean> {
    let instances;
    try {
      instances = await durableInstances(this.stack.apiBaseUrl.replace(/\/api$/, ''), `cluster-${name}-`);
    } catch {
      this.idleSince.delete(name); // the host is restarting
      return false;
    }
    if (instances.some((instance) => ['Running', 'Pending'].includes(instance.runtimeStatus))) {
      this.idleSince.delete(name);
      return false;
    }
    const since = this.idleSince.get(name) ?? Date.now();
    this.idleSince.set(name, since);
    return Date.now() - since >= this.stallMs;
  }
}

export class RoundDriver {
  private readonly sshPublicKey = sshRsaPublicKey();
  private readonly killer: HostKiller;
  private readonly records: ContainerClient;

  constructor(
    private readonly options: DriverOptions,
    killer?: HostKiller,
  ) {
    this.killer = killer ?? new HostKiller(options.stack, options.client);
    const connectionString = options.stack.settings.ARTIFACTS_STORAGE_CONNECTION_STRING;
    if (!connectionString) throw new Error('the campaign reads Storage with the stack connection string (storageAuth "sharedKey")');
    this.records = BlobServiceClient.fromConnectionString(connectionString).getContainerClient('cluster-records');
  }

  get kills(): number {
    return this.killer.kills;
  }

  async run(plan: RoundPlan): Promise<RoundRecord> {
    const record: RoundRecord = { plan, ledgers: new Map(), events: [], operations: {}, startedAt: Date.now() };
    for (const scenario of plan.scenarios) {
      record.ledgers.set(scenario.name, { scenario, terminalCodes: new Set(), findings: [], notes: [] });
    }
    await Promise.all(
      plan.scenarios.map(async (scenario) => {
        await sleep(scenario.startMs);
        const ledger = record.ledgers.get(scenario.name)!;
        for (const [i, action] of scenario.actions.entries()) {
          const step = `r${plan.round}#${scenario.index}.${i}`;
          record.operations[action.do] = (record.operations[action.do] ?? 0) + 1;
          try {
            this.options.log(`  ${elapsed(record.startedAt)} ${step} ${scenario.name} ${describeAction(action)}`);
            await this.perform(step, action, ledger, record);
          } catch (error) {
            ledger.notes.push(`${step} ${describeAction(action)} threw: ${(error as Error).message}`);
          }
        }
      }),
    );
    record.finishedAt = Date.now();
    return record;
  }

  private body(name: string): unknown {
    return { name, linuxProfile: { sshPublicKey: this.sshPublicKey }, tags: { campaign: 'chaos' } };
  }

  private async perform(step: string, action: Action, ledger: ClusterLedger, record: RoundRecord): Promise<void> {
    const { client, stack } = this.options;
    const name = ledger.scenario.name;
    const described = `${step} ${describeAction(action)}`;
    switch (action.do) {
      case 'create': {
        const headers = action.idempotencyKey ? { 'idempotency-key': action.idempotencyKey } : undefined;
        const answers = await client.burst(action.copies, action.spreadMs, () =>
          client.send(step, name, 'POST', '/clusters', { body: this.body(name), headers }),
        );
        this.checkAlike(ledger, step, answers, 'create');
        for (const answer of answers) this.accept(ledger, step, described, answer, 'create');
        return;
      }
      case 'replayKey': {
        const same = await client.send(step, name, 'POST', '/clusters', {
          body: this.body(name),
          headers: { 'idempotency-key': action.idempotencyKey },
        });
        this.accept(ledger, step, described, same, 'create');
        const other = await client.send(step, name, 'POST', '/clusters', {
          body: this.body(`${name.slice(0, 36)}-other`),
          headers: { 'idempotency-key': action.idempotencyKey },
        });
        if (other.status !== 422) {
          ledger.findings.push({
            invariant: 'answers-describe-the-request',
            step,
            evidence: `an Idempotency-Key reused for another body answered ${other.status ?? 'nothing'} (422 expected): ${snippet(other)}`,
          });
        }
        return;
      }
      case 'waitStep':
        await this.waitForStep(step, ledger, action.step, action.state);
        await sleep(action.extraMs);
        return;
      case 'waitFinal':
        await this.waitForFinal(step, ledger);
        return;
      case 'delete': {
        const answers = await client.burst(action.copies, action.spreadMs, () => client.send(step, name, 'DELETE', `/clusters/${name}`));
        this.checkAlike(ledger, step, answers, 'delete');
        for (const answer of answers) this.accept(ledger, step, described, answer, 'delete');
        return;
      }
      case 'cancel': {
        const answer = await client.send(step, name, 'POST', `/clusters/${name}/cancel`);
        this.accept(ledger, step, described, answer, 'cancel');
        return;
      }
      case 'retry': {
        const answer = await client.send(step, name, 'POST', `/clusters/${name}/retry`);
        this.accept(ledger, step, described, answer, 'retry');
        return;
      }
      case 'kill':
        record.events.push({ step, kind: 'kill', detail: `host SIGKILL, down ${action.downMs} ms`, at: Date.now() });
        await this.killer.kill(action.downMs);
        return;
      case 'killDuring': {
        const before = await this.recordState(name);
        const path = action.request === 'retry' ? `/clusters/${name}/retry` : `/clusters/${name}`;
        const method = action.request === 'retry' ? 'POST' : 'DELETE';
        let answered = false;
        const sending = client.send(step, name, method, path).finally(() => (answered = true));
        // Wait until the record shows the request took effect, then kill the host while the handler may still run.
        const deadline = Date.now() + 10_000;
        while (!answered && Date.now() < deadline && (await this.recordState(name)) === before);
        await sleep(action.afterMs);
        record.events.push({
          step,
          kind: 'kill',
          detail:
            `host SIGKILL ${action.afterMs} ms into ${method} ${path} ` +
            `(${answered ? 'already answered' : 'unanswered'}), down ${action.downMs} ms`,
          at: Date.now(),
        });
        await this.killer.kill(action.downMs);
        const answer = await sending;
        this.accept(ledger, step, described, answer, action.request);
        if (action.request === 'retry' && answer.status !== 202) {
          // A client whose retry was interrupted repeats it.
          const again = await client.send(step, name, 'POST', path);
          this.accept(ledger, step, `${described} (repeated)`, again, 'retry');
        }
        return;
      }
      case 'requestFault':
        stack.emulator.admin.addFault(action.fault);
        record.events.push({ step, kind: 'requestFault', detail: JSON.stringify(action.fault), at: Date.now() });
        return;
      case 'deploymentFault':
        stack.emulator.admin.addDeploymentFault({ resourceGroup: `aks-cosmos-${name}`, code: action.code, count: 1 });
        ledger.terminalCodes.add(action.code);
        record.events.push({ step, kind: 'deploymentFault', detail: `${action.code} for aks-cosmos-${name}`, at: Date.now() });
        return;
      case 'replication':
        stack.emulator.admin.setReplication({ delayMs: action.delayMs });
        record.events.push({ step, kind: 'replication', detail: `Graph replication delay ${action.delayMs} ms`, at: Date.now() });
        return;
    }
  }

  /** The state the cluster's record blob carries in its metadata (one cheap call, no body). */
  private async recordState(name: string): Promise<string | undefined> {
    try {
      return (await this.records.getBlockBlobClient(`clusters/${name}.json`).getProperties()).metadata?.state;
    } catch {
      return undefined;
    }
  }

  private async poll(step: string, ledger: ClusterLedger, done: (body: any) => boolean, what: string): Promise<any> {
    const deadline = Date.now() + this.options.waitTimeoutMs;
    const stall = new StallWatch(this.options.stack, this.options.stallMs);
    let last: any;
    while (Date.now() < deadline) {
      const answer = await this.options.client.send(step, ledger.scenario.name, 'GET', `/clusters/${ledger.scenario.name}`);
      if (answer.status === 200) {
        last = json(answer);
        if (last && done(last)) return last;
      }
      if (this.options.client.gate.isOpen && (await stall.stalled(ledger.scenario.name))) {
        ledger.notes.push(`${step} stopped waiting for ${what}: no orchestration of the cluster runs any more (last: ${stateOf(last)})`);
        return last;
      }
      await sleep(250);
    }
    ledger.notes.push(`${step} gave up waiting for ${what} after ${this.options.waitTimeoutMs} ms (last: ${stateOf(last)})`);
    return last;
  }

  private async waitForStep(step: string, ledger: ClusterLedger, stepName: StepName, state: 'Running' | 'Succeeded'): Promise<void> {
    const body = await this.poll(
      step,
      ledger,
      (body) => {
        const found = (body.properties?.steps ?? []).find((candidate: any) => candidate.name === stepName);
        const reached = found && (found.state === state || (state === 'Running' && ['Retrying', 'Succeeded'].includes(found.state)));
        return Boolean(reached) || finalStates.has(body.properties?.provisioningState);
      },
      `step ${stepName} ${state}`,
    );
    if (body && finalStates.has(body.properties?.provisioningState))
      ledger.notes.push(`${step} the cluster was already ${body.properties.provisioningState} before ${stepName} was ${state}`);
  }

  private async waitForFinal(step: string, ledger: ClusterLedger): Promise<void> {
    await this.poll(step, ledger, (body) => finalStates.has(body.properties?.provisioningState), 'a final state');
  }

  /** Identical requests sent together must get the same answer: one operation, no errors. */
  private checkAlike(ledger: ClusterLedger, step: string, answers: Exchange[], kind: 'create' | 'delete'): void {
    if (answers.length < 2) return;
    const statuses = answers.map((answer) => answer.status ?? 0);
    const operations = new Set(answers.filter((answer) => answer.status === 202).map((answer) => json(answer)?.properties?.operation?.id));
    const allowed = kind === 'create' ? [200, 202] : [202, 204];
    const bad = answers.filter((answer) => !allowed.includes(answer.status ?? 0));
    if (bad.length > 0 || operations.size > 1) {
      ledger.findings.push({
        invariant: 'identical-requests-answered-alike',
        step,
        evidence:
          `${answers.length} identical ${kind} requests answered [${statuses.join(', ')}]` +
          (operations.size > 1 ? ` with ${operations.size} different operations (${[...operations].join(', ')})` : '') +
          (bad.length > 0 ? `; e.g. ${snippet(bad[0]!)}` : ''),
      });
    }
  }

  /** Updates what the final state must be after this answer, and checks the answer describes the request. */
  private accept(
    ledger: ClusterLedger,
    step: string,
    described: string,
    answer: Exchange,
    kind: 'create' | 'delete' | 'cancel' | 'retry',
  ): void {
    const status = answer.status;
    const body = json(answer);
    const accepted =
      status !== undefined &&
      (kind === 'create' ? [200, 202] : kind === 'delete' ? [202, 204] : kind === 'cancel' ? [200] : [202]).includes(status);
    const state = body?.properties?.provisioningState;
    const operation = body?.properties?.operation;
    const finding = (evidence: string) => ledger.findings.push({ invariant: 'answers-describe-the-request', step, evidence });
    if (accepted && status !== 204) {
      if (kind === 'create' && (operation?.kind !== 'create' || ['Deleting', 'Deleted'].includes(state)))
        finding(`a create answered ${status} with provisioningState ${state} and a ${operation?.kind ?? 'missing'} operation`);
      if (kind === 'delete' && (operation?.kind !== 'delete' || state !== 'Deleting'))
        finding(`a delete answered ${status} with provisioningState ${state} and a ${operation?.kind ?? 'missing'} operation`);
      if (kind === 'cancel' && state !== 'Canceled') finding(`a cancel answered ${status} with provisioningState ${state}`);
      if (kind === 'retry' && !['Accepted', 'Provisioning', 'Deleting'].includes(state))
        finding(`a retry answered ${status} with provisioningState ${state}`);
      if (status === 202 && (!answer.headers?.location || !answer.headers?.['retry-after']))
        finding(`a ${kind} answered 202 without Location or Retry-After`);
    }
    let effect: FinalState[] | undefined;
    if (kind === 'create' || kind === 'retry') {
      const operationKind = kind === 'retry' && operation?.kind === 'delete' ? 'delete' : 'create';
      effect = operationKind === 'delete' ? ['Deleted'] : ledger.terminalCodes.size > 0 ? ['Succeeded', 'Failed'] : ['Succeeded'];
    } else if (kind === 'delete') effect = ['Deleted'];
    else effect = ['Canceled'];
    const uncertain = !accepted && answer.lostAttempts.length > 0;
    if (!accepted && !uncertain) return;
    const previous = ledger.expected;
    const states = new Set<FinalState>(uncertain && previous ? [...previous.states, ...effect] : effect);
    // A retry of a failed create may fail again only with a fault injected for this cluster.
    ledger.expected = {
      step,
      request: uncertain
        ? `${described} (outcome unknown: ${answer.lostAttempts.length} lost attempts, then ${status ?? 'nothing'})`
        : described,
      states,
      failureCodes: new Set(ledger.terminalCodes),
    };
  }
}

export function stateOf(body: any): string {
  if (!body) return 'absent (GET answers 404)';
  const properties = body.properties ?? {};
  const error = properties.error ? ` ${properties.error.code}: ${String(properties.error.message).slice(0, 160)}` : '';
  return `${properties.provisioningState} g${properties.generation ?? '?'} ${properties.operation?.id ?? ''}${error}`.trim();
}

export function snippet(exchange: Exchange): string {
  const lost = exchange.lostAttempts.length > 0 ? ` after ${exchange.lostAttempts.length} lost attempts` : '';
  return `${exchange.method} ${exchange.path} -> ${exchange.status ?? 'no answer'}${lost} ${(exchange.text ?? '').slice(0, 240)}`;
}
