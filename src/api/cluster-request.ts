// The create-cluster request: field names follow the aks-engine vlabs apimodel that users know; every rule
// is checked here, at the edge, so that nothing is created for a request aks-engine or ARM would refuse.
import { clusterNamePattern, defaultSpec, type AgentPoolSpec, type ClusterSpec } from '../domain/cluster-spec';
import { ApiError, invalidRequest, type ErrorDetail } from './errors';

const poolNamePattern = /^[a-z][a-z0-9]{0,11}$/;
const adminUsernamePattern = /^[a-z_][a-z0-9_-]{0,63}$/;
/** Names Azure refuses for a Linux VM's administrator. */
const reservedAdminNames = new Set([
  'administrator',
  'admin',
  'user',
  'user1',
  'test',
  'user2',
  'test1',
  'user3',
  'admin1',
  '1',
  '123',
  'a',
  'actuser',
  'adm',
  'admin2',
  'aspnet',
  'backup',
  'console',
  'david',
  'guest',
  'john',
  'owner',
  'root',
  'server',
  'sql',
  'support',
  'support_388945a0',
  'sys',
  'test2',
  'test3',
  'user4',
  'user5',
]);

/** VM sizes aks-engine v0.32.3 accepts for Kubernetes nodes with at least 2 vCPUs (a subset of its allowed list). */
export const supportedVmSizes = new Set([
  'Standard_A2_v2',
  'Standard_A4_v2',
  'Standard_A8_v2',
  'Standard_A2m_v2',
  'Standard_A4m_v2',
  'Standard_A8m_v2',
  'Standard_B2ms',
  'Standard_B4ms',
  'Standard_B8ms',
  'Standard_D2_v2',
  'Standard_D3_v2',
  'Standard_D4_v2',
  'Standard_D5_v2',
  'Standard_D11_v2',
  'Standard_D12_v2',
  'Standard_D13_v2',
  'Standard_D14_v2',
  'Standard_D2_v3',
  'Standard_D4_v3',
  'Standard_D8_v3',
  'Standard_D16_v3',
  'Standard_D32_v3',
  'Standard_D64_v3',
  'Standard_D2s_v3',
  'Standard_D4s_v3',
  'Standard_D8s_v3',
  'Standard_D16s_v3',
  'Standard_D32s_v3',
  'Standard_D64s_v3',
  'Standard_DS2_v2',
  'Standard_DS3_v2',
  'Standard_DS4_v2',
  'Standard_DS5_v2',
  'Standard_DS11_v2',
  'Standard_DS12_v2',
  'Standard_DS13_v2',
  'Standard_DS14_v2',
  'Standard_E2_v3',
  'Standard_E4_v3',
  'Standard_E8_v3',
  'Standard_E16_v3',
  'Standard_E32_v3',
  'Standard_E64_v3',
  'Standard_E2s_v3',
  'Standard_E4s_v3',
  'Standard_E8s_v3',
  'Standard_E16s_v3',
  'Standard_E32s_v3',
  'Standard_E64s_v3',
  'Standard_F2',
  'Standard_F4',
  'Standard_F8',
  'Standard_F16',
  'Standard_F2s',
  'Standard_F4s',
  'Standard_F8s',
  'Standard_F16s',
  'Standard_F2s_v2',
  'Standard_F4s_v2',
  'Standard_F8s_v2',
  'Standard_F16s_v2',
  'Standard_F32s_v2',
  'Standard_F64s_v2',
  'Standard_F72s_v2',
]);

const maxAgentPools = 12;
const maxUserTags = 15;

type Json = unknown;

class Collector {
  readonly details: ErrorDetail[] = [];
  add(code: string, target: string, message: string): void {
    this.details.push({ code, target, message });
  }
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(value: Record<string, Json>, allowed: string[], path: string, errors: Collector): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const near = allowed.find((candidate) => candidate.toLowerCase() === key.toLowerCase());
      errors.add(
        'UnknownField',
        join(path, key),
        `Unknown field '${join(path, key)}'.${near ? ` Did you mean '${near}'?` : ''} Allowed here: ${allowed.join(', ')}.`,
      );
    }
  }
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

