// PATCH bodies: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and strategic merge patch. The strategic
// form is applied as a merge patch that honours `$patch: delete|replace` and drops the other `$` directives;
// lists are replaced whole, which is what the built-in types' lists without a merge key get anyway.
import { isRecord } from './kube-object';

export const patchContentTypes = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

export class PatchError extends Error {
  constructor(
    message: string,
    /** 422 when the patch does not apply, 400 when it is not a patch. */
    readonly code: 400 | 422,
  ) {
    super(message);
  }
}

export function applyPatch(contentType: string, target: unknown, patch: unknown): unknown {
  switch (contentType) {
    case 'application/merge-patch+json':
      return mergePatch(target, patch, false);
    case 'application/strategic-merge-patch+json':
      return mergePatch(target, patch, true);
    case 'application/json-patch+json':
      return jsonPatch(target, patch);
    default:
      throw new PatchError(`unsupported patch type ${contentType}`, 400);
  }
}

function mergePatch(target: unknown, patch: unknown, strategic: boolean): unknown {
  if (!isRecord(patch)) return structuredClone(patch);
  if (strategic && patch.$patch === 'delete') return undefined;
  const replace = strategic && patch.$patch === 'replace';
  const result: Record<string, unknown> = isRecord(target) && !replace ? structuredClone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (strategic && key.startsWith('$')) continue;
    if (value === null) {
      delete result[key];
      continue;
    }
    const merged = mergePatch(result[key], value, strategic);
    if (merged === undefined) delete result[key];
    else result[key] = merged;
  }
  return result;
}

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function jsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw new PatchError('json patch must be an array of operations', 400);
  let document = structuredClone(target);
  for (const operation of patch as Operation[]) {
    if (!isRecord(operation) || typeof operation.op !== 'string' || typeof operation.path !== 'string')
      throw new PatchError('every json patch operation needs "op" and "path"', 400);
    switch (operation.op) {
      case 'add':
        document = put(document, operation.path, structuredClone(operation.value), 'add');
        break;
      case 'replace':
        get(document, operation.path);
        document = put(document, operation.path, structuredClone(operation.value), 'replace');
        break;
      case 'remove':
        document = remove(document, operation.path);
        break;
      case 'move': {
        const value = get(document, operation.from ?? '');
        document = put(remove(document, operation.from ?? ''), operation.path, value, 'add');
        break;
      }
      case 'copy':
        document = put(document, operation.path, structuredClone(get(document, operation.from ?? '')), 'add');
        break;
      case 'test':
        if (JSON.stringify(get(document, operation.path)) !== JSON.stringify(operation.value))
          throw new PatchError(`testing value ${operation.path} failed`, 422);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${operation.op}`, 400);
    }
  }
  return document;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer "${path}"`, 400);
  return path
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function get(document: unknown, path: string): unknown {
  let current = document;
  for (const token of pointer(path)) {
    if (Array.isArray(current) && /^\d+$/.test(token) && Number(token) < current.length) current = current[Number(token)];
    else if (isRecord(current) && token in current) current = current[token];
    else throw new PatchError(`jsonpatch: path ${path} does not exist`, 422);
  }
  return current;
}

function parentOf(document: unknown, path: string): { parent: unknown; key: string } {
  const tokens = pointer(path);
  if (tokens.length === 0) throw new PatchError('cannot change the whole document', 422);
  const key = tokens.pop()!;
  const parentPath = tokens.map((token) => `/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  return { parent: get(document, parentPath), key };
}

function put(document: unknown, path: string, value: unknown, op: 'add' | 'replace'): unknown {
  if (path === '') return value;
  const { parent, key } = parentOf(document, path);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) throw new PatchError(`jsonpatch: index ${key} out of range`, 422);
    if (op === 'add') parent.splice(index, 0, value);
    else parent[index] = value;
  } else if (isRecord(parent)) {
    parent[key] = value;
  } else throw new PatchError(`jsonpatch: path ${path} does not exist`, 422);
  return document;
}

function remove(document: unknown, path: string): unknown {
  const { parent, key } = parentOf(document, path);
  if (Array.isArray(parent) && /^\d+$/.test(key) && Number(key) < parent.length) parent.splice(Number(key), 1);
  else if (isRecord(parent) && key in parent) delete parent[key];
  else throw new PatchError(`jsonpatch: path ${path} does not exist`, 422);
  return document;
}
