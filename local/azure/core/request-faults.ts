// Injected answers for matching requests: N throttling answers (429 + Retry-After), N transient 5xx, or N
// dropped connections (before or after the request takes effect), so that a test can watch a client's retry
// policy at work.
import { newGuid } from './ids';

export interface RequestFaultInput {
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Case-insensitive regular expression tested against the request path (e.g. "/resourcegroups/rg1$"). */
  path?: string;
  /** Exact operation name as counted in calls, e.g. "PUT resourceGroups" (case-insensitive). */
  operation?: string;
  /** Status to answer; 429 by default. */
  status?: number;
  /**
   * "reset" destroys the connection instead of answering; "reset-after" lets the request take effect, then
   * destroys the connection before the answer (a lost answer).
   */
  action?: FaultAction;
  /** How many matching requests get the fault; 1 by default. */
  count?: number;
  /** Retry-After in seconds. Sent on 429 (default 1) and 503 answers, or on any when given. */
  retryAfterSeconds?: number;
  code?: string;
  message?: string;
}

export type FaultAction = 'respond' | 'reset' | 'reset-after';

export interface RequestFaultRule {
  id: string;
  method?: string;
  path?: string;
  operation?: string;
  status: number;
  action: FaultAction;
  remaining: number;
  retryAfterSeconds?: number;
  code: string;
  message: string;
}

function defaultCode(status: number): string {
  if (status === 429) return 'TooManyRequests';
  if (status === 503) return 'ServiceUnavailable';
  if (status === 504) return 'GatewayTimeout';
  if (status === 502) return 'BadGateway';
  if (status >= 500) return 'InternalServerError';
  return 'InjectedFault';
}

export class RequestFaults {
  private rules: RequestFaultRule[] = [];

  add(input: RequestFaultInput): RequestFaultRule {
    if (!input.path && !input.operation) throw new Error('a fault needs a "path" pattern or an "operation" name');
    if (input.path) new RegExp(input.path, 'i'); // fail early on a bad pattern
    const status = input.status ?? 429;
    if (!Number.isInteger(status) || status < 400 || status > 599)
      throw new Error(`fault status must be 400-599, got ${String(input.status)}`);
    if (input.action !== undefined && !['respond', 'reset', 'reset-after'].includes(input.action))
      throw new Error(`fault action must be "respond", "reset" or "reset-after", got ${String(input.action)}`);
    const count = input.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new Error(`fault count must be a positive integer, got ${String(input.count)}`);
    const retryAfterSeconds = input.retryAfterSeconds ?? (status === 429 ? 1 : undefined);
    const rule: RequestFaultRule = {
      id: newGuid(),
      method: input.method?.toUpperCase(),
      path: input.path,
      operation: input.operation,
      status,
      action: input.action ?? 'respond',
      remaining: count,
      retryAfterSeconds,
      code: input.code ?? defaultCode(status),
      message:
        input.message ??
        (status === 429
          ? 'The request is being throttled. Please retry after the interval in the Retry-After header.'
          : `Injected transient failure (${status}).`),
    };
    this.rules.push(rule);
    return { ...rule };
  }

  /** The first rule matching this request, with one use consumed; spent rules are dropped. */
  take(method: string, path: string, operation: string): RequestFaultRule | undefined {
    const rule = this.rules.find(
      (candidate) =>
        (!candidate.method || candidate.method === method.toUpperCase()) &&
        (!candidate.path || new RegExp(candidate.path, 'i').test(path)) &&
        (!candidate.operation || candidate.operation.toLowerCase() === operation.toLowerCase()),
    );
    if (!rule) return undefined;
    rule.remaining--;
    if (rule.remaining <= 0) this.rules = this.rules.filter((candidate) => candidate !== rule);
    return { ...rule };
  }

  list(): RequestFaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  clear(): void {
    this.rules = [];
  }
}
