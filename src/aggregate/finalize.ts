import { RESPONSE_LEVELS, UNCLASSIFIED, type ResponseLevel } from '../classify/index.js';
import type { InputBlock } from '../ingest/summary.js';
import { createZone } from '../ingest/time/index.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { SCHEMA_VERSION, type Analysis, type CallTypeRow, type OfficerTimeBlock, type SeriesPoint } from './analysis.js';
import { histogramCount, histogramMedian, mergeHistogram, type Histogram } from './histogram.js';
import { IMPUTE_REASONS, type TimeBasis } from './officer-time.js';
import { DIVERTIBLE, RESPONSES, dayLabel, monthLabel, storeToJson, type Cell, type Store, type TypeCell } from './store.js';

export interface OfficerTimeParameters {
  basis: TimeBasis;
  capMinutes: number;
  minSamples: number;
  fallbackMinutesPerUnit: number | null;
}

export interface FinalizeMeta {
  command: string;
  commandLine: string[];
  generatedAt: string | null;
  input: InputBlock;
  mapping: Record<string, string | string[]>;
  timeZone: string;
  taxonomy: Analysis['taxonomy'];
  officerTime: OfficerTimeParameters;
  warnings: string[];
}

const MS_PER_HOUR = 3_600_000;
const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
const hours = (x: number) => round(x, 2);
const share = (part: number, whole: number) => (whole > 0 ? round(part / whole, 4) : 0);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Imputation {
  /** Minutes per unit used for this type's unmeasured units, NaN when none available. */
  minutes: number;
  from: 'type' | 'category' | 'overall' | 'fallback' | 'none';
}

/**
 * Chooses, per call type, the median used for units whose time was not measured: the
 * type's own (with at least minSamples measured units), else its category's, else the
 * whole export's, else the user's fallback — each level counted in `imputedFrom`.
 */
function imputations(types: TypeCell[], p: OfficerTimeParameters): Map<TypeCell, Imputation> {
  const byCategory = new Map<string, Histogram>();
  const overall: Histogram = new Map();
  for (const t of types) {
    let h = byCategory.get(t.category);
    if (!h) byCategory.set(t.category, (h = new Map()));
    mergeHistogram(h, t.hist);
    mergeHistogram(overall, t.hist);
  }
  const enough = (h: Histogram | undefined, min: number) => !!h && histogramCount(h) >= min;
  const result = new Map<TypeCell, Imputation>();
  for (const t of types) {
    const cat = byCategory.get(t.category);
    let imp: Imputation;
    if (enough(t.hist, p.minSamples)) imp = { minutes: histogramMedian(t.hist), from: 'type' };
    else if (enough(cat, p.minSamples)) imp = { minutes: histogramMedian(cat!), from: 'category' };
    else if (enough(overall, 1)) imp = { minutes: histogramMedian(overall), from: 'overall' };
    else if (p.fallbackMinutesPerUnit !== null) imp = { minutes: p.fallbackMinutesPerUnit, from: 'fallback' };
    else imp = { minutes: NaN, from: 'none' };
    result.set(t, imp);
  }
  return result;
}

