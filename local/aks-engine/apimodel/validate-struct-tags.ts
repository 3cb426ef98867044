// The `validate:"..."` struct tags of pkg/api/vlabs/types.go as go-playground/validator.v9 checks them (walking the
// structs in field order, into non-nil pointers, into slices only with `dive`), and common.HandleValidationErrors,
// which turns the first failure into aks-engine's message (or "Namespace ... is not caught, <every failure>").
import type { KubernetesConfig, Properties } from './types';

interface TagError {
  namespace: string;
  field: string;
  tag: string;
  value?: unknown;
}

const empty = (value: unknown) => value === undefined || value === null || value === '' || value === 0 || value === false;

/** The errors validator.Struct(properties) reports, in its order. */
export function structTagErrors(p: Properties): TagError[] {
  const errors: TagError[] = [];
  const add = (namespace: string, tag: string, value?: unknown) => {
    const last = namespace.split('.').at(-1)!;
    errors.push({ namespace, field: last, tag, value });
  };
  const intRange = (namespace: string, value: number | undefined, min: number, max: number) => {
    const v = value ?? 0;
    if (v < min) add(namespace, 'min', v);
    else if (v > max) add(namespace, 'max', v);
  };
  const oneOf = (namespace: string, value: string | undefined, allowed: string[]) => {
    if (value && !allowed.includes(value)) add(namespace, [...allowed.map((v) => `eq=${v}`), 'len=0'].join('|'), value);
  };

  const o = p.orchestratorProfile;
  if (!o) add('Properties.OrchestratorProfile', 'required');
  else {
    if (empty(o.orchestratorType)) add('Properties.OrchestratorProfile.OrchestratorType', 'required', '');
    jumpboxTags('Properties.OrchestratorProfile.KubernetesConfig', o.kubernetesConfig, add, intRange);
  }

  const m = p.masterProfile;
  if (!m) add('Properties.MasterProfile', 'required');
  else {
    if (empty(m.count)) add('Properties.MasterProfile.Count', 'required', m.count ?? 0);
    else if (![1, 3, 5].includes(m.count!)) add('Properties.MasterProfile.Count', 'eq=1|eq=3|eq=5', m.count);
    if (empty(m.dnsPrefix)) add('Properties.MasterProfile.DNSPrefix', 'required', '');
    if (empty(m.vmSize)) add('Properties.MasterProfile.VMSize', 'required', '');
    intRange('Properties.MasterProfile.OSDiskSizeGB', m.osDiskSizeGB, 0, 1023);
    intRange('Properties.MasterProfile.IPAddressCount', m.ipAddressCount, 0, 256);
    oneOf('Properties.MasterProfile.StorageProfile', m.storageProfile, ['StorageAccount', 'ManagedDisks']);
    jumpboxTags('Properties.MasterProfile.KubernetesConfig', m.kubernetesConfig, add, intRange);
  }

  (p.agentPoolProfiles ?? []).forEach((pool, i) => {
    const ns = `Properties.AgentPoolProfiles[${i}]`;
    if (!pool) return add(ns, 'required');
    if (empty(pool.name)) add(`${ns}.Name`, 'required', '');
    if (empty(pool.count)) add(`${ns}.Count`, 'required', pool.count ?? 0);
    else intRange(`${ns}.Count`, pool.count, 1, 100);
    if (empty(pool.vmSize)) add(`${ns}.VMSize`, 'required', '');
    intRange(`${ns}.OSDiskSizeGB`, pool.osDiskSizeGB, 0, 1023);
    (pool.ports ?? []).forEach((port, j) => intRange(`${ns}.Ports[${j}]`, port, 1, 65535));
    oneOf(`${ns}.ScaleSetPriority`, pool.scaleSetPriority, ['Regular', 'Low']);
    oneOf(`${ns}.ScaleSetEvictionPolicy`, pool.scaleSetEvictionPolicy, ['Delete', 'Deallocate']);
    oneOf(`${ns}.StorageProfile`, pool.storageProfile, ['StorageAccount', 'ManagedDisks']);
    if ((pool.diskSizesGB ?? []).length > 4) add(`${ns}.DiskSizesGB`, 'max', pool.diskSizesGB);
    else (pool.diskSizesGB ?? []).forEach((size, j) => intRange(`${ns}.DiskSizesGB[${j}]`, size, 1, 1023));
    intRange(`${ns}.IPAddressCount`, pool.ipAddressCount, 0, 256);
    jumpboxTags(`${ns}.KubernetesConfig`, pool.kubernetesConfig, add, intRange);
  });

  const l = p.linuxProfile;
  if (!l) add('Properties.LinuxProfile', 'required');
  else {
    if (empty(l.adminUsername)) add('Properties.LinuxProfile.AdminUsername', 'required', '');
    const keys = l.ssh?.publicKeys;
    if (keys === undefined || keys === null) add('Properties.LinuxProfile.SSH.PublicKeys', 'required');
    else if (keys.length < 1) add('Properties.LinuxProfile.SSH.PublicKeys', 'min', keys);
  }

  const ref = p.servicePrincipalProfile?.keyvaultSecretRef;
  if (ref) {
    if (empty(ref.vaultID)) add('Properties.ServicePrincipalProfile.KeyvaultSecretRef.VaultID', 'required', '');
    if (empty(ref.secretName)) add('Properties.ServicePrincipalProfile.KeyvaultSecretRef.SecretName', 'required', '');
  }
  return errors;
}

