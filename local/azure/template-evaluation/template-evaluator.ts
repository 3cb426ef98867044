// Turns a deployment template plus its parameters into the resources it declares and a way to compute its
// outputs. Resource bodies and outputs are evaluated on demand, because reference() needs the runtime state
// of other resources, which the caller (the deployment planner) supplies.
import { evaluateValue, type EvaluationContext } from './expression-evaluator';
import { buildResourceId } from './template-functions';
import { TemplateError } from './template-error';

export interface TemplateRuntime {
  deploymentName: string;
  subscriptionId: string;
  tenantId: string;
  resourceGroup: { id: string; name: string; location: string; tags: Record<string, string> };
  /** reference(): the properties (or the full resource) of a resource, by id, "type/name" or plain name. */
  reference(target: string, full: boolean): unknown;
  /** list*() actions such as listKeys. */
  list(action: string, resourceId: string): unknown;
}

export interface ResourceBody {
  location?: string;
  tags?: Record<string, string>;
  kind?: string;
  sku?: unknown;
  identity?: unknown;
  zones?: unknown;
  plan?: unknown;
  properties: Record<string, unknown>;
}

export interface DeclaredResource {
  id: string;
  type: string;
  name: string;
  apiVersion?: string;
  /** Raw dependsOn entries, evaluated: ids, "type/name" pairs, names or copy loop names. */
  dependsOn: string[];
  /** The copy loop that produced this resource, if any. */
  copyLoop?: string;
  /** Where it sits in the template, for error messages. */
  path: string;
  evaluateBody(): ResourceBody;
}

export interface OutputValue {
  type: string;
  value: unknown;
}

export interface EvaluatedTemplate {
  /** Parameter values as ARM echoes them: secure values are left out. */
  parameters: Record<string, { type: string; value?: unknown }>;
  resources: DeclaredResource[];
  /** Resources whose condition is false: dependsOn may still name them. */
  skipped: Array<{ id: string; type: string; name: string; copyLoop?: string }>;
  evaluateOutputs(): Record<string, OutputValue>;
}

interface ParameterDeclaration {
  type?: string;
  defaultValue?: unknown;
  allowedValues?: unknown[];
  minValue?: number;
  maxValue?: number;
  minLength?: number;
  maxLength?: number;
}

const outputTypeNames: Record<string, string> = {
  string: 'String',
  securestring: 'SecureString',
  int: 'Int',
  bool: 'Bool',
  object: 'Object',
  secureobject: 'SecureObject',
  array: 'Array',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function findKey(record: Record<string, unknown>, name: string): string | undefined {
  return Object.keys(record).find((key) => key.toLowerCase() === name.toLowerCase());
}

function checkParameterType(name: string, type: string, value: unknown): void {
  const kind = type.toLowerCase();
  const ok =
    kind === 'string' || kind === 'securestring'
      ? typeof value === 'string'
      : kind === 'int'
        ? typeof value === 'number' && Number.isInteger(value)
        : kind === 'bool'
          ? typeof value === 'boolean'
          : kind === 'object' || kind === 'secureobject'
            ? isRecord(value)
            : kind === 'array'
              ? Array.isArray(value)
              : false;
  if (!ok) {
    const actual = Array.isArray(value)
      ? 'Array'
      : value === null
        ? 'Null'
        : typeof value === 'number'
          ? 'Integer'
          : typeof value === 'boolean'
            ? 'Boolean'
            : typeof value === 'string'
              ? 'String'
              : 'Object';
    throw new TemplateError(
      `Template parameter JToken type is not valid. Expected '${type}'. Actual '${actual}'. Please see https://aka.ms/resource-manager-parameter-files for usage details.`,
      `parameters.${name}`,
    );
  }
}

function checkParameterConstraints(name: string, declaration: ParameterDeclaration, value: unknown): void {
  const path = `parameters.${name}`;
  if (
    Array.isArray(declaration.allowedValues) &&
    !declaration.allowedValues.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))
  ) {
    throw new TemplateError(
      `The provided value for the template parameter '${name}' is not valid. The value ` +
        `'${String(value)}' is not part of the allowed value(s): '${declaration.allowedValues.join(',')}'.`,
      path,
    );
  }
  if (typeof value === 'number') {
    if (declaration.minValue !== undefined && value < declaration.minValue)
      throw new TemplateError(
        `The provided value '${value}' for the template parameter '${name}' is less than the minimum value '${declaration.minValue}'.`,
        path,
      );
    if (declaration.maxValue !== undefined && value > declaration.maxValue)
      throw new TemplateError(
        `The provided value '${value}' for the template parameter '${name}' is greater than the maximum value '${declaration.maxValue}'.`,
        path,
      );
  }
  if (typeof value === 'string' || Array.isArray(value)) {
    if (declaration.minLength !== undefined && value.length < declaration.minLength)
      throw new TemplateError(
        `The provided value for the template parameter '${name}' is shorter than the minimum length '${declaration.minLength}'.`,
        path,
      );
    if (declaration.maxLength !== undefined && value.length > declaration.maxLength)
      throw new TemplateError(
        `The provided value for the template parameter '${name}' is longer than the maximum length '${declaration.maxLength}'.`,
        path,
      );
  }
}

