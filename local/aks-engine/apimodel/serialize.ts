// Writes an apimodel the way Go's encoding/json marshals the vlabs structs: fields in declaration order,
// `omitempty` honoured, zero values for the rest, map keys sorted. apimodel.json uses 2 spaces and no HTML
// escaping (helpers.JSONMarshalIndent(..., false)); the default model (--show-default-model) uses a tab.
import { type FieldKind, type FieldSchema, type StructSchema, containerServiceSchema } from './vlabs-schema';
import type { ContainerService } from './types';

export function serializeApiModel(model: ContainerService, indent = '  '): string {
  return JSON.stringify(structValue(model as unknown as Record<string, unknown>, containerServiceSchema), null, indent);
}

function structValue(value: Record<string, unknown>, schema: StructSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of schema.fields) {
    const present = value[field.json];
    if (field.omitempty && isEmpty(present, field)) continue;
    out[field.json] = present === undefined || present === null ? zeroValue(field.type, field) : marshal(present, field.type);
  }
  return out;
}

function marshal(value: unknown, type: FieldKind): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'struct':
      return structValue(value as Record<string, unknown>, type.struct);
    case 'slice':
      return (value as unknown[]).map((element) => marshal(element, type.element));
    case 'map':
    case 'opaque':
      return sortKeysDeep(value);
    default:
      return value;
  }
}

/** Go's omitempty: false, 0, "", nil and empty slices/maps are left out; a non-nil pointer (even to false) is kept. */
function isEmpty(value: unknown, field: FieldSchema): boolean {
  if (value === undefined || value === null) return true;
  if (field.pointer || (field.type.kind === 'struct' && field.type.pointer)) return false;
  if (field.type.kind === 'struct') return false;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value as object).length === 0;
  return value === '' || value === 0 || value === false;
}

function zeroValue(type: FieldKind, field: FieldSchema): unknown {
  if (field.pointer) return null;
  switch (type.kind) {
    case 'string':
      return '';
    case 'int':
    case 'float':
      return 0;
    case 'bool':
      return false;
    case 'struct':
      return type.pointer ? null : structValue({}, type.struct);
    default:
      return null;
  }
}

/** Go marshals map keys in sorted order. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** json.MarshalIndent with its default HTML escaping, as transform.PrettyPrintJSON writes the ARM files. */
export function goMarshalIndent(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value), null, 2)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