function typeName(value: Json): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function readString(container: Record<string, Json>, key: string, path: string, errors: Collector, fallback?: string): string | undefined {
  const target = join(path, key);
  const value = container[key];
  if (value === undefined) {
    if (fallback === undefined) errors.add('MissingField', target, `'${target}' is required.`);
    return fallback;
  }
  if (typeof value !== 'string') {
    errors.add('InvalidType', target, `'${target}' must be a string, not ${typeName(value)}.`);
    return undefined;
  }
  return value;
}

function readInteger(container: Record<string, Json>, key: string, path: string, errors: Collector, fallback: number): number | undefined {
  const target = join(path, key);
  const value = container[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    errors.add(
      'InvalidType',
      target,
      `'${target}' must be a whole number, not ${typeName(value)}${typeof value === 'number' ? ` (${value})` : ''}.`,
    );
    return undefined;
  }
  return value;
}

function readObject(container: Record<string, Json>, key: string, path: string, errors: Collector): Record<string, Json> | undefined {
  const value = container[key];
  if (value === undefined) return {};
  if (!isObject(value)) {
    errors.add('InvalidType', join(path, key), `'${join(path, key)}' must be an object, not ${typeName(value)}.`);
    return undefined;
  }
  return value;
}

function checkVmSize(value: string | undefined, target: string, errors: Collector): void {
  if (value === undefined) return;
  if (!supportedVmSizes.has(value)) {
    const near = [...supportedVmSizes].find((size) => size.toLowerCase() === value.toLowerCase());
    errors.add(
      'UnsupportedVmSize',
      target,
      near
        ? `VM size '${value}' must be written '${near}'.`
        : `VM size '${value}' is not supported: Kubernetes nodes need a size aks-engine v0.32.3 allows with at least 2 vCPUs, such as Standard_D2_v3, Standard_DS2_v2 or Standard_D4s_v3.`,
    );
  }
}

/** Checks an OpenSSH "ssh-rsa" public key: Azure Linux VMs of this generation accept RSA keys of 2048 bits or more. */
export function sshPublicKeyProblem(key: string): string | undefined {
  if (key.length > 16 * 1024) return 'is too long to be an SSH public key.';
  // Exactly one line: a second one would reach the VMs' authorized_keys as another key, with its options.
  const line = key.replace(/\r?\n$/, '');
  if (/[\u0000-\u001f\u007f]/.test(line)) {
    return "must be a single line 'ssh-rsa <base64> [comment]' without line breaks or control characters.";
  }
  const parts = line.trim().split(/ +/);
  if (parts.length < 2) return "must be an OpenSSH public key such as 'ssh-rsa AAAA... user@host'.";
  const [type, data] = parts as [string, string];
  if (type !== 'ssh-rsa')
    return `must be an RSA key ('ssh-rsa ...'); '${type.slice(0, 40)}' keys are not supported by aks-engine v0.32.3 clusters.`;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data)) return 'has a key body that is not base64.';
  const bytes = Buffer.from(data, 'base64');
  let offset = 0;
  const readField = (): Buffer | undefined => {
    if (offset + 4 > bytes.length) return undefined;
    const length = bytes.readUInt32BE(offset);
    offset += 4;
    if (offset + length > bytes.length) return undefined;
    const field = bytes.subarray(offset, offset + length);
    offset += length;
    return field;
  };
  const keyType = readField();
  const exponent = readField();
  const modulus = readField();
  if (!keyType || !exponent || !modulus || keyType.toString('latin1') !== 'ssh-rsa' || offset !== bytes.length) {
    return 'has a key body that is not a valid ssh-rsa public key.';
  }
  const significant = modulus[0] === 0 ? modulus.subarray(1) : modulus;
  const bits = significant.length * 8 - Math.clz32(significant[0] ?? 0) + 24;
  if (bits < 2048) return `is a ${bits}-bit RSA key; at least 2048 bits are required.`;
  return undefined;
}