/** The template-wide evaluation state: parameters, lazily evaluated variables, and the runtime. */
class TemplateScope {
  readonly parameterValues = new Map<string, unknown>();
  private readonly variableValues = new Map<string, unknown>();
  private readonly evaluating = new Set<string>();

  constructor(
    readonly template: Record<string, unknown>,
    readonly runtime: TemplateRuntime,
  ) {}

  variable(name: string, context: EvaluationContext): unknown {
    const variables = isRecord(this.template.variables) ? this.template.variables : {};
    const key = name.toLowerCase();
    if (this.variableValues.has(key)) return this.variableValues.get(key);
    if (this.evaluating.has(key))
      throw new TemplateError(`The variable '${name}' references itself (directly or through other variables).`, `variables.${name}`);
    const copies = Array.isArray(variables.copy) ? (variables.copy as Array<Record<string, unknown>>) : [];
    const loop = copies.find((copy) => typeof copy.name === 'string' && copy.name.toLowerCase() === key);
    const declared = findKey(variables, name);
    if (!loop && (declared === undefined || declared.toLowerCase() === 'copy')) {
      throw new TemplateError(
        `The template variable '${name}' is not found. Please see https://aka.ms/arm-syntax-variables for usage details.`,
      );
    }
    this.evaluating.add(key);
    try {
      let value: unknown;
      if (loop) {
        const count = evaluateValue(loop.count, context, `variables.copy.${name}.count`);
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
          throw new TemplateError(`The copy count of variable '${name}' must be a non-negative integer.`, `variables.copy`);
        value = Array.from({ length: count }, (_, index) =>
          evaluateValue(loop.input, context.withLoop(String(loop.name), index), `variables.copy.${name}.input`),
        );
      } else {
        value = evaluateValue(variables[declared!], context, `variables.${declared}`);
      }
      this.variableValues.set(key, value);
      return value;
    } finally {
      this.evaluating.delete(key);
    }
  }
}

/** EvaluationContext for one place in the template: the scope plus the copy loops we are inside. */
class TemplateContext implements EvaluationContext {
  constructor(
    private readonly scope: TemplateScope,
    private readonly loops: ReadonlyArray<{ name: string; index: number }> = [],
    /** ARM only allows reference() and list*() in resource properties and outputs. */
    private readonly runtimeFunctionsAllowed = false,
  ) {}

  /** The same place, where reference() and list*() may be used (resource properties, outputs). */
  withRuntimeFunctions(): TemplateContext {
    return new TemplateContext(this.scope, this.loops, true);
  }

  private requireRuntime(name: string): void {
    if (!this.runtimeFunctionsAllowed) {
      throw new TemplateError(
        `The template function '${name}' is not expected at this location. It can only be used in resource properties and outputs. Please see https://aka.ms/arm-functions-resource for usage details.`,
      );
    }
  }

  parameter(name: string): unknown {
    const key = name.toLowerCase();
    if (!this.scope.parameterValues.has(key))
      throw new TemplateError(
        `The template parameter '${name}' is not found. Please see https://aka.ms/arm-syntax-parameters for usage details.`,
      );
    return this.scope.parameterValues.get(key);
  }