type Add = (namespace: string, tag: string, value?: unknown) => void;
type IntRange = (namespace: string, value: number | undefined, min: number, max: number) => void;

/** PrivateJumpboxProfile is the only struct under KubernetesConfig with tags. */
function jumpboxTags(prefix: string, k: KubernetesConfig | undefined, add: Add, intRange: IntRange): void {
  const jumpbox = k?.privateCluster?.jumpboxProfile;
  if (!jumpbox) return;
  const ns = `${prefix}.PrivateCluster.JumpboxProfile`;
  if (empty(jumpbox.name)) add(`${ns}.Name`, 'required', '');
  if (empty(jumpbox.vmSize)) add(`${ns}.VMSize`, 'required', '');
  intRange(`${ns}.OSDiskSizeGB`, jumpbox.osDiskSizeGB, 0, 1023);
  if (empty(jumpbox.publicKey)) add(`${ns}.PublicKey`, 'required', '');
}

/** common.HandleValidationErrors */
export function handleValidationErrors(errors: TagError[]): string {
  const { namespace: ns, value } = errors[0]!;
  switch (ns) {
    case 'Properties.OrchestratorProfile':
    case 'Properties.OrchestratorProfile.OrchestratorType':
    case 'Properties.MasterProfile':
    case 'Properties.MasterProfile.DNSPrefix':
    case 'Properties.MasterProfile.VMSize':
    case 'Properties.LinuxProfile':
    case 'Properties.ServicePrincipalProfile.ClientID':
    case 'Properties.WindowsProfile.AdminUsername':
    case 'Properties.WindowsProfile.AdminPassword':
      return `missing ${ns}`;
    case 'Properties.MasterProfile.Count':
      return 'MasterProfile count needs to be 1, 3, or 5';
    case 'Properties.MasterProfile.OSDiskSizeGB':
      return `Invalid os disk size of ${value} specified.  The range of valid values are [1, 1023]`;
    case 'Properties.MasterProfile.IPAddressCount':
      return 'MasterProfile.IPAddressCount needs to be in the range [1,256]';
    case 'Properties.MasterProfile.StorageProfile':
      return `Unknown storageProfile '${value}'. Specify either StorageAccount or ManagedDisks`;
  }
  if (ns.startsWith('Properties.AgentPoolProfiles')) {
    if (ns.endsWith('.Name') || ns.endsWith('VMSize')) return `missing ${ns}`;
    if (ns.endsWith('.Count')) return 'AgentPoolProfile count needs to be in the range [1,100]';
    if (ns.endsWith('.OSDiskSizeGB')) return `Invalid os disk size of ${value} specified.  The range of valid values are [1, 1023]`;
    if (ns.includes('.Ports')) return 'AgentPoolProfile Ports must be in the range[1, 65535]';
    if (ns.endsWith('.StorageProfile')) return `Unknown storageProfile '${value}'. Specify either StorageAccount or ManagedDisks`;
    if (ns.includes('.DiskSizesGB')) return 'A maximum of 4 disks may be specified, The range of valid disk size values are [1, 1023]';
    if (ns.endsWith('.IPAddressCount')) return 'AgentPoolProfile.IPAddressCount needs to be in the range [1,256]';
  }
  return `Namespace ${ns} is not caught, ${describe(errors)}`;
}

/** validator.ValidationErrors.Error(): one line per failure. */
export function describe(errors: TagError[]): string {
  return errors
    .map((error) => `Key: '${error.namespace}' Error:Field validation for '${error.field}' failed on the '${error.tag}' tag`)
    .join('\n');
}
