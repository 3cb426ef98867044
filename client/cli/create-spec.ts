// `aks-cosmos create`: the request body from a spec file (-f) and flags, flags winning. Only the command line's own
// mistakes are caught here; the API validates the body and answers 400 with every violation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClusterCreateRequest } from '../types';
import { UsageError } from './exit-codes';

type AgentPool = NonNullable<ClusterCreateRequest['agentPoolProfiles']>[number];

export interface CreateFlags {
  file?: string;
  location?: string;
  masterCount?: number;
  masterVmSize?: string;
  agentPool?: string[];
  agentCount?: number;
  agentVmSize?: string;
  adminUsername?: string;
  sshPublicKey?: string;
  tag?: string[];
}

export interface SpecSources {
  /** Standard input, for `-f -`. */
  readStdin(): string;
  home: string;
}

const defaultSources: SpecSources = { readStdin: () => fs.readFileSync(0, 'utf8'), home: os.homedir() };

export function buildCreateRequest(
  name: string | undefined,
  flags: CreateFlags,
  sources: SpecSources = defaultSources,
): ClusterCreateRequest {
  const spec = (flags.file ? readSpecFile(flags.file, sources) : {}) as Partial<ClusterCreateRequest>;
  const body = { ...spec } as ClusterCreateRequest;
  if (name) body.name = name;
  if (!body.name) throw new UsageError('A cluster name is required: aks-cosmos create NAME, or "name" in the -f file.');
  if (flags.location) body.location = flags.location;
  if (flags.masterCount !== undefined || flags.masterVmSize) {
    body.masterProfile = { ...body.masterProfile };
    if (flags.masterCount !== undefined) body.masterProfile.count = flags.masterCount as 1 | 3 | 5;
    if (flags.masterVmSize) body.masterProfile.vmSize = flags.masterVmSize;
  }
  if (flags.agentPool?.length) body.agentPoolProfiles = flags.agentPool.map(parseAgentPool);
  if (flags.agentCount !== undefined || flags.agentVmSize) {
    const pools = body.agentPoolProfiles ?? [{}];
    if (pools.length > 1) throw new UsageError('--agent-count and --agent-vm-size are for one pool; give each pool with --agent-pool.');
    const pool: AgentPool = { ...pools[0] };
    if (flags.agentCount !== undefined) pool.count = flags.agentCount;
    if (flags.agentVmSize) pool.vmSize = flags.agentVmSize;
    body.agentPoolProfiles = [pool];
  }
  const linuxProfile = { ...body.linuxProfile };
  if (flags.adminUsername) linuxProfile.adminUsername = flags.adminUsername;
  if (flags.sshPublicKey) linuxProfile.sshPublicKey = readKeyArgument(flags.sshPublicKey, sources.home);
  linuxProfile.sshPublicKey ??= defaultPublicKey(sources.home);
  body.linuxProfile = linuxProfile;
  if (flags.tag?.length) body.tags = { ...body.tags, ...Object.fromEntries(flags.tag.map(parseTag)) };
  return body;
}

function readSpecFile(file: string, sources: SpecSources): unknown {
  let text: string;
  try {
    text = file === '-' ? sources.readStdin() : fs.readFileSync(expandHome(file, sources.home), 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read the spec file ${file}: ${(error as Error).message}`);
  }
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`The spec file ${file} is not JSON: ${(error as Error).message}`);
  }
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw new UsageError(`The spec file ${file} must hold a JSON object.`);
  return spec;
}

/** `name=agent,count=2,vmSize=Standard_D2_v3,availabilityProfile=VirtualMachineScaleSets` */
export function parseAgentPool(text: string): AgentPool {
  const pool: AgentPool = {};
  for (const part of text.split(',').filter(Boolean)) {
    const [key, value] = splitPair(part, '--agent-pool');
    if (key === 'name' || key === 'vmSize') pool[key] = value;
    else if (key === 'count') pool.count = parseCount(value, '--agent-pool count');
    else if (key === 'availabilityProfile') pool.availabilityProfile = value as AgentPool['availabilityProfile'];
    else throw new UsageError(`--agent-pool knows name, count, vmSize and availabilityProfile, not '${key}'.`);
  }
  return pool;
}

function parseTag(text: string): [string, string] {
  return splitPair(text, '--tag');
}

function splitPair(text: string, flag: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`${flag} takes key=value pairs, not '${text}'.`);
  return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

export function parseCount(text: string, what: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${what} must be a whole number, not '${text}'.`);
  return Number(text);
}

/** `--ssh-public-key` is the key itself or `@FILE`. */
function readKeyArgument(value: string, home: string): string {
  if (!value.startsWith('@')) return value.trim();
  const file = expandHome(value.slice(1), home);
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new UsageError(`Cannot read the SSH public key ${file}: ${(error as Error).message}`);
  }
}

function defaultPublicKey(home: string): string {
  const file = path.join(home, '.ssh', 'id_rsa.pub');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  throw new UsageError(`An SSH public key is needed: --ssh-public-key @FILE (or the key), "linuxProfile.sshPublicKey" in -f, or ${file}.`);
}

function expandHome(file: string, home: string): string {
  return file === '~' || file.startsWith('~/') ? path.join(home, file.slice(1)) : file;
}
