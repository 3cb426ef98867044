// The local stack for end-to-end tests of the product: every piece on free ports, cleaned up afterwards.
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack/stack';
import { repoRoot } from './process';
import { claimSharedStorage } from './shared-storage';

/** Calls without an explicit token carry this one: the admin's of the stack started last in this test process. */
let defaultToken: (() => string) | undefined;

/** The Authorization header the test stack's calls carry by default (the admin's token). */
export function bearer(): Record<string, string> {
  const token = defaultToken?.();
  return token ? { authorization: `Bearer ${token}` } : {};
}

export async function startTestStack(options: Partial<LocalStackOptions> = {}): Promise<LocalStack & { lines: string[] }> {
  const lines: string[] = [];
  // The run's shared Azurite when there is one (stacks with token storage need an HTTPS Azurite of their own).
  const storage = options.storageAuth === 'token' ? undefined : claimSharedStorage();
  // The simulator makes each cluster's PKI with 1024-bit keys here (2048 by default, 4096 in the real tool): the keys'
  // size is no test's subject, and generating them was the largest part of every aks-engine generate.
  const settings = { AKS_ENGINE_SIM_KEY_BITS: '1024', ...options.settings };
  const stack = await startLocalStack({
    root: repoRoot,
    hostPort: 0,
    log: (line) => lines.push(line),
    storage,
    ...options,
    settings,
  });
  // One admin token reused for ten minutes, and a new one once the identity's keys rotate (jwks() is then a new
  // object): signing a token for every call cost more than the call.
  let cached: { keys: object; token: string; renewAt: number } | undefined;
  const token = () => {
    const keys = stack.identity.jwks();
    if (!cached || cached.keys !== keys || Date.now() > cached.renewAt) {
      cached = { keys, token: stack.identity.token('admin'), renewAt: Date.now() + 10 * 60_000 };
    }
    return cached.token;
  };
  defaultToken = token;
  // Test files share a process in the suite's groups: the next file's calls must not carry this stack's token.
  const stop = stack.stop.bind(stack);
  stack.stop = async () => {
    if (defaultToken === token) defaultToken = undefined;
    await stop();
  };
  return Object.assign(stack, { lines });
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  text: string;
  json(): any;
}

/** A plain HTTP call, as a client of the API makes it. */
export async function call(
  method: string,
  url: string,
  options: { body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string>; token?: string | null } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  // A bearer token unless told otherwise (token: null sends none); links to Blob Storage never get one.
  const token = options.token === undefined ? (url.includes('/api/') ? defaultToken?.() : undefined) : options.token;
  if (token && !Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) headers.authorization = `Bearer ${token}`;
  let body: string | Buffer | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(url, { method, headers, body, redirect: 'manual' });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: () => JSON.parse(text),
  };
}

/**
 * Polls the cluster until it reaches one of the states, returning the last answer. The pause grows from 100 ms to
 * 500 ms: a state a step away is seen at once, and a wait of many seconds costs a few reads a second, not ten.
 */
export async function waitForState(apiBaseUrl: string, name: string, states: string[], timeoutMs = 90_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  let pauseMs = 100;
  while (Date.now() < deadline) {
    const answer = await call('GET', `${apiBaseUrl}/clusters/${name}`);
    if (answer.status === 200) {
      last = answer.json();
      if (states.includes(last.properties.provisioningState)) return last;
    }
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    pauseMs = Math.min(500, pauseMs * 1.5);
  }
  throw new Error(
    `cluster ${name} did not reach ${states.join('/')} within ${timeoutMs} ms; last: ${JSON.stringify(last?.properties ?? last)}`,
  );
}
