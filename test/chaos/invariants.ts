// The campaign's invariants, each one named check over a settled round: what the API said, what the
// emulator, Storage, the Durable host and the disk hold afterwards, and where secrets went.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { RoleAssignmentRecord } from '../../local/azure/core/state';
import { json, type Exchange } from './api-client';
import { azureFootprint, escape } from './probes';
import { finalStates, stateOf, type ClusterLedger, type RoundRecord } from './ledger';
import { ownsWorkFolder, type Evidence } from './evidence';

export interface Violation {
  invariant: string;
  seed: number;
  round: number;
  step: string;
  cluster?: string;
  evidence: string;
}

export interface RoundContext {
  record: RoundRecord;
  evidence: Evidence;
  /** Every exchange of this round's clusters. */
  exchanges: Exchange[];
  /** The text of openapi.yaml. */
  contract: string;
}

type Problem = Omit<Violation, 'invariant' | 'seed' | 'round'>;

export interface Invariant {
  name: string;
  check(context: RoundContext): Problem[];
}

const active = new Set(['Running', 'Pending', 'Suspended', 'ContinuedAsNew']);
// Spelled in pieces so that secret scanners do not take this file for a key.
const privateKeyHeader = new RegExp(['-----BEGIN', '[A-Z ]*PRIVATE', 'KEY-----'].join(' '));

/** The step to blame for what a cluster ended with: its last accepted request, or its last action. */
function blame(ledger: ClusterLedger, round: number): string {
  return ledger.expected?.step ?? `r${round}#${ledger.scenario.index}.${ledger.scenario.actions.length - 1}`;
}

function isDeletedOrAbsent(body: any): boolean {
  return body === undefined || body.properties?.provisioningState === 'Deleted';
}

function listNames(items: Array<Record<string, unknown>>, key = 'displayName'): string {
  return items.map((item) => String(item[key] ?? item.id)).join(', ');
}

const clustersSettle: Invariant = {
  name: 'clusters-settle',
  check({ record, evidence }) {
    const problems: Problem[] = [];
    for (const [name, ledger] of record.ledgers) {
      const body = evidence.clusters.get(name);
      if (body === undefined || finalStates.has(body.properties?.provisioningState)) continue;
      const running = evidence.instances.filter((instance) => instance.instanceId.startsWith(`cluster-${name}-`));
      problems.push({
        step: blame(ledger, record.plan.round),
        cluster: name,
        evidence:
          `still ${stateOf(body)} at the end of the settle period; ` +
          `instances: ${running.map((i) => `${i.instanceId}=${i.runtimeStatus}`).join(', ') || 'none'}`,
      });
    }
    return problems;
  },
};

const finalStateMatches: Invariant = {
  name: 'final-state-matches-last-accepted-request',
  check({ record, evidence }) {
    const problems: Problem[] = [];
    for (const [name, ledger] of record.ledgers) {
      const body = evidence.clusters.get(name);
      const expected = ledger.expected;
      const state = body?.properties?.provisioningState;
      if (!expected) {
        if (body !== undefined)
          problems.push({
            step: blame(ledger, record.plan.round),
            cluster: name,
            evidence: `no request for this cluster was accepted, yet it exists: ${stateOf(body)}`,
          });
        continue;
      }
      const code = body?.properties?.error?.code;
      const allowed = expected.states.has(state) && (state !== 'Failed' || expected.failureCodes.has(code));
      if (!allowed) {
        const wanted = [...expected.states].map((s) => (s === 'Failed' ? `Failed(${[...expected.failureCodes].join('|')})` : s));
        problems.push({
          step: expected.step,
          cluster: name,
          evidence: `last accepted request "${expected.request}" means ${wanted.join(' or ')}; the cluster is ${stateOf(body)}`,
        });
      }
    }
    return problems;
  },
};

/** For an answer naming its invocation ("invocation <id>"), the first line the host logged about that invocation's error. */
export function hostLogCause(text: string, hostLog: string): string {
  const invocation = /invocation ([0-9a-f-]{36})/.exec(text)?.[1];
  if (!invocation) return '';
  const line = hostLog.split('\n').find((candidate) => candidate.includes(invocation) && /Unhandled error|Error|failed/i.test(candidate));
  return line ? `; the host logged: ${line.trim().slice(0, 400)}` : '';
}

