// Waiting for an operation from the command line: the progress display, --timeout and --poll-interval, and Ctrl-C,
// which stops the waiting (never the operation) and says how to pick it up again.
import { isSuccessful } from '../polling';
import type { Cluster } from '../types';
import type { CliContext } from './context';
import { InterruptedError, OperationFailedError } from './exit-codes';
import { startProgress } from './progress';
import { clusterErrorLines, formatDuration } from './render';

export interface WaitFlags {
  timeout?: number;
  pollInterval?: number;
}

export function titleFor(cluster: Cluster | undefined, name: string): string {
  const operation = cluster?.properties.operation;
  if (!operation) return `Waiting for ${name}`;
  return `${operation.kind === 'delete' ? 'Deleting' : 'Creating'} ${name}`;
}

/** A terminal with a size: a pseudo-terminal of 0 rows (a pipe's stand-in) gets the plain lines. */
function isTerminal(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && (stream.columns ?? 0) > 0 && (stream.rows ?? 0) > 0;
}

/** Shows progress until the cluster's operation ends; returns the last answer. Interrupted: InterruptedError. */
export async function waitWithProgress(ctx: CliContext, name: string, flags: WaitFlags, first?: Cluster): Promise<Cluster> {
  // With -o json stdout carries only the result, so progress goes to stderr, a line per change.
  const stream = ctx.output === 'json' ? process.stderr : process.stdout;
  const view = await startProgress(ctx.output === 'text' && isTerminal(process.stdout) ? 'live' : 'lines', stream, titleFor(first, name));
  const controller = new AbortController();
  const onInterrupt = () => controller.abort(new InterruptedError(`Stopped waiting for ${name}.`));
  process.once('SIGINT', onInterrupt);
  if (first) view.update(first);
  try {
    return await ctx.client.waitForOperation(name, {
      signal: controller.signal,
      onUpdate: (cluster) => view.update(cluster),
      timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
      pollIntervalMs: flags.pollInterval === undefined ? undefined : flags.pollInterval * 1000,
    });
  } catch (error) {
    if (controller.signal.aborted) {
      view.finish();
      process.stderr.write(
        `\nStopped waiting; the operation goes on in the service (nothing was canceled).\n` + `Resume with: aks-cosmos wait ${name}\n`,
      );
      throw controller.signal.reason;
    }
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
    view.finish();
  }
}

/** Prints the outcome of a waited-for operation; a failed or canceled one becomes OperationFailedError. */
export function reportOutcome(ctx: CliContext, cluster: Cluster): void {
  const p = cluster.properties;
  if (ctx.output === 'json') ctx.printJson(cluster);
  const took = p.operation?.finishedAt
    ? ` in ${formatDuration(Date.parse(p.operation.finishedAt) - Date.parse(p.operation.startedAt))}`
    : '';
  if (isSuccessful(cluster)) {
    if (ctx.output === 'text') ctx.print(`Cluster ${cluster.name} ${p.provisioningState}${took}.`);
    return;
  }
  if (ctx.output === 'text') {
    const hints =
      p.provisioningState === 'Failed' ? `\nSee aks-cosmos logs ${cluster.name}; run it again with aks-cosmos retry ${cluster.name}.` : '';
    ctx.print([`Cluster ${cluster.name} ${p.provisioningState}${took}.`, ...clusterErrorLines(cluster)].join('\n') + hints);
  }
  const reason = p.error ? `${p.error.code}: ${p.error.message}` : `the operation ended ${p.provisioningState}`;
  throw new OperationFailedError(`Cluster ${cluster.name} ${p.provisioningState}: ${reason}`);
}
