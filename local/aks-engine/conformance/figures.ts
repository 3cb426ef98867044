// Aggregates per-case comparisons into the conformance figures (mean agreement per figure, cases in full agreement)
// and renders the report: the figures, the expected figures beside them, and the most frequent differences.
import { FIGURES, type CaseComparison, type FigureKey } from './compare';

export interface Figure {
  key: FigureKey;
  label: string;
  over: string;
  /** Mean agreement over the cases the figure applies to, in percent with one decimal. */
  percent: number;
  cases: number;
  /** Cases in full agreement. */
  full: number;
}

export type ExpectedFigures = Partial<Record<FigureKey, number>>;

export function aggregate(comparisons: CaseComparison[]): Figure[] {
  return FIGURES.map(({ key, label, over }) => {
    const scores = comparisons.map((comparison) => comparison[key]).filter((score) => score !== undefined);
    const sum = scores.reduce((total, score) => total + score.score, 0);
    return {
      key,
      label,
      over,
      percent: scores.length ? Math.round((1000 * sum) / scores.length) / 10 : 100,
      cases: scores.length,
      full: scores.filter((score) => score.score === 1).length,
    };
  });
}

export function formatFigures(figures: Figure[], expected?: ExpectedFigures): string {
  const lines = [
    `${'figure'.padEnd(34)} ${'agreement'.padStart(9)}  ${'full'.padStart(9)}  over${expected ? '                      expected' : ''}`,
  ];
  for (const figure of figures) {
    const full = `${figure.full}/${figure.cases}`;
    let line = `${figure.label.padEnd(34)} ${`${figure.percent.toFixed(1)}%`.padStart(9)}  ${full.padStart(9)}  ${figure.over}`;
    const before = expected?.[figure.key];
    if (before !== undefined) {
      const delta = Math.round((figure.percent - before) * 10) / 10;
      line = `${line.padEnd(88)}${before.toFixed(1)}%${delta === 0 ? '' : ` (${delta > 0 ? '+' : ''}${delta.toFixed(1)})`}`;
    }
    lines.push(line);
  }
  return lines.join('\n');
}

/** Differences counted over all cases: "only in aks-engine: X (n apimodels)" and the like, most frequent first. */
export function formatDifferences(comparisons: CaseComparison[], limit: number): string {
  const out: string[] = [];
  for (const { key, label } of FIGURES) {
    if (key === 'accept' || key === 'message') continue;
    const counters = {
      'only aks-engine': new Map<string, number>(),
      'only simulator': new Map<string, number>(),
      differs: new Map<string, number>(),
    };
    for (const comparison of comparisons) {
      const score = comparison[key];
      if (!score) continue;
      const add = (map: Map<string, number>, items: string[]) => {
        for (const item of new Set(items.map(generalize))) map.set(item, (map.get(item) ?? 0) + 1);
      };
      add(counters['only aks-engine'], score.onlyReal);
      add(counters['only simulator'], score.onlySim);
      add(counters.differs, score.differ);
    }
    const sections = Object.entries(counters).filter(([, map]) => map.size > 0);
    if (sections.length === 0) continue;
    out.push(`${label}:`);
    for (const [name, map] of sections) {
      const top = [...map.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      const shown = top.slice(0, limit).map(([item, n]) => `${item} (${n})`);
      out.push(`  ${name} [${map.size}]: ${shown.join(', ')}${top.length > limit ? ', ...' : ''}`);
    }
  }
  return out.join('\n');
}

/** Array indices and per-location kubeconfig names are folded so that one difference is counted once per apimodel. */
function generalize(item: string): string {
  return item.replace(/\[\d+\]/g, '[]').replace(/^kubeconfig\.[a-z0-9]+\.json /, 'kubeconfig.<location>.json ');
}

export function formatCaseFailures(cases: Array<{ id: string; comparison: CaseComparison }>, limit: number): string {
  const lines: string[] = [];
  for (const { id, comparison } of cases) {
    const accept = comparison.accept;
    const message = comparison.message;
    if (accept && accept.score < 1) {
      lines.push(`${id}: aks-engine ${accept.onlyReal[0]}, simulator ${accept.onlySim[0]}`);
      if (message) lines.push(`    aks-engine: ${clip(message.onlyReal[0] ?? '')}`);
      if (message || accept.differ[0] !== undefined) lines.push(`    simulator:  ${clip(message?.onlySim[0] ?? accept.differ[0] ?? '')}`);
    } else if (message && message.score < 1) {
      lines.push(
        `${id}: messages differ`,
        `    aks-engine: ${clip(message.onlyReal[0] ?? '')}`,
        `    simulator:  ${clip(message.onlySim[0] ?? '')}`,
      );
    }
  }
  return lines.slice(0, limit * 3).join('\n');
}

function clip(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}
