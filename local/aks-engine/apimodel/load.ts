// apiloader.LoadContainerServiceFromFile for vlabs: read, decode strictly, validate (generate validates at load),
// and, like aks-engine, fall back to the agent-pool-only API when loading fails and there is no masterProfile key.
import { readFileSync } from 'node:fs';
import { describe } from './validate-struct-tags';
import { parseApiModelText } from './strict-json';
import type { ContainerService } from './types';
import { validateContainerService } from './validate';
import { ApiModelValidationError } from './validation-error';

export class ApiModelLoadError extends Error {}

export function loadApiModel(file: string, options: { validate: boolean }): ContainerService {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ApiModelLoadError(`error reading file ${file}: ${goFileError(error as NodeJS.ErrnoException, file)}`);
  }
  try {
    const model = parseApiModelText(text) as unknown as ContainerService;
    if (options.validate) validateContainerService(model);
    else if (!model.properties) throw new ApiModelLoadError('missing ContainerService Properties');
    const orchestrator = model.properties!.orchestratorProfile?.orchestratorType;
    if (orchestrator && orchestrator !== 'Kubernetes') {
      throw new ApiModelLoadError(
        `orchestratorType ${orchestrator} is valid for aks-engine v0.32.3 but this simulator only simulates Kubernetes`,
      );
    }
    return model;
  } catch (error) {
    const agentPoolOnly = agentPoolOnlyError(text);
    if (agentPoolOnly !== undefined && !(error instanceof ApiModelLoadError)) throw new ApiModelValidationError(agentPoolOnly);
    throw error;
  }
}

/**
 * isAgentPoolOnlyClusterJSON and the agent-pool-only vlabs validation (pkg/api/agentPoolOnlyApi/vlabs): the error a
 * model without a "masterProfile" key ends with, or undefined when the fallback does not apply.
 */
function agentPoolOnlyError(text: string): string | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const properties = (raw as { properties?: unknown } | null)?.properties;
  if (!properties || typeof properties !== 'object' || Array.isArray(properties) || 'masterProfile' in properties) return undefined;
  const p = properties as Record<string, unknown>;
  const errors: Array<{ namespace: string; field: string; tag: string }> = [];
  const add = (namespace: string, tag: string) => errors.push({ namespace, field: namespace.split('.').at(-1)!, tag });
  if (!p.dnsPrefix) add('Properties.DNSPrefix', 'required');
  const pools = Array.isArray(p.agentPoolProfiles) ? (p.agentPoolProfiles as Array<Record<string, unknown> | null>) : [];
  pools.forEach((pool, i) => {
    const ns = `Properties.AgentPoolProfiles[${i}]`;
    if (!pool) return add(ns, 'required');
    if (!pool.name) add(`${ns}.Name`, 'required');
    if (!pool.count) add(`${ns}.Count`, 'required');
    if (!pool.vmSize) add(`${ns}.VMSize`, 'required');
  });
  const linux = p.linuxProfile as { adminUsername?: string; ssh?: { publicKeys?: unknown[] } } | undefined;
  if (!linux) add('Properties.LinuxProfile', 'required');
  else {
    if (!linux.adminUsername) add('Properties.LinuxProfile.AdminUsername', 'required');
    const keys = linux.ssh?.publicKeys;
    if (!keys) add('Properties.LinuxProfile.SSH.PublicKeys', 'required');
    else if (keys.length !== 1) add('Properties.LinuxProfile.SSH.PublicKeys', 'len');
  }
  if (!p.certificateProfile) add('Properties.CertificateProfile', 'required');
  if (errors.length === 0)
    return 'an apimodel without masterProfile describes an agent-pool-only (hosted master) cluster, which this simulator does not simulate';
  const ns = errors[0]!.namespace;
  if (ns === 'Properties.LinuxProfile') return `missing ${ns}`;
  if (ns.startsWith('Properties.AgentPoolProfiles') && (ns.endsWith('.Name') || ns.endsWith('VMSize'))) return `missing ${ns}`;
  if (ns.startsWith('Properties.AgentPoolProfiles') && ns.endsWith('.Count'))
    return 'AgentPoolProfile count needs to be in the range [1,100]';
  return `Namespace ${ns} is not caught, ${describe(errors)}`;
}

/** Go's *PathError text: "open <file>: no such file or directory". */
export function goFileError(error: NodeJS.ErrnoException, file: string): string {
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
  };
  return error.code === 'EISDIR' ? `read ${file}: is a directory` : `open ${file}: ${reasons[error.code ?? ''] ?? error.message}`;
}
