import type { Classification, Classifier } from '../classify/index.js';
import type { Call } from '../ingest/call.js';
import type { Zone } from '../ingest/time/index.js';
import { civilFromDays } from '../ingest/time/civil.js';
import { EligibleCells } from './eligible-cells.js';
import { HISTOGRAM_BINS, binOf } from './histogram.js';
import { officerTime, type OfficerTimeOptions, type OfficerTimeResult } from './officer-time.js';
import {
  DIVERTIBLE,
  RESPONSE_INDEX,
  RESPONSES,
  emptyImputed,
  emptyStore,
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
 * cells (eligible-cells.ts), the initial-vs-final cross-tab — and `store` adds them into
 * the Store's sparse form when read. Reading `store` any number of times, between adds or at the end, gives
 * the same result as writing the Store directly.
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
  private readonly eligible = new EligibleCells();
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
      this.eligible.add(call.beat, call.priority, sourceIndex, d, hourOfWeek, measuredMs, imputedUnits);
    }
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
    this.eligible.flushInto(this.s.eligible);
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
