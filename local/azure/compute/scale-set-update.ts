// A scale set written again (a deployment's PUT over an existing one) keeps the image and custom data it has when
// the new model leaves them out, as Compute does: aks-engine's upgrade removes both from its scale set templates
// (NormalizeForK8sVMASScalingUp's VMSS counterpart) and relies on that.

type Json = Record<string, unknown>;

function record(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

const SCALE_SET_TYPE = 'microsoft.compute/virtualmachinescalesets';

/** The resource to store: `next`, with the existing scale set's imageReference and customData where `next` omits them. */
export function keepScaleSetModel<T extends { type: string; properties?: unknown }>(existing: T | undefined, next: T): T {
  if (!existing || next.type.toLowerCase() !== SCALE_SET_TYPE) return next;
  const before = record(record(existing.properties)?.virtualMachineProfile);
  const after = record(record(next.properties)?.virtualMachineProfile);
  if (!before || !after) return next;
  const profile: Json = { ...after };
  const image = record(before.storageProfile)?.imageReference;
  const storage = record(after.storageProfile);
  if (image !== undefined && storage && storage.imageReference === undefined)
    profile.storageProfile = { ...storage, imageReference: image };
  const customData = record(before.osProfile)?.customData;
  const os = record(after.osProfile);
  if (customData !== undefined && os && os.customData === undefined) profile.osProfile = { ...os, customData };
  return { ...next, properties: { ...record(next.properties), virtualMachineProfile: profile } };
}
