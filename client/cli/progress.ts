// Progress of an operation while the CLI waits: a live display redrawn in place on a terminal (log-update), or one
// plain line per change when the output is a file or a pipe.
import type { Cluster } from '../types';
import { formatDuration, paint, progressBar, stateText, stepLines, truncate } from './render';

export type ProgressMode = 'live' | 'lines';

export interface ProgressView {
  /** Shows an answer of the API. */
  update(cluster: Cluster): void;
  /** Stops redrawing, leaving the last state on screen. */
  finish(): void;
}

const spinnerFrames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const redrawMs = 200;

export async function startProgress(mode: ProgressMode, stream: NodeJS.WriteStream, title: string): Promise<ProgressView> {
  if (mode === 'lines') return new LineProgress(stream, title);
  // log-update is an ES module; the CLI is CommonJS, so it is loaded when a display is needed.
  const { createLogUpdate } = await import('log-update');
  return new LiveProgress(createLogUpdate(stream, { showCursor: false }), stream, title);
}

/** Time since the current operation started (as the service recorded it), else since the display started. */
function elapsedMs(cluster: Cluster | undefined, shownSince: number): number {
  const started = Date.parse(cluster?.properties.operation?.startedAt ?? '');
  const since = Number.isNaN(started) || started > Date.now() ? shownSince : started;
  const finished = Date.parse(cluster?.properties.operation?.finishedAt ?? '');
  return (Number.isNaN(finished) ? Date.now() : finished) - since;
}

type LogUpdate = ((...text: string[]) => void) & { done(): void };

class LiveProgress implements ProgressView {
  private cluster: Cluster | undefined;
  private frame = 0;
  private finished = false;
  private readonly since = Date.now();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly log: LogUpdate,
    private readonly stream: NodeJS.WriteStream,
    private readonly title: string,
  ) {
    // Redrawn on a timer too, so that the spinner turns and the elapsed time counts between polls.
    this.timer = setInterval(() => this.render(), redrawMs);
    this.render();
  }

  update(cluster: Cluster): void {
    this.cluster = cluster;
    if (!this.finished) this.render();
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearInterval(this.timer);
    this.render(true);
    this.log.done();
  }

  private render(final = false): void {
    const spinner = final ? undefined : spinnerFrames[this.frame++ % spinnerFrames.length];
    const width = this.stream.columns ?? 100;
    const cluster = this.cluster;
    const elapsed = formatDuration(elapsedMs(cluster, this.since));
    if (!cluster) {
      this.log(`${this.title}  ${spinner ?? ''} waiting for the first answer  ${elapsed}`);
      return;
    }
    const p = cluster.properties;
    const head = [
      `${paint('bold', this.title, this.stream)}`,
      stateText(cluster, this.stream),
      `${progressBar(p.percentComplete)} ${String(p.percentComplete).padStart(3)}%`,
      elapsed,
      spinner && !final ? paint('cyan', spinner, this.stream) : '',
    ].join('  ');
    const lines = [head, ...stepLines(p.steps, { stream: this.stream, runningSymbol: spinner, width: width - 1 })];
    if (p.error) lines.push(`  ${paint('red', truncate(`${p.error.code}: ${p.error.message}`, width - 3), this.stream)}`);
    this.log(lines.join('\n'));
  }
}

class LineProgress implements ProgressView {
  private last: Cluster | undefined;
  private readonly since = Date.now();

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly title: string,
  ) {}

  update(cluster: Cluster): void {
    const time = `[${formatDuration(elapsedMs(cluster, this.since))}]`;
    const p = cluster.properties;
    const before = this.last?.properties;
    const out: string[] = [];
    if (!before || before.provisioningState !== p.provisioningState || before.percentComplete !== p.percentComplete) {
      out.push(`${time} ${this.title}: ${p.provisioningState} ${p.percentComplete}%`);
    }
    for (const step of p.steps) {
      const was = before?.steps.find((candidate) => candidate.name === step.name);
      const changed = !was || was.state !== step.state || was.attempts !== step.attempts || was.message !== step.message;
      if (!changed || (!was && step.state === 'Pending')) continue;
      const attempts = step.attempts > 1 ? ` (attempt ${step.attempts})` : '';
      out.push(`${time}   ${step.name} ${step.state}${attempts}${step.message ? `: ${step.message}` : ''}`);
    }
    if (p.error && !before?.error) out.push(`${time} ${p.error.code}: ${p.error.message}`);
    this.last = cluster;
    if (out.length) this.stream.write(`${out.join('\n')}\n`);
  }

  finish(): void {}
}
