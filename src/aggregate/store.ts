import { RESPONSE_LEVEL_IDS, type ResponseLevel } from '../classify/index.js';
import type { CallSource } from '../ingest/call.js';
import { IMPUTE_REASONS, type ImputeReason } from './officer-time.js';
import { histogramFromJson, histogramToJson, mergeHistogram, type Histogram } from './histogram.js';

/**
 * The raw, mergeable state of an analysis. Everything in it adds: counts, integer
 * milliseconds of officer time, histogram bins. Two shards' stores merge by addition,
 * exactly, and every figure of the Analysis is derived from a store (finalize.ts), so a
 * merged analysis equals the analysis of the concatenated export.
 *
 * Memory depends on distinct call types, months, weeks, beats and priorities — never on rows.
 */

/** Responses in fixed order; cells are indexed by position. */
export const RESPONSES: readonly ResponseLevel[] = RESPONSE_LEVEL_IDS;
export const RESPONSE_INDEX: Record<ResponseLevel, number> = Object.fromEntries(RESPONSES.map((r, i) => [r, i])) as Record<ResponseLevel, number>;
/** Responses whose calls could leave police: the eligibility cube keeps detail for them. */
export const DIVERTIBLE: readonly ResponseLevel[] = ['community', 'civilian', 'co-response'];

/** A time/place cell: calls, measured unit-milliseconds of officer time, units whose time is imputed. */
export type Cell = [calls: number, measuredMs: number, imputedUnits: number];

export function newCell(): Cell {
  return [0, 0, 0];
}

export function responseCells(): Cell[] {
  return RESPONSES.map(newCell);
}

export interface TypeCell {
  callType: string;
  callTypeCode: string;
  category: string;
  response: ResponseLevel;
  calls: number;
  units: number;
  sources: Record<CallSource, number>;
  /** Calls whose officer time was fully measured. */
  measuredCalls: number;
  /** Officer time measured, unit-milliseconds (integer, so merges are exact). */
  measuredMs: number;
  /** Units whose time could not be measured (imputed at finalize from medians). */
  imputedUnits: number;
  /** Calls with at least one imputed unit, by reason. */
  imputed: Record<ImputeReason, number>;
  /** Per-unit minutes of measured units. */
  hist: Histogram;
}

/** One cell of the eligibility cube: divertible calls by source, priority, hour of week and beat. */
export interface EligibleCell {
  response: ResponseLevel;
  source: CallSource;
  priority: string;
  hourOfWeek: number;
  beat: string;
  cell: Cell;
}

export interface Store {
  types: Map<string, TypeCell>;
  /** Calls that had an initial call type, the initial→final response cross-tab and initial categories. */
  initial: { calls: number; cross: Map<string, number>; categories: Map<string, number> };
  /** Local month (year*12 + month-1) → cells by response. */
  months: Map<number, Cell[]>;
  /** Local date number (days since 1970-01-01) of the week's Monday → cells by response. */
  weeks: Map<number, Cell[]>;
  /** [response][hour of week, 0 = Sunday 00:00] */
  hourOfWeek: Cell[][];
  beats: Map<string, Cell[]>;
  eligible: Map<string, EligibleCell>;
  /** Earliest and latest received instants. */
  from: number;
  to: number;
}

export function emptyStore(): Store {
  return {
    types: new Map(),
    initial: { calls: 0, cross: new Map(), categories: new Map() },
    months: new Map(),
    weeks: new Map(),
    hourOfWeek: RESPONSES.map(() => Array.from({ length: 168 }, newCell)),
    beats: new Map(),
    eligible: new Map(),
    from: Infinity,
    to: -Infinity,
  };
}

export function typeKey(category: string, code: string, type: string): string {
  return `${category}\u0001${code}\u0001${type}`;
}

export function eligibleKey(response: string, source: string, priority: string, hourOfWeek: number, beat: string): string {
  return `${response}\u0001${source}\u0001${priority}\u0001${hourOfWeek}\u0001${beat}`;
}

/** Small integer ids for strings seen on the hot path (beats, priorities), interned per run. */
export class Interner {
  private readonly ids = new Map<string, number>();
  /** id → string. */
  readonly texts: string[] = [];
  private lastText = '';
  private lastId = -1;

