// Validates each request's path and query parameters and JSON body against its operation's schemas in
// openapi.yaml, with compiled validators. Defaults the contract declares are filled in. Every violation becomes
// one detail of a 400, its target a JSON path (agentPoolProfiles[0].count) and its code the schema's
// x-error-code where the contract gives one.
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { OpenAPIV3_1 } from 'openapi-types';
import { invalidRequest, type ErrorDetail } from '../errors';
import { contract, operationShapes } from './openapi';

interface CompiledOperation {
  parameters: Array<{ name: string; in: string; required: boolean; validate: ValidateFunction }>;
  body?: ValidateFunction;
}

const defaultCodes: Record<string, string> = {
  required: 'MissingField',
  additionalProperties: 'UnknownField',
  type: 'InvalidType',
  enum: 'InvalidValue',
  const: 'InvalidValue',
  pattern: 'InvalidFormat',
  format: 'InvalidFormat',
  minimum: 'OutOfRange',
  maximum: 'OutOfRange',
  minItems: 'InvalidCount',
  maxItems: 'InvalidCount',
  maxProperties: 'InvalidCount',
  minProperties: 'InvalidCount',
  minLength: 'InvalidLength',
  maxLength: 'InvalidLength',
  propertyNames: 'InvalidName',
};

interface Compiler {
  shapes: ReturnType<typeof operationShapes>;
  bodies: Ajv2020;
  parameters: Ajv2020;
  operations: Map<string, CompiledOperation | undefined>;
}

let compiler: Compiler | undefined;

/**
 * The validators of one operation, compiled on its first request: a host that is just starting (a cold start in
 * Azure) compiles only what its requests use, not the whole contract.
 */
function compiledOperation(operationId: string): CompiledOperation | undefined {
  compiler ??= createCompiler();
  if (compiler.operations.has(operationId)) return compiler.operations.get(operationId);
  const shape = compiler.shapes.get(operationId);
  const { bodies, parameters } = compiler;
  const operation = shape && {
    parameters: shape.parameters
      .filter((parameter) => parameter.in === 'path' || parameter.in === 'query')
      .map((parameter) => ({
        name: parameter.name,
        in: parameter.in,
        required: parameter.required === true,
        // Wrapped in an object, so that coercion can replace the value (the root of a validation cannot be).
        validate: parameters.compile({ type: 'object', properties: { value: rebase(parameter.schema ?? {}) } } as object),
      })),
    body: shape.body ? bodies.compile(rebase(shape.body) as object) : undefined,
  };
  compiler.operations.set(operationId, operation);
  return operation;
}

function createCompiler(): Compiler {
  const { document } = contract();
  // The contract's schemas are checked against JSON Schema's meta-schema by the tests, not at each cold start
  // (compiling the meta-schema took a tenth of a second).
  const options = { allErrors: true, strict: false, verbose: true, validateSchema: false } as const;
  const bodies = new Ajv2020({ ...options, useDefaults: true });
  // Parameters arrive as text: "5" is the integer 5 there, as OpenAPI's simple style says.
  const parameters = new Ajv2020({ ...options, useDefaults: true, coerceTypes: true });
  for (const ajv of [bodies, parameters]) {
    addFormats(ajv);
    ajv.addSchema({ $id: 'openapi', components: document.components } as object);
  }
  return { shapes: operationShapes(document), bodies, parameters, operations: new Map() };
}

/** Local refs (#/components/...) resolve inside the registered document. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema && typeof schema === 'object') {
    return Object.fromEntries(
      Object.entries(schema).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' ? `openapi${value}` : rebase(value)]),
    );
  }
  return schema;
}

/** "/agentPoolProfiles/0/count" as "agentPoolProfiles[0].count", prefixed for parameters. */
export function jsonPath(instancePath: string, prefix = ''): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), prefix);
}

function detail(error: ErrorObject, prefix: string): ErrorDetail {
  const parent = error.parentSchema as (OpenAPIV3_1.SchemaObject & { 'x-error-code'?: string }) | undefined;
  let target = jsonPath(error.instancePath, prefix);
  let message = error.message ?? 'is not valid';
  if (error.keyword === 'required')
    target = target ? `${target}.${String(error.params.missingProperty)}` : String(error.params.missingProperty);
  if (error.propertyName !== undefined) {
    target = target ? `${target}.${error.propertyName}` : error.propertyName;
    message = `(a name) ${message}`;
  }
  if (error.keyword === 'additionalProperties') {
    const field = String(error.params.additionalProperty);
    target = target ? `${target}.${field}` : field;
    const allowed = Object.keys(parent?.properties ?? {});
    message = `is not a known field${allowed.length ? `; allowed here: ${allowed.join(', ')}` : ''}`;
  }
  if (error.keyword === 'enum')
    message = `must be one of ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
  if (error.keyword === 'required') message = 'is required';
  const shown = target || 'the body';
  return {
    code: parent?.['x-error-code'] ?? defaultCodes[error.keyword] ?? 'InvalidValue',
    target: target || undefined,
    message: `'${shown}' ${message}.`,
  };
}

export interface ValidRequest<T> {
  body: T;
  params: Record<string, string>;
}

/**
 * Checks a request against its operation. The body (already parsed JSON) has the contract's defaults filled in.
 * Throws a 400 listing every violation.
 */
export function validateRequest<T = unknown>(
  operationId: string,
  request: { params: Record<string, string | undefined>; query: URLSearchParams; body?: unknown },
): ValidRequest<T> {
  const operation = compiledOperation(operationId);
  if (!operation) throw new Error(`openapi.yaml has no operation ${operationId}`);
  const details: ErrorDetail[] = [];
  const params: Record<string, string> = {};
  for (const parameter of operation.parameters) {
    const raw = parameter.in === 'path' ? request.params[parameter.name] : (request.query.get(parameter.name) ?? undefined);
    if (raw === undefined || raw === '') {
      if (parameter.required)
        details.push({ code: 'MissingParameter', target: parameter.name, message: `'${parameter.name}' is required.` });
      continue;
    }
    if (!parameter.validate({ value: raw })) {
      for (const error of parameter.validate.errors ?? []) {
        const problem = detail(error, '');
        const code = (error.parentSchema as { 'x-error-code'?: string } | undefined)?.['x-error-code'];
        details.push({
          code: code ?? (parameter.in === 'query' ? 'InvalidQueryParameter' : 'InvalidPathParameter'),
          target: parameter.name,
          message: problem.message.replace(/^'value'/, `'${parameter.name}'`),
        });
      }
    }
    params[parameter.name] = raw;
  }
  const body = request.body;
  if (operation.body && body !== undefined && !operation.body(body)) {
    // A propertyNames failure comes twice: the name's own error, and "property name must be valid" around it.
    for (const error of operation.body.errors ?? []) if (error.keyword !== 'propertyNames') details.push(detail(error, ''));
  }
  if (details.length > 0) throw invalidRequest(details);
  return { body: body as T, params };
}

/** Whether the operation takes a JSON body. */
export function hasJsonBody(operationId: string): boolean {
  return compiledOperation(operationId)?.body !== undefined;
}
