import type { Analysis } from '../aggregate/analysis.js';
import { histogramCount, histogramMean, mergeHistogram, type Histogram } from '../aggregate/histogram.js';
import { RESPONSE_INDEX, storeFromJson, type Cell, type Store } from '../aggregate/store.js';
import { DAYS_PER_YEAR, cellHours, coverageOf, hourOfWeekOccurrences, imputedMinutesByResponse, monthDays, overlapDays, type Coverage } from './cells.js';
import { eligibilityFunnel, type FunnelStep } from './funnel.js';
import { PARAMETER_NAMES, resolveParameters, valuesOf, type Origin, type Parameters, type ParameterValues } from './parameters.js';
import { policeSaturation, type Saturation } from './saturation.js';
import { scenarioFigures, type EligibleLoad, type ScenarioFigures, type ScenarioSpec } from './scenarios.js';
import { staffingByHourOfWeek, type Staffing } from './staffing.js';
import { bootstrapIntervals, describeMethod, type IntervalMethod, type ResampleUnit } from './uncertainty.js';
import { officerTimeParameters, type OfficerTimeOrigins } from './officer-time-parameters.js';

export { resolveParameters, parameterName, PARAMETER_NAMES, type Origin, type Parameters, type ParameterValues } from './parameters.js';
export { NAMED_SCENARIOS, parseScenarioFlag, type ScenarioSpec } from './scenarios.js';
export { erlangC, serviceLevel, averageWait, teamsNeeded } from './staffing.js';
export { recordedOfficerTimeOrigins, type OfficerTimeOrigins } from './officer-time-parameters.js';

export interface EstimateOptions {
  /**
   * Who set the officer time of a saved analysis, as it recorded (recordedOfficerTimeOrigins
   * on the analysis as read, before this run's settings replaced its own). Default: from the
   * analysis's `parameters`, when it was estimated before.
   */
  officerTimeOrigins?: OfficerTimeOrigins;
}

/** The figures every scenario reports, each annualised and with an interval. */
export const SCENARIO_OUTPUTS = ['callsDiverted', 'officerHoursFreed', 'grossSavings', 'alternativeCost', 'netSavings'] as const;
type Output = (typeof SCENARIO_OUTPUTS)[number];

export interface ScenarioResult {
  name: string;
  label: string;
  assumptions: Pick<ScenarioSpec, 'communityShare' | 'civilianShare' | 'coResponseShare' | 'backupRate' | 'counterfactual' | 'costBasis'>;
  sources: ScenarioSpec['sources'];
  costModel: 'per-hour' | 'per-call';
  callsDiverted: number;
  policeBackupCalls: number;
  coResponseCalls: number;
  officerHoursFreed: number;
  positions: number;
  grossSavings: number;
  alternativeCost: number;
  netSavings: number;
  /** Gross and net savings under each cost model (the chosen one is grossSavings/netSavings). */
  byCostModel: Record<'per-call' | 'per-hour', { grossSavings: number; netSavings: number }>;
  /** [low, high] for each figure, or null when there are too few weeks and months to resample. */
  intervals: Record<Output, [number, number]> | null;
  note: string;
}

export interface EstimateMeta {
  currency: 'USD';
  costModel: 'per-hour' | 'per-call';
  annualisation: { coverageDays: number; factor: number; note: string };
  intervals: IntervalMethod;
  notes: string[];
}

// Half away from zero, so a negative net saving rounds like its positive counterpart.
const round = (x: number, d = 0) => (Number.isFinite(x) ? (Math.sign(x) * Math.round(Math.abs(x) * 10 ** d)) / 10 ** d : x);
const DIGITS: Record<Output, number> = { callsDiverted: 0, officerHoursFreed: 1, grossSavings: 0, alternativeCost: 0, netSavings: 0 };

/** Minutes a team spends per call: the parameter, else the mean measured unit time of the eligible types, else of all types. */
function handlingTime(store: Store, p: ParameterValues): { minutes: number | null; source: string } {
  if (p.teamHandlingMinutes !== null) return { minutes: p.teamHandlingMinutes, source: 'teamHandlingMinutes (set by the user)' };
  const eligible: Histogram = new Map();
  const all: Histogram = new Map();
  for (const t of store.types.values()) {
    mergeHistogram(all, t.hist);
    if (t.response === 'community' || t.response === 'civilian') mergeHistogram(eligible, t.hist);
  }
  if (histogramCount(eligible) > 0) return { minutes: histogramMean(eligible), source: 'mean minutes one police unit spent on the community- and civilian-level call types (measured)' };
  if (histogramCount(all) > 0) return { minutes: histogramMean(all), source: 'mean minutes one police unit spent on any call (no eligible call was measured)' };
  return { minutes: null, source: 'no measured unit time in this export' };
}