  id(text: string): number {
    if (text === this.lastText && this.lastId >= 0) return this.lastId;
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.ids.set(text, id);
      this.texts.push(text);
    }
    this.lastText = text;
    this.lastId = id;
    return id;
  }
}

function addCell(into: Cell, from: Cell): void {
  into[0] += from[0];
  into[1] += from[1];
  into[2] += from[2];
}

function addCellMap<K>(into: Map<K, Cell[]>, from: Map<K, Cell[]>): void {
  for (const [k, cells] of from) {
    const target = into.get(k);
    if (!target) into.set(k, cells.map((c) => [...c] as Cell));
    else cells.forEach((c, i) => addCell(target[i], c));
  }
}

function addCounts<K>(into: Map<K, number>, from: Map<K, number>): void {
  for (const [k, n] of from) into.set(k, (into.get(k) ?? 0) + n);
}

export function emptyImputed(): Record<ImputeReason, number> {
  return Object.fromEntries(IMPUTE_REASONS.map((r) => [r, 0])) as Record<ImputeReason, number>;
}

/** Adds `from` into `into` (exact: every quantity is additive). */
export function mergeStore(into: Store, from: Store): Store {
  for (const [key, t] of from.types) {
    const target = into.types.get(key);
    if (!target) {
      into.types.set(key, { ...t, sources: { ...t.sources }, imputed: { ...t.imputed }, hist: new Map(t.hist) });
      continue;
    }
    target.calls += t.calls;
    target.units += t.units;
    target.measuredCalls += t.measuredCalls;
    target.measuredMs += t.measuredMs;
    target.imputedUnits += t.imputedUnits;
    for (const s of Object.keys(t.sources) as CallSource[]) target.sources[s] += t.sources[s];
    for (const r of IMPUTE_REASONS) target.imputed[r] += t.imputed[r];
    mergeHistogram(target.hist, t.hist);
  }
  into.initial.calls += from.initial.calls;
  addCounts(into.initial.cross, from.initial.cross);
  addCounts(into.initial.categories, from.initial.categories);
  addCellMap(into.months, from.months);
  addCellMap(into.weeks, from.weeks);
  from.hourOfWeek.forEach((cells, r) => cells.forEach((c, h) => addCell(into.hourOfWeek[r][h], c)));
  addCellMap(into.beats, from.beats);
  for (const [key, e] of from.eligible) {
    const target = into.eligible.get(key);
    if (!target) into.eligible.set(key, { ...e, cell: [...e.cell] as Cell });
    else addCell(target.cell, e.cell);
  }
  into.from = Math.min(into.from, from.from);
  into.to = Math.max(into.to, from.to);
  return into;
}

// ---- JSON form: plain objects with sorted keys, so files are deterministic and diffable.

