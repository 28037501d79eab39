import type { Classification, Classifier } from '../classify/index.js';
import type { Call, CallSource } from '../ingest/call.js';
import type { Zone } from '../ingest/time/index.js';
import { civilFromDays } from '../ingest/time/civil.js';
import { HISTOGRAM_BINS, binOf } from './histogram.js';
import { officerTime, type OfficerTimeOptions, type OfficerTimeResult } from './officer-time.js';
import {
  DIVERTIBLE,
  Interner,
  RESPONSE_INDEX,
  RESPONSES,
  emptyImputed,
  emptyStore,
  eligibleKey,
  responseCells,
  typeKey,
  type Cell,
  type Store,
  type TypeCell,
} from './store.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** "initial>final" keys of the initial-vs-final cross-tab. */
const CROSS_KEYS: string[][] = RESPONSES.map((a) => RESPONSES.map((b) => `${a}>${b}`));
const SOURCES: CallSource[] = ['citizen', 'officer', 'unknown'];
/** Eligibility cells per (beat, priority): source × divertible response × hour of week. */
const CELLS_PER_PAIR = SOURCES.length * DIVERTIBLE.length * 168;
/** Eligible calls of one (beat, priority) before it gets a dense block of all its cells. */
const DENSE_PAIR_AFTER = 1024;

/** Civil month key (year*12 + month-1) of a day number. */
function monthKeyOfDay(day: number): number {
  const civil = civilFromDays(day); // year * 10000 + month * 100 + day
  return Math.floor(civil / 10000) * 12 + (Math.floor(civil / 100) % 100) - 1;
}

/**
 * A call type's cell, and its dense histogram once the type is common enough to earn one
 * (flushed into the cell's sparse one on read). Rare types write straight into the sparse
 * histogram: free-text call types can number 100,000, and 337 bins each would be 270 MB.
 */
interface TypeSlot {
  cell: TypeCell;
  bins: Float64Array | null;
}

/** Calls of one type before it gets a dense histogram. */
const DENSE_AFTER_CALLS = 32;

/**
 * Streams calls into a Store: one classification (memoised) and a handful of cell
 * updates per call. Nothing per call is kept.
 *
 * The hot path writes into typed arrays — histogram bins per call type, the eligibility
 * cells, the initial-vs-final cross-tab — and `store` adds them into the Store's sparse
 * form when read. Reading `store` any number of times, between adds or at the end, gives
 * the same result as writing the Store directly.
 *
 * Eligibility cells start sparse: one [calls, ms, imputed] triple in a growing pool per
 * (beat, priority, source, response, hour of week) that occurs. A (beat, priority) pair
 * with many eligible calls then gets a dense block (24 KB), faster to index. Dense blocks
 * for every pair would make a column of thousands of distinct "beats" (grid cells,
 * addresses) take gigabytes; this way they take at most 24 KB per 1,024 calls.
 */
export class Accumulator {
  private readonly s: Store = emptyStore();
  private readonly byType = new Map<string, Map<string, Map<Classification, TypeSlot>>>();
  private readonly slots: TypeSlot[] = [];
  private readonly slotOf = new Map<TypeCell, TypeSlot>();
  private readonly divertibleIndex: number[];
  // Calls arrive roughly in time order: remembering the last day's cells avoids map lookups.
  private lastDay = NaN;
  private monthCells: Cell[] = [];
  private weekCells: Cell[] = [];
  private currentBins: Float64Array | null = null;
  private currentHist: Map<number, number> = new Map();
  private readonly unitMinutes = (m: number) => {
    const bins = this.currentBins;
    if (bins !== null) bins[binOf(m)]++;
    else {
      const b = binOf(m);
      this.currentHist.set(b, (this.currentHist.get(b) ?? 0) + 1);
    }
  };
  private readonly timeResult: OfficerTimeResult = { measuredMinutes: 0, measuredUnits: 0, imputedUnits: 0, reason: null };
  private readonly beats = new Interner();
  private readonly priorities = new Interner();
  /** (beat id, priority id) pairs: key → pair index, and the pair's beat and priority ids. */
  private readonly pairs = new Map<number, number>();
  private readonly pairBeat: number[] = [];
  private readonly pairPriority: number[] = [];
  private readonly pairCalls: number[] = [];
  /** Per pair: its dense block (CELLS_PER_PAIR triples) once it has one. */
  private readonly pairBlock: (Float64Array | null)[] = [];
  private lastPairKey = -1;
  private lastPair = -1;
  /** Eligibility cell key (pair × CELLS_PER_PAIR + cell) → its triple's offset in `pool`. */
  private readonly cellAt = new Map<number, number>();
  private pool = new Float64Array(3 * 4096);
  private poolUsed = 0;
  private readonly cross = new Float64Array(RESPONSES.length * RESPONSES.length);
  private readonly responseIndex = new Map<Classification, number>();

