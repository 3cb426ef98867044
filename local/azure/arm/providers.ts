// Resource providers: list, get, register, unregister. register is not a long-running operation: it answers
// Registering at once and the provider settles to Registered after the configured delay.
import type { EmulatorCore } from '../core/emulator-core';
import type { ProviderRecord } from '../core/state';
import { notFound } from '../http/errors';
import { pageOf } from '../http/paging';
import type { Router } from '../http/router';
import { requireAction } from './authorization';
import { allNamespaces, builtInNamespaces, knownNamespace, resourceTypesOf } from './provider-catalog';

const SUB = '([^/]+)';

function providerKey(subscriptionId: string, namespace: string): string {
  return `${subscriptionId}/${namespace}`.toLowerCase();
}

/** The provider's record, created on first use from the configured defaults. */
export function providerRecord(core: EmulatorCore, subscriptionId: string, namespace: string): ProviderRecord | undefined {
  const name = knownNamespace(namespace);
  if (!name) return undefined;
  const key = providerKey(subscriptionId, name);
  let record = core.state.providers[key];
  if (!record) {
    const registered = [...builtInNamespaces, ...core.settings.registeredProviders].some(
      (candidate) => candidate.toLowerCase() === name.toLowerCase(),
    );
    record = { subscriptionId, namespace: name, registrationState: registered ? 'Registered' : 'NotRegistered' };
    core.state.providers[key] = record;
  }
  return record;
}

export function isRegistered(core: EmulatorCore, subscriptionId: string, namespace: string): boolean {
  return providerRecord(core, subscriptionId, namespace)?.registrationState === 'Registered';
}

/** Forces a state, for the admin API (e.g. to start a test with Microsoft.Compute unregistered). */
export function setProviderState(
  core: EmulatorCore,
  subscriptionId: string,
  namespace: string,
  state: ProviderRecord['registrationState'],
): ProviderRecord {
  const record = providerRecord(core, subscriptionId, namespace);
  if (!record) throw new Error(`unknown resource provider namespace '${namespace}'`);
  record.registrationState = state;
  delete record.settlesAt;
  return record;
}

function toProvider(record: ProviderRecord): Record<string, unknown> {
  return {
    id: `/subscriptions/${record.subscriptionId}/providers/${record.namespace}`,
    namespace: record.namespace,
    registrationState: record.registrationState,
    registrationPolicy: 'RegistrationRequired',
    resourceTypes: resourceTypesOf(record.namespace),
  };
}

function requireProvider(core: EmulatorCore, subscriptionId: string, namespace: string): ProviderRecord {
  const record = providerRecord(core, subscriptionId, namespace);
  if (!record) throw notFound('InvalidResourceNamespace', `The resource namespace '${namespace}' is invalid.`);
  return record;
}

export function advanceProviders(core: EmulatorCore, now: number): void {
  for (const record of Object.values(core.state.providers)) {
    if (record.settlesAt !== undefined && now >= record.settlesAt) {
      record.registrationState =
        record.registrationState === 'Registering'
          ? 'Registered'
          : record.registrationState === 'Unregistering'
            ? 'NotRegistered'
            : record.registrationState;
      delete record.settlesAt;
    }
  }
}

export function registerProviderRoutes(router: Router, core: EmulatorCore): void {
  router.add('GET', `/subscriptions/${SUB}/providers`, 'LIST providers', (request, [subscriptionId]) => ({
    status: 200,
    body: pageOf(
      allNamespaces().map((namespace) => toProvider(providerRecord(core, subscriptionId!, namespace)!)),
      request,
      core.settings.pageSize,
    ),
  }));

  router.add('GET', `/subscriptions/${SUB}/providers/([^/]+)`, 'GET providers', (_request, [subscriptionId, namespace]) => ({
    status: 200,
    body: toProvider(requireProvider(core, subscriptionId!, namespace!)),
  }));

  router.add(
    'POST',
    `/subscriptions/${SUB}/providers/([^/]+)/register`,
    'POST providers/register',
    (request, [subscriptionId, namespace]) => {
      const record = requireProvider(core, subscriptionId!, namespace!);
      requireAction(core, request, `${record.namespace}/register/action`, `/subscriptions/${subscriptionId}`);
      if (record.registrationState !== 'Registered' && record.registrationState !== 'Registering') {
        record.registrationState = 'Registering';
        record.settlesAt = core.now() + core.timing.providerRegistrationMs;
      }
      return { status: 200, body: toProvider(record) };
    },
  );

  router.add(
    'POST',
    `/subscriptions/${SUB}/providers/([^/]+)/unregister`,
    'POST providers/unregister',
    (_request, [subscriptionId, namespace]) => {
      const record = requireProvider(core, subscriptionId!, namespace!);
      if (builtInNamespaces.some((name) => name.toLowerCase() === record.namespace.toLowerCase())) {
        return { status: 200, body: toProvider(record) };
      }
      if (record.registrationState !== 'NotRegistered') {
        record.registrationState = 'Unregistering';
        record.settlesAt = core.now() + core.timing.providerRegistrationMs;
      }
      return { status: 200, body: toProvider(record) };
    },
  );
}
