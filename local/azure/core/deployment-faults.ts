// Deployment failures on demand: the next matching deployment fails at a chosen resource with a chosen ARM
// code (during the run, as DeploymentFailed with details), or is refused by preflight validation (sync 400): on
// its PUT and validate ("preflight") or on POST .../validate only ("validate").
import type { ErrorDetail } from '../http/errors';
import { newGuid } from './ids';

export interface DeploymentFaultInput {
  /** Resource group name to match (any when absent). */
  resourceGroup?: string;
  /** Deployment name to match (any when absent). */
  deploymentName?: string;
  /** Type of the resource that fails, e.g. "Microsoft.Compute/virtualMachines/extensions". Defaults by code. */
  resourceType?: string;
  /** Case-insensitive regular expression for the failing resource's name. */
  resourceName?: string;
  /** ARM error code, e.g. VMExtensionProvisioningError, QuotaExceeded, OperationNotAllowed, BadRequest. */
  code: string;
  message?: string;
  /** HTTP status text of the failed operation ("Conflict", "BadRequest"). Defaults by code. */
  statusCode?: string;
  /**
   * "deployment" (default): fails while running. "preflight": the PUT (or a validate) answers 400
   * InvalidTemplateDeployment. "validate": only POST .../validate refuses it (200 → 400 InvalidTemplateDeployment).
   */
  phase?: FaultPhase;
  /** How many deployments it applies to; 1 by default. */
  count?: number;
}

export type FaultPhase = 'deployment' | 'preflight' | 'validate';

export interface DeploymentFaultRule extends DeploymentFaultInput {
  id: string;
  remaining: number;
  phase: FaultPhase;
}

/** Where the well-known codes happen, and how Azure words them. */
const knownCodes: Record<
  string,
  { resourceType: string; statusCode: string; message: (resource: { name: string; location?: string }) => string }
> = {
  vmextensionprovisioningerror: {
    resourceType: 'Microsoft.Compute/virtualMachines/extensions',
    statusCode: 'Conflict',
    message: (r) =>
      `VM has reported a failure when processing extension '${r.name.split('/').pop()}'. Error message: "Enable failed: failed to execute command: command terminated with exit status=50\n[stdout]\n\n[stderr]\n". More information on troubleshooting is available at https://aka.ms/VMExtensionCSELinuxTroubleshoot`,
  },
  operationnotallowed: {
    resourceType: 'Microsoft.Compute/virtualMachines',
    statusCode: 'Conflict',
    message: (r) =>
      'Operation could not be completed as it results in exceeding approved Total Regional Cores quota. ' +
      `Additional details - Deployment Model: Resource Manager, Location: ${r.location ?? 'centralus'}, ` +
      'Current Limit: 10, Current Usage: 8, Additional Required: 4, (Minimum) New Limit Required: 12.',
  },
  quotaexceeded: {
    resourceType: 'Microsoft.Compute/virtualMachines',
    statusCode: 'Conflict',
    message: (r) =>
      'Operation could not be completed as it results in exceeding approved standardDSv2Family Cores quota. ' +
      `Additional details - Deployment Model: Resource Manager, Location: ${r.location ?? 'centralus'}, ` +
      'Current Limit: 10, Current Usage: 8, Additional Required: 4, (Minimum) New Limit Required: 12.',
  },
  badrequest: {
    resourceType: 'Microsoft.DocumentDB/databaseAccounts',
    statusCode: 'BadRequest',
    message: (r) => `DatabaseAccount name '${r.name}' already exists.`,
  },
  skunotavailable: {
    resourceType: 'Microsoft.Compute/virtualMachines',
    statusCode: 'Conflict',
    message: (r) =>
      `The requested size for resource '${r.name}' is currently not available in location '${r.location ?? 'centralus'}' zones '' ` +
      'for subscription. Please try another size or deploy to a different location or zones.',
  },
  allocationfailed: {
    resourceType: 'Microsoft.Compute/virtualMachines',
    statusCode: 'Conflict',
    message: () => 'Allocation failed. We do not have sufficient capacity for the requested VM size in this region.',
  },
};

export class DeploymentFaults {
  private rules: DeploymentFaultRule[] = [];

  add(input: DeploymentFaultInput): DeploymentFaultRule {
    if (!input.code || typeof input.code !== 'string') throw new Error('a deployment fault needs an ARM error "code"');
    const phase = input.phase ?? 'deployment';
    if (phase !== 'deployment' && phase !== 'preflight' && phase !== 'validate')
      throw new Error(`phase must be "deployment", "preflight" or "validate", got ${String(input.phase)}`);
    if (input.resourceName) new RegExp(input.resourceName, 'i');
    const count = input.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new Error(`count must be a positive integer, got ${String(input.count)}`);
    const rule: DeploymentFaultRule = { ...input, id: newGuid(), phase, remaining: count };
    this.rules.push(rule);
    return { ...rule };
  }

  list(): DeploymentFaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  clear(): void {
    this.rules = [];
  }

  /** Rules of this phase that apply to this deployment, without consuming them. */
  candidates(phase: FaultPhase, resourceGroup: string, deploymentName: string): DeploymentFaultRule[] {
    return this.rules.filter(
      (rule) =>
        rule.phase === phase &&
        (!rule.resourceGroup || rule.resourceGroup.toLowerCase() === resourceGroup.toLowerCase()) &&
        (!rule.deploymentName || rule.deploymentName.toLowerCase() === deploymentName.toLowerCase()),
    );
  }

  consume(rule: DeploymentFaultRule): void {
    const stored = this.rules.find((candidate) => candidate.id === rule.id);
    if (!stored) return;
    stored.remaining--;
    if (stored.remaining <= 0) this.rules = this.rules.filter((candidate) => candidate !== stored);
  }
}

/** The resource type a rule targets: its own, or the usual one for its code. */
export function targetTypeOf(rule: DeploymentFaultRule): string | undefined {
  return rule.resourceType ?? knownCodes[rule.code.toLowerCase()]?.resourceType;
}

export function matchesResource(rule: DeploymentFaultRule, resource: { type: string; name: string }): boolean {
  const type = targetTypeOf(rule);
  if (type && type.toLowerCase() !== resource.type.toLowerCase()) return false;
  if (rule.resourceName && !new RegExp(rule.resourceName, 'i').test(resource.name)) return false;
  return true;
}

export function failureFor(
  rule: DeploymentFaultRule,
  resource: { name: string; location?: string; id: string },
): ErrorDetail & { statusCode: string } {
  const known = knownCodes[rule.code.toLowerCase()];
  return {
    code: rule.code,
    message:
      rule.message ??
      known?.message(resource) ??
      `The operation on resource '${resource.name}' failed with '${rule.code}' (injected by the emulator).`,
    target: resource.id,
    statusCode: rule.statusCode ?? known?.statusCode ?? 'Conflict',
  };
}
