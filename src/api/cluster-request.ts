// The create-cluster request beyond its schema: openapi.yaml gives its shape, types, patterns and defaults, and
// the route checks those before a handler runs. What a schema cannot say is checked here, next to it: the
// locations of the settings, the VM size list, reserved admin names, the SSH key's content, tag prefixes, and the
// rules across agent pools. Field names follow the aks-engine vlabs apimodel that users know.
import { defaultSpec, type AgentPoolSpec, type AvailabilityProfile, type ClusterSpec } from '../domain/cluster-spec';
import { vmSizes } from '../domain/vm-sizes';
import { invalidRequest, type ErrorDetail } from './errors';

/** The create request as the contract has shaped it (types checked, defaults filled in). */
export interface CreateClusterBody {
  name: string;
  location: string;
  orchestratorProfile: { orchestratorVersion: string };
  masterProfile: { count: 1 | 3 | 5; vmSize: string };
  agentPoolProfiles: Array<{ name?: string; count: number; vmSize: string; availabilityProfile: AvailabilityProfile }>;
  linuxProfile: { adminUsername: string; sshPublicKey: string };
  tags?: Record<string, string>;
}

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

function vmSizeProblem(value: string, target: string): ErrorDetail | undefined {
  if (value in vmSizes) return undefined;
  const near = Object.keys(vmSizes).find((size) => size.toLowerCase() === value.toLowerCase());
  const message = near
    ? `VM size '${value}' must be written '${near}'.`
    : `VM size '${value.slice(0, 64)}' is not supported: Kubernetes nodes need a size aks-engine v0.32.3 allows with at least 2 vCPUs, ` +
      'such as Standard_D2_v3, Standard_DS2_v2 or Standard_D4s_v3.';
  return { code: 'UnsupportedVmSize', target, message };
}

/** Checks an OpenSSH "ssh-rsa" public key: Azure Linux VMs of this generation accept RSA keys of 2048 bits or more. */
export function sshPublicKeyProblem(key: string): string | undefined {
  if (key.length > 16 * 1024) return 'is too long to be an SSH public key.';
  // Exactly one line: a second one would reach the VMs' authorized_keys as another key, with its options.
  const line = key.replace(/\r?\n$/, '');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
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

/** The cluster a valid create request asks for; throws a 400 listing every rule it breaks. */
export function clusterSpecFrom(body: CreateClusterBody, allowedLocations: string[]): ClusterSpec {
  const details: ErrorDetail[] = [];
  const add = (code: string, target: string, message: string) => details.push({ code, target, message });
  if (!allowedLocations.includes(body.location)) {
    add(
      'UnsupportedLocation',
      'location',
      `Location '${body.location.slice(0, 64)}' is not available: the Cosmos DB etcd API exists in ${allowedLocations.join(', ')}.`,
    );
  }
  const sizes: Array<[string, string]> = [['masterProfile.vmSize', body.masterProfile.vmSize]];
  const pools: AgentPoolSpec[] = body.agentPoolProfiles.map((pool, index) => {
    const target = `agentPoolProfiles[${index}]`;
    sizes.push([`${target}.vmSize`, pool.vmSize]);
    const name = pool.name ?? (body.agentPoolProfiles.length === 1 ? defaultSpec.agentPool.name : undefined);
    if (name === undefined) add('MissingField', `${target}.name`, `'${target}.name' is required when there is more than one agent pool.`);
    return { name: name ?? '', count: pool.count, vmSize: pool.vmSize, availabilityProfile: pool.availabilityProfile };
  });
  for (const [target, size] of sizes) {
    const problem = vmSizeProblem(size, target);
    if (problem) details.push(problem);
  }
  pools.forEach((pool, index) => {
    if (pool.name && pools.findIndex((other) => other.name === pool.name) !== index) {
      add('DuplicateAgentPoolName', `agentPoolProfiles[${index}].name`, `Agent pool name '${pool.name}' is used twice.`);
    }
  });
  if (new Set(pools.map((pool) => pool.availabilityProfile)).size > 1) {
    add('MixedAvailabilityProfiles', 'agentPoolProfiles', 'All agent pools must use the same availabilityProfile.');
  }
  if (reservedAdminNames.has(body.linuxProfile.adminUsername)) {
    add('InvalidAdminUsername', 'linuxProfile.adminUsername', `'${body.linuxProfile.adminUsername}' is a reserved user name on Azure VMs.`);
  }
  const keyProblem = sshPublicKeyProblem(body.linuxProfile.sshPublicKey);
  if (keyProblem) add('InvalidSshPublicKey', 'linuxProfile.sshPublicKey', `linuxProfile.sshPublicKey ${keyProblem}`);
  const tags = Object.entries(body.tags ?? {});
  for (const [key] of tags) {
    if (/^(azure|microsoft|windows|aks-cosmos-)/i.test(key)) {
      add(
        'ReservedTagName',
        `tags.${key}`,
        `Tag name '${key.slice(0, 80)}' uses a reserved prefix (azure, microsoft, windows, aks-cosmos-).`,
      );
    }
  }
  if (details.length > 0) throw invalidRequest(details);
  return {
    name: body.name,
    location: body.location,
    orchestratorProfile: { orchestratorVersion: body.orchestratorProfile.orchestratorVersion },
    masterProfile: { count: body.masterProfile.count, vmSize: body.masterProfile.vmSize },
    agentPoolProfiles: pools,
    linuxProfile: { adminUsername: body.linuxProfile.adminUsername, sshPublicKey: body.linuxProfile.sshPublicKey.trim() },
    // fromEntries defines own properties, so a tag named "__proto__" is kept as a tag, not taken as a prototype.
    tags: Object.fromEntries(tags),
  };
}