function scale(load: EligibleLoad, f: number): EligibleLoad {
  const s = (l: { calls: number; hours: number }) => ({ calls: l.calls * f, hours: l.hours * f });
  return { community: s(load.community), civilian: s(load.civilian), coResponse: s(load.coResponse) };
}

const LEVELS = ['community', 'civilian', 'co-response'] as const;

/** Weeks (else months) as resampling units: days covered and [calls, hours] for each divertible level. */
function resampleUnits(store: Store, coverage: Coverage, impMin: number[], minUnits: number): { unit: 'week' | 'month'; units: ResampleUnit[] } | null {
  const toValues = (cells: Cell[]) => LEVELS.flatMap((l) => [cells[RESPONSE_INDEX[l]][0], cellHours(cells[RESPONSE_INDEX[l]], impMin[RESPONSE_INDEX[l]])]);
  if (store.weeks.size >= minUnits) {
    return { unit: 'week', units: [...store.weeks.entries()].sort((a, b) => a[0] - b[0]).map(([monday, cells]) => ({ days: overlapDays(monday, monday + 6, coverage), values: toValues(cells) })) };
  }
  if (store.months.size >= minUnits) {
    return { unit: 'month', units: [...store.months.entries()].sort((a, b) => a[0] - b[0]).map(([key, cells]) => ({ days: overlapDays(...monthDays(key), coverage), values: toValues(cells) })) };
  }
  return null;
}

/**
 * Adds the estimate to an Analysis: parameters, scenarios (annualised, with intervals),
 * the eligibility funnel, staffing and police saturation. Works from the Analysis alone
 * (the Store is rebuilt from `analysis.store` when not given), so a saved or merged
 * analysis can be estimated without the CSV. Pure and deterministic.
 */
/**
 * Re-estimating a saved estimate keeps the parameters it was run with (their values and
 * origins) unless this run overrides them: `estimate analysis.json --cost-per-call 500`
 * changes one assumption, not all of them. Officer-time parameters come from the
 * analysis's own officerTime block instead, with the origins it recorded (officerTimeParameters).
 */
function withSavedParameters(
  analysis: Analysis,
  overrides: Record<string, unknown>,
  origin: Origin | Record<string, Origin>,
): [Record<string, unknown>, Record<string, Origin>] {
  const origins: Record<string, Origin> = {};
  const values: Record<string, unknown> = {};
  const saved = analysis.parameters as Record<string, { value: unknown; origin: Origin }> | undefined;
  if (saved && typeof saved === 'object') {
    for (const [name, p] of Object.entries(saved)) {
      if (!p || p.origin === 'default' || name.startsWith('officerTime') || !PARAMETER_NAMES.includes(name as never)) continue;
      values[name] = p.value;
      origins[name] = p.origin;
    }
  }
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    values[name] = value;
    origins[name] = typeof origin === 'string' ? origin : (origin[name] ?? 'config');
  }
  return [values, origins];
}

