/**
 * The agency's time zone: local wall time → UTC instants for durations, and instants →
 * local calendar parts for grouping by hour of week and month. A lookup costs two
 * comparisons when the value falls in the same hour as the last one, and one read of the
 * year's hourly offset table otherwise; only hours holding a clock change are searched.
 */
import { usageError } from '../../errors.js';
import {
  civilDay, civilFromDays, civilMonth, civilYear, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND,
  weekdayFromDays, yearOfMs, formatWallIso,
} from './civil.js';
import { lastAtOrBefore, MIXED_HOUR, SEG_GAP, SEG_NORMAL, ZoneRules, type YearRules } from './rules.js';

/** Local calendar fields of an instant. */
export interface LocalParts {
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
  /** 0–23. */
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** UTC offset in force, in minutes (−300 for EST). */
  offsetMinutes: number;
}

export interface Zone {
  /** Canonical IANA name (e.g. `US/Eastern` → `America/New_York`). */
  readonly name: string;
  /**
   * Local wall milliseconds → instant (epoch ms). A wall time skipped by a spring-forward
   * gap is read with the offset before the gap (02:30 → 03:30 daylight time) and counted
   * in gapCount; one repeated by a fall-back takes its first (daylight) occurrence and is
   * counted in overlapCount. NaN stays NaN.
   */
  toInstant(wallMs: number): number;
  /** Instant → local wall milliseconds. */
  toWall(instant: number): number;
  /** UTC offset in force at an instant, in milliseconds (wall = instant + offset). */
  offsetAt(instant: number): number;
  /** Local calendar fields of an instant, written into `out` when given (no allocation). */
  localParts(instant: number, out?: LocalParts): LocalParts;
  /** Local hour of the week, 0–167: Sunday 00:00–00:59 is 0, Saturday 23:00 is 167. */
  hourOfWeek(instant: number): number;
  /** Local month as year * 12 + (month − 1), for grouping by month. */
  monthKey(instant: number): number;
  /** ISO 8601 local time with offset, to the second: `2025-11-23T00:02:29-05:00`. */
  formatIsoWithOffset(instant: number): string;
  /** Wall times that fell in a spring-forward gap since creation (or the last reset). */
  readonly gapCount: number;
  /** Wall times that fell in a repeated fall-back hour since creation (or the last reset). */
  readonly overlapCount: number;
  resetCounts(): void;
}

const rulesByName = new Map<string, ZoneRules>();

/**
 * Validates an IANA time-zone name and returns its canonical spelling.
 * Throws a usage error (exit 2) for names Intl does not know.
 */
export function canonicalZoneName(tz: string): string {
  const name = tz.trim();
  try {
    if (name === '') throw new RangeError('empty');
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    const abbreviation = /^[A-Za-z]{3,5}$/.test(name);
    throw usageError(
      `Unknown time zone "${tz}"`,
      abbreviation
        ? 'Use an IANA name such as America/New_York or America/Los_Angeles; abbreviations like EST or PDT are not zones'
        : 'Use an IANA name such as America/New_York',
    );
  }
}

/** A Zone for an IANA name (validated; see canonicalZoneName). Each call gets its own DST counters. */
export function createZone(tz: string): Zone {
  const name = canonicalZoneName(tz);
  let rules = rulesByName.get(name);
  if (rules === undefined) {
    rules = new ZoneRules(name);
    rulesByName.set(name, rules);
  }
  return new TimeZone(rules);
}

// The range of Date and Intl (±8.64e15 ms, about ±275,000 years).
const MAX_MS = 8.64e15;

class TimeZone implements Zone {
  readonly name: string;
  gapCount = 0;
  overlapCount = 0;
  // The hour of the last lookup, when one offset covers all of it (most hours): wall
  // times in [wallLo, wallHi) convert with wallOff, instants in [instLo, instHi) have instOff.
  private wallLo = 0;
  private wallHi = -1;
  private wallOff = 0;
  private instLo = 0;
  private instHi = -1;
  private instOff = 0;
  // Year tables of the last miss, so a cache miss costs one hour-table read.
  private wallYear: YearRules | undefined;
  private instantYear: YearRules | undefined;
  // Day of the last localParts call.
  private lastDays = NaN;
  private lastCivil = 0;

  constructor(private readonly rules: ZoneRules) {
    this.name = rules.name;
  }

  toInstant(wallMs: number): number {
    if (wallMs >= this.wallLo && wallMs < this.wallHi) return wallMs - this.wallOff;
    return this.toInstantMiss(wallMs);
  }