/** Derives every figure of the Analysis from a Store. Pure and deterministic. */
export function finalize(store: Store, meta: FinalizeMeta): Analysis {
  const zone = createZone(meta.timeZone === 'mixed' ? 'UTC' : meta.timeZone);
  const types = [...store.types.values()];
  const imp = imputations(types, meta.officerTime);
  const typeHours = new Map<TypeCell, number>();
  const imputedMinutesByResponse = RESPONSES.map(() => ({ units: 0, minutes: 0 }));
  const imputedFrom = { type: 0, category: 0, overall: 0, fallback: 0, none: 0 };
  let measuredMs = 0;
  let imputedMinutes = 0;
  for (const t of types) {
    const i = imp.get(t)!;
    const imputedCalls = IMPUTE_REASONS.reduce((a, r) => a + t.imputed[r], 0);
    imputedFrom[i.from] += imputedCalls;
    const minutes = Number.isNaN(i.minutes) ? 0 : t.imputedUnits * i.minutes;
    imputedMinutes += minutes;
    measuredMs += t.measuredMs;
    const r = RESPONSES.indexOf(t.response);
    imputedMinutesByResponse[r].units += t.imputedUnits;
    imputedMinutesByResponse[r].minutes += minutes;
    typeHours.set(t, hours(t.measuredMs / MS_PER_HOUR + minutes / 60));
  }
  const meanImputed = imputedMinutesByResponse.map((x) => (x.units ? x.minutes / x.units : 0));
  const cellPoint = (cell: Cell, r: number): SeriesPoint => ({
    calls: cell[0],
    officerHours: hours(cell[1] / MS_PER_HOUR + (cell[2] * meanImputed[r]) / 60),
  });

  const totalCalls = types.reduce((a, t) => a + t.calls, 0);
  const totalHours = hours(types.reduce((a, t) => a + typeHours.get(t)!, 0));
  const distinctTypes = (list: TypeCell[]) => new Set(list.map((t) => `${t.callTypeCode}\u0001${t.callType}`)).size;
  const allTypes = distinctTypes(types);

  /** Calls, officer hours and distinct call types of a group of cells, each with its share of the whole. */
  const mix = (of: TypeCell[]) => {
    const calls = of.reduce((a, t) => a + t.calls, 0);
    const h = hours(of.reduce((a, t) => a + typeHours.get(t)!, 0));
    const n = distinctTypes(of);
    return {
      calls,
      shareOfCalls: share(calls, totalCalls),
      officerHours: h,
      shareOfHours: share(h, totalHours),
      callTypes: n,
      shareOfCallTypes: share(n, allTypes),
    };
  };
  const responses = RESPONSE_LEVELS.map((level) => ({
    response: level.id,
    label: level.label,
    ...mix(types.filter((t) => t.response === level.id)),
  }));

  const categoryDefs = new Map(meta.taxonomy.categories.map((c) => [c.id, c]));
  const categoryIds = [...new Set(types.map((t) => t.category))];
  const categories = categoryIds
    .map((id) => {
      const of = types.filter((t) => t.category === id);
      return {
        id,
        label: categoryDefs.get(id)?.label ?? (id === UNCLASSIFIED ? 'Unclassified' : id),
        response: of[0].response,
        ...mix(of),
      };
    })
    .sort((a, b) => b.calls - a.calls || cmp(a.id, b.id));

  const callTypes: CallTypeRow[] = types
    .map((t) => {
      const median = histogramMedian(t.hist);
      return {
        callType: t.callType,
        callTypeCode: t.callTypeCode,
        category: t.category,
        response: t.response,
        calls: t.calls,
        officerHours: typeHours.get(t)!,
        medianMinutesPerUnit: Number.isNaN(median) ? null : round(median, 1),
        imputedCalls: IMPUTE_REASONS.reduce((a, r) => a + t.imputed[r], 0),
        citizenCalls: t.sources.citizen,
        officerInitiatedCalls: t.sources.officer,
      };
    })
    .sort((a, b) => b.calls - a.calls || cmp(a.callType, b.callType) || cmp(a.callTypeCode, b.callTypeCode) || cmp(a.category, b.category));

  const unmatched = callTypes
    .filter((t) => t.category === UNCLASSIFIED)
    .map((t) => ({ callType: t.callType, callTypeCode: t.callTypeCode, calls: t.calls, officerHours: t.officerHours }));

  const overall: Histogram = new Map();
  for (const t of types) mergeHistogram(overall, t.hist);
  const overallMedian = histogramMedian(overall);
  const imputedCalls = types.reduce((a, t) => a + IMPUTE_REASONS.reduce((b, r) => b + t.imputed[r], 0), 0);
  const imputedByReason = Object.fromEntries(IMPUTE_REASONS.map((r) => [r, types.reduce((a, t) => a + t.imputed[r], 0)])) as OfficerTimeBlock['imputed'];
  const officerTime: OfficerTimeBlock = {
    basis: meta.officerTime.basis,
    capMinutes: meta.officerTime.capMinutes,
    minSamples: meta.officerTime.minSamples,
    fallbackMinutesPerUnit: meta.officerTime.fallbackMinutesPerUnit,
    measurable: histogramCount(overall) > 0 || meta.officerTime.fallbackMinutesPerUnit !== null,
    measuredCalls: types.reduce((a, t) => a + t.measuredCalls, 0),
    imputedCalls,
    imputed: imputedByReason,
    imputedFrom,
    measuredHours: hours(measuredMs / MS_PER_HOUR),
    imputedHours: hours(imputedMinutes / 60),
    medianMinutesPerUnit: Number.isNaN(overallMedian) ? null : round(overallMedian, 1),
    meanUnitsPerCall: totalCalls ? round(types.reduce((a, t) => a + t.units, 0) / totalCalls, 3) : 0,
  };

  const series = <K>(map: Map<K, Cell[]>, label: (k: K) => string) =>
    [...map.entries()]
      .map(([k, cells]) => ({ key: label(k), cells }))
      .sort((a, b) => cmp(a.key, b.key))
      .map(({ key, cells }) => ({ key, ...Object.fromEntries(RESPONSES.map((r, i) => [r, cellPoint(cells[i], i)])) }));
  const monthly = series(store.months, monthLabel).map(({ key, ...rest }) => ({ month: key, ...rest })) as Analysis['time']['monthly'];
  const weekly = series(store.weeks, dayLabel).map(({ key, ...rest }) => ({ week: key, ...rest })) as Analysis['time']['weekly'];
  const hourOfWeek = Object.fromEntries(RESPONSES.map((r, i) => [r, store.hourOfWeek[i].map((c) => c[0])])) as Record<ResponseLevel, number[]>;

  const divertibleIdx = DIVERTIBLE.map((r) => RESPONSES.indexOf(r));
  const beats = [...store.beats.entries()]
    .map(([beat, cells]) => {
      const points = cells.map((c, i) => cellPoint(c, i));
      return {
        beat,
        calls: points.reduce((a, p) => a + p.calls, 0),
        officerHours: hours(points.reduce((a, p) => a + p.officerHours, 0)),
        eligibleCalls: divertibleIdx.slice(0, 2).reduce((a, i) => a + points[i].calls, 0),
        eligibleHours: hours(divertibleIdx.slice(0, 2).reduce((a, i) => a + points[i].officerHours, 0)),
        ...Object.fromEntries(RESPONSES.map((r, i) => [r, points[i]])),
      };
    })
    .sort((a, b) => b.eligibleCalls - a.eligibleCalls || b.calls - a.calls || cmp(a.beat, b.beat)) as Analysis['beats'];

  const days = Number.isFinite(store.from) ? Math.floor(zone.toWall(store.to) / 86_400_000) - Math.floor(zone.toWall(store.from) / 86_400_000) + 1 : 0;
  const sourceTotal = (s: 'citizen' | 'officer' | 'unknown') => types.reduce((a, t) => a + t.sources[s], 0);

  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    command: meta.command,
    generatedAt: meta.generatedAt,
    commandLine: meta.commandLine,
    input: meta.input,
    mapping: meta.mapping,
    dateRange: {
      from: Number.isFinite(store.from) ? zone.formatIsoWithOffset(store.from) : null,
      to: Number.isFinite(store.to) ? zone.formatIsoWithOffset(store.to) : null,
    },
    timeZone: meta.timeZone,
    coverage: { days, weeks: store.weeks.size, months: store.months.size },
    taxonomy: meta.taxonomy,
    totals: {
      calls: totalCalls,
      officerHours: totalHours,
      callTypes: allTypes,
      classifiedShare: share(totalCalls - responses[RESPONSES.indexOf('unclassified')].calls, totalCalls),
      citizenCalls: sourceTotal('citizen'),
      officerInitiatedCalls: sourceTotal('officer'),
      unknownSourceCalls: sourceTotal('unknown'),
    },
    responses,
    categories,
    callTypes,
    unmatched,
    initialVsFinal: initialVsFinal(store),
    officerTime,
    time: { hourOfWeek, monthly, weekly },
    beats,
    warnings: meta.warnings,
    store: storeToJson(store),
  };
}

