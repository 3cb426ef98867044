// Read-only lookups over the stand-in's objects, with the label selectors kubectl sends.
import type { KubeObject } from './fresh-cluster';
import type { ResourceType } from './resources';

export class ObjectStore {
  constructor(private readonly objects: readonly KubeObject[]) {}

  /** Objects of one type, in etcd key order (namespace, then name), optionally in one namespace. */
  list(type: ResourceType, namespace?: string, labelSelector?: string): KubeObject[] {
    const matches = parseLabelSelector(labelSelector);
    return this.objects
      .filter((object) => object.kind === type.kind)
      .filter((object) => namespace === undefined || object.metadata.namespace === namespace)
      .filter((object) => matches(object.metadata.labels ?? {}))
      .sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  }

  get(type: ResourceType, name: string, namespace?: string): KubeObject | undefined {
    return this.objects.find(
      (object) => object.kind === type.kind && object.metadata.name === name && object.metadata.namespace === namespace,
    );
  }

  /** The newest resourceVersion, which list responses carry. */
  resourceVersion(): string {
    return String(Math.max(0, ...this.objects.map((object) => Number(object.metadata.resourceVersion))));
  }

  all(): readonly KubeObject[] {
    return this.objects;
  }
}

function keyOf(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/**
 * Equality-based selectors (`a=b`, `a==b`, `a!=b`) and existence (`a`, `!a`), comma-separated.
 * Set-based selectors (`in`, `notin`) are not needed by kubectl's built-in commands.
 */
export function parseLabelSelector(selector: string | undefined): (labels: Record<string, string>) => boolean {
  const requirements = (selector ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part): ((labels: Record<string, string>) => boolean) => {
      const inequality = /^([^!=]+)!=(.*)$/.exec(part);
      if (inequality) return (labels) => labels[inequality[1]!.trim()] !== inequality[2]!.trim();
      const equality = /^([^!=]+)==?(.*)$/.exec(part);
      if (equality) return (labels) => labels[equality[1]!.trim()] === equality[2]!.trim();
      if (part.startsWith('!')) return (labels) => !(part.slice(1).trim() in labels);
      return (labels) => part in labels;
    });
  return (labels) => requirements.every((requirement) => requirement(labels));
}
