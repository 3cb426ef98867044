// The campaign's HTTP client of the API: it behaves like a patient client (a request that lost its
// connection is sent again once the host is back) and records every exchange for the invariant checks.

export interface Exchange {
  /** The plan step that sent it, e.g. "#3.2". */
  step: string;
  cluster: string;
  method: string;
  /** Path and query after the API base, e.g. "/clusters/x1". */
  path: string;
  at: number;
  /** The answer to the last attempt, if any attempt was answered. */
  status?: number;
  text?: string;
  headers?: Record<string, string>;
  /** Attempts that got no answer (connection refused or dropped), with the error. */
  lostAttempts: string[];
}

/** Closed while the host is down: requests wait for it instead of failing. */
export class HostGate {
  private closed?: { promise: Promise<void>; open: () => void };
  /** Bumped at every kill, so a request can tell whether a kill happened while it was in flight. */
  epoch = 0;

  close(): void {
    if (this.closed) return;
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.closed = { promise, open };
    this.epoch++;
  }

  open(): void {
    this.closed?.open();
    this.closed = undefined;
  }

  get isOpen(): boolean {
    return this.closed === undefined;
  }

  async ready(): Promise<void> {
    while (this.closed) await this.closed.promise;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ApiClient {
  readonly exchanges: Exchange[] = [];

  constructor(
    private readonly apiBaseUrl: string,
    readonly gate: HostGate,
    /** A bearer token for each request (the stack's admin client: the campaign tests the API's behaviour, not roles). */
    private readonly token: () => string,
  ) {}

  /** Sends a request until it is answered (at most `maxAttempts` tries), recording it. */
  async send(
    step: string,
    cluster: string,
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; maxAttempts?: number } = {},
  ): Promise<Exchange> {
    const exchange: Exchange = { step, cluster, method, path, at: Date.now(), lostAttempts: [] };
    this.exchanges.push(exchange);
    const headers: Record<string, string> = { authorization: `Bearer ${this.token()}`, ...options.headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const maxAttempts = options.maxAttempts ?? 12;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      await this.gate.ready();
      try {
        const response = await fetch(`${this.apiBaseUrl}${path}`, {
          method,
          headers,
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(60_000),
        });
        exchange.text = await response.text();
        exchange.status = response.status;
        exchange.headers = Object.fromEntries(response.headers.entries());
        return exchange;
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        exchange.lostAttempts.push(`${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`);
        // The host may be going down: give the kill a moment to close the gate, then wait for the restart.
        await sleep(this.gate.isOpen ? 150 : 0);
      }
    }
    return exchange;
  }

  /** Sends the same request `copies` times, spread over `spreadMs`, all in flight together. */
  async burst(copies: number, spreadMs: number, request: () => Promise<Exchange>): Promise<Exchange[]> {
    const started: Array<Promise<Exchange>> = [];
    const begin = performance.now();
    for (let i = 0; i < copies; i++) {
      const due = begin + (copies === 1 ? 0 : (spreadMs * i) / (copies - 1));
      while (performance.now() < due) await new Promise((resolve) => setImmediate(resolve));
      started.push(request());
    }
    return Promise.all(started);
  }
}

export function json(exchange: Exchange): any {
  if (exchange.text === undefined || exchange.text === '') return undefined;
  try {
    return JSON.parse(exchange.text);
  } catch {
    return undefined;
  }
}
