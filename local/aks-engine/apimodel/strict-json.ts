// Decoding an apimodel the way aks-engine's apiloader does for vlabs: Go's encoding/json (case-insensitive keys,
// first type error wins, OrchestratorProfile's own UnmarshalJSON aborts at once), then pkg/api/strictjson.go's
// checkJSONKeys ("Unknown JSON tag <key>", also case-insensitive, walking structs, pointers and slices).
import { type FieldKind, type FieldSchema, type StructSchema, containerServiceSchema, goTypeName } from './vlabs-schema';

export type JsonObject = Record<string, unknown>;

/** The orchestrator names vlabs accepts (pkg/api/vlabs/types.go OrchestratorProfile.UnmarshalJSON). */
const ORCHESTRATORS = ['Kubernetes', 'DCOS', 'Swarm', 'SwarmMode'];

export class ApiModelParseError extends Error {}

/** Parses apimodel text into a canonical object (Go's JSON names), failing with aks-engine's messages. */
export function parseApiModelText(text: string): JsonObject {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ApiModelParseError(goSyntaxError(text, error as Error));
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ApiModelParseError(`json: cannot unmarshal ${jsonKind(raw)} into Go value of type api.TypeMeta`);
  }
  const apiVersion = findKey(raw as JsonObject, 'apiVersion');
  const version = apiVersion === undefined ? '' : (raw as JsonObject)[apiVersion];
  if (typeof version !== 'string' && version !== null && version !== undefined) {
    throw new ApiModelParseError(`json: cannot unmarshal ${jsonKind(version)} into Go struct field TypeMeta.apiVersion of type string`);
  }
  if (version !== 'vlabs') {
    throw new ApiModelParseError(`unrecognized APIVersion '${version ?? ''}'`);
  }
  return decodeContainerService(raw as JsonObject);
}

/** json.Unmarshal into vlabs.ContainerService, then checkJSONKeys. */
export function decodeContainerService(raw: JsonObject): JsonObject {
  const state: DecodeState = {};
  const decoded = decodeStruct(raw, containerServiceSchema, state, []);
  if (state.firstError) throw new ApiModelParseError(state.firstError);
  checkKeys(raw, containerServiceSchema);
  return decoded;
}

interface DecodeState {
  firstError?: string;
}

/** Go 1.19's UnmarshalTypeError names the innermost struct and the path of JSON field names from the root. */
function typeError(value: string, struct: string, fieldStack: string[], goType: string): string {
  return `json: cannot unmarshal ${value} into Go struct field ${struct}.${fieldStack.join('.')} of type ${goType}`;
}

function decodeStruct(raw: JsonObject, schema: StructSchema, state: DecodeState, stack: string[]): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = fieldFor(schema, key);
    if (!field || field.skip || value === null) continue;
    const decoded = decodeValue(value, field.type, schema.name, [...stack, field.json], state);
    if (decoded !== undefined) out[field.json] = decoded;
  }
  return out;
}

