// Text for people: a cluster's summary, its steps, tables of clusters and operations, durations and error messages.
import { styleText } from 'node:util';
import { ApiError } from '../errors';
import type { Cluster, Step } from '../types';

type Style = Parameters<typeof styleText>[0];

/** Colours only where the stream is a terminal that wants them (styleText checks NO_COLOR, FORCE_COLOR, isTTY). */
export function paint(style: Style, text: string, stream: NodeJS.WriteStream = process.stdout): string {
  return styleText(style, text, { stream });
}

const stepSymbols: Record<Step['state'], [string, Style]> = {
  Pending: ['○', 'gray'],
  Running: ['▸', 'cyan'],
  Retrying: ['↻', 'yellow'],
  Succeeded: ['✔', 'green'],
  Failed: ['✖', 'red'],
  Skipped: ['–', 'gray'],
  Canceled: ['⊘', 'yellow'],
};

const stateStyles: Partial<Record<Cluster['properties']['provisioningState'], Style>> = {
  Succeeded: 'green',
  Deleted: 'green',
  Failed: 'red',
  Canceled: 'yellow',
};

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  const mmss = `${String(m).padStart(h ? 2 : 1, '0')}:${String(s).padStart(2, '0')}`;
  return h ? `${h}:${mmss}` : mmss;
}

export function attemptsText(attempts: number): string {
  return attempts === 0 ? '' : attempts === 1 ? '1 attempt' : `${attempts} attempts`;
}

export function stateText(cluster: Cluster, stream?: NodeJS.WriteStream): string {
  const state = cluster.properties.provisioningState;
  const style = stateStyles[state];
  return style ? paint(style, state, stream) : state;
}

/** One line per step: symbol, name, state, attempts, percent while running, message. `symbol` replaces the running one. */
export function stepLines(steps: Step[], options: { stream?: NodeJS.WriteStream; runningSymbol?: string; width?: number } = {}): string[] {
  const nameWidth = Math.max(4, ...steps.map((step) => step.name.length));
  return steps.map((step) => {
    const [symbol, style] = stepSymbols[step.state] ?? ['?', 'white'];
    const shown = step.state === 'Running' && options.runningSymbol ? options.runningSymbol : symbol;
    const percent = step.state === 'Running' && step.percent !== undefined ? `${step.percent}%` : '';
    const head = `  ${paint(style, shown, options.stream)} ${step.name.padEnd(nameWidth)}  ${step.state.padEnd(9)}  `;
    const plainHead = `  ${shown} ${step.name.padEnd(nameWidth)}  ${step.state.padEnd(9)}  `;
    const tail = [attemptsText(step.attempts).padEnd(10), percent.padEnd(4), step.message ?? ''].join('  ').trimEnd();
    return head + truncate(tail, options.width ? options.width - plainHead.length : undefined);
  });
}

/** A fixed-width bar of the overall percent. */
export function progressBar(percent: number, width = 20): string {
  const filled = Math.round((Math.min(100, Math.max(0, percent)) / 100) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

export function truncate(text: string, width: number | undefined): string {
  if (width === undefined || text.length <= width) return text;
  return width <= 1 ? '' : `${text.slice(0, width - 1)}…`;
}

/** `aks-cosmos get`: what a person wants to know about a cluster. */
export function clusterSummary(cluster: Cluster, stream?: NodeJS.WriteStream): string {
  const p = cluster.properties;
  const lines = [`${cluster.name}  ${stateText(cluster, stream)}  ${p.percentComplete}%  ${cluster.location}`];
  const field = (label: string, value: string | null | undefined) => {
    if (value) lines.push(`  ${label.padEnd(16)}${value}`);
  };
  field('resource group', p.resourceGroup);
  field('masters', `${p.masterProfile.count} × ${p.masterProfile.vmSize}`);
  for (const pool of p.agentPoolProfiles) field(`pool ${pool.name}`, `${pool.count} × ${pool.vmSize} (${pool.availabilityProfile})`);
  field('API server', p.endpoints.apiServer);
  field('etcd', p.endpoints.etcd);
  if (p.operation) {
    const ended = p.operation.finishedAt ? `, ended ${p.operation.finishedAt}` : '';
    field('operation', `${p.operation.kind} ${p.operation.id} ${p.operation.status} (started ${p.operation.startedAt}${ended})`);
  }
  const tags = Object.entries(cluster.tags ?? {});
  if (tags.length) field('tags', tags.map(([key, value]) => `${key}=${value}`).join(', '));
  if (p.steps.length) lines.push('  steps', ...stepLines(p.steps, { stream }).map((line) => `  ${line}`));
  if (p.error) lines.push(...clusterErrorLines(cluster));
  return lines.join('\n');
}

export function clusterErrorLines(cluster: Cluster): string[] {
  const error = cluster.properties.error;
  if (!error) return [];
  const lines = [`  error           ${error.code}: ${error.message}${error.retryable ? ' (retryable: aks-cosmos retry)' : ''}`];
  for (const detail of error.details ?? [])
    lines.push(`    - ${detail.target ? `${detail.target}: ` : ''}${detail.message} (${detail.code})`);
  return lines;
}

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** An ApiError as a person reads it: code, message, target and each detail. */
export function apiErrorText(error: ApiError): string {
  const lines = [`${error.code}: ${error.error.message}${error.target ? ` (target: ${error.target})` : ''}`];
  for (const detail of error.details) lines.push(`  - ${detail.target ? `${detail.target}: ` : ''}${detail.message} (${detail.code})`);
  return lines.join('\n');
}
