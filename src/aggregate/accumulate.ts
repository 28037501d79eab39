import type { Classification, Classifier } from '../classify/index.js';
import type { Call } from '../ingest/call.js';
import type { Zone } from '../ingest/time/index.js';
import { addToHistogram } from './histogram.js';
import { officerTime, type OfficerTimeOptions, type OfficerTimeResult } from './officer-time.js';
import {
  DIVERTIBLE,
  EligibleIndex,
  RESPONSE_INDEX,
  RESPONSES,
  emptyImputed,
  emptyStore,
  eligibleKey,
  responseCells,
  typeKey,
  type Cell,
  type EligibleCell,
  type Store,
  type TypeCell,
} from './store.js';

const DAY = 86_400_000;
/** "initial>final" keys of the initial-vs-final cross-tab, built once rather than per call. */
const CROSS_KEYS: string[][] = RESPONSES.map((a) => RESPONSES.map((b) => `${a}>${b}`));
const HOUR = 3_600_000;

/** Civil month key (year*12 + month-1) of a day number, by Howard Hinnant's algorithm. */
function monthKeyOfDay(day: number): number {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 12 + m - 1;
}

/**
 * Streams calls into a Store: one classification (memoised) and a handful of cell
 * updates per call. Nothing per call is kept.
 */
export class Accumulator {
  readonly store: Store = emptyStore();
  private readonly byType = new Map<string, Map<string, Map<Classification, TypeCell>>>();
  private readonly divertible: boolean[];
  // Calls arrive roughly in time order: remembering the last day's cells avoids map lookups.
  private lastDay = NaN;
  private monthCells: Cell[] = [];
  private weekCells: Cell[] = [];
  private readonly unitMinutes = (m: number) => addToHistogram(this.currentType!.hist, m);
  private currentType: TypeCell | undefined;
  private readonly timeResult: OfficerTimeResult = { measuredMinutes: 0, measuredUnits: 0, imputedUnits: 0, reason: null };
  private readonly beatIds = new EligibleIndex();
  private readonly priorityIds = new EligibleIndex();
  private readonly eligibleByNumber = new Map<number, EligibleCell>();
  private readonly responseIndex = new Map<Classification, number>();

  constructor(
    private readonly classifier: Classifier,
    private readonly zone: Zone,
    private readonly time: OfficerTimeOptions,
  ) {
    this.divertible = Object.keys(RESPONSE_INDEX).map((r) => (DIVERTIBLE as string[]).includes(r));
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
    const type = this.typeCell(call, c);
    this.currentType = type;
    type.calls++;
    type.units += call.units;
    const sourceIndex = call.source === 'citizen' ? 0 : call.source === 'officer' ? 1 : 2;
    if (sourceIndex === 0) type.sources.citizen++;
    else if (sourceIndex === 1) type.sources.officer++;
    else type.sources.unknown++;
    const t = officerTime(call, this.time, this.unitMinutes, this.timeResult);
    const measuredMs = Math.round(t.measuredMinutes * 60_000);
    type.measuredMs += measuredMs;
    type.imputedUnits += t.imputedUnits;
    if (t.reason) type.imputed[t.reason]++;
    else type.measuredCalls++;

    if (call.initialCallType || call.initialCallTypeCode) {
      const init = this.classifier.classifyInitial(call);
      const s = this.store.initial;
      s.calls++;
      const key = CROSS_KEYS[this.responseOf(init)][r];
      s.cross.set(key, (s.cross.get(key) ?? 0) + 1);
      s.categories.set(init.categoryId, (s.categories.get(init.categoryId) ?? 0) + 1);
    }

    const store = this.store;
    if (call.received < store.from) store.from = call.received;
    if (call.received > store.to) store.to = call.received;
    const wall = this.zone.toWall(call.received);
    const day = Math.floor(wall / DAY);
    if (day !== this.lastDay) this.switchDay(day);
    const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    const hourOfWeek = weekday * 24 + Math.floor((wall - day * DAY) / HOUR);
    add(this.monthCells[r], measuredMs, t.imputedUnits);
    add(this.weekCells[r], measuredMs, t.imputedUnits);
    add(store.hourOfWeek[r][hourOfWeek], measuredMs, t.imputedUnits);
    let beat = store.beats.get(call.beat);
    if (!beat) store.beats.set(call.beat, (beat = responseCells()));
    add(beat[r], measuredMs, t.imputedUnits);
    if (this.divertible[r]) {
      // Priority ids beyond 4096 would overlap in the packed number: those take the string key only.
      const priority = this.priorityIds.id(call.priority);
      const fast = priority < 4096 ? ((this.beatIds.id(call.beat) * 4096 + priority) * 4 + sourceIndex) * 6 * 168 + r * 168 + hourOfWeek : -1;
      let e = fast >= 0 ? this.eligibleByNumber.get(fast) : undefined;
      if (!e) {
        const key = eligibleKey(c.response, call.source, call.priority, hourOfWeek, call.beat);
        e = store.eligible.get(key);
        if (!e) {
          e = { response: c.response, source: call.source, priority: call.priority, hourOfWeek, beat: call.beat, cell: [0, 0, 0] };
          store.eligible.set(key, e);
        }
        if (fast >= 0) this.eligibleByNumber.set(fast, e);
      }
      add(e.cell, measuredMs, t.imputedUnits);
    }
  }

  private switchDay(day: number): void {
    this.lastDay = day;
    const month = monthKeyOfDay(day);
    let m = this.store.months.get(month);
    if (!m) this.store.months.set(month, (m = responseCells()));
    this.monthCells = m;
    const monday = day - ((((day + 4) % 7) + 7 + 6) % 7);
    let w = this.store.weeks.get(monday);
    if (!w) this.store.weeks.set(monday, (w = responseCells()));
    this.weekCells = w;
  }

  private typeCell(call: Call, c: Classification): TypeCell {
    let byCode = this.byType.get(call.callType);
    if (!byCode) this.byType.set(call.callType, (byCode = new Map()));
    let byClass = byCode.get(call.callTypeCode);
    if (!byClass) byCode.set(call.callTypeCode, (byClass = new Map()));
    let cell = byClass.get(c);
    if (!cell) {
      const key = typeKey(c.categoryId, call.callTypeCode, call.callType);
      cell = this.store.types.get(key);
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
        this.store.types.set(key, cell);
      }
      byClass.set(c, cell);
    }
    return cell;
  }
}

function add(cell: Cell, measuredMs: number, imputedUnits: number): void {
  cell[0]++;
  cell[1] += measuredMs;
  cell[2] += imputedUnits;
}