  private toInstantMiss(wallMs: number): number {
    let year = this.wallYear;
    if (year === undefined || !(wallMs >= year.from && wallMs < year.to)) {
      year = this.yearOf(wallMs);
      if (year === undefined) return NaN;
      this.wallYear = year;
    }
    const hourStart = year.from + Math.floor((wallMs - year.from) / MS_PER_HOUR) * MS_PER_HOUR;
    const seconds = year.wallHours[(hourStart - year.from) / MS_PER_HOUR]!;
    if (seconds !== MIXED_HOUR) {
      this.wallLo = hourStart;
      this.wallHi = hourStart + MS_PER_HOUR;
      this.wallOff = seconds * MS_PER_SECOND;
      return wallMs - this.wallOff;
    }
    // An hour holding a clock change: find the exact segment.
    const k = lastAtOrBefore(year.wallStart, wallMs);
    const offset = year.wallOffset[k]!;
    const kind = year.wallKind[k]!;
    if (kind === SEG_GAP) this.gapCount++;
    else if (kind !== SEG_NORMAL) this.overlapCount++;
    return wallMs - offset;
  }

  offsetAt(instant: number): number {
    if (instant >= this.instLo && instant < this.instHi) return this.instOff;
    let year = this.instantYear;
    if (year === undefined || !(instant >= year.from && instant < year.to)) {
      year = this.yearOf(instant);
      if (year === undefined) return NaN;
      this.instantYear = year;
    }
    const hourStart = year.from + Math.floor((instant - year.from) / MS_PER_HOUR) * MS_PER_HOUR;
    const seconds = year.instantHours[(hourStart - year.from) / MS_PER_HOUR]!;
    if (seconds !== MIXED_HOUR) {
      this.instLo = hourStart;
      this.instHi = hourStart + MS_PER_HOUR;
      this.instOff = seconds * MS_PER_SECOND;
      return this.instOff;
    }
    return year.instantOffset[lastAtOrBefore(year.instantStart, instant)]!;
  }

  /** Rules of the calendar year of a wall time or instant (the same arithmetic); undefined for NaN. */
  private yearOf(ms: number): YearRules | undefined {
    return Math.abs(ms) < MAX_MS ? this.rules.year(yearOfMs(ms)) : undefined;
  }

  toWall(instant: number): number {
    return instant + this.offsetAt(instant);
  }

  localParts(instant: number, out?: LocalParts): LocalParts {
    const offset = this.offsetAt(instant);
    const wall = instant + offset;
    const days = Math.floor(wall / MS_PER_DAY);
    if (days !== this.lastDays) {
      this.lastDays = days;
      this.lastCivil = civilFromDays(days);
    }
    const msOfDay = wall - days * MS_PER_DAY;
    const parts = out ?? ({} as LocalParts);
    parts.year = civilYear(this.lastCivil);
    parts.month = civilMonth(this.lastCivil);
    parts.day = civilDay(this.lastCivil);
    parts.hour = Math.floor(msOfDay / MS_PER_HOUR);
    parts.minute = Math.floor(msOfDay / MS_PER_MINUTE) % 60;
    parts.second = Math.floor(msOfDay / MS_PER_SECOND) % 60;
    parts.weekday = weekdayFromDays(days);
    parts.offsetMinutes = offset / MS_PER_MINUTE;
    return parts;
  }

  hourOfWeek(instant: number): number {
    const wall = instant + this.offsetAt(instant);
    const days = Math.floor(wall / MS_PER_DAY);
    return weekdayFromDays(days) * 24 + Math.floor((wall - days * MS_PER_DAY) / MS_PER_HOUR);
  }

  monthKey(instant: number): number {
    const days = Math.floor((instant + this.offsetAt(instant)) / MS_PER_DAY);
    if (days !== this.lastDays) {
      this.lastDays = days;
      this.lastCivil = civilFromDays(days);
    }
    return civilYear(this.lastCivil) * 12 + civilMonth(this.lastCivil) - 1;
  }

  formatIsoWithOffset(instant: number): string {
    if (!Number.isFinite(instant)) throw new RangeError(`formatIsoWithOffset: not an instant: ${instant}`);
    // Offsets are shown in whole minutes (ISO 8601 has no seconds there); only pre-1900
    // local mean time has seconds, and the wall time is shifted to stay consistent.
    const minutes = Math.round(this.offsetAt(instant) / MS_PER_MINUTE);
    const sign = minutes < 0 ? '-' : '+';
    const abs = Math.abs(minutes);
    const hh = String(Math.floor(abs / 60)).padStart(2, '0');
    const mm = String(abs % 60).padStart(2, '0');
    return `${formatWallIso(instant + minutes * MS_PER_MINUTE)}${sign}${hh}:${mm}`;
  }

  resetCounts(): void {
    this.gapCount = 0;
    this.overlapCount = 0;
  }
}
