// RBAC's rule semantics, as the rbac authorizer applies them: which request a PolicyRule allows, and whether
// one set of rules covers another (the escalation check on writes of roles and bindings).

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Attributes {
  user: { name: string; groups: string[] };
  verb: string;
  isResourceRequest: boolean;
  apiGroup: string;
  resource: string;
  subresource: string;
  name: string;
  namespace: string;
  path: string;
}

const all = '*';

export function ruleAllows(attributes: Attributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, attributes.verb)) return false;
  if (!attributes.isResourceRequest) return nonResourceUrlMatches(rule, attributes.path);
  const combined = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  return (
    apiGroupMatches(rule, attributes.apiGroup) &&
    resourceMatches(rule, combined, attributes.subresource) &&
    resourceNameMatches(rule, attributes.name)
  );
}

function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((ruleVerb) => ruleVerb === all || ruleVerb === verb);
}

function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((ruleGroup) => ruleGroup === all || ruleGroup === group);
}

/** `*` matches all, `pods/status` that subresource only, `*\/status` the subresource of every resource. */
function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  return (rule.resources ?? []).some(
    (ruleResource) => ruleResource === all || ruleResource === combined || (subresource !== '' && ruleResource === `*/${subresource}`),
  );
}

function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

function nonResourceUrlMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    (url) => url === all || url === path || (url.endsWith('*') && path.startsWith(url.slice(0, -1))),
  );
}

/** The rules of `requested` that `owned` does not cover, each broken down to one verb, group, resource and name. */
export function uncoveredRules(owned: readonly PolicyRule[], requested: readonly PolicyRule[]): PolicyRule[] {
  return requested.flatMap(breakdown).filter((atom) => !owned.some((rule) => covers(rule, atom)));
}

/** One rule per verb, group, resource and name (or per verb and non-resource URL), as RBAC's BreakdownRule. */
function breakdown(rule: PolicyRule): PolicyRule[] {
  const atoms: PolicyRule[] = [];
  for (const verb of rule.verbs) {
    for (const group of rule.apiGroups ?? []) {
      for (const resource of rule.resources ?? []) {
        const names = rule.resourceNames?.length ? rule.resourceNames : [undefined];
        for (const name of names)
          atoms.push({
            verbs: [verb],
            apiGroups: [group],
            resources: [resource],
            ...(name !== undefined ? { resourceNames: [name] } : {}),
          });
      }
    }
    for (const url of rule.nonResourceURLs ?? []) atoms.push({ verbs: [verb], nonResourceURLs: [url] });
  }
  return atoms;
}

/** Whether an owned rule grants everything a single-valued rule asks (a `*` asked for needs a `*` owned). */
function covers(owner: PolicyRule, atom: PolicyRule): boolean {
  const has = (values: string[] | undefined, value: string) => (values ?? []).some((owned) => owned === all || owned === value);
  if (!has(owner.verbs, atom.verbs[0]!)) return false;
  if (atom.nonResourceURLs) {
    const url = atom.nonResourceURLs[0]!;
    return (owner.nonResourceURLs ?? []).some(
      (owned) => owned === all || owned === url || (owned.endsWith('*') && url.startsWith(owned.slice(0, -1))),
    );
  }
  if (!has(owner.apiGroups, atom.apiGroups![0]!)) return false;
  const resource = atom.resources![0]!;
  const subresource = resource.includes('/') ? resource.slice(resource.indexOf('/') + 1) : '';
  const resourceCovered = (owner.resources ?? []).some(
    (owned) => owned === all || owned === resource || (subresource !== '' && owned === `*/${subresource}`),
  );
  if (!resourceCovered) return false;
  if (!owner.resourceNames?.length) return true;
  return atom.resourceNames !== undefined && owner.resourceNames.includes(atom.resourceNames[0]!);
}

/** A rule as kube-apiserver prints it in escalation errors: {APIGroups:[""], Resources:["secrets"], Verbs:["get"]}. */
export function formatRule(rule: PolicyRule): string {
  const list = (values: string[]) => `[${values.map((value) => JSON.stringify(value)).join(' ')}]`;
  const fields: string[] = [];
  if (rule.apiGroups?.length) fields.push(`APIGroups:${list(rule.apiGroups)}`);
  if (rule.resources?.length) fields.push(`Resources:${list(rule.resources)}`);
  if (rule.resourceNames?.length) fields.push(`ResourceNames:${list(rule.resourceNames)}`);
  if (rule.nonResourceURLs?.length) fields.push(`NonResourceURLs:${list(rule.nonResourceURLs)}`);
  fields.push(`Verbs:${list(rule.verbs)}`);
  return `{${fields.join(', ')}}`;
}
