// A stand-in for the Functions worker's '@azure/functions-core' module: the library registers the app's
// functions and hooks through it, exactly as it does inside the real Node.js worker.
import Module from 'node:module';

export interface RpcBindingInfo {
  type?: string;
  direction?: 'in' | 'out' | 'inout';
  dataType?: string;
  [key: string]: unknown;
}

export interface FunctionMetadata {
  name: string;
  functionId?: string;
  bindings: Record<string, RpcBindingInfo>;
  retryOptions?: unknown;
}

export type FunctionCallback = (...args: unknown[]) => unknown;
export type HookCallback = (context: Record<string, unknown>) => unknown;

export interface RegisteredFunction {
  metadata: FunctionMetadata;
  callback: FunctionCallback;
}

/** The subset of the library's ProgrammingModel the host calls. */
export interface ProgrammingModel {
  name: string;
  version: string;
  getInvocationModel(coreContext: unknown): InvocationModel;
  getCapabilities?(capabilities: Record<string, string>): Promise<Record<string, string>> | Record<string, string>;
}

export interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], callback: FunctionCallback): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<RpcInvocationResponse>;
}

export interface RpcTypedData {
  string?: string | null;
  json?: string | null;
  bytes?: Uint8Array | null;
  int?: number | null;
  double?: number | null;
  http?: RpcHttpData | null;
  [key: string]: unknown;
}

export interface RpcHttpData {
  method?: string | null;
  url?: string | null;
  headers?: Record<string, string> | null;
  nullableHeaders?: Record<string, { value?: string | null }> | null;
  nullableQuery?: Record<string, { value?: string | null }> | null;
  nullableParams?: Record<string, { value?: string | null }> | null;
  body?: RpcTypedData | null;
  statusCode?: string | null;
  cookies?: RpcHttpCookie[] | null;
  [key: string]: unknown;
}

export interface RpcHttpCookie {
  name?: string | null;
  value?: string | null;
  domain?: { value?: string | null } | null;
  path?: { value?: string | null } | null;
  expires?: { value?: { seconds?: number | null } | null } | null;
  secure?: { value?: boolean | null } | null;
  httpOnly?: { value?: boolean | null } | null;
  sameSite?: string | null;
  maxAge?: { value?: number | null } | null;
}

export interface RpcInvocationResponse {
  invocationId?: string;
  returnValue?: RpcTypedData | null;
  outputData?: Array<{ name?: string | null; data?: RpcTypedData | null }> | null;
}

const hookNames = ['preInvocation', 'postInvocation', 'appStart', 'appTerminate', 'log'] as const;
export type HookName = (typeof hookNames)[number];

class Disposable {
  #callOnDispose?: () => unknown;
  constructor(callOnDispose: () => unknown) {
    this.#callOnDispose = callOnDispose;
  }
  static from(...items: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  dispose(): void {
    this.#callOnDispose?.();
    this.#callOnDispose = undefined;
  }
}

export class FunctionsCoreApi {
  readonly functions = new Map<string, RegisteredFunction>();
  readonly hooks: Record<HookName, HookCallback[]> = {
    preInvocation: [],
    postInvocation: [],
    appStart: [],
    appTerminate: [],
    log: [],
  };
  programmingModel?: ProgrammingModel;
  private indexingLocked = false;
  readonly systemLogs: Array<{ level: string; category: string; message: string }> = [];

  constructor(private readonly onSystemLog: (level: string, category: string, message: string) => void) {}

  /** The object the app's copy of '@azure/functions' gets when it requires '@azure/functions-core'. */
  module(): Record<string, unknown> {
    return {
      version: '3.10.1',
      hostVersion: '4.1037.0',
      Disposable,
      registerFunction: (metadata: FunctionMetadata, callback: FunctionCallback) => this.registerFunction(metadata, callback),
      registerHook: (name: string, callback: HookCallback) => this.registerHook(name, callback),
      setProgrammingModel: (model: ProgrammingModel) => {
        this.programmingModel = model;
      },
      getProgrammingModel: () => this.programmingModel,
      log: (level: string, category: string, message: string) => this.onSystemLog(level, category, message),
    };
  }

  lockIndexing(): void {
    this.indexingLocked = true;
  }

  private registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): Disposable {
    if (this.indexingLocked) {
      throw new Error(`A function can only be registered during app startup (${metadata.name}).`);
    }
    const id = metadata.functionId || metadata.name;
    if (this.functions.has(id)) throw new Error(`A function with the id "${id}" has already been registered.`);
    this.functions.set(id, { metadata, callback });
    return new Disposable(() => this.functions.delete(id));
  }

  private registerHook(name: string, callback: HookCallback): Disposable {
    if (!(hookNames as readonly string[]).includes(name)) {
      throw new RangeError(`Invalid hook name "${name}". Expected one of ${hookNames.map((h) => `"${h}"`).join(', ')}.`);
    }
    const list = this.hooks[name as HookName];
    list.push(callback);
    return new Disposable(() => {
      const index = list.indexOf(callback);
      if (index >= 0) list.splice(index, 1);
    });
  }
}

/** Makes require('@azure/functions-core') return the given module from now on, as the worker does. */
export function interceptCoreModule(coreModule: Record<string, unknown>): void {
  const proto = Module.prototype as unknown as { require: (id: string) => unknown };
  const originalRequire = proto.require;
  proto.require = new Proxy(originalRequire, {
    apply(target, thisArg, args: [string]) {
      if (args[0] === '@azure/functions-core') return coreModule;
      return Reflect.apply(target, thisArg, args);
    },
  });
}