  constructor(
    private readonly classifier: Classifier,
    private readonly zone: Zone,
    private readonly time: OfficerTimeOptions,
  ) {
    this.divertibleIndex = RESPONSES.map((r) => DIVERTIBLE.indexOf(r));
  }

  /** The Store with everything added so far. */
  get store(): Store {
    this.flush();
    return this.s;
  }

  /** Response index of a (shared, frozen) classification, looked up by identity. */
  private responseOf(c: Classification): number {
    let r = this.responseIndex.get(c);
    if (r === undefined) this.responseIndex.set(c, (r = RESPONSE_INDEX[c.response]));
    return r;
  }

  add(call: Call): void {
    const c = this.classifier.classify(call);
    const r = this.responseOf(c);
    const slot = this.typeSlot(call, c);
    const type = slot.cell;
    type.calls++;
    if (slot.bins === null && type.calls >= DENSE_AFTER_CALLS) {
      slot.bins = new Float64Array(HISTOGRAM_BINS);
      this.slots.push(slot);
    }
    this.currentBins = slot.bins;
    this.currentHist = type.hist;
    type.units += call.units;
    const sourceIndex = call.source === 'citizen' ? 0 : call.source === 'officer' ? 1 : 2;
    if (sourceIndex === 0) type.sources.citizen++;
    else if (sourceIndex === 1) type.sources.officer++;
    else type.sources.unknown++;
    const t = officerTime(call, this.time, this.unitMinutes, this.timeResult);
    const measuredMs = Math.round(t.measuredMinutes * 60_000);
    const imputedUnits = t.imputedUnits;
    type.measuredMs += measuredMs;
    type.imputedUnits += imputedUnits;
    if (t.reason) type.imputed[t.reason]++;
    else type.measuredCalls++;

    const store = this.s;
    if (call.initialCallType || call.initialCallTypeCode) {
      const init = this.classifier.classifyInitial(call);
      store.initial.calls++;
      this.cross[this.responseOf(init) * RESPONSES.length + r]++;
      store.initial.categories.set(init.categoryId, (store.initial.categories.get(init.categoryId) ?? 0) + 1);
    }

    if (call.received < store.from) store.from = call.received;
    if (call.received > store.to) store.to = call.received;
    const wall = this.zone.toWall(call.received);
    const day = Math.floor(wall / DAY);
    if (day !== this.lastDay) this.switchDay(day);
    const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    const hourOfWeek = weekday * 24 + Math.floor((wall - day * DAY) / HOUR);
    add(this.monthCells[r], measuredMs, imputedUnits);
    add(this.weekCells[r], measuredMs, imputedUnits);
    add(store.hourOfWeek[r][hourOfWeek], measuredMs, imputedUnits);
    let beat = store.beats.get(call.beat);
    if (!beat) store.beats.set(call.beat, (beat = responseCells()));
    add(beat[r], measuredMs, imputedUnits);
    const d = this.divertibleIndex[r];
    if (d >= 0) {
      const pair = this.pair(this.beats.id(call.beat), this.priorities.id(call.priority));
      const c = (sourceIndex * DIVERTIBLE.length + d) * 168 + hourOfWeek;
      let cells = this.pairBlock[pair];
      if (cells === null && ++this.pairCalls[pair] >= DENSE_PAIR_AFTER) cells = this.pairBlock[pair] = new Float64Array(CELLS_PER_PAIR * 3);
      let i = c * 3;
      if (cells === null) {
        i = this.cell(pair * CELLS_PER_PAIR + c); // may grow the pool: read it after
        cells = this.pool;
      }
      cells[i]++;
      cells[i + 1] += measuredMs;
      cells[i + 2] += imputedUnits;
    }
  }

  private pair(beat: number, priority: number): number {
    // Two ids in one number: exact as long as both stay below 2^26 (67 million), far beyond real exports.
    const key = beat * 67_108_864 + priority;
    if (key === this.lastPairKey) return this.lastPair;
    let pair = this.pairs.get(key);
    if (pair === undefined) {
      pair = this.pairBeat.length;
      this.pairs.set(key, pair);
      this.pairBeat.push(beat);
      this.pairPriority.push(priority);
      this.pairCalls.push(0);
      this.pairBlock.push(null);
    }
    this.lastPairKey = key;
    this.lastPair = pair;
    return pair;
  }

