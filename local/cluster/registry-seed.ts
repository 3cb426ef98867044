// Fills etcd with the /registry/... keys a fresh cluster's API server would have written.
import type { EtcdGatewayClient, KeyValue } from './etcd-gateway';
import type { KubeObject } from './kube-object';
import { resourceTypeByKind, type ResourceType } from './resources';

/**
 * Keys follow the real layout (/registry/<resource>/[<namespace>/]<name>, nodes under "minions").
 * Values are JSON for readability; a real API server stores protobuf ("k8s\0" + binary), so tools that
 * decode values must not rely on the format.
 */
export function registryEntries(objects: readonly KubeObject[]): KeyValue[] {
  return objects.map((object) => {
    const type = resourceTypeByKind(object.kind, object.apiVersion);
    if (!type) throw new Error(`no registry location for kind ${object.kind}`);
    return { key: registryKey(type, object.metadata.name, object.metadata.namespace), value: JSON.stringify(object) };
  });
}

export function registryKey(type: ResourceType, name: string, namespace?: string): string {
  if (!type.registryPrefix) throw new Error(`${type.name} are not stored`);
  return `${type.registryPrefix}/${type.namespaced ? `${namespace}/` : ''}${name}`;
}

/** Seeds an empty store only, so that a data dir reused across runs keeps what was written to it. */
export async function seedRegistry(client: EtcdGatewayClient, objects: readonly KubeObject[]): Promise<{ seeded: boolean; keys: number }> {
  const existing = await client.countPrefix('/registry/');
  if (existing > 0) return { seeded: false, keys: existing };
  const entries = registryEntries(objects);
  await client.putAll(entries);
  return { seeded: true, keys: entries.length };
}
