/**
 * A time zone's UTC offsets, computed once per calendar year from Intl (the only
 * tzdb in the runtime) and then looked up by table or binary search. Intl costs
 * microseconds per call, so it is never called per value: a year costs ~90 calls (a few
 * ms), made the first time a timestamp from that year is seen, and shared by every Zone
 * of the same name.
 */
import { daysFromCivil, MS_PER_DAY, MS_PER_HOUR, MS_PER_SECOND, startOfYearMs } from './civil.js';

/** Wall-time segment kinds. */
export const SEG_NORMAL = 0;
/** Wall times skipped when clocks go forward (spring). */
export const SEG_GAP = 1;
/** Wall times that happen twice when clocks go back (autumn). */
export const SEG_OVERLAP = 2;

/**
 * Offsets for the wall times and instants of one calendar year. Segment k covers
 * [start[k], start[k+1]) (the last runs to the end of the year) with offset off[k]
 * (milliseconds to add to an instant to get wall time).
 */
export interface YearRules {
  /** Wall ms of 1 January 00:00 of this year and of the next. */
  readonly from: number;
  readonly to: number;
  readonly wallStart: Float64Array;
  readonly wallOffset: Float64Array;
  readonly wallKind: Uint8Array;
  readonly instantStart: Float64Array;
  readonly instantOffset: Float64Array;
  /**
   * Offset in seconds for each hour of the year (wall hours, and UTC hours of instants)
   * that lies wholly inside one normal segment; MIXED_HOUR when the hour holds a change
   * of offset (or a gap or overlap) and needs the segment search.
   */
  readonly wallHours: Int32Array;
  readonly instantHours: Int32Array;
}

export const MIXED_HOUR = -0x80000000;

// Before 1800 every zone was on local mean time; one constant offset is enough for the
// placeholder dates (year 1, 1753) that reach here, and it avoids Intl's BC/AD eras.
const FIRST_RULE_YEAR = 1800;
const SAMPLE_STEP = 7 * MS_PER_DAY;
// Intl's Date range ends at ±8.64e15 ms (year 275760).
const LAST_RULE_YEAR = 275_000;

export class ZoneRules {
  private readonly years = new Map<number, YearRules>();
  private readonly dtf: Intl.DateTimeFormat;

  constructor(readonly name: string) {
    this.dtf = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Rules of `year`, built on first use; undefined outside the years Intl can answer. */
  year(year: number): YearRules | undefined {
    let rules = this.years.get(year);
    if (rules === undefined) {
      if (year > LAST_RULE_YEAR) return undefined;
      rules = year < FIRST_RULE_YEAR ? this.constantYear(year) : this.buildYear(year);
      this.years.set(year, rules);
    }
    return rules;
  }

  /** UTC offset in ms at an instant, straight from Intl (slow: used to build tables and in tests). */
  offsetFromIntl(instant: number): number {
    const t = Math.floor(instant / MS_PER_SECOND) * MS_PER_SECOND;
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let s = 0;
    for (const part of this.dtf.formatToParts(t)) {
      switch (part.type) {
        case 'year': y = Number(part.value); break;
        case 'month': mo = Number(part.value); break;
        case 'day': d = Number(part.value); break;
        case 'hour': h = Number(part.value) % 24; break;
        case 'minute': mi = Number(part.value); break;
        case 'second': s = Number(part.value); break;
      }
    }
    return daysFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + s) * MS_PER_SECOND - t;
  }

  private constantYear(year: number): YearRules {
    const offset = this.offsetFromIntl(startOfYearMs(FIRST_RULE_YEAR));
    const one = (v: number): Float64Array => Float64Array.of(v);
    return withHours({
      from: startOfYearMs(year), to: startOfYearMs(year + 1),
      wallStart: one(-Infinity), wallOffset: one(offset), wallKind: Uint8Array.of(SEG_NORMAL),
      instantStart: one(-Infinity), instantOffset: one(offset),
    });
  }

  private buildYear(year: number): YearRules {
    const from = startOfYearMs(year);
    const to = startOfYearMs(year + 1);
    // Instants whose wall time falls in this year lie within ±1 day of it (offsets < 24 h).
    const lo = from - 2 * MS_PER_DAY;
    const hi = to + 2 * MS_PER_DAY;
    const transitions: Array<{ at: number; before: number; after: number }> = [];
    let prevT = lo;
    let prevOff = this.offsetFromIntl(lo);
    const firstOff = prevOff;
    // Weekly samples, then bisection to the second: ~90 Intl calls a year. tzdb has no
    // two changes within a week in the years CAD data covers (a pair that cancelled out
    // inside one week would be missed).
    for (let t = lo + SAMPLE_STEP; prevT < hi; t += SAMPLE_STEP) {
      const tt = Math.min(t, hi);
      const off = this.offsetFromIntl(tt);
      if (off !== prevOff) transitions.push({ at: this.bisect(prevT, tt, prevOff), before: prevOff, after: off });
      prevT = tt;
      prevOff = off;
    }
    const instantStart = [-Infinity];
    const instantOffset = [firstOff];
    const wallStart = [-Infinity];
    const wallOffset = [firstOff];
    const wallKind = [SEG_NORMAL];
    for (const { at, before, after } of transitions) {
      instantStart.push(at);
      instantOffset.push(after);
      // Wall times between the two readings of the clock are skipped (gap) or repeated
      // (overlap); both are read with the offset in force before the change.
      wallStart.push(at + Math.min(before, after));
      wallOffset.push(before);
      wallKind.push(after > before ? SEG_GAP : SEG_OVERLAP);
      wallStart.push(at + Math.max(before, after));
      wallOffset.push(after);
      wallKind.push(SEG_NORMAL);
    }
    return withHours({
      from, to,
      wallStart: Float64Array.from(wallStart), wallOffset: Float64Array.from(wallOffset), wallKind: Uint8Array.from(wallKind),
      instantStart: Float64Array.from(instantStart), instantOffset: Float64Array.from(instantOffset),
    });
  }

  /** First whole second in (lo, hi] whose offset differs from `before`. */
  private bisect(lo: number, hi: number, before: number): number {
    let a = Math.floor(lo / MS_PER_SECOND);
    let b = Math.ceil(hi / MS_PER_SECOND);
    while (b - a > 1) {
      const mid = Math.floor((a + b) / 2);
      if (this.offsetFromIntl(mid * MS_PER_SECOND) === before) a = mid;
      else b = mid;
    }
    return b * MS_PER_SECOND;
  }
}

function withHours(rules: Omit<YearRules, 'wallHours' | 'instantHours'>): YearRules {
  const hours = Math.round((rules.to - rules.from) / MS_PER_HOUR);
  const table = (starts: Float64Array, offsets: Float64Array, kinds: Uint8Array | null): Int32Array => {
    const out = new Int32Array(hours);
    for (let h = 0; h < hours; h++) {
      const t = rules.from + h * MS_PER_HOUR;
      const k = lastAtOrBefore(starts, t);
      const whole = k === lastAtOrBefore(starts, t + MS_PER_HOUR - 1) && (kinds === null || kinds[k] === SEG_NORMAL);
      out[h] = whole ? offsets[k]! / MS_PER_SECOND : MIXED_HOUR;
    }
    return out;
  };
  return {
    ...rules,
    wallHours: table(rules.wallStart, rules.wallOffset, rules.wallKind),
    instantHours: table(rules.instantStart, rules.instantOffset, null),
  };
}

/** Index of the last element of a sorted array that is <= x (0 when none is). */
export function lastAtOrBefore(starts: Float64Array, x: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
