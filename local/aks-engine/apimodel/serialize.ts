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

/** Go marshals map keys in sorted order; `sortAs` renames keys for the comparison only. */
export function sortKeysDeep(value: unknown, sortAs: (key: string) => string = (key) => key): unknown {
  if (Array.isArray(value)) return value.map((item) => sortKeysDeep(item, sortAs));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const keys = Object.keys(value).sort((a, b) => {
      const x = sortAs(a);
      const y = sortAs(b);
      return x < y ? -1 : x > y ? 1 : 0;
    });
    for (const key of keys) out[key] = sortKeysDeep((value as Record<string, unknown>)[key], sortAs);
    return out;
  }
  return value;
}

/** Go's encoder escapes U+2028 and U+2029 even without HTML escaping; Encode ends the text with a newline. */
function goEncoded(text: string): string {
  return `${text.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}\n`;
}

/**
 * helpers.JSONMarshalIndent(value, "", "  ", false) / helpers.JSONMarshal(value, false): keys sorted, no HTML
 * escaping, a final newline. apimodel.json and the parameters file are written this way.
 */
export function goMarshal(value: unknown, indent?: string): string {
  return goEncoded(JSON.stringify(value, null, indent));
}

/** The four sections transform.PrettyPrintArmTemplate renames around its sort, so that they come in this order. */
const ARM_SECTION_SORT_NAMES: Record<string, string> = {
  parameters: 'dparameters',
  variables: 'evariables',
  resources: 'fresources',
  outputs: 'zoutputs',
};

/**
 * transform.PrettyPrintArmTemplate: keys sorted, except that "parameters", "variables", "resources" and "outputs" (at any
 * depth) sort as "dparameters", "evariables", "fresources" and "zoutputs"; 2-space indentation, no HTML escaping.
 */
export function armTemplateText(template: unknown): string {
  return goMarshal(
    sortKeysDeep(template, (key) => ARM_SECTION_SORT_NAMES[key] ?? key),
    '  ',
  );
}
