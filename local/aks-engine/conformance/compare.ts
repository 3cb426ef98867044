// Compares the real aks-engine's result with the simulator's for one apimodel, figure by figure. Each figure scores
// a case from 0 to 1 and names what only one side has (or where the two differ), so the report can list the gaps.
import type { ToolResult } from './tool-run';

export const FIGURES = [
  { key: 'accept', label: 'accept/reject', over: 'apimodels' },
  { key: 'message', label: 'rejection message', over: 'rejected by aks-engine' },
  { key: 'files', label: '_output files and modes', over: 'accepted by both' },
  { key: 'templateParameters', label: 'template parameters (names)', over: 'accepted by both' },
  { key: 'parameterValues', label: 'parameters file (names, values)', over: 'accepted by both' },
  { key: 'variables', label: 'template variables (names)', over: 'accepted by both' },
  { key: 'resources', label: 'resources by type and count', over: 'accepted by both' },
  { key: 'outputs', label: 'template outputs', over: 'accepted by both' },
  { key: 'apimodel', label: 'apimodel.json after defaults', over: 'accepted by both' },
  { key: 'kubeconfig', label: 'kubeconfig contents', over: 'accepted by both' },
  { key: 'reload', label: 'real apimodel.json reloaded', over: 'accepted by aks-engine' },
] as const;

export type FigureKey = (typeof FIGURES)[number]['key'];

export interface FigureScore {
  score: number;
  /** Items only the real tool has, only the simulator has, or that differ, for the report. */
  onlyReal: string[];
  onlySim: string[];
  differ: string[];
}

export type CaseComparison = Partial<Record<FigureKey, FigureScore>>;

/**
 * The simulator's generate on the real tool's own apimodel.json: it must load it and write the same apimodel.json
 * again. When it refuses it, the real tool's verdict on the same file (realReloaded) decides: the same refusal agrees.
 */
export function compareReload(real: ToolResult, reloaded: ToolResult, realReloaded?: ToolResult): FigureScore {
  if (reloaded.exitCode === 0 && reloaded.output) return maps(real.output!.apimodel, reloaded.output.apimodel);
  const same = realReloaded !== undefined && realReloaded.exitCode !== 0 && realReloaded.fatal === reloaded.fatal;
  return { score: same ? 1 : 0, onlyReal: [], onlySim: [], differ: same ? [] : [reloaded.fatal || 'failed'] };
}

export function compareCase(real: ToolResult, sim: ToolResult): CaseComparison {
  const realOk = real.exitCode === 0;
  const simOk = sim.exitCode === 0;
  const result: CaseComparison = {
    accept: {
      score: realOk === simOk ? 1 : 0,
      onlyReal: realOk === simOk ? [] : [realOk ? 'accepted' : 'rejected'],
      onlySim: realOk === simOk ? [] : [simOk ? 'accepted' : 'rejected'],
      // The simulator's reason when it alone refused the apimodel.
      differ: realOk && !simOk ? [sim.fatal] : [],
    },
  };
  if (!realOk) {
    const same = !simOk && sim.fatal === real.fatal;
    result.message = {
      score: same ? 1 : 0,
      onlyReal: same ? [] : [real.fatal],
      onlySim: same ? [] : [sim.fatal || '(accepted)'],
      differ: [],
    };
  }
  if (!realOk || !simOk || !real.output || !sim.output) return result;
  const r = real.output;
  const s = sim.output;
  result.files = sets(
    Object.entries(real.files).map(([name, mode]) => `${name} ${mode}`),
    Object.entries(sim.files).map(([name, mode]) => `${name} ${mode}`),
  );
  result.templateParameters = sets(r.templateParameters, s.templateParameters);
  result.parameterValues = maps(r.parameterValues, s.parameterValues);
  result.variables = sets(r.variables, s.variables);
  result.resources = multisets(r.resources, s.resources);
  result.outputs = maps(r.outputs, s.outputs);
  result.apimodel = maps(r.apimodel, s.apimodel);
  if (Object.keys(r.kubeconfigs).length + Object.keys(s.kubeconfigs).length > 0) result.kubeconfig = maps(r.kubeconfigs, s.kubeconfigs);
  return result;
}

/** Jaccard index of two sets of names. */
export function sets(real: string[], sim: string[]): FigureScore {
  const a = new Set(real);
  const b = new Set(sim);
  const onlyReal = [...a].filter((item) => !b.has(item));
  const onlySim = [...b].filter((item) => !a.has(item));
  const union = a.size + onlySim.length;
  return { score: union === 0 ? 1 : (a.size - onlyReal.length) / union, onlyReal, onlySim, differ: [] };
}

/** Agreement of two key -> value maps: keys present in both with equal values, over all keys. */
export function maps(real: Record<string, string>, sim: Record<string, string>): FigureScore {
  const onlyReal = Object.keys(real).filter((key) => !(key in sim));
  const onlySim = Object.keys(sim).filter((key) => !(key in real));
  const differ = Object.keys(real).filter((key) => key in sim && real[key] !== sim[key]);
  const union = Object.keys(real).length + onlySim.length;
  const equal = Object.keys(real).length - onlyReal.length - differ.length;
  return { score: union === 0 ? 1 : equal / union, onlyReal, onlySim, differ };
}

/** Multisets (resource types with their counts): sum of the smaller counts over sum of the larger ones. */
export function multisets(real: string[], sim: string[]): FigureScore {
  const count = (items: string[]) => items.reduce((m, item) => m.set(item, (m.get(item) ?? 0) + 1), new Map<string, number>());
  const a = count(real);
  const b = count(sim);
  let min = 0;
  let max = 0;
  const onlyReal: string[] = [];
  const onlySim: string[] = [];
  for (const type of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(type) ?? 0;
    const y = b.get(type) ?? 0;
    min += Math.min(x, y);
    max += Math.max(x, y);
    if (x > y) onlyReal.push(`${type} x${x - y}`);
    if (y > x) onlySim.push(`${type} x${y - x}`);
  }
  return { score: max === 0 ? 1 : min / max, onlyReal, onlySim, differ: [] };
}