function ledgerFindings(name: string): Invariant {
  return {
    name,
    check({ record, evidence }) {
      return [...record.ledgers.values()].flatMap((ledger) =>
        ledger.findings
          .filter((finding) => finding.invariant === name)
          .map((finding) => ({
            step: finding.step,
            cluster: ledger.scenario.name,
            evidence: `${finding.evidence}${hostLogCause(finding.evidence, evidence.hostLog)}`,
          })),
      );
    },
  };
}

const noLeftoversInAzure: Invariant = {
  name: 'deleted-clusters-leave-nothing-in-azure',
  check({ record, evidence }) {
    const problems: Problem[] = [];
    for (const [name, ledger] of record.ledgers) {
      if (!isDeletedOrAbsent(evidence.clusters.get(name))) continue;
      const footprint = azureFootprint(evidence.emulator, name);
      const left: string[] = [];
      if (footprint.groups.length > 0) left.push(`resource group ${listNames(footprint.groups, 'name')}`);
      if (footprint.roleAssignments.length > 0)
        left.push(
          'role assignments ' +
            footprint.roleAssignments.map((a: RoleAssignmentRecord) => `${a.name} (principal ${a.principalId} at ${a.scope})`).join(', '),
        );
      if (footprint.applications.length > 0) left.push(`applications ${listNames(footprint.applications)}`);
      if (footprint.servicePrincipals.length > 0) left.push(`service principals ${listNames(footprint.servicePrincipals)}`);
      if (footprint.resources.length > 0) left.push(`${footprint.resources.length} deployed resources`);
      if (left.length > 0)
        problems.push({
          step: blame(ledger, record.plan.round),
          cluster: name,
          evidence: `${evidence.clusters.get(name) ? 'Deleted' : 'no record'}, but the emulator still holds ${left.join('; ')}`,
        });
    }
    return problems;
  },
};

const noLeftoversInStorage: Invariant = {
  name: 'deleted-clusters-leave-nothing-in-storage',
  check({ record, evidence }) {
    const problems: Problem[] = [];
    for (const [name, ledger] of record.ledgers) {
      if (!isDeletedOrAbsent(evidence.clusters.get(name))) continue;
      // With a retention period, artifacts may stay if they are marked with the time they go.
      const left = evidence.artifacts.filter(
        (blob) => blob.name.startsWith(`${name}/`) && !(evidence.retentionDays > 0 && blob.metadata.deleteafter),
      );
      const records = evidence.records.filter((blob) => blob.name.includes(name) && blob.name !== `clusters/${name}.json`);
      if (left.length + records.length > 0)
        problems.push({
          step: blame(ledger, record.plan.round),
          cluster: name,
          evidence: `${evidence.clusters.get(name) ? 'Deleted' : 'no record'}, but Storage still holds ${[...left, ...records]
            .map((blob) => blob.name)
            .slice(0, 12)
            .join(', ')}${left.length + records.length > 12 ? ` and ${left.length + records.length - 12} more` : ''}`,
        });
    }
    return problems;
  },
};

const noWorkFolders: Invariant = {
  name: 'no-work-folder-left-on-disk',
  check({ record, evidence }) {
    const problems: Problem[] = [];
    for (const [folder, files] of evidence.workFolders) {
      const name = [...record.ledgers.keys()].find((candidate) => ownsWorkFolder(candidate, folder));
      const ledger = name ? record.ledgers.get(name) : undefined;
      problems.push({
        step: ledger ? blame(ledger, record.plan.round) : `r${record.plan.round}`,
        cluster: name,
        evidence:
          `work folder ${folder} is left in the OS temp folder with ${files.size} files ` + `(${[...files.keys()].slice(0, 6).join(', ')})`,
      });
    }
    return problems;
  },
};

