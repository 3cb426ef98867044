// Checks API answers against openapi.yaml, so that the contract stays true.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { contract } from '../../src/api/contract/openapi';

type Schema = Record<string, unknown>;
interface OpenApi {
  paths: Record<string, Record<string, { responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: Schema }> }> }>>;
  components: { schemas: Record<string, Schema>; responses: Record<string, { content?: Record<string, { schema?: Schema }> }> };
}

/** openapi.yaml, loaded as the app loads it. */
export const openApi = contract().document as unknown as OpenApi;

// The schemas' own validity is test/src/api/contract-document.test.ts's subject; here they are only used.
const ajv = new Ajv2020({ allErrors: true, strict: false, validateSchema: false });
addFormats(ajv);
ajv.addSchema({ $id: 'openapi', components: openApi.components } as Schema);

/** Rewrites local refs so they resolve inside the registered document. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema && typeof schema === 'object') {
    return Object.fromEntries(
      Object.entries(schema).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' ? `openapi${value}` : rebase(value)]),
    );
  }
  return schema;
}

/** Compiled validators by method, path and status: Ajv caches by schema object, and rebase() makes a new one each time. */
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

/** Asserts that a JSON body matches the schema the contract gives for this path, method and status. */
export function assertMatchesContract(pathTemplate: string, method: string, status: number, body: unknown): void {
  const operation = openApi.paths[pathTemplate]?.[method.toLowerCase()];
  if (!operation) throw new Error(`openapi.yaml has no ${method} ${pathTemplate}`);
  let response = operation.responses?.[String(status)];
  if (!response) throw new Error(`openapi.yaml has no ${status} answer for ${method} ${pathTemplate}`);
  if (response.$ref) response = openApi.components.responses[response.$ref.split('/').pop()!] as typeof response;
  const schema = response.content?.['application/json']?.schema;
  if (!schema) throw new Error(`openapi.yaml gives no JSON schema for ${status} of ${method} ${pathTemplate}`);
  const key = `${method.toLowerCase()} ${pathTemplate} ${status}`;
  let validate = validators.get(key);
  if (!validate) validators.set(key, (validate = ajv.compile(rebase(schema) as Schema)));
  if (!validate(body)) {
    throw new Error(
      `${method} ${pathTemplate} ${status} does not match openapi.yaml: ${ajv.errorsText(validate.errors)}\n` +
        JSON.stringify(body).slice(0, 2000),
    );
  }
}
