// The stand-in's objects, by resource type: reads with label and field selectors, writes that bump one
// cluster-wide resourceVersion (as etcd's revision does), and the change events watches and controllers follow.
import { randomUUID } from 'node:crypto';
import { kubeTimestamp, type KubeObject } from './kube-object';
import { apiVersionOf, resourceTypeByKind, resourceTypes, type ResourceType } from './resources';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  resource: ResourceType;
  /** The object after the change; for DELETED, as it was when deleted (with the deletion's resourceVersion). */
  object: KubeObject;
  /** For MODIFIED and DELETED, the object before the change. */
  previous?: KubeObject;
  resourceVersion: number;
}

/** How many past events a watch may resume from, like the API server's watch cache. */
const historySize = 1000;

export class ObjectStore {
  private readonly byType = new Map<ResourceType, Map<string, KubeObject>>();
  private revision = 0;
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<(event: StoreEvent) => void>();

  constructor(objects: readonly KubeObject[] = []) {
    for (const type of resourceTypes) this.byType.set(type, new Map());
    for (const object of objects) {
      const type = resourceTypeByKind(object.kind, object.apiVersion);
      if (!type) throw new Error(`no resource type for ${object.apiVersion} ${object.kind}`);
      this.byType.get(type)!.set(keyOf(object.metadata.namespace, object.metadata.name), object);
      this.revision = Math.max(this.revision, Number(object.metadata.resourceVersion) || 0);
    }
  }

  /** Objects of one type, in etcd key order (namespace, then name), optionally in one namespace. */
  list(
    type: ResourceType,
    namespace?: string,
    labelSelector?: string,
    fieldSelector: (object: KubeObject) => boolean = () => true,
  ): KubeObject[] {
    const matches = parseLabelSelector(labelSelector);
    return [...(this.byType.get(type)?.entries() ?? [])]
      .filter(([, object]) => namespace === undefined || object.metadata.namespace === namespace)
      .filter(([, object]) => matches(object.metadata.labels ?? {}) && fieldSelector(object))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, object]) => object);
  }

  get(type: ResourceType, name: string, namespace?: string): KubeObject | undefined {
    return this.byType.get(type)?.get(keyOf(type.namespaced ? namespace : undefined, name));
  }

  /** Stores a new object; fills in uid, creationTimestamp and selfLink when missing. The caller checks it is new. */
  create(type: ResourceType, object: KubeObject): KubeObject {
    const stored = structuredClone(object);
    stored.apiVersion = apiVersionOf(type);
    stored.kind = type.kind;
    const metadata = stored.metadata;
    metadata.uid ||= randomUUID();
    metadata.creationTimestamp ||= kubeTimestamp(new Date());
    metadata.selfLink = selfLink(type, metadata.name, metadata.namespace);
    metadata.resourceVersion = String(++this.revision);
    this.byType.get(type)!.set(keyOf(metadata.namespace, metadata.name), stored);
    this.emit({ type: 'ADDED', resource: type, object: stored, resourceVersion: this.revision });
    return stored;
  }

  /** Replaces a stored object, keeping what the server owns (uid, creationTimestamp, selfLink). */
  update(type: ResourceType, object: KubeObject): KubeObject {
    const key = keyOf(type.namespaced ? object.metadata.namespace : undefined, object.metadata.name);
    const previous = this.byType.get(type)!.get(key);
    if (!previous) throw new Error(`${type.name} ${key} does not exist`);
    const stored = structuredClone(object);
    stored.apiVersion = apiVersionOf(type);
    stored.kind = type.kind;
    stored.metadata.uid = previous.metadata.uid;
    stored.metadata.creationTimestamp = previous.metadata.creationTimestamp;
    stored.metadata.selfLink = previous.metadata.selfLink;
    stored.metadata.resourceVersion = String(++this.revision);
    this.byType.get(type)!.set(key, stored);
    this.emit({ type: 'MODIFIED', resource: type, object: stored, previous, resourceVersion: this.revision });
    return stored;
  }

  delete(type: ResourceType, name: string, namespace?: string): KubeObject | undefined {
    const key = keyOf(type.namespaced ? namespace : undefined, name);
    const previous = this.byType.get(type)!.get(key);
    if (!previous) return undefined;
    this.byType.get(type)!.delete(key);
    const deleted = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(++this.revision) } };
    this.emit({ type: 'DELETED', resource: type, object: deleted, previous, resourceVersion: this.revision });
    return previous;
  }

  /** The store's revision, which list responses carry. */
  resourceVersion(): string {
    return String(this.revision);
  }

  /** Events after a resourceVersion, or undefined when it is older than the history kept (a watch then gets 410 Gone). */
  eventsSince(resourceVersion: number): StoreEvent[] | undefined {
    if (resourceVersion >= this.revision) return [];
    const oldest = this.history[0]?.resourceVersion ?? this.revision + 1;
    if (resourceVersion < oldest - 1) return undefined;
    return this.history.filter((event) => event.resourceVersion > resourceVersion);
  }

  onChange(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  all(): KubeObject[] {
    return [...this.byType.values()].flatMap((objects) => [...objects.values()]);
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > historySize) this.history.shift();
    for (const listener of [...this.listeners]) listener(event);
  }
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** Kubernetes 1.11 still fills metadata.selfLink. */
export function selfLink(type: ResourceType, name: string, namespace?: string): string {
  const prefix = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  return type.namespaced ? `${prefix}/namespaces/${namespace}/${type.name}/${name}` : `${prefix}/${type.name}/${name}`;
}

/**
 * Equality-based selectors (`a=b`, `a==b`, `a!=b`), existence (`a`, `!a`) and set-based `a in (x,y)`,
 * `a notin (x,y)`, comma-separated.
 */
export function parseLabelSelector(selector: string | undefined): (labels: Record<string, string>) => boolean {
  const parts = splitOutsideParentheses(selector ?? '')
    .map((part) => part.trim())
    .filter(Boolean);
  const requirements = parts.map((part): ((labels: Record<string, string>) => boolean) => {
    const set = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (set) {
      const values = set[3]!.split(',').map((value) => value.trim());
      const key = set[1]!;
      return set[2] === 'in' ? (labels) => values.includes(labels[key]!) : (labels) => !(key in labels) || !values.includes(labels[key]!);
    }
    const inequality = /^([^!=]+)!=(.*)$/.exec(part);
    if (inequality) return (labels) => labels[inequality[1]!.trim()] !== inequality[2]!.trim();
    const equality = /^([^!=]+)==?(.*)$/.exec(part);
    if (equality) return (labels) => labels[equality[1]!.trim()] === equality[2]!.trim();
    if (part.startsWith('!')) return (labels) => !(part.slice(1).trim() in labels);
    return (labels) => part in labels;
  });
  return (labels) => requirements.every((requirement) => requirement(labels));
}

function splitOutsideParentheses(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const character of text) {
    if (character === '(') depth++;
    if (character === ')') depth--;
    if (character === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += character;
  }
  parts.push(current);
  return parts;
}
