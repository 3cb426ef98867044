// Runs one round of the plan against the running local stack: every scenario at once, each action in turn,
// faults through the emulator's admin API and host kills through the stack; each answer goes to the ledger.
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { LocalStack } from '../../local/stack/stack';
import { sshRsaPublicKey } from '../../local/support/ssh-key';
import { ApiClient, json } from './api-client';
import { HostKiller } from './host-killer';
import { accept, checkAlike, finalStates, snippet, stateOf, type ClusterLedger, type RoundRecord } from './ledger';
import { describeAction, type Action, type RoundPlan, type StepName } from './plan';
import { StallWatch } from './stall-watch';

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
        checkAlike(ledger, step, answers, 'create');
        for (const answer of answers) accept(ledger, step, described, answer, 'create');
        return;
      }
      case 'replayKey': {
        const same = await client.send(step, name, 'POST', '/clusters', {
          body: this.body(name),
          headers: { 'idempotency-key': action.idempotencyKey },
        });
        accept(ledger, step, described, same, 'create');
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
        checkAlike(ledger, step, answers, 'delete');
        for (const answer of answers) accept(ledger, step, described, answer, 'delete');
        return;
      }
      case 'cancel': {
        const answer = await client.send(step, name, 'POST', `/clusters/${name}/cancel`);
        accept(ledger, step, described, answer, 'cancel');
        return;
      }
      case 'retry': {
        const answer = await client.send(step, name, 'POST', `/clusters/${name}/retry`);
        accept(ledger, step, described, answer, 'retry');
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
        accept(ledger, step, described, answer, action.request);
        if (action.request === 'retry' && answer.status !== 202) {
          // A client whose retry was interrupted repeats it.
          const again = await client.send(step, name, 'POST', path);
          accept(ledger, step, `${described} (repeated)`, again, 'retry');
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
}
