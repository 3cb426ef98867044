// One eternal orchestration deletes minted kubeconfigs once their links have expired: it sweeps, waits on a
// durable timer, and starts over. Started on the first mint of a process, kept alive by every later one.
import type { DurableClient, OrchestrationContext } from 'durable-functions';
import type * as df from 'durable-functions';
import type { Settings } from '../config/settings';
import { IssuedCredentials } from './issued-credentials';

export const sweeperInstanceId = 'issued-credentials-sweeper';
export const sweeperOrchestratorName = 'issuedCredentialsSweeper';
export const sweepActivityName = 'purgeExpiredCredentials';

export function* issuedCredentialsSweeper(context: OrchestrationContext): Generator<df.Task, void, unknown> {
  const { intervalSeconds } = context.df.getInput() as { intervalSeconds: number };
  yield context.df.callActivity(sweepActivityName);
  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + intervalSeconds * 1000));
  context.df.continueAsNew({ intervalSeconds });
}

export const purgeExpiredCredentials = (settings: Settings) => async (): Promise<number> => new IssuedCredentials(settings).purgeExpired();

let running: Promise<void> | undefined;

/** Makes sure the sweeper runs (once per process; a failed check is tried again on the next mint). */
export function ensureSweeperRunning(client: DurableClient, intervalSeconds: number): Promise<void> {
  running ??= (async () => {
    const status = await client.getStatus(sweeperInstanceId, { showInput: false }).catch(() => undefined);
    if (status && ['Running', 'Pending', 'ContinuedAsNew'].includes(String(status.runtimeStatus))) return;
    await client.startNew(sweeperOrchestratorName, { instanceId: sweeperInstanceId, input: { intervalSeconds } }).catch(async (error) => {
      const again = await client.getStatus(sweeperInstanceId, { showInput: false }).catch(() => undefined);
      if (!again) throw error;
    });
  })().catch((error) => {
    running = undefined;
    throw error;
  });
  return running;
}