function checkTags(value: Json, errors: Collector): Record<string, string> {
  if (value === undefined) return {};
  if (!isObject(value)) {
    errors.add('InvalidType', 'tags', `'tags' must be an object of string values, not ${typeName(value)}.`);
    return {};
  }
  const tags: Array<[string, string]> = [];
  const entries = Object.entries(value);
  if (entries.length > maxUserTags) errors.add('TooManyTags', 'tags', `At most ${maxUserTags} tags are allowed; got ${entries.length}.`);
  for (const [key, tagValue] of entries) {
    const target = `tags.${key}`;
    if (key.length === 0 || key.length > 512 || /[<>%&\\?/]/.test(key) || /[\u0000-\u001f]/.test(key)) {
      errors.add(
        'InvalidTagName',
        target,
        `Tag name '${key.slice(0, 80)}' must be 1-512 characters without < > % & \\ ? / or control characters.`,
      );
    } else if (/^(azure|microsoft|windows)/i.test(key) || /^aks-cosmos-/i.test(key)) {
      errors.add('ReservedTagName', target, `Tag name '${key}' uses a reserved prefix (azure, microsoft, windows, aks-cosmos-).`);
    }
    if (typeof tagValue !== 'string')
      errors.add('InvalidType', target, `Tag '${key.slice(0, 80)}' must have a string value, not ${typeName(tagValue)}.`);
    else if (tagValue.length > 256 || /[\u0000-\u001f]/.test(tagValue))
      errors.add('InvalidTagValue', target, `Tag '${key.slice(0, 80)}' value must be at most 256 characters without control characters.`);
    else tags.push([key, tagValue]);
  }
  // fromEntries defines own properties, so a tag named "__proto__" is kept as a tag, not taken as a prototype.
  return Object.fromEntries(tags);
}

