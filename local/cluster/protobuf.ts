// Bodies in Kubernetes' protobuf encoding ("k8s\0" + runtime.Unknown), which kubectl's typed commands send
// (`kubectl auth can-i`, `kubectl create clusterrolebinding ...`), decoded into the JSON form of the object
// for the kinds those commands write. Field numbers are those of k8s.io/api's generated.proto files.

type Field =
  | { name: string; type: 'string' | 'int' | 'bool' | 'time' | 'bytes'; repeated?: boolean }
  | { name: string; type: 'map'; values: 'string' | 'bytes' }
  | { name: string; type: 'message'; schema: () => Schema; repeated?: boolean };
type Schema = Record<number, Field>;

const s = (name: string, repeated = false): Field => ({ name, type: 'string', repeated });
const message = (name: string, schema: () => Schema, repeated = false): Field => ({ name, type: 'message', schema, repeated });

const ownerReference: Schema = {
  1: s('kind'),
  2: s('name'),
  3: s('uid'),
  5: s('apiVersion'),
  6: { name: 'controller', type: 'bool' },
  7: { name: 'blockOwnerDeletion', type: 'bool' },
};
const objectMeta: Schema = {
  1: s('name'),
  2: s('generateName'),
  3: s('namespace'),
  4: s('selfLink'),
  5: s('uid'),
  6: s('resourceVersion'),
  7: { name: 'generation', type: 'int' },
  8: { name: 'creationTimestamp', type: 'time' },
  9: { name: 'deletionTimestamp', type: 'time' },
  10: { name: 'deletionGracePeriodSeconds', type: 'int' },
  11: { name: 'labels', type: 'map', values: 'string' },
  12: { name: 'annotations', type: 'map', values: 'string' },
  13: message('ownerReferences', () => ownerReference, true),
  14: s('finalizers', true),
};
const labelSelector: Schema = {
  1: { name: 'matchLabels', type: 'map', values: 'string' },
  2: message('matchExpressions', () => ({ 1: s('key'), 2: s('operator'), 3: s('values', true) }), true),
};
const policyRule: Schema = {
  1: s('verbs', true),
  2: s('apiGroups', true),
  3: s('resources', true),
  4: s('resourceNames', true),
  5: s('nonResourceURLs', true),
};
const subject: Schema = { 1: s('kind'), 2: s('apiGroup'), 3: s('name'), 4: s('namespace') };
const roleRef: Schema = { 1: s('apiGroup'), 2: s('kind'), 3: s('name') };
const metadata = message('metadata', () => objectMeta);
const resourceAttributes: Schema = {
  1: s('namespace'),
  2: s('verb'),
  3: s('group'),
  4: s('version'),
  5: s('resource'),
  6: s('subresource'),
  7: s('name'),
};
const nonResourceAttributes: Schema = { 1: s('path'), 2: s('verb') };
const accessReviewSpec: Schema = {
  1: message('resourceAttributes', () => resourceAttributes),
  2: message('nonResourceAttributes', () => nonResourceAttributes),
  3: s('user'),
  4: s('groups', true),
  6: s('uid'),
};
const accessReview: Schema = { 1: metadata, 2: message('spec', () => accessReviewSpec) };

/** The kinds whose protobuf bodies are understood, by "apiVersion/kind". */
const schemas: Record<string, Schema> = {
  'rbac.authorization.k8s.io/v1/ClusterRole': {
    1: metadata,
    2: message('rules', () => policyRule, true),
    3: message('aggregationRule', () => ({ 1: message('clusterRoleSelectors', () => labelSelector, true) })),
  },
  'rbac.authorization.k8s.io/v1/Role': { 1: metadata, 2: message('rules', () => policyRule, true) },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': {
    1: metadata,
    2: message('subjects', () => subject, true),
    3: message('roleRef', () => roleRef),
  },
  'rbac.authorization.k8s.io/v1/RoleBinding': {
    1: metadata,
    2: message('subjects', () => subject, true),
    3: message('roleRef', () => roleRef),
  },
  'authorization.k8s.io/v1/SelfSubjectAccessReview': accessReview,
  'authorization.k8s.io/v1/SubjectAccessReview': accessReview,
  'authorization.k8s.io/v1/LocalSubjectAccessReview': accessReview,
  'authorization.k8s.io/v1/SelfSubjectRulesReview': { 1: metadata, 2: message('spec', () => ({ 1: s('namespace') })) },
  'v1/Namespace': { 1: metadata, 2: message('spec', () => ({ 1: s('finalizers', true) })) },
  'v1/ConfigMap': {
    1: metadata,
    2: { name: 'data', type: 'map', values: 'string' },
    3: { name: 'binaryData', type: 'map', values: 'bytes' },
    4: { name: 'immutable', type: 'bool' },
  },
  'v1/Secret': {
    1: metadata,
    2: { name: 'data', type: 'map', values: 'bytes' },
    3: s('type'),
    4: { name: 'stringData', type: 'map', values: 'string' },
    5: { name: 'immutable', type: 'bool' },
  },
  'v1/ServiceAccount': {
    1: metadata,
    2: message('secrets', () => ({ 1: s('kind'), 2: s('namespace'), 3: s('name'), 4: s('uid'), 5: s('apiVersion') }), true),
    3: message('imagePullSecrets', () => ({ 1: s('name') }), true),
    4: { name: 'automountServiceAccountToken', type: 'bool' },
  },
  'policy/v1beta1/Eviction': { 1: metadata },
  'policy/v1/Eviction': { 1: metadata },
};

