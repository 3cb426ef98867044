// The contract, openapi.yaml, loaded once: the single source of the request shapes the API accepts. It sits at
// the app root, next to host.json, in the repository and in the image.
import fs from 'node:fs';
import path from 'node:path';
import type { OpenAPIV3_1 } from 'openapi-types';
import { parse } from 'yaml';

export const contractFile = path.resolve(__dirname, '..', '..', '..', '..', 'openapi.yaml');

let loaded: { text: string; document: OpenAPIV3_1.Document } | undefined;

export function contract(): { text: string; document: OpenAPIV3_1.Document } {
  if (!loaded) {
    const text = fs.readFileSync(contractFile, 'utf8');
    loaded = { text, document: parse(text) as OpenAPIV3_1.Document };
  }
  return loaded;
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
