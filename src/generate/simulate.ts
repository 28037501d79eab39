/**
 * Draws one call at a time: when it arrives (a Poisson process whose rate follows the local
 * hour of week and the month), what it is, who started it, how it was handled and how it
 * ended. Fills a reused `SimCall` so the hot loop allocates nothing.
 */
import { LocalClock, dayOfWeek } from './clock.js';
import {
  CALLS_PER_YEAR,
  CANCEL_RATE,
  DISPOSITIONS,
  DISPOSITION_SCENE_FACTOR,
  HOUR_OF_WEEK_VOLUME,
  MONTH_FACTOR,
  QUEUE_MEDIAN_MINUTES,
  QUEUE_SIGMA,
  SOURCES,
  TRAVEL_MEDIAN_MINUTES,
} from './profiles.js';
import { Rng, exponentialTable, lognormalTable, pickFrom } from './rng.js';
import type { Tables } from './tables.js';

/** Odd values, as shares; docs/generate.md says what each looks like. */
export const ODD_RATES = {
  /** call_cleared blank, of all calls. */
  blankCleared: 0.01,
  /** call_cleared 1–20 minutes before call_dispatched, of answered (not cancelled) calls. */
  clearedBeforeDispatch: 0.003,
  /** call_cleared 1–10 days after arrival, of answered calls. */
  clearedDaysLater: 0.001,
  /** beat and district blank, of all calls. */
  blankBeat: 0.005,
  /** unit_arrived blank, of dispatched citizen-initiated calls. */
  blankArrived: 0.002,
  /** priority one step off the type's usual, of citizen-initiated calls. */
  priorityShift: 0.12,
  /** queue 3–15× the usual (a backlog), of dispatched citizen-initiated calls. */
  backlog: 0.01,
};

/** One generated call; times are instants in whole seconds, NaN when blank. */
export interface SimCall {
  received: number;
  dispatched: number;
  enroute: number;
  arrived: number;
  cleared: number;
  type: number;
  initialType: number;
  priority: number;
  source: number;
  units: number;
  /** Index into BEATS, or -1 when blank. */
  beat: number;
  disposition: number;
}

const BASE_RATE = CALLS_PER_YEAR / (365.2425 * 86_400); // calls per second at volume factor 1
const SELF = SOURCES.indexOf('SELF-INITIATED');
const CANCELLED = DISPOSITIONS.indexOf('CANCELLED');
const MAX_SCENE_SECONDS = 12 * 3600;
const MAX_QUEUE_SECONDS = 8 * 3600;
const QUEUE_SPREAD = QUEUE_SIGMA.map(lognormalTable);
const TRAVEL_SPREAD = lognormalTable(0.5);
const SCENE_SPREAD = lognormalTable(0.75);
const CANCEL_SPREAD = lognormalTable(0.8);
const EXPONENTIAL = exponentialTable();
const CUM_ODD_BEFORE = ODD_RATES.clearedBeforeDispatch;
const CUM_ODD_LATER = ODD_RATES.clearedBeforeDispatch + ODD_RATES.clearedDaysLater;

export class CallSimulator {
  readonly call: SimCall = {
    received: 0,
    dispatched: 0,
    enroute: 0,
    arrived: 0,
    cleared: 0,
    type: 0,
    initialType: 0,
    priority: 0,
    source: 0,
    units: 0,
    beat: 0,
    disposition: 0,
  };
  private t: number;
  private segmentEnd = 0;
  private rate = 0;
  /** Volume factor of the current hour; queues grow with it. */
  private load = 1;
  private drawOffset = 0;
  private readonly nTypes: number;

  constructor(
    private readonly rng: Rng,
    private readonly clock: LocalClock,
    private readonly tables: Tables,
  ) {
    this.nTypes = tables.types.length;
    this.t = clock.startInstant;
    this.startSegment();
  }