const nothingTwice: Invariant = {
  name: 'live-clusters-have-nothing-twice',
  check({ record, evidence }) {
    const problems: Problem[] = [];
    for (const [name, ledger] of record.ledgers) {
      const body = evidence.clusters.get(name);
      if (isDeletedOrAbsent(body)) continue;
      const footprint = azureFootprint(evidence.emulator, name);
      const issues: string[] = [];
      if (footprint.groups.length > 1) issues.push(`${footprint.groups.length} resource groups`);
      if (footprint.applications.length > 1)
        issues.push(`${footprint.applications.length} applications (${listNames(footprint.applications)})`);
      if (footprint.servicePrincipals.length > 1) issues.push(`${footprint.servicePrincipals.length} service principals`);
      const byKey = new Map<string, number>();
      for (const assignment of footprint.roleAssignments) {
        const key = `${assignment.principalId}|${assignment.roleDefinitionId.split('/').pop()}|${assignment.scope.toLowerCase()}`;
        byKey.set(key, (byKey.get(key) ?? 0) + 1);
      }
      for (const [key, count] of byKey) if (count > 1) issues.push(`${count} role assignments for ${key}`);
      if (body.properties.provisioningState === 'Succeeded') {
        if (footprint.groups.length === 0) issues.push('no resource group although Succeeded');
        const current = footprint.applications.filter((app) => String(app.displayName).endsWith(`-g${body.properties.generation ?? 1}`));
        if (current.length !== 1) issues.push(`${current.length} applications of the current generation although Succeeded`);
      }
      if (issues.length > 0)
        problems.push({ step: blame(ledger, record.plan.round), cluster: name, evidence: `${stateOf(body)}, but ${issues.join('; ')}` });
    }
    return problems;
  },
};

const deploymentOnce: Invariant = {
  name: 'deployment-submitted-at-most-once-per-operation',
  check({ record, evidence }) {
    const problems: Problem[] = [];
    for (const [name, ledger] of record.ledgers) {
      const pattern = new RegExp(
        `/resourcegroups/aks-cosmos-${escape(name)}/providers/microsoft\\.resources/deployments/aks-cosmos-g(\\d+)$`,
        'i',
      );
      const creates = evidence.instances
        .map((instance) => ({
          instance,
          match: new RegExp(`^cluster-${escape(name)}-g(\\d+)-create(?:-\\d+)?$`).exec(instance.instanceId),
        }))
        .filter((entry) => entry.match)
        .map((entry) => ({
          id: entry.instance.instanceId,
          generation: Number(entry.match![1]),
          created: Date.parse(entry.instance.createdTime),
        }))
        .sort((a, b) => a.created - b.created);
      const perOperation = new Map<string, number[]>();
      for (const request of evidence.requests) {
        const match = request.method === 'PUT' ? pattern.exec(request.path) : null;
        if (!match || request.status < 200 || request.status > 299) continue;
        const generation = Number(match[1]);
        const owner = creates.filter((create) => create.generation === generation && create.created <= request.at + 50).at(-1);
        const key = owner?.id ?? `generation ${generation} (no create operation found)`;
        perOperation.set(key, [...(perOperation.get(key) ?? []), request.at]);
      }
      for (const [operation, times] of perOperation) {
        if (times.length > 1)
          problems.push({
            step: blame(ledger, record.plan.round),
            cluster: name,
            evidence:
              `operation ${operation} submitted its ARM deployment ${times.length} times ` +
              `(accepted PUTs at ${times.map((t) => new Date(t).toISOString().slice(11, 23)).join(', ')})`,
          });
      }
    }
    return problems;
  },
};

const noOrchestrationRunning: Invariant = {
  name: 'no-orchestration-left-running',
  check({ record, evidence }) {
    const problems: Problem[] = [];
    for (const instance of evidence.instances) {
      if (!active.has(instance.runtimeStatus)) continue;
      const name = [...record.ledgers.keys()].find((candidate) => instance.instanceId.startsWith(`cluster-${candidate}-g`));
      const body = name ? evidence.clusters.get(name) : undefined;
      // With a retention period the teardown waits on a timer for it to end: that one may run on.
      if (evidence.retentionDays > 0 && /-delete(-\d+)?$/.test(instance.instanceId) && body?.properties?.provisioningState === 'Deleted')
        continue;
      const ledger = name ? record.ledgers.get(name) : undefined;
      problems.push({
        step: ledger ? blame(ledger, record.plan.round) : `r${record.plan.round}`,
        cluster: name,
        evidence:
          `orchestration ${instance.instanceId} is ${instance.runtimeStatus} ` +
          `(last updated ${instance.lastUpdatedTime}); the cluster is ${stateOf(body)}`,
      });
    }
    return problems;
  },
};

