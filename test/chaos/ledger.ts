// What the campaign remembers per cluster while a round runs: the final states its last accepted request
// allows, and the problems seen in the answers themselves (checked by their invariants at the end).
import { json, type Exchange } from './api-client';
import type { RoundPlan, Scenario } from './plan';

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

/** Identical requests sent together must get the same answer: one operation, no errors. */
export function checkAlike(ledger: ClusterLedger, step: string, answers: Exchange[], kind: 'create' | 'delete'): void {
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
export function accept(
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