export interface StoreJson {
  types: {
    callType: string;
    callTypeCode: string;
    category: string;
    response: ResponseLevel;
    calls: number;
    units: number;
    sources: Record<CallSource, number>;
    measuredCalls: number;
    measuredMs: number;
    imputedUnits: number;
    imputed: Record<ImputeReason, number>;
    hist: Record<string, number>;
  }[];
  initial: { calls: number; cross: Record<string, number>; categories: Record<string, number> };
  months: Record<string, Record<ResponseLevel, Cell>>;
  weeks: Record<string, Record<ResponseLevel, Cell>>;
  hourOfWeek: Record<ResponseLevel, Cell[]>;
  beats: Record<string, Record<ResponseLevel, Cell>>;
  /** Rows of [response, source, priority, hourOfWeek, beat, calls, measuredMs, imputedUnits] — arrays, not objects, to keep the file small. */
  eligible: [ResponseLevel, CallSource, string, number, string, number, number, number][];
  from: number | null;
  to: number | null;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortedRecord<V>(entries: [string, V][]): Record<string, V> {
  const out: Record<string, V> = Object.create(null);
  for (const [k, v] of entries.sort((a, b) => cmp(a[0], b[0]))) out[k] = v;
  return { ...out };
}

function byResponse(cells: Cell[]): Record<ResponseLevel, Cell> {
  return Object.fromEntries(RESPONSES.map((r, i) => [r, cells[i]])) as Record<ResponseLevel, Cell>;
}

function fromByResponse(rec: Record<string, Cell>): Cell[] {
  return RESPONSES.map((r) => [...(rec[r] ?? newCell())] as Cell);
}

export function monthLabel(key: number): string {
  return `${Math.floor(key / 12)}-${String((key % 12) + 1).padStart(2, '0')}`;
}

export function monthFromLabel(label: string): number {
  const [y, m] = label.split('-').map(Number);
  return y * 12 + m - 1;
}

export function dayLabel(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function dayFromLabel(label: string): number {
  return Math.round(Date.parse(`${label}T00:00:00Z`) / 86_400_000);
}

export function storeToJson(s: Store): StoreJson {
  const types = [...s.types.values()].sort(
    (a, b) => cmp(a.category, b.category) || cmp(a.callTypeCode, b.callTypeCode) || cmp(a.callType, b.callType),
  );
  return {
    types: types.map((t) => ({
      callType: t.callType,
      callTypeCode: t.callTypeCode,
      category: t.category,
      response: t.response,
      calls: t.calls,
      units: t.units,
      sources: { citizen: t.sources.citizen, officer: t.sources.officer, unknown: t.sources.unknown },
      measuredCalls: t.measuredCalls,
      measuredMs: t.measuredMs,
      imputedUnits: t.imputedUnits,
      imputed: { ...t.imputed },
      hist: histogramToJson(t.hist),
    })),
    initial: {
      calls: s.initial.calls,
      cross: sortedRecord([...s.initial.cross]),
      categories: sortedRecord([...s.initial.categories]),
    },
    months: sortedRecord([...s.months].map(([k, v]) => [monthLabel(k), byResponse(v)])),
    weeks: sortedRecord([...s.weeks].map(([k, v]) => [dayLabel(k), byResponse(v)])),
    hourOfWeek: Object.fromEntries(RESPONSES.map((r, i) => [r, s.hourOfWeek[i]])) as Record<ResponseLevel, Cell[]>,
    beats: sortedRecord([...s.beats].map(([k, v]) => [k, byResponse(v)])),
    eligible: [...s.eligible.entries()]
      .sort((a, b) => cmp(a[0], b[0]))
      .map(([, e]) => [e.response, e.source, e.priority, e.hourOfWeek, e.beat, e.cell[0], e.cell[1], e.cell[2]]),
    from: Number.isFinite(s.from) ? s.from : null,
    to: Number.isFinite(s.to) ? s.to : null,
  };
}

export function storeFromJson(j: StoreJson): Store {
  const s = emptyStore();
  for (const t of j.types) {
    s.types.set(typeKey(t.category, t.callTypeCode, t.callType), {
      ...t,
      sources: { ...t.sources },
      imputed: { ...emptyImputed(), ...t.imputed },
      hist: histogramFromJson(t.hist),
    });
  }
  s.initial.calls = j.initial.calls;
  for (const [k, v] of Object.entries(j.initial.cross)) s.initial.cross.set(k, v);
  for (const [k, v] of Object.entries(j.initial.categories)) s.initial.categories.set(k, v);
  for (const [k, v] of Object.entries(j.months)) s.months.set(monthFromLabel(k), fromByResponse(v));
  for (const [k, v] of Object.entries(j.weeks)) s.weeks.set(dayFromLabel(k), fromByResponse(v));
  RESPONSES.forEach((r, i) => {
    const cells = j.hourOfWeek[r];
    if (cells) s.hourOfWeek[i] = cells.map((c) => [...c] as Cell);
  });
  for (const [k, v] of Object.entries(j.beats)) s.beats.set(k, fromByResponse(v));
  for (const [response, source, priority, hourOfWeek, beat, calls, measuredMs, imputedUnits] of j.eligible) {
    s.eligible.set(eligibleKey(response, source, priority, hourOfWeek, beat), { response, source, priority, hourOfWeek, beat, cell: [calls, measuredMs, imputedUnits] });
  }
  s.from = j.from ?? Infinity;
  s.to = j.to ?? -Infinity;
  return s;
}