  /** Rate and call-type table for the local clock hour containing `t`. */
  private startSegment(): void {
    const now = Math.floor(this.t);
    const wall = this.clock.wall(now);
    const day = Math.floor(wall / 86_400);
    const hour = Math.floor((wall - day * 86_400) / 3600);
    const month = this.clock.month(day);
    const how = dayOfWeek(day) * 24 + hour;
    this.load = HOUR_OF_WEEK_VOLUME[how] * MONTH_FACTOR[month];
    this.rate = BASE_RATE * this.load;
    this.drawOffset = (month * 168 + how) * this.nTypes;
    this.segmentEnd = now - (wall % 3600) + 3600;
  }

  next(): SimCall {
    const { rng, call } = this;
    // Exponential waiting time at unit rate, spent across hourly segments (memorylessness).
    let e = rng.exp(1);
    for (;;) {
      const dt = e / this.rate;
      if (this.t + dt < this.segmentEnd) {
        this.t += dt;
        break;
      }
      e -= (this.segmentEnd - this.t) * this.rate;
      this.t = this.segmentEnd;
      this.startSegment();
    }
    const received = Math.floor(this.t);

    const ti = pickFrom(this.tables.typeDraw, this.drawOffset, this.nTypes, rng.next());
    const tr = this.tables.types[ti];
    const ct = tr.type;
    const self = tr.alwaysSelf || (ct.selfInitiated > 0 && rng.next() < ct.selfInitiated);

    let priority = ct.priority;
    let initial = ti;
    let cancelled = false;
    if (!self) {
      if (rng.next() < ODD_RATES.priorityShift) priority = Math.min(4, Math.max(1, priority + (rng.next() < 0.5 ? -1 : 1)));
      if (tr.intake.length > 0 && rng.next() < tr.intakeProbability) initial = tr.intake[rng.int(tr.intake.length)];
      cancelled = rng.next() < CANCEL_RATE[priority];
    }
    const disposition = cancelled ? CANCELLED : rng.pick(tr.dispositionTable);

    let dispatched = received;
    let enroute = received;
    let arrived = received;
    let cleared: number;
    const odd = rng.next();
    if (cancelled) {
      dispatched = enroute = arrived = NaN;
      cleared = received + 60 + Math.round(rng.quantile(480, CANCEL_SPREAD));
    } else {
      if (!self) {
        let queue = rng.quantile(QUEUE_MEDIAN_MINUTES[priority] * 60, QUEUE_SPREAD[priority]);
        if (priority >= 3) queue *= this.load;
        if (rng.next() < ODD_RATES.backlog) queue *= 3 + Math.min(12, rng.quantile(3, EXPONENTIAL));
        dispatched = received + Math.round(Math.min(MAX_QUEUE_SECONDS, queue));
        enroute = dispatched + Math.min(900, Math.round(rng.quantile(priority === 1 ? 15 : 35, EXPONENTIAL)));
        arrived = enroute + 60 + Math.round(rng.quantile(TRAVEL_MEDIAN_MINUTES[priority] * 60 - 60, TRAVEL_SPREAD));
      }
      const scene = rng.quantile(tr.sceneSeconds * DISPOSITION_SCENE_FACTOR[disposition], SCENE_SPREAD);
      cleared = arrived + Math.round(Math.min(MAX_SCENE_SECONDS, Math.max(60, scene)));
      const o = odd - ODD_RATES.blankCleared;
      if (o >= 0 && o < CUM_ODD_BEFORE) cleared = dispatched - 60 - rng.int(1140);
      else if (o >= CUM_ODD_BEFORE && o < CUM_ODD_LATER) cleared = arrived + 86_400 + rng.int(9 * 86_400);
      if (!self && rng.next() < ODD_RATES.blankArrived) arrived = NaN;
    }
    if (odd < ODD_RATES.blankCleared) cleared = NaN;

    call.received = received;
    call.dispatched = dispatched;
    call.enroute = enroute;
    call.arrived = arrived;
    call.cleared = cleared;
    call.type = ti;
    call.initialType = initial;
    call.priority = priority;
    call.source = self ? SELF : rng.pick(tr.sourceTable);
    call.units = cancelled ? 1 : rng.pick(tr.unitsTable) + 1;
    call.beat = rng.next() < ODD_RATES.blankBeat ? -1 : pickFrom(tr.beatTable, 0, tr.beatTable.length, rng.next());
    call.disposition = disposition;
    return call;
  }
}