function decodeValue(value: unknown, type: FieldKind, structName: string, stack: string[], state: DecodeState): unknown {
  const mismatch = (description = jsonKind(value), goType = goTypeName(type)) => {
    state.firstError ??= typeError(description, structName, stack, goType);
    return undefined;
  };
  switch (type.kind) {
    case 'string':
      return typeof value === 'string' ? value : mismatch();
    case 'bool':
      return typeof value === 'boolean' ? value : mismatch();
    case 'float':
      return typeof value === 'number' ? value : mismatch();
    case 'int':
      if (typeof value !== 'number') return mismatch();
      return Number.isInteger(value) ? value : mismatch(`number ${value}`);
    case 'opaque':
      return value;
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return mismatch();
      const out: JsonObject = {};
      for (const [key, entry] of Object.entries(value as JsonObject)) {
        if (type.valueStruct) {
          if (entry === null) continue;
          if (typeof entry !== 'object' || Array.isArray(entry)) mismatch(jsonKind(entry), `vlabs.${type.valueStruct.name}`);
          else out[key] = decodeStruct(entry as JsonObject, type.valueStruct, state, stack);
          continue;
        }
        if (entry === null) continue;
        if (typeof entry !== 'string') {
          mismatch(jsonKind(entry), 'string');
          continue;
        }
        out[key] = entry;
      }
      return out;
    }
    case 'struct': {
      if (typeof value !== 'object' || Array.isArray(value)) return mismatch();
      if (type.struct.name !== 'OrchestratorProfile') return decodeStruct(value as JsonObject, type.struct, state, stack);
      // Its UnmarshalJSON decodes into an alias type and aborts the whole decoding with its first error, which the
      // outer decoder then places at the orchestratorProfile field (keeping the inner field's Go type).
      const own: DecodeState = {};
      const profile = decodeStruct(value as JsonObject, { ...type.struct, name: 'aliasOrchestratorProfile' }, own, []);
      if (own.firstError) {
        const inner = /^json: cannot unmarshal (.*) into Go struct field .* of type (.*)$/.exec(own.firstError);
        throw new ApiModelParseError(inner ? typeError(inner[1]!, structName, stack, inner[2]!) : own.firstError);
      }
      normalizeOrchestratorType(profile);
      return profile;
    }
    case 'slice': {
      if (!Array.isArray(value)) return mismatch();
      return value.map((element) => (element === null ? null : decodeValue(element, type.element, structName, stack, state)));
    }
  }
}

/** OrchestratorProfile.UnmarshalJSON: normalizes the name case-insensitively and refuses anything else at once. */
function normalizeOrchestratorType(profile: JsonObject): void {
  const given = typeof profile.orchestratorType === 'string' ? profile.orchestratorType : '';
  const known = ORCHESTRATORS.find((name) => name.toLowerCase() === given.toLowerCase());
  if (!known) throw new ApiModelParseError(`OrchestratorType has unknown orchestrator: ${given}`);
  profile.orchestratorType = known;
}

/** checkJSONKeys: every key must name a field of the struct, matched case-insensitively. */
function checkKeys(raw: JsonObject, schema: StructSchema): void {
  for (const [key, value] of Object.entries(raw)) {
    const field = fieldFor(schema, key);
    if (!field) throw new ApiModelParseError(`Unknown JSON tag ${key}`);
    if (!field.skip) checkFieldValue(value, field);
  }
}

function checkFieldValue(value: unknown, field: FieldSchema): void {
  if (value === null || typeof value !== 'object') return;
  const type = field.type;
  if (type.kind === 'struct' && !Array.isArray(value)) checkKeys(value as JsonObject, type.struct);
  if (type.kind === 'slice' && type.element.kind === 'struct' && Array.isArray(value)) {
    for (const element of value) {
      if (element && typeof element === 'object' && !Array.isArray(element)) checkKeys(element as JsonObject, type.element.struct);
    }
  }
}

function fieldFor(schema: StructSchema, key: string): FieldSchema | undefined {
  return schema.fields.find((field) => field.json === key) ?? schema.fields.find((field) => field.json.toLowerCase() === key.toLowerCase());
}

function findKey(object: JsonObject, name: string): string | undefined {
  return Object.keys(object).find((key) => key.toLowerCase() === name.toLowerCase());
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

/** Go's encoding/json syntax errors, approximated from V8's message and position. */
function goSyntaxError(text: string, error: Error): string {
  if (text.trim() === '') return 'unexpected end of JSON input';
  const match = /position (\d+)/.exec(error.message);
  if (!match || /Unexpected end of JSON input/i.test(error.message)) return 'unexpected end of JSON input';
  const position = Number(match[1]);
  if (position >= text.length) return 'unexpected end of JSON input';
  const character = text[position]!;
  const before = text.slice(0, position).trimEnd();
  const last = before[before.length - 1];
  if (last === '{' || last === ',') {
    if (character === '}' && last === ',') return `invalid character '}' looking for beginning of object key string`;
    return `invalid character '${character}' looking for beginning of object key string`;
  }
  if (last === ':') return `invalid character '${character}' looking for beginning of value`;
  if (before === '') return `invalid character '${character}' looking for beginning of value`;
  return `invalid character '${character}' after object key:value pair`;
}