  variable(name: string): unknown {
    return this.scope.variable(name, new TemplateContext(this.scope));
  }

  copyIndex(loopName: string | undefined): number {
    const loop =
      loopName === undefined
        ? this.loops[this.loops.length - 1]
        : [...this.loops].reverse().find((l) => l.name.toLowerCase() === loopName.toLowerCase());
    if (!loop)
      throw new TemplateError(
        loopName
          ? `The copy loop '${loopName}' is not found.`
          : "The template function 'copyIndex' is not expected at this location. It can only be used within a copy loop.",
      );
    return loop.index;
  }

  withLoop(loopName: string, index: number): TemplateContext {
    return new TemplateContext(this.scope, [...this.loops, { name: loopName, index }], this.runtimeFunctionsAllowed);
  }

  resourceGroup(): Record<string, unknown> {
    const group = this.scope.runtime.resourceGroup;
    return {
      id: group.id,
      name: group.name,
      type: 'Microsoft.Resources/resourceGroups',
      location: group.location,
      tags: group.tags,
      properties: { provisioningState: 'Succeeded' },
    };
  }

  subscription(): Record<string, unknown> {
    const { subscriptionId, tenantId } = this.scope.runtime;
    return { id: `/subscriptions/${subscriptionId}`, subscriptionId, tenantId, displayName: 'Local emulator subscription' };
  }

  deployment(): Record<string, unknown> {
    return {
      name: this.scope.runtime.deploymentName,
      properties: {
        template: { contentVersion: this.scope.template.contentVersion },
        templateLink: null,
        mode: 'Incremental',
        provisioningState: 'Running',
      },
    };
  }

  reference(target: string, _apiVersion: string | undefined, full: boolean): unknown {
    this.requireRuntime('reference');
    return this.scope.runtime.reference(target, full);
  }

  list(action: string, resourceId: string): unknown {
    this.requireRuntime(action);
    return this.scope.runtime.list(action, resourceId);
  }
}

function bindParameters(
  template: Record<string, unknown>,
  supplied: Record<string, unknown>,
  scope: TemplateScope,
): Record<string, { type: string; value?: unknown }> {
  const declarations = isRecord(template.parameters) ? template.parameters : {};
  const unknown = Object.keys(supplied).filter((name) => findKey(declarations, name) === undefined);
  if (unknown.length > 0) {
    throw new TemplateError(
      `The template parameters '${unknown.join(', ')}' in the parameters file are not valid; they are not present in the original template and can therefore not be provided at deployment time. The only supported parameters for this template are '${Object.keys(declarations).join(', ')}'. Please see https://aka.ms/arm-pass-parameter-values for usage details.`,
    );
  }
  const echo: Record<string, { type: string; value?: unknown }> = {};
  const context = new TemplateContext(scope);
  for (const [name, raw] of Object.entries(declarations)) {
    if (!isRecord(raw) || typeof raw.type !== 'string')
      throw new TemplateError(`The template parameter '${name}' must declare a type.`, `parameters.${name}`);
    const declaration = raw as unknown as ParameterDeclaration & { type: string };
    const suppliedKey = findKey(supplied, name);
    let value: unknown;
    if (suppliedKey !== undefined) {
      const entry = supplied[suppliedKey];
      if (!isRecord(entry) || !('value' in entry)) {
        throw new TemplateError(
          `The value of deployment parameter '${name}' must be an object with ` +
            `a 'value' (Key Vault references are not supported by this emulator).`,
          `parameters.${name}`,
        );
      }
      value = entry.value;
    } else if ('defaultValue' in declaration) {
      value = evaluateValue(declaration.defaultValue, context, `parameters.${name}.defaultValue`);
    } else {
      throw new TemplateError(
        `The value for the template parameter '${name}' at line '1' and column '1' is not provided. Please see https://aka.ms/arm-create-parameter-file for usage details.`,
        `parameters.${name}`,
      );
    }
    checkParameterType(name, declaration.type, value);
    checkParameterConstraints(name, declaration, value);
    scope.parameterValues.set(name.toLowerCase(), value);
    const secure = declaration.type.toLowerCase().startsWith('secure');
    echo[name] = secure
      ? { type: outputTypeNames[declaration.type.toLowerCase()] ?? declaration.type }
      : { type: outputTypeNames[declaration.type.toLowerCase()] ?? declaration.type, value };
  }
  return echo;
}

