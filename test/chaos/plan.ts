// The campaign's plan: from a seed, a list of cluster scenarios (creates, bursts of identical requests,
// deletes at random moments, cancels, retries, faults and host kills), each a list of actions for the driver.
import type { RequestFaultInput } from '../../local/azure';
import { Random } from './random';

export type StepName = 'registerProviders' | 'resourceGroup' | 'servicePrincipal' | 'generate' | 'deploy' | 'verify';

export type Action =
  /** `copies` identical POST /clusters within `spreadMs`, optionally all with one Idempotency-Key. */
  | { do: 'create'; copies: number; spreadMs: number; idempotencyKey?: string }
  /** The key again with the same body (same answer expected), then with another body (422 expected). */
  | { do: 'replayKey'; idempotencyKey: string }
  /** Polls until the step is in that state (or the cluster ends), then waits `extraMs`. */
  | { do: 'waitStep'; step: StepName; state: 'Running' | 'Succeeded'; extraMs: number }
  /** Polls until the cluster is in a final state. */
  | { do: 'waitFinal' }
  | { do: 'delete'; copies: number; spreadMs: number }
  | { do: 'cancel' }
  | { do: 'retry' }
  /** SIGKILL of the host now; it starts again after `downMs`. */
  | { do: 'kill'; downMs: number }
  /** Sends the request and kills the host `afterMs` after the cluster's record shows it took effect. */
  | { do: 'killDuring'; request: 'retry' | 'delete'; afterMs: number; downMs: number }
  | { do: 'requestFault'; fault: RequestFaultInput }
  /** The cluster's next deployment fails at run time with this ARM code. */
  | { do: 'deploymentFault'; code: string }
  /** Directory objects created from now on stay invisible to other replicas for this long. */
  | { do: 'replication'; delayMs: number };

export const scenarioKinds = [
  'plain',
  'burst',
  'keyed',
  'deleteDuring',
  'concurrentDelete',
  'recreate',
  'cancel',
  'deployFailure',
  'throttle',
  'graphDrop',
  'graphLostAnswer',
  'graphLagTeardown',
  'killDuringGenerate',
  'killDuringDeploy',
  'killDuringRetry',
  'killDuringDelete',
] as const;

export type ScenarioKind = (typeof scenarioKinds)[number];

export interface Scenario {
  /** Position in the round, used in step references (#index.action). */
  index: number;
  name: string;
  kind: ScenarioKind;
  /** Delay from the start of the round. */
  startMs: number;
  actions: Action[];
}

export interface RoundPlan {
  seed: number;
  round: number;
  scenarios: Scenario[];
}

const weights: Record<ScenarioKind, number> = {
  plain: 1,
  burst: 3,
  keyed: 2,
  deleteDuring: 4,
  concurrentDelete: 2,
  recreate: 3,
  cancel: 2,
  deployFailure: 2,
  throttle: 2,
  graphDrop: 2,
  graphLostAnswer: 1,
  graphLagTeardown: 2,
  killDuringGenerate: 2,
  killDuringDeploy: 2,
  killDuringRetry: 2,
  killDuringDelete: 2,
};

const abbreviations: Record<ScenarioKind, string> = {
  plain: 'plain',
  burst: 'burst',
  keyed: 'keyed',
  deleteDuring: 'deldur',
  concurrentDelete: 'delburst',
  recreate: 'recreate',
  cancel: 'cancel',
  deployFailure: 'deployfail',
  throttle: 'throttle',
  graphDrop: 'graphdrop',
  graphLostAnswer: 'graphlost',
  graphLagTeardown: 'graphlag',
  killDuringGenerate: 'killgen',
  killDuringDeploy: 'killdeploy',
  killDuringRetry: 'killretry',
  killDuringDelete: 'killdel',
};

const provisioningSteps: StepName[] = ['resourceGroup', 'servicePrincipal', 'generate', 'deploy', 'verify'];
const terminalDeploymentCodes = ['VMExtensionProvisioningError', 'QuotaExceeded', 'AllocationFailed', 'SkuNotAvailable'];

/** The round's own random source: the same seed and round always give the same plan. */
export function roundRandom(seed: number, round: number): Random {
  return new Random((seed ^ Math.imul(round + 1, 0x9e3779b1)) >>> 0);
}

export function clusterName(seed: number, round: number, index: number, kind: ScenarioKind): string {
  return `s${seed}r${round}-${index}-${abbreviations[kind]}`;
}

/** Which kinds a round has: with 3 or more clusters always concurrency, a delete during provisioning and a kill. */
function chooseKinds(random: Random, clusters: number): ScenarioKind[] {
  const kinds: ScenarioKind[] = [];
  if (clusters >= 3) {
    kinds.push(random.pick(['burst', 'concurrentDelete'] as const));
    kinds.push('deleteDuring');
    kinds.push(random.pick(['killDuringGenerate', 'killDuringDeploy', 'killDuringRetry', 'killDuringDelete'] as const));
  }
  while (kinds.length < clusters) kinds.push(random.weighted(weights));
  return random.shuffle(kinds);
}

function graphPathFault(random: Random, action: 'reset' | 'reset-after'): RequestFaultInput {
  if (action === 'reset-after') return { method: 'POST', path: '/graph/v1\\.0/applications$', action, count: 1 };
  const target = random.pick([
    { method: 'POST', path: '/graph/v1\\.0/applications$' },
    { method: 'POST', path: '/graph/v1\\.0/servicePrincipals$' },
    { method: 'GET', path: '/graph/v1\\.0/servicePrincipals$' },
    { method: 'POST', path: '/graph/v1\\.0/applications/[^/]+/addPassword$' },
  ]);
  return { ...target, action, count: random.int(1, 2) };
}