function initialVsFinal(store: Store): Analysis['initialVsFinal'] {
  const s = store.initial;
  if (s.calls === 0) return null;
  const initial = new Map<string, number>();
  const final = new Map<string, number>();
  const changes: { initial: ResponseLevel; final: ResponseLevel; calls: number }[] = [];
  for (const [key, n] of s.cross) {
    const [a, b] = key.split('>') as [ResponseLevel, ResponseLevel];
    initial.set(a, (initial.get(a) ?? 0) + n);
    final.set(b, (final.get(b) ?? 0) + n);
    if (a !== b) changes.push({ initial: a, final: b, calls: n });
  }
  const eligible = (m: Map<string, number>) => share((m.get('community') ?? 0) + (m.get('civilian') ?? 0), s.calls);
  return {
    calls: s.calls,
    eligibleShare: { initial: eligible(initial), final: eligible(final) },
    byResponse: RESPONSES.map((r) => ({ response: r, initial: initial.get(r) ?? 0, final: final.get(r) ?? 0 })),
    changes: changes.sort((x, y) => y.calls - x.calls || cmp(x.initial, y.initial) || cmp(x.final, y.final)),
    categories: [...s.categories.entries()].map(([id, n]) => ({ id, initial: n })).sort((a, b) => b.initial - a.initial || cmp(a.id, b.id)),
  };
}