interface Parent {
  type: string;
  name: string;
}

function collectResources(
  entries: unknown,
  basePath: string,
  context: TemplateContext,
  scope: TemplateScope,
  parent: Parent | undefined,
  declared: DeclaredResource[],
  skipped: EvaluatedTemplate['skipped'],
  inheritedLoop: string | undefined,
): void {
  if (!Array.isArray(entries)) throw new TemplateError("The template property 'resources' must be an array.", basePath);
  entries.forEach((entry, position) => {
    const path = `${basePath}[${position}]`;
    if (!isRecord(entry)) throw new TemplateError('A template resource must be an object.', path);
    const copy = entry.copy;
    const instances: Array<{ context: TemplateContext; loop?: string }> = [];
    if (copy !== undefined) {
      if (!isRecord(copy) || typeof copy.name !== 'string')
        throw new TemplateError("The resource copy property must be an object with a 'name' and a 'count'.", `${path}.copy`);
      const count = evaluateValue(copy.count, context, `${path}.copy.count`);
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 800)
        throw new TemplateError(`The copy count of '${copy.name}' must be an integer between 0 and 800.`, `${path}.copy.count`);
      for (let index = 0; index < count; index++) instances.push({ context: context.withLoop(copy.name, index), loop: copy.name });
    } else {
      instances.push({ context, loop: inheritedLoop });
    }
    for (const instance of instances) {
      const ctx = instance.context;
      const rawType = evaluateValue(entry.type, ctx, `${path}.type`);
      const rawName = evaluateValue(entry.name, ctx, `${path}.name`);
      if (typeof rawType !== 'string' || rawType === '')
        throw new TemplateError("The template resource is missing its 'type'.", `${path}.type`);
      if (typeof rawName !== 'string' || rawName === '')
        throw new TemplateError(`The template resource of type '${rawType}' is missing its 'name'.`, `${path}.name`);
      const qualified = rawType.includes('.') && rawType.includes('/');
      const type = parent && !qualified ? `${parent.type}/${rawType}` : rawType;
      const name = parent && !qualified ? `${parent.name}/${rawName}` : rawName;
      if (!/^[A-Za-z0-9]+(\.[A-Za-z0-9]+)+(\/[A-Za-z0-9_-]+)+$/.test(type))
        throw new TemplateError(
          `The template resource type '${type}' is not valid: it must be '<namespace>/<type>[/<child type>]'.`,
          `${path}.type`,
        );
      const typeSegments = type.split('/').length - 1;
      const nameSegments = name.split('/').length;
      if (typeSegments !== nameSegments) {
        throw new TemplateError(
          `The template resource '${name}' for type '${type}' has incorrect segment lengths. A nested resource type must have identical number of segments as its resource name. A root resource type must have segment length one greater than its resource name. Please see https://aka.ms/arm-syntax-resources for usage details.`,
          path,
        );
      }
      const [namespace, ...types] = type.split('/');
      const id = buildResourceId(scope.runtime.subscriptionId, scope.runtime.resourceGroup.name, `${namespace}/${types.join('/')}`, [name]);
      if (entry.condition !== undefined) {
        const condition = evaluateValue(entry.condition, ctx, `${path}.condition`);
        if (typeof condition !== 'boolean')
          throw new TemplateError('The template resource condition must evaluate to a boolean.', `${path}.condition`);
        if (!condition) {
          skipped.push({ id, type, name, copyLoop: instance.loop });
          continue;
        }
      }
      const apiVersion = evaluateValue(entry.apiVersion, ctx, `${path}.apiVersion`);
      const dependsOnRaw = entry.dependsOn === undefined ? [] : evaluateValue(entry.dependsOn, ctx, `${path}.dependsOn`);
      if (!Array.isArray(dependsOnRaw) || dependsOnRaw.some((d) => typeof d !== 'string'))
        throw new TemplateError("The template resource property 'dependsOn' must be an array of strings.", `${path}.dependsOn`);
      const dependsOn = dependsOnRaw as string[];
      declared.push({
        id,
        type,
        name,
        apiVersion: typeof apiVersion === 'string' ? apiVersion : undefined,
        dependsOn,
        copyLoop: instance.loop,
        path,
        evaluateBody: () => {
          const body: ResourceBody = { properties: {} };
          const runtimeCtx = ctx.withRuntimeFunctions();
          const properties = entry.properties === undefined ? {} : evaluateValue(entry.properties, runtimeCtx, `${path}.properties`);
          body.properties = isRecord(properties) ? properties : {};
          for (const field of ['location', 'tags', 'kind', 'sku', 'identity', 'zones', 'plan'] as const) {
            if (entry[field] !== undefined)
              (body as unknown as Record<string, unknown>)[field] = evaluateValue(entry[field], runtimeCtx, `${path}.${field}`);
          }
          return body;
        },
      });
      if (entry.resources !== undefined)
        collectResources(entry.resources, `${path}.resources`, ctx, scope, { type, name }, declared, skipped, instance.loop);
    }
  });
}