function throttleFault(random: Random, name: string, method?: string): RequestFaultInput {
  const status = random.pick([429, 429, 500, 503]);
  return {
    method: method ?? random.pick(['PUT', 'GET', 'PUT']),
    path: `/resourcegroups/aks-cosmos-${name}(/|$)`,
    status,
    count: random.int(1, 4),
    retryAfterSeconds: status === 429 ? random.int(0, 1) : undefined,
  };
}

function actionsFor(kind: ScenarioKind, random: Random, name: string): Action[] {
  const create = (copies = 1, idempotencyKey?: string): Action => ({ do: 'create', copies, spreadMs: random.int(0, 2), idempotencyKey });
  const deleteBurst = (copies: number): Action => ({ do: 'delete', copies, spreadMs: random.int(0, 2) });
  const anyStep = (): Action => ({ do: 'waitStep', step: random.pick(provisioningSteps), state: 'Running', extraMs: random.int(0, 400) });
  const downMs = () => random.int(0, 300);
  const final: Action = { do: 'waitFinal' };
  switch (kind) {
    case 'plain':
      return [create(), final];
    case 'burst': {
      const key = random.chance(0.3) ? `key-${name}` : undefined;
      const actions = [create(8, key), final];
      if (random.chance(0.4)) actions.push(deleteBurst(8), final);
      return actions;
    }
    case 'keyed': {
      const key = `key-${name}-${random.int(0, 99_999)}`;
      return [create(random.int(1, 3), key), { do: 'replayKey', idempotencyKey: key }, final];
    }
    case 'deleteDuring':
      return [create(), anyStep(), deleteBurst(random.int(1, 3)), final];
    case 'concurrentDelete':
      return [create(), final, deleteBurst(8), final];
    case 'recreate': {
      const actions: Action[] = [create()];
      if (random.chance(0.5)) actions.push(final);
      // Back to back, then once more after the dust settles: a new generation if the cluster was deleted.
      actions.push(deleteBurst(1), create(), final, create(), final);
      return actions;
    }
    case 'cancel': {
      const after = random.chance(0.5) ? { do: 'retry' as const } : deleteBurst(1);
      return [create(), anyStep(), { do: 'cancel' }, final, after, final];
    }
    case 'deployFailure': {
      const actions: Action[] = [{ do: 'deploymentFault', code: random.pick(terminalDeploymentCodes) }, create(), final];
      const then = random.pick(['retry', 'delete', 'leave'] as const);
      if (then === 'retry') actions.push({ do: 'retry' }, final);
      if (then === 'delete') actions.push(deleteBurst(1), final);
      return actions;
    }
    case 'throttle': {
      const actions: Action[] = [{ do: 'requestFault', fault: throttleFault(random, name) }];
      if (random.chance(0.5)) actions.push({ do: 'requestFault', fault: throttleFault(random, name) });
      actions.push(create(), final);
      if (random.chance(0.5)) actions.push({ do: 'requestFault', fault: throttleFault(random, name, 'DELETE') }, deleteBurst(1), final);
      return actions;
    }
    case 'graphDrop': {
      const actions: Action[] = [{ do: 'requestFault', fault: graphPathFault(random, 'reset') }, create(), final];
      if (random.chance(0.3)) actions.push(deleteBurst(1), final);
      return actions;
    }
    case 'graphLostAnswer':
      return [{ do: 'requestFault', fault: graphPathFault(random, 'reset-after') }, create(), final];
    case 'graphLagTeardown':
      // The delete arrives while the new application is still invisible to other replicas.
      return [
        { do: 'replication', delayMs: random.int(6000, 9000) },
        create(),
        { do: 'waitStep', step: 'servicePrincipal', state: 'Running', extraMs: random.int(100, 500) },
        { do: 'replication', delayMs: 0 },
        deleteBurst(1),
        final,
      ];
    case 'killDuringGenerate':
      return [
        create(),
        { do: 'waitStep', step: 'generate', state: 'Running', extraMs: random.int(0, 150) },
        { do: 'kill', downMs: downMs() },
        final,
      ];
    case 'killDuringDeploy':
      return [
        create(),
        { do: 'waitStep', step: 'deploy', state: 'Running', extraMs: random.int(0, 600) },
        { do: 'kill', downMs: downMs() },
        final,
      ];
    case 'killDuringRetry':
      return [
        { do: 'deploymentFault', code: random.pick(terminalDeploymentCodes) },
        create(),
        final,
        { do: 'killDuring', request: 'retry', afterMs: random.int(0, 3), downMs: downMs() },
        final,
      ];
    case 'killDuringDelete': {
      const actions: Action[] = [create()];
      actions.push(random.chance(0.5) ? final : { do: 'waitStep', step: 'deploy', state: 'Running', extraMs: random.int(0, 300) });
      actions.push({ do: 'killDuring', request: 'delete', afterMs: random.int(0, 400), downMs: downMs() }, final);
      return actions;
    }
  }
}

/** The plan of one round of `clusters` scenarios. */
export function planRound(seed: number, round: number, clusters: number): RoundPlan {
  const random = roundRandom(seed, round);
  const scenarios = chooseKinds(random, clusters).map((kind, index) => {
    const name = clusterName(seed, round, index, kind);
    return { index, name, kind, startMs: random.int(0, 1500), actions: actionsFor(kind, random, name) };
  });
  return { seed, round, scenarios };
}

/** A one-line description of an action, for the step references in reports. */
export function describeAction(action: Action): string {
  const { do: verb, ...rest } = action;
  const args = Object.entries(rest)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  return args.length > 0 ? `${verb}(${args.join(', ')})` : verb;
}
