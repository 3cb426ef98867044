// Fills etcd with the /registry/... keys a fresh cluster's API server would have written.
import type { EtcdGatewayClient, KeyValue } from './etcd-gateway';
import type { KubeObject } from './fresh-cluster';
import { resourceTypeByKind } from './resources';

/**
 * Keys follow the real layout (/registry/<resource>/[<namespace>/]<name>, nodes under "minions").
 * Values are JSON for readability; a real API server stores protobuf ("k8s\0" + binary), so tools that
 * decode values must not rely on the format.
 */
export function registryEntries(objects: readonly KubeObject[]): KeyValue[] {
  return objects.map((object) => {
    const type = resourceTypeByKind(object.kind);
    if (!type) throw new Error(`no registry location for kind ${object.kind}`);
    const namespace = type.namespaced ? `${object.metadata.namespace}/` : '';
    return { key: `${type.registryPrefix}/${namespace}${object.metadata.name}`, value: JSON.stringify(object) };
  });
}

/** Seeds an empty store only, so that a data dir reused across runs keeps what was written to it. */
export async function seedRegistry(client: EtcdGatewayClient, objects: readonly KubeObject[]): Promise<{ seeded: boolean; keys: number }> {
  const existing = await client.countPrefix('/registry/');
  if (existing > 0) return { seeded: false, keys: existing };
  const entries = registryEntries(objects);
  await client.putAll(entries);
  return { seeded: true, keys: entries.length };
}