function evaluateOutputs(template: Record<string, unknown>, scope: TemplateScope): Record<string, OutputValue> {
  const declarations = isRecord(template.outputs) ? template.outputs : {};
  const context = new TemplateContext(scope, [], true);
  const result: Record<string, OutputValue> = {};
  for (const [name, raw] of Object.entries(declarations)) {
    const path = `outputs.${name}`;
    if (!isRecord(raw) || typeof raw.type !== 'string') throw new TemplateError(`The template output '${name}' must declare a type.`, path);
    if (raw.condition !== undefined && evaluateValue(raw.condition, context, `${path}.condition`) !== true) continue;
    let value: unknown;
    if (isRecord(raw.copy)) {
      const count = evaluateValue(raw.copy.count, context, `${path}.copy.count`);
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
        throw new TemplateError(`The copy count of output '${name}' must be a non-negative integer.`, `${path}.copy.count`);
      value = Array.from({ length: count }, (_, index) =>
        evaluateValue((raw.copy as Record<string, unknown>).input, context.withLoop(name, index), `${path}.copy.input`),
      );
    } else {
      value = evaluateValue(raw.value, context, `${path}.value`);
    }
    result[name] = { type: outputTypeNames[raw.type.toLowerCase()] ?? raw.type, value };
  }
  return result;
}

/**
 * Validates and evaluates the template's parameters and resource list.
 * Throws TemplateError for anything ARM would reject with InvalidTemplate.
 */
export function evaluateTemplate(template: unknown, suppliedParameters: unknown, runtime: TemplateRuntime): EvaluatedTemplate {
  if (!isRecord(template)) throw new TemplateError('The template must be a JSON object.');
  if (typeof template.contentVersion !== 'string')
    throw new TemplateError("Required property 'contentVersion' not found in JSON. Path '', line 1, position 1.");
  if (template.resources === undefined)
    throw new TemplateError("Required property 'resources' not found in JSON. Path '', line 1, position 1.");
  if (suppliedParameters !== undefined && suppliedParameters !== null && !isRecord(suppliedParameters))
    throw new TemplateError('The deployment parameters must be a JSON object.');
  const scope = new TemplateScope(template, runtime);
  const parameters = bindParameters(template, (suppliedParameters as Record<string, unknown> | undefined) ?? {}, scope);
  const resources: DeclaredResource[] = [];
  const skipped: EvaluatedTemplate['skipped'] = [];
  collectResources(template.resources, 'resources', new TemplateContext(scope), scope, undefined, resources, skipped, undefined);
  // Evaluate every variable once now, so that a broken variable fails validation as it does in ARM.
  const variables = isRecord(template.variables) ? template.variables : {};
  for (const name of Object.keys(variables)) {
    if (name.toLowerCase() !== 'copy') scope.variable(name, new TemplateContext(scope));
  }
  const seen = new Set<string>();
  for (const resource of resources) {
    const key = resource.id.toLowerCase();
    if (seen.has(key))
      throw new TemplateError(
        `The resource '${resource.type}/${resource.name}' is defined multiple times in a template. Please see https://aka.ms/arm-syntax-resources for usage details.`,
        resource.path,
      );
    seen.add(key);
  }
  return { parameters, resources, skipped, evaluateOutputs: () => evaluateOutputs(template, scope) };
}