  /** Offset in `pool` of the cell's triple, made on first use. */
  private cell(key: number): number {
    let at = this.cellAt.get(key);
    if (at === undefined) {
      if (this.poolUsed + 3 > this.pool.length) {
        const grown = new Float64Array(this.pool.length * 2);
        grown.set(this.pool);
        this.pool = grown;
      }
      at = this.poolUsed;
      this.poolUsed += 3;
      this.cellAt.set(key, at);
    }
    return at;
  }

  /** Adds the dense arrays into the Store's sparse form and clears them. */
  private flush(): void {
    for (const slot of this.slots) {
      const bins = slot.bins!;
      for (let b = 0; b < bins.length; b++) {
        if (bins[b] === 0) continue;
        slot.cell.hist.set(b, (slot.cell.hist.get(b) ?? 0) + bins[b]);
        bins[b] = 0;
      }
    }
    const n = RESPONSES.length;
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        const v = this.cross[a * n + b];
        if (v === 0) continue;
        const key = CROSS_KEYS[a][b];
        this.s.initial.cross.set(key, (this.s.initial.cross.get(key) ?? 0) + v);
        this.cross[a * n + b] = 0;
      }
    }
    for (const [key, i] of this.cellAt) {
      const pair = Math.floor(key / CELLS_PER_PAIR);
      this.flushCell(pair, key - pair * CELLS_PER_PAIR, this.pool, i);
    }
    this.pairBlock.forEach((cells, pair) => {
      if (cells) for (let c = 0; c < CELLS_PER_PAIR; c++) this.flushCell(pair, c, cells, c * 3);
    });
  }

  /** Adds one eligibility cell's triple, cells[i..i+2], into the Store and clears it. */
  private flushCell(pair: number, c: number, cells: Float64Array, i: number): void {
    if (cells[i] === 0 && cells[i + 2] === 0) return;
    const hourOfWeek = c % 168;
    const d = Math.floor(c / 168) % DIVERTIBLE.length;
    const source = SOURCES[Math.floor(c / (168 * DIVERTIBLE.length))];
    const beat = this.beats.texts[this.pairBeat[pair]];
    const priority = this.priorities.texts[this.pairPriority[pair]];
    const response = DIVERTIBLE[d];
    const k = eligibleKey(response, source, priority, hourOfWeek, beat);
    let e = this.s.eligible.get(k);
    if (!e) this.s.eligible.set(k, (e = { response, source, priority, hourOfWeek, beat, cell: [0, 0, 0] }));
    e.cell[0] += cells[i];
    e.cell[1] += cells[i + 1];
    e.cell[2] += cells[i + 2];
    cells[i] = cells[i + 1] = cells[i + 2] = 0;
  }

  private switchDay(day: number): void {
    this.lastDay = day;
    const month = monthKeyOfDay(day);
    let m = this.s.months.get(month);
    if (!m) this.s.months.set(month, (m = responseCells()));
    this.monthCells = m;
    const monday = day - ((((day + 4) % 7) + 7 + 6) % 7);
    let w = this.s.weeks.get(monday);
    if (!w) this.s.weeks.set(monday, (w = responseCells()));
    this.weekCells = w;
  }

  private typeSlot(call: Call, c: Classification): TypeSlot {
    let byCode = this.byType.get(call.callType);
    if (!byCode) this.byType.set(call.callType, (byCode = new Map()));
    let byClass = byCode.get(call.callTypeCode);
    if (!byClass) byCode.set(call.callTypeCode, (byClass = new Map()));
    let slot = byClass.get(c);
    if (!slot) {
      const key = typeKey(c.categoryId, call.callTypeCode, call.callType);
      let cell = this.s.types.get(key);
      if (!cell) {
        cell = {
          callType: call.callType,
          callTypeCode: call.callTypeCode,
          category: c.categoryId,
          response: c.response,
          calls: 0,
          units: 0,
          sources: { citizen: 0, officer: 0, unknown: 0 },
          measuredCalls: 0,
          measuredMs: 0,
          imputedUnits: 0,
          imputed: emptyImputed(),
          hist: new Map(),
        };
        this.s.types.set(key, cell);
      }
      slot = this.slotOf.get(cell);
      if (!slot) {
        slot = { cell, bins: null };
        this.slotOf.set(cell, slot);
      }
      byClass.set(c, slot);
    }
    return slot;
  }
}

function add(cell: Cell, measuredMs: number, imputedUnits: number): void {
  cell[0]++;
  cell[1] += measuredMs;
  cell[2] += imputedUnits;
}
