// A storage profile as the Compute RP answers it: numbers a template wrote as strings ("[parameters('etcdDiskSizeGB')]"
// of a string parameter) come back as the integers its schema declares (diskSizeGB, lun), as Azure stores them;
// typed SDKs (Go's int32 fields) refuse strings.

function integer(value: unknown): unknown {
  return typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function disk(value: unknown, fields: string[]): unknown {
  const entry = record(value);
  if (!entry) return value;
  const typed = { ...entry };
  for (const field of fields) if (field in typed) typed[field] = integer(typed[field]);
  return typed;
}

/** The storageProfile with osDisk.diskSizeGB and each data disk's diskSizeGB and lun as integers. */
export function typedStorageProfile(storageProfile: unknown): unknown {
  const profile = record(storageProfile);
  if (!profile) return storageProfile;
  const typed: Record<string, unknown> = { ...profile };
  if ('osDisk' in typed) typed.osDisk = disk(typed.osDisk, ['diskSizeGB']);
  if (Array.isArray(typed.dataDisks)) typed.dataDisks = typed.dataDisks.map((each) => disk(each, ['diskSizeGB', 'lun']));
  return typed;
}
