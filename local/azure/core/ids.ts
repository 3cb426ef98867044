// Identifiers the emulator mints: GUIDs, opaque operation ids, ARM-style operation ids and request ids.
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export function newGuid(): string {
  return randomUUID();
}

/** An opaque token like the ones ARM puts in operationresults URLs. */
export function opaqueId(): string {
  return randomBytes(24).toString('base64url');
}

/** Deployment operation ids look like "3E5D4F2A1B0C9D8E": 16 upper-case hex digits, stable per input. */
export function operationIdFor(...parts: string[]): string {
  return createHash('sha256').update(parts.join('|').toLowerCase()).digest('hex').slice(0, 16).toUpperCase();
}

export function isGuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** Keys of the state maps: ARM ids and names compare case-insensitively. */
export function keyOf(id: string): string {
  return id.toLowerCase();
}

export function resourceGroupId(subscriptionId: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${name}`;
}

export function deploymentId(subscriptionId: string, groupName: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${groupName}/providers/Microsoft.Resources/deployments/${name}`;
}

/** ISO 8601 duration as ARM writes it, e.g. "PT1M2.5S". */
export function isoDuration(ms: number): string {
  const totalSeconds = Math.max(0, ms) / 1000;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = Math.round((totalSeconds % 60) * 1000) / 1000;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds || (!hours && !minutes) ? `${seconds}S` : ''}`;
}
