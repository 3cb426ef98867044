// What an ARM expression sees while it is evaluated (parameters, variables, copy indexes, runtime functions), and the
// shape of a template function; shared by the evaluator and the function library so neither imports the other.

export interface EvaluationContext {
  parameter(name: string): unknown;
  variable(name: string): unknown;
  /** The current index of the named copy loop, or of the innermost loop when name is undefined. */
  copyIndex(loopName: string | undefined): number;
  resourceGroup(): Record<string, unknown>;
  subscription(): Record<string, unknown>;
  deployment(): Record<string, unknown>;
  /** Runtime state of a resource: its properties, or the whole resource when full is true. */
  reference(target: string, apiVersion: string | undefined, full: boolean): unknown;
  /** What a list* action (listKeys, ...) of a resource returns. */
  list(action: string, resourceId: string): unknown;
  /** A context in which copyIndex() (or copyIndex(name)) is the given index of the named loop. */
  withLoop(loopName: string, index: number): EvaluationContext;
}

/** An argument that is evaluated only when the function asks for it (if/and/or/coalesce short-circuit). */
export type Lazy = () => unknown;
export type TemplateFunction = (args: Lazy[], context: EvaluationContext, name: string) => unknown;