export const protobufContentType = 'application/vnd.kubernetes.protobuf';
const magic = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export class ProtobufError extends Error {}

/** The object a protobuf body holds, as JSON would carry it; ProtobufError when the kind is not one understood. */
export function decodeKubernetesProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || !body.subarray(0, 4).equals(magic)) throw new ProtobufError('the body does not start with the protobuf envelope');
  const unknown = decode(body.subarray(4), {
    1: message('typeMeta', () => ({ 1: s('apiVersion'), 2: s('kind') })),
    2: { name: 'raw', type: 'bytes' },
  });
  const typeMeta = (unknown.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const schema = schemas[`${typeMeta.apiVersion}/${typeMeta.kind}`];
  if (!schema) throw new ProtobufError(`no protobuf decoding for ${typeMeta.apiVersion} ${typeMeta.kind}`);
  const raw = Buffer.from(String(unknown.raw ?? ''), 'base64');
  return { apiVersion: typeMeta.apiVersion, kind: typeMeta.kind, ...decode(raw, schema) };
}

function decode(bytes: Buffer, schema: Schema): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  let offset = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (offset >= bytes.length) throw new ProtobufError('truncated varint');
      const byte = bytes[offset++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  };
  while (offset < bytes.length) {
    const key = varint();
    const number = Math.floor(key / 8);
    const wireType = key % 8;
    let value: Buffer | number;
    if (wireType === 0) value = varint();
    else if (wireType === 2) {
      const length = varint();
      if (offset + length > bytes.length) throw new ProtobufError('truncated field');
      value = bytes.subarray(offset, offset + length);
      offset += length;
    } else if (wireType === 1 || wireType === 5) {
      offset += wireType === 1 ? 8 : 4;
      continue;
    } else throw new ProtobufError(`unsupported wire type ${wireType}`);
    const field = schema[number];
    if (field) store(result, field, value);
  }
  return result;
}

function store(result: Record<string, unknown>, field: Field, value: Buffer | number): void {
  const text = () => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value));
  const push = (item: unknown) => {
    const list = (result[field.name] as unknown[] | undefined) ?? [];
    list.push(item);
    result[field.name] = list;
  };
  switch (field.type) {
    case 'string':
      if (field.repeated) push(text());
      else if (text() !== '') result[field.name] = text();
      return;
    case 'bytes':
      result[field.name] = Buffer.isBuffer(value) ? value.toString('base64') : '';
      return;
    case 'int':
      if (typeof value === 'number' && value !== 0) result[field.name] = value;
      return;
    case 'bool':
      if (value === 1) result[field.name] = true;
      return;
    case 'time': {
      const time = Buffer.isBuffer(value) ? decode(value, { 1: { name: 'seconds', type: 'int' } }) : {};
      if (typeof time.seconds === 'number') result[field.name] = new Date(time.seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      return;
    }
    case 'map': {
      if (!Buffer.isBuffer(value)) return;
      const entry = decode(value, { 1: s('key'), 2: field.values === 'bytes' ? { name: 'value', type: 'bytes' } : s('value') });
      const map = (result[field.name] as Record<string, string> | undefined) ?? {};
      map[String(entry.key ?? '')] = String(entry.value ?? '');
      result[field.name] = map;
      return;
    }
    case 'message': {
      if (!Buffer.isBuffer(value)) return;
      const decoded = decode(value, field.schema());
      if (field.repeated) push(decoded);
      else result[field.name] = decoded;
      return;
    }
  }
}
