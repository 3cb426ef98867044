// Evaluates parsed ARM expressions against a context that supplies parameters, variables, copy indexes and
// the runtime functions (reference, resourceGroup, ...). Property access is case-insensitive, as in ARM.
import { ExpressionSyntaxError, isExpression, parseExpression, type ExpressionNode } from './expression-parser';
import type { EvaluationContext, Lazy, TemplateFunction } from './evaluation-context';
import { templateFunctions } from './template-functions';
import { TemplateError } from './template-error';

export type { EvaluationContext } from './evaluation-context';

/** Reads a property the way ARM does: exact name first, then case-insensitively. */
export function getProperty(target: unknown, name: string): unknown {
  if (target === null || typeof target !== 'object' || Array.isArray(target)) {
    throw new TemplateError(`The language expression property '${name}' can't be evaluated: the value is not an object.`);
  }
  const record = target as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(record, name)) return record[name];
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  if (key === undefined) {
    throw new TemplateError(
      `The language expression property '${name}' doesn't exist, available properties are '${Object.keys(record).join(', ')}'.`,
    );
  }
  return record[key];
}

/** Any list* function not in the table (listSecrets, listAccountSas, ...) asks the context for the action's result. */
function listAction(name: string): TemplateFunction | undefined {
  if (!/^list[A-Za-z]*$/i.test(name)) return undefined;
  return (args, context) => {
    const id = args[0]?.();
    if (typeof id !== 'string')
      throw new TemplateError(`The template language function '${name}' expects a resource id as its first argument.`);
    return context.list(name, id);
  };
}

function evaluateNode(node: ExpressionNode, context: EvaluationContext): unknown {
  switch (node.kind) {
    case 'string':
    case 'number':
      return node.value;
    case 'property':
      return getProperty(evaluateNode(node.target, context), node.name);
    case 'index': {
      const target = evaluateNode(node.target, context);
      const index = evaluateNode(node.index, context);
      if (Array.isArray(target)) {
        if (typeof index !== 'number' || !Number.isInteger(index))
          throw new TemplateError(`The array index '${String(index)}' is not an integer.`);
        if (index < 0 || index >= target.length)
          throw new TemplateError(`The language expression index '${index}' is out of bounds for an array of length ${target.length}.`);
        return target[index];
      }
      if (typeof index === 'string') return getProperty(target, index);
      throw new TemplateError(`The language expression index '${String(index)}' can't be applied to this value.`);
    }
    case 'call': {
      const fn = templateFunctions[node.name.toLowerCase()] ?? listAction(node.name);
      if (!fn)
        throw new TemplateError(
          `The template function '${node.name}' is not valid. Please see https://aka.ms/arm-functions for usage details.`,
        );
      const args: Lazy[] = node.args.map((arg) => () => evaluateNode(arg, context));
      return fn(args, context, node.name);
    }
  }
}

/** Evaluates one expression string (with or without its brackets). */
export function evaluateExpression(text: string, context: EvaluationContext): unknown {
  const inner = isExpression(text) ? text.slice(1, -1) : text;
  let node: ExpressionNode;
  try {
    node = parseExpression(inner);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError)
      throw new TemplateError(`The template language expression '${inner}' is not valid: ${error.message}.`);
    throw error;
  }
  return evaluateNode(node, context);
}

/** Evaluates a JSON value: expression strings are evaluated, objects and arrays recursively; "[[" escapes a literal "[". */
export function evaluateValue(value: unknown, context: EvaluationContext, path = ''): unknown {
  if (typeof value === 'string') {
    if (isExpression(value)) {
      try {
        return evaluateExpression(value, context);
      } catch (error) {
        if (error instanceof TemplateError && !error.path) throw new TemplateError(error.message, path);
        throw error;
      }
    }
    if (value.startsWith('[[') && value.endsWith(']')) return value.slice(1);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, index) => evaluateValue(item, context, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const itemPath = path ? `${path}.${key}` : key;
      if (key.toLowerCase() === 'copy' && isPropertyCopy(item)) Object.assign(result, expandPropertyCopies(item, context, itemPath));
      else result[key] = evaluateValue(item, context, itemPath);
    }
    return result;
  }
  return value;
}

interface PropertyCopy {
  name: string;
  count: unknown;
  input: unknown;
}

/** Property iteration: "copy": [{"name": "ipConfigurations", "count": 3, "input": {...}}] builds an array per entry. */
function isPropertyCopy(value: unknown): value is PropertyCopy[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((entry) => entry !== null && typeof entry === 'object' && 'name' in entry && 'count' in entry && 'input' in entry)
  );
}

function expandPropertyCopies(copies: PropertyCopy[], context: EvaluationContext, path: string): Record<string, unknown[]> {
  const result: Record<string, unknown[]> = {};
  copies.forEach((copy, i) => {
    const name = evaluateValue(copy.name, context, `${path}[${i}].name`);
    const count = evaluateValue(copy.count, context, `${path}[${i}].count`);
    if (typeof name !== 'string') throw new TemplateError('The copy name must be a string.', `${path}[${i}].name`);
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
      throw new TemplateError(`The copy count of '${name}' must be a non-negative integer.`, `${path}[${i}].count`);
    result[name] = Array.from({ length: count }, (_, index) =>
      evaluateValue(copy.input, context.withLoop(name, index), `${path}[${i}].input`),
    );
  });
  return result;
}
