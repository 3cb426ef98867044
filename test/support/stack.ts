// The local stack for end-to-end tests of the product: every piece on free ports, cleaned up afterwards.
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/stack/stack';
import { repoRoot } from './process';

/** Calls without an explicit token carry this one: the admin's of the stack started last in this test process. */
let defaultToken: (() => string) | undefined;

export async function startTestStack(options: Partial<LocalStackOptions> = {}): Promise<LocalStack & { lines: string[] }> {
  const lines: string[] = [];
  const stack = await startLocalStack({ root: repoRoot, hostPort: 0, log: (line) => lines.push(line), ...options });
  defaultToken = () => stack.identity.token('admin');
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

/** Polls the cluster until it reaches one of the states, returning the last answer. */
export async function waitForState(apiBaseUrl: string, name: string, states: string[], timeoutMs = 90_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    const answer = await call('GET', `${apiBaseUrl}/clusters/${name}`);
    if (answer.status === 200) {
      last = answer.json();
      if (states.includes(last.properties.provisioningState)) return last;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `cluster ${name} did not reach ${states.join('/')} within ${timeoutMs} ms; last: ${JSON.stringify(last?.properties ?? last)}`,
  );
}
