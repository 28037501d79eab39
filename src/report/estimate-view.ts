import type { Analysis } from '../aggregate/analysis.js';
import type { EstimateMeta, ScenarioResult } from '../estimate/index.js';
import type { FunnelStep } from '../estimate/funnel.js';
import type { Parameter } from '../estimate/parameters.js';
import type { Saturation } from '../estimate/saturation.js';
import type { Staffing } from '../estimate/staffing.js';

/**
 * The estimate's sections of an Analysis (added by estimate(): parameters, scenarios,
 * funnel, staffing, saturation, estimate), each null when absent or not in the expected
 * shape — a classify-only analysis.json renders without them.
 */
export interface EstimateView {
  parameters: Record<string, Parameter> | null;
  scenarios: ScenarioResult[] | null;
  funnel: FunnelStep[] | null;
  staffing: Staffing | null;
  saturation: Saturation | null;
  meta: EstimateMeta | null;
}

const isObject = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

function parametersOf(x: unknown): Record<string, Parameter> | null {
  if (!isObject(x)) return null;
  const entries = Object.entries(x).filter(([, v]) => isObject(v) && 'value' in v);
  return entries.length ? (Object.fromEntries(entries) as Record<string, Parameter>) : null;
}

function listOf<T>(x: unknown, required: string[]): T[] | null {
  if (!Array.isArray(x) || !x.length) return null;
  return x.every((item) => isObject(item) && required.every((k) => k in item)) ? (x as T[]) : null;
}

export function estimateView(a: Analysis): EstimateView {
  const staffing = isObject(a.staffing) && Array.isArray(a.staffing.byHourOfWeek) ? (a.staffing as unknown as Staffing) : null;
  const saturation = isObject(a.saturation) && 'computed' in a.saturation ? (a.saturation as unknown as Saturation) : null;
  const meta = isObject(a.estimate) && isObject(a.estimate.annualisation) ? (a.estimate as unknown as EstimateMeta) : null;
  return {
    parameters: parametersOf(a.parameters),
    scenarios: listOf<ScenarioResult>(a.scenarios, ['name', 'callsDiverted', 'officerHoursFreed', 'grossSavings', 'alternativeCost', 'netSavings']),
    funnel: listOf<FunnelStep>(a.funnel, ['label', 'calls']),
    staffing,
    saturation,
    meta,
  };
}

/** True when the Analysis carries the estimate (report runs estimate() on an analysis without it). */
export function hasEstimate(a: Analysis): boolean {
  const v = estimateView(a);
  return v.scenarios !== null && v.parameters !== null;
}
