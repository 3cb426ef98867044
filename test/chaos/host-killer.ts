// Kills the host like a crash (SIGKILL) and starts it again, one kill at a time, holding the campaign's
// client back meanwhile so that its requests wait for the restart instead of failing.
import type { LocalStack } from '../../local/stack/stack';
import type { ApiClient } from './api-client';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class HostKiller {
  private chain: Promise<void> = Promise.resolve();
  kills = 0;

  constructor(
    private readonly stack: LocalStack,
    private readonly client: ApiClient,
  ) {}

  kill(downMs: number): Promise<void> {
    const run = this.chain.then(async () => {
      this.client.gate.close();
      try {
        await this.stack.killHost();
        this.kills++;
        await sleep(downMs);
        await this.stack.startHost();
      } finally {
        this.client.gate.open();
      }
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}
