// The contract, openapi.yaml, loaded once: the single source of the request shapes the API accepts. It sits at
// the app root, next to host.json, in the repository and in the image.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { OpenAPIV3_1 } from 'openapi-types';

/**
 * The app root: the nearest folder above this code that holds host.json. The code runs from the compiled tree
 * (dist/src/...) or from the app bundle (dist/app/main.cjs), at different depths.
 */
function appRoot(): string {
  for (let folder = __dirname; ; folder = path.dirname(folder)) {
    if (fs.existsSync(path.join(folder, 'host.json'))) return folder;
    if (path.dirname(folder) === folder) throw new Error(`No host.json above ${__dirname}: the app root is not found.`);
  }
}

const root = appRoot();
export const contractFile = path.join(root, 'openapi.yaml');
/** The JSON copy of the contract that the build writes (see write-contract-json.ts). */
export const contractJsonFile = path.join(root, 'dist', 'openapi.json');

export interface Contract {
  /** openapi.yaml as written, served by GET /api/openapi.yaml. */
  text: string;
  document: OpenAPIV3_1.Document;
}

/** What the JSON copy holds: the document, and the SHA-256 of the openapi.yaml text it was made from. */
interface ContractJson {
  sha256: string;
  document: OpenAPIV3_1.Document;
}

let loaded: Contract | undefined;

export function contract(): Contract {
  loaded ??= loadContract(contractFile, contractJsonFile);
  return loaded;
}

/**
 * Parsing the YAML takes about a fifth of a second of every cold start, the JSON copy under a millisecond; the
 * copy is used only while it was made from this very openapi.yaml, so an edited contract is never served stale.
 */
export function loadContract(yamlFile: string, jsonFile: string): Contract {
  const text = fs.readFileSync(yamlFile, 'utf8');
  return { text, document: jsonCopy(jsonFile, sha256(text)) ?? parseYaml(text) };
}

function jsonCopy(jsonFile: string, expectedSha256: string): OpenAPIV3_1.Document | undefined {
  let copy: Partial<ContractJson>;
  try {
    copy = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as Partial<ContractJson>;
  } catch {
    return undefined;
  }
  return copy.sha256 === expectedSha256 ? copy.document : undefined;
}

/** Writes the JSON copy of the YAML contract (a build step). */
export function writeContractJson(yamlFile: string, jsonFile: string): void {
  const text = fs.readFileSync(yamlFile, 'utf8');
  const copy: ContractJson = { sha256: sha256(text), document: parseYaml(text) };
  fs.writeFileSync(jsonFile, JSON.stringify(copy));
}

/**
 * The YAML parser is loaded only when the JSON copy cannot serve (a build step, an edited contract): loading it
 * took about 30 ms of every start. require() keeps it the CommonJS build the types describe.
 */
function parseYaml(text: string): OpenAPIV3_1.Document {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, for the reason above
  return (require('yaml') as typeof import('yaml')).parse(text) as OpenAPIV3_1.Document;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface OperationShape {
  operationId: string;
  method: string;
  path: string;
  parameters: OpenAPIV3_1.ParameterObject[];
  body?: OpenAPIV3_1.SchemaObject;
}

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;

function resolve<T>(document: OpenAPIV3_1.Document, value: T | OpenAPIV3_1.ReferenceObject): T {
  let current: unknown = value;
  while (current && typeof current === 'object' && '$ref' in current) {
    const pointer = (current as OpenAPIV3_1.ReferenceObject).$ref.replace(/^#\//, '').split('/');
    current = pointer.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document);
  }
  return current as T;
}

/** Every operation with its parameters (path-level and operation-level) and its JSON body schema. */
export function operationShapes(document: OpenAPIV3_1.Document): Map<string, OperationShape> {
  const shapes = new Map<string, OperationShape>();
  for (const [route, item] of Object.entries(document.paths ?? {})) {
    if (!item) continue;
    for (const method of methods) {
      const operation = item[method];
      if (!operation?.operationId) continue;
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((parameter) =>
        resolve<OpenAPIV3_1.ParameterObject>(document, parameter),
      );
      const requestBody = operation.requestBody ? resolve<OpenAPIV3_1.RequestBodyObject>(document, operation.requestBody) : undefined;
      const bodySchema =
        requestBody?.content?.['application/json']?.schema ?? requestBody?.content?.['application/merge-patch+json']?.schema;
      shapes.set(operation.operationId, { operationId: operation.operationId, method, path: route, parameters, body: bodySchema });
    }
  }
  return shapes;
}