export function estimate(
  analysis: Analysis,
  store: Store | null,
  overrides: Record<string, unknown> = {},
  origin: Origin | Record<string, Origin> = 'flag',
  { officerTimeOrigins }: EstimateOptions = {},
): Analysis {
  const s = store ?? storeFromJson(analysis.store);
  const [merged, origins] = withSavedParameters(analysis, overrides, origin);
  const resolved = resolveParameters(merged, origins);
  const notes: string[] = [];
  const parameters: Parameters = { ...resolved.parameters, ...officerTimeParameters(analysis, resolved.parameters, notes, officerTimeOrigins) };
  const p = valuesOf(parameters);
  const coverage = coverageOf(analysis);
  const impMin = imputedMinutesByResponse(analysis, s);
  const occurrences = coverage ? hourOfWeekOccurrences(coverage) : Array<number>(168).fill(0);
  const handling = handlingTime(s, p);
  const central = resolved.scenarios.find((x) => x.name === 'central') ?? resolved.scenarios[0];
  const funnel = eligibilityFunnel(analysis, s, p, impMin, occurrences, handling.minutes, central);

  let costModel = p.costModel;
  if (costModel === 'per-hour' && !analysis.officerTime.measurable) {
    costModel = 'per-call';
    notes.push('the export has no measurable officer time, so savings use the cost per police call (costModel=per-call)');
  }
  const factor = coverage ? DAYS_PER_YEAR / coverage.days : 0;
  const figures = (load: EligibleLoad) => resolved.scenarios.map((spec) => scenarioFigures(load, spec, p, costModel));
  const point = figures(scale(funnel.load, factor));

  const options = { resamples: p.bootstrapResamples, seed: p.bootstrapSeed, level: p.intervalLevel };
  const sampled = coverage ? resampleUnits(s, coverage, impMin, p.minResampleUnits) : null;
  let bounds: [number, number][] | null = null;
  let method: IntervalMethod;
  if (sampled) {
    const totals = LEVELS.flatMap((_, i) => [0, 1].map((k) => sampled.units.reduce((a, u) => a + u.values[i * 2 + k], 0)));
    const loads = [funnel.load.community, funnel.load.civilian, funnel.load.coResponse];
    const ratio = loads.flatMap((l, i) => [totals[i * 2] ? l.calls / totals[i * 2] : 0, totals[i * 2 + 1] ? l.hours / totals[i * 2 + 1] : 0]);
    const statistic = (sums: number[], days: number): number[] => {
      const f = days > 0 ? DAYS_PER_YEAR / days : 0;
      const level = (i: number) => ({ calls: sums[i * 2] * f * ratio[i * 2], hours: sums[i * 2 + 1] * f * ratio[i * 2 + 1] });
      return figures({ community: level(0), civilian: level(1), coResponse: level(2) }).flatMap((x) => SCENARIO_OUTPUTS.map((o) => x[o]));
    };
    bounds = bootstrapIntervals(sampled.units, statistic, options);
    method = {
      method: `${describeMethod(sampled.unit, sampled.units.length, options)} (${sampled.unit}s resampled with replacement; funnel shares held at their whole-period values)`,
      unit: sampled.unit,
      units: sampled.units.length,
      ...options,
    };
  } else {
    const text = `no interval: ${s.weeks.size} week(s) and ${s.months.size} month(s) of data, at least ${p.minResampleUnits} are needed to resample (not enough weeks)`;
    notes.push(text);
    method = { method: text, unit: null, units: 0, ...options };
  }

  const scenarios: ScenarioResult[] = resolved.scenarios.map((spec, i) => resultOf(spec, point[i], bounds?.slice(i * SCENARIO_OUTPUTS.length, (i + 1) * SCENARIO_OUTPUTS.length) ?? null, costModel));
  const staffing: Staffing = staffingByHourOfWeek(funnel.byHour, occurrences, handling.minutes, handling.source, p.targetAnswerShare, p.targetWaitMinutes);
  const saturation: Saturation = policeSaturation(s, p, impMin, occurrences, funnel.byHour, funnel.capacityFactor, central);
  const meta: EstimateMeta = {
    currency: 'USD',
    costModel,
    annualisation: {
      coverageDays: coverage?.days ?? 0,
      factor: round(factor, 6),
      note: `scenario figures are annual: whole-period totals × 365.25 ÷ ${coverage?.days ?? 0} days covered`,
    },
    intervals: method,
    notes,
  };
  const { store: storeJson, ...rest } = analysis;
  return {
    ...rest,
    command: 'estimate',
    warnings: [...new Set([...analysis.warnings, ...notes])],
    parameters: Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, { ...v }])),
    scenarios,
    funnel: funnel.steps.map(roundStep),
    staffing,
    saturation,
    estimate: meta,
    store: storeJson,
  };
}

function roundStep(x: FunnelStep): FunnelStep {
  return { ...x, calls: round(x.calls, 1), community: x.community === null ? null : round(x.community, 1), civilian: x.civilian === null ? null : round(x.civilian, 1), shareOfAll: round(x.shareOfAll, 4) };
}

function resultOf(spec: ScenarioSpec, f: ScenarioFigures, b: [number, number][] | null, costModel: 'per-hour' | 'per-call'): ScenarioResult {
  const intervals = b ? (Object.fromEntries(SCENARIO_OUTPUTS.map((o, k) => [o, [round(b[k][0], DIGITS[o]), round(b[k][1], DIGITS[o])]])) as ScenarioResult['intervals']) : null;
  const value = spec.counterfactual === 'budget' ? 'budget: only whole officer positions removed count as savings' : 'freed hours: the value of officer time freed for other work, not cash unless positions change';
  return {
    name: spec.name,
    label: spec.label,
    assumptions: {
      communityShare: spec.communityShare,
      civilianShare: spec.civilianShare,
      coResponseShare: spec.coResponseShare,
      backupRate: spec.backupRate,
      counterfactual: spec.counterfactual,
      costBasis: spec.costBasis,
    },
    sources: spec.sources,
    costModel,
    callsDiverted: round(f.callsDiverted),
    policeBackupCalls: round(f.policeBackupCalls),
    coResponseCalls: round(f.coResponseCalls),
    officerHoursFreed: round(f.officerHoursFreed, 1),
    positions: round(f.positions, 2),
    grossSavings: round(f.grossSavings),
    alternativeCost: round(f.alternativeCost),
    // Net from the rounded parts, so the printed figures add up.
    netSavings: round(f.grossSavings) - round(f.alternativeCost),
    byCostModel: {
      'per-call': { grossSavings: round(f.grossByModel['per-call']), netSavings: round(f.grossByModel['per-call']) - round(f.alternativeCost) },
      'per-hour': { grossSavings: round(f.grossByModel['per-hour']), netSavings: round(f.grossByModel['per-hour']) - round(f.alternativeCost) },
    },
    intervals,
    note: `${value}; ${spec.costBasis} cost`,
  };
}