const noSecretLeaked: Invariant = {
  name: 'no-secret-in-answers-logs-journals-or-folders',
  check({ record, evidence, exchanges }) {
    const places: Array<{ where: string; text: string; cluster?: string; step?: string }> = [];
    const seen = new Set<string>();
    for (const exchange of exchanges) {
      const text = `${exchange.text ?? ''}\n${JSON.stringify(exchange.headers ?? {})}`;
      if (seen.has(text)) continue;
      seen.add(text);
      places.push({ where: `the answer to ${exchange.method} ${exchange.path}`, text, cluster: exchange.cluster, step: exchange.step });
    }
    places.push({ where: 'the host log', text: evidence.hostLog });
    for (const [file, text] of evidence.journals) places.push({ where: `durable journal ${path.basename(file)}`, text });
    // One place per leftover folder: its files are read together.
    for (const [folder, files] of evidence.workFolders)
      places.push({ where: `work folder ${folder} (${files.size} files)`, text: [...files.values()].join('\n') });
    const problems: Problem[] = [];
    const reported = new Set<string>();
    for (const place of places) {
      const found: string[] = [];
      if (privateKeyHeader.test(place.text)) found.push('a PEM private key');
      for (const secret of evidence.secrets) if (place.text.includes(secret.value)) found.push(`a secret of ${secret.source}`);
      if (found.length === 0) continue;
      const key = `${place.where}|${found.join()}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const ledger = place.cluster ? record.ledgers.get(place.cluster) : undefined;
      problems.push({
        step: place.step ?? (ledger ? blame(ledger, record.plan.round) : `r${record.plan.round}`),
        cluster: place.cluster,
        evidence:
          `${place.where} holds ${[...new Set(found)].slice(0, 4).join(', ')}` + (found.length > 4 ? ` and ${found.length - 4} more` : ''),
      });
    }
    return problems;
  },
};

interface Contract {
  paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
}

const documented: Invariant = {
  name: 'every-answer-documented-in-openapi',
  check({ exchanges, contract, evidence }) {
    const hostLog = evidence.hostLog;
    const document = parse(contract) as Contract;
    const templates = Object.keys(document.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));
    const words = new Set(contract.match(/[A-Za-z][A-Za-z0-9]+/g) ?? []);
    const groups = new Map<string, { count: number; example: Exchange; why: string }>();
    for (const exchange of exchanges) {
      if (exchange.status === undefined) continue;
      const route = exchange.path.split('?')[0]!;
      const template = templates.find((candidate) => candidate.pattern.test(route))?.template;
      const responses = template ? document.paths[template]?.[exchange.method.toLowerCase()]?.responses : undefined;
      let why: string | undefined;
      if (!responses) why = 'the operation is not in the contract';
      else if (!(String(exchange.status) in responses)) why = `status ${exchange.status} is not documented`;
      const code = exchange.status >= 400 ? json(exchange)?.error?.code : undefined;
      if (!why && code !== undefined && !words.has(String(code))) why = `error code ${code} is not documented`;
      if (!why) continue;
      const key = `${exchange.method} ${template ?? route} ${exchange.status} ${code ?? ''}`;
      const group = groups.get(key);
      if (group) group.count++;
      else groups.set(key, { count: 1, example: exchange, why });
    }
    return [...groups.entries()].map(([key, group]) => ({
      step: group.example.step,
      cluster: group.example.cluster,
      evidence:
        `${group.why}: ${key.trim()} (${group.count} answers), e.g. ${(group.example.text ?? '').slice(0, 200)}` +
        hostLogCause(group.example.text ?? '', hostLog),
    }));
  },
};

export const invariants: Invariant[] = [
  clustersSettle,
  finalStateMatches,
  ledgerFindings('answers-describe-the-request'),
  ledgerFindings('identical-requests-answered-alike'),
  noLeftoversInAzure,
  noLeftoversInStorage,
  noWorkFolders,
  nothingTwice,
  deploymentOnce,
  noOrchestrationRunning,
  noSecretLeaked,
  documented,
];

export interface InvariantResult {
  name: string;
  violations: Violation[];
}

export function checkRound(context: RoundContext): InvariantResult[] {
  const { seed, round } = context.record.plan;
  return invariants.map((invariant) => {
    let problems: Problem[];
    try {
      problems = invariant.check(context);
    } catch (error) {
      problems = [{ step: `r${round}`, evidence: `the check itself failed: ${(error as Error).stack ?? String(error)}` }];
    }
    return { name: invariant.name, violations: problems.map((problem) => ({ invariant: invariant.name, seed, round, ...problem })) };
  });
}

export function readContract(root: string): string {
  return fs.readFileSync(path.join(root, 'openapi.yaml'), 'utf8');
}