/** Validates a create request; throws ApiError(400) listing every problem, or returns the spec with defaults. */
export function parseClusterSpec(body: Json, allowedLocations: string[]): ClusterSpec {
  const errors = new Collector();
  if (!isObject(body)) throw new ApiError(400, 'InvalidRequestContent', `The request body must be a JSON object, not ${typeName(body)}.`);
  checkKeys(body, ['name', 'location', 'masterProfile', 'agentPoolProfiles', 'linuxProfile', 'tags'], '', errors);

  const name = readString(body, 'name', '', errors);
  if (name !== undefined && !clusterNamePattern.test(name)) {
    errors.add(
      'InvalidClusterName',
      'name',
      `Cluster name '${name.slice(0, 64)}' is invalid: use 3-41 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit (it becomes the DNS prefix and the Cosmos DB account '<name>k8s').`,
    );
  }

  const location = readString(body, 'location', '', errors, allowedLocations[0] ?? defaultSpec.location);
  if (location !== undefined && !allowedLocations.includes(location)) {
    errors.add(
      'UnsupportedLocation',
      'location',
      `Location '${location.slice(0, 64)}' is not available: the Cosmos DB etcd API exists in ${allowedLocations.join(', ')}.`,
    );
  }

  const master = readObject(body, 'masterProfile', '', errors);
  let masterCount: number | undefined;
  let masterVmSize: string | undefined;
  if (master) {
    checkKeys(master, ['count', 'vmSize'], 'masterProfile', errors);
    masterCount = readInteger(master, 'count', 'masterProfile', errors, defaultSpec.masterProfile.count);
    if (masterCount !== undefined && ![1, 3, 5].includes(masterCount)) {
      errors.add('InvalidMasterCount', 'masterProfile.count', `masterProfile.count must be 1, 3 or 5, not ${masterCount}.`);
    }
    masterVmSize = readString(master, 'vmSize', 'masterProfile', errors, defaultSpec.masterProfile.vmSize);
    checkVmSize(masterVmSize, 'masterProfile.vmSize', errors);
  }

  const pools: AgentPoolSpec[] = [];
  const rawPools = body.agentPoolProfiles;
  if (rawPools !== undefined && !Array.isArray(rawPools)) {
    errors.add('InvalidType', 'agentPoolProfiles', `'agentPoolProfiles' must be an array, not ${typeName(rawPools)}.`);
  } else {
    const list = rawPools === undefined ? [{}] : rawPools;
    if (list.length === 0) errors.add('MissingAgentPool', 'agentPoolProfiles', 'At least one agent pool is required.');
    if (list.length > maxAgentPools)
      errors.add('TooManyAgentPools', 'agentPoolProfiles', `At most ${maxAgentPools} agent pools are allowed.`);
    list.slice(0, maxAgentPools).forEach((raw, index) => {
      const path = join('agentPoolProfiles', index);
      if (!isObject(raw)) {
        errors.add('InvalidType', path, `'${path}' must be an object, not ${typeName(raw)}.`);
        return;
      }
      checkKeys(raw, ['name', 'count', 'vmSize', 'availabilityProfile'], path, errors);
      const poolName = readString(raw, 'name', path, errors, list.length === 1 ? defaultSpec.agentPool.name : undefined);
      if (poolName !== undefined && !poolNamePattern.test(poolName)) {
        errors.add(
          'InvalidAgentPoolName',
          join(path, 'name'),
          `Agent pool name '${poolName.slice(0, 64)}' must be 1-12 lowercase letters and digits, starting with a letter.`,
        );
      }
      const count = readInteger(raw, 'count', path, errors, defaultSpec.agentPool.count);
      if (count !== undefined && (count < 1 || count > 100))
        errors.add('InvalidAgentCount', join(path, 'count'), `${path}.count must be from 1 to 100, not ${count}.`);
      const vmSize = readString(raw, 'vmSize', path, errors, defaultSpec.agentPool.vmSize);
      checkVmSize(vmSize, join(path, 'vmSize'), errors);
      const availability = readString(raw, 'availabilityProfile', path, errors, defaultSpec.agentPool.availabilityProfile);
      if (availability !== undefined && availability !== 'AvailabilitySet' && availability !== 'VirtualMachineScaleSets') {
        errors.add(
          'InvalidAvailabilityProfile',
          join(path, 'availabilityProfile'),
          `${path}.availabilityProfile must be AvailabilitySet or VirtualMachineScaleSets.`,
        );
      }
      if (poolName !== undefined && count !== undefined && vmSize !== undefined && availability !== undefined) {
        pools.push({ name: poolName, count, vmSize, availabilityProfile: availability as AgentPoolSpec['availabilityProfile'] });
      }
    });
    const names = pools.map((pool) => pool.name);
    names.forEach((poolName, index) => {
      if (names.indexOf(poolName) !== index)
        errors.add('DuplicateAgentPoolName', `agentPoolProfiles[${index}].name`, `Agent pool name '${poolName}' is used twice.`);
    });
    if (new Set(pools.map((pool) => pool.availabilityProfile)).size > 1) {
      errors.add('MixedAvailabilityProfiles', 'agentPoolProfiles', 'All agent pools must use the same availabilityProfile.');
    }
  }

  const linux = readObject(body, 'linuxProfile', '', errors);
  let adminUsername: string | undefined;
  let sshPublicKey: string | undefined;
  if (linux) {
    checkKeys(linux, ['adminUsername', 'sshPublicKey'], 'linuxProfile', errors);
    adminUsername = readString(linux, 'adminUsername', 'linuxProfile', errors, defaultSpec.adminUsername);
    if (adminUsername !== undefined && (!adminUsernamePattern.test(adminUsername) || reservedAdminNames.has(adminUsername))) {
      errors.add(
        'InvalidAdminUsername',
        'linuxProfile.adminUsername',
        reservedAdminNames.has(adminUsername)
          ? `'${adminUsername}' is a reserved user name on Azure VMs.`
          : `Admin user name '${adminUsername.slice(0, 64)}' must be 1-64 lowercase letters, digits, '_' or '-', starting with a letter or '_'.`,
      );
    }
    sshPublicKey = readString(linux, 'sshPublicKey', 'linuxProfile', errors);
    if (sshPublicKey !== undefined) {
      const problem = sshPublicKeyProblem(sshPublicKey);
      if (problem) errors.add('InvalidSshPublicKey', 'linuxProfile.sshPublicKey', `linuxProfile.sshPublicKey ${problem}`);
    }
  } else if (body.linuxProfile === undefined) {
    errors.add('MissingField', 'linuxProfile.sshPublicKey', `'linuxProfile.sshPublicKey' is required.`);
  }
  const tags = checkTags(body.tags, errors);

  if (errors.details.length > 0) throw invalidRequest(errors.details);
  return {
    name: name!,
    location: location!,
    masterProfile: { count: masterCount as 1 | 3 | 5, vmSize: masterVmSize! },
    agentPoolProfiles: pools,
    linuxProfile: { adminUsername: adminUsername!, sshPublicKey: sshPublicKey!.trim() },
    tags,
  };
}
