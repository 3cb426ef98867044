// Invokes a registered function the way the Node.js worker's InvocationHandler does: invocation model,
// pre/post invocation hooks, then the response conversion of the library itself.
import { randomUUID } from 'node:crypto';
import type { FunctionsCoreApi, RegisteredFunction, RpcInvocationResponse, RpcTypedData } from './core-api';
import { fromRpcLevel, type Logger } from './logger';

export interface InvocationRequest {
  inputData: Array<{ name: string; data: RpcTypedData | undefined }>;
  triggerMetadata?: Record<string, RpcTypedData>;
}

export class FunctionTimeoutError extends Error {}

export class Invoker {
  private readonly appHookData: Record<string, unknown> = {};

  constructor(
    private readonly core: FunctionsCoreApi,
    private readonly logger: Logger,
    private readonly functionTimeoutMs: number,
  ) {}

  get hookData(): Record<string, unknown> {
    return this.appHookData;
  }

  async runAppHooks(name: 'appStart' | 'appTerminate', extra: Record<string, unknown>): Promise<void> {
    for (const hook of [...this.core.hooks[name]]) {
      await hook({ hookData: {}, appHookData: this.appHookData, ...extra });
    }
  }

  /** Runs one invocation; throws what the function (or a post hook) threw. */
  async invoke(fn: RegisteredFunction, request: InvocationRequest, timeoutMs = this.functionTimeoutMs): Promise<RpcInvocationResponse> {
    const model = this.core.programmingModel;
    if (!model) throw new Error('The app registered no functions through @azure/functions.');
    const invocationId = randomUUID();
    const functionName = fn.metadata.name;
    const coreContext: Record<string, unknown> = {
      invocationId,
      request: { invocationId, functionId: fn.metadata.functionId ?? functionName, ...request },
      metadata: { name: functionName, bindings: fn.metadata.bindings },
      state: undefined,
      log: (level: string, category: string, message: string) => {
        this.logger.log(fromRpcLevel(level), category === 'system' ? `(system) ${message}` : message, functionName, invocationId);
        for (const hook of this.core.hooks.log) {
          hook({ hookData: {}, appHookData: this.appHookData, level, category, message, invocationContext: undefined });
        }
      },
    };
    this.logger.log('Debug', `Executing 'Functions.${functionName}' (Id=${invocationId})`, functionName, invocationId);
    const started = Date.now();
    const invocationModel = model.getInvocationModel(coreContext);
    const { context, inputs } = await invocationModel.getArguments();

    const pre: Record<string, unknown> = {
      hookData: {},
      appHookData: this.appHookData,
      invocationContext: context,
      functionCallback: fn.callback,
      inputs,
    };
    coreContext.state = 'preInvocationHooks';
    for (const hook of [...this.core.hooks.preInvocation]) await hook(pre);

    coreContext.state = 'invocation';
    let result: unknown;
    let error: unknown;
    try {
      result = await withTimeout(
        invocationModel.invokeFunction(context, pre.inputs as unknown[], pre.functionCallback as RegisteredFunction['callback']),
        timeoutMs,
        functionName,
      );
    } catch (thrown) {
      error = thrown;
    }

    coreContext.state = 'postInvocationHooks';
    const post: Record<string, unknown> = {
      hookData: pre.hookData,
      appHookData: this.appHookData,
      invocationContext: context,
      inputs: pre.inputs,
      result,
      error,
    };
    for (const hook of [...this.core.hooks.postInvocation]) await hook(post);
    const elapsed = Date.now() - started;
    if (post.error !== undefined && post.error !== null) {
      this.logger.log(
        'Debug',
        `Executed 'Functions.${functionName}' (Failed, Id=${invocationId}, Duration=${elapsed}ms)`,
        functionName,
        invocationId,
      );
      throw post.error;
    }
    this.logger.log(
      'Debug',
      `Executed 'Functions.${functionName}' (Succeeded, Id=${invocationId}, Duration=${elapsed}ms)`,
      functionName,
      invocationId,
    );
    return invocationModel.getResponse(context, post.result);
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, functionName: string): Promise<T> {
  if (!Number.isFinite(timeoutMs)) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new FunctionTimeoutError(`Timeout value of ${formatTimeSpan(timeoutMs)} was exceeded by function: Functions.${functionName}`));
    }, timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function formatTimeSpan(ms: number): string {
  const total = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

/** The message of a thrown value, as the worker reports it. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
