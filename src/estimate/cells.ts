import type { Analysis } from '../aggregate/analysis.js';
import { RESPONSES, dayFromLabel, type Cell, type Store } from '../aggregate/store.js';

/**
 * Reading the Store's cells as calls and officer hours, and the calendar facts the
 * estimate needs (days covered, how often each hour of the week occurred).
 */
const MS_PER_HOUR = 3_600_000;
export const DAYS_PER_YEAR = 365.25;
export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * Mean minutes used for each imputed unit, by response (index as RESPONSES) — the same
 * figure finalize used for time cells: (the level's officer hours − its measured hours)
 * ÷ its imputed units. Derived from the Analysis so a merged or re-read analysis agrees.
 */
export function imputedMinutesByResponse(analysis: Analysis, store: Store): number[] {
  return RESPONSES.map((r) => {
    let measuredMs = 0;
    let units = 0;
    for (const t of store.types.values()) {
      if (t.response !== r) continue;
      measuredMs += t.measuredMs;
      units += t.imputedUnits;
    }
    const row = analysis.responses.find((x) => x.response === r);
    if (!row || units === 0) return 0;
    return Math.max(0, ((row.officerHours - measuredMs / MS_PER_HOUR) * 60) / units);
  });
}

/** Officer hours in a cell: measured unit-time plus imputed units at the level's mean imputed minutes. */
export function cellHours(cell: Cell, imputedMinutes: number): number {
  return cell[1] / MS_PER_HOUR + (cell[2] * imputedMinutes) / 60;
}

export interface Coverage {
  /** Local day numbers (days since 1970-01-01) of the first and last received call. */
  firstDay: number;
  lastDay: number;
  days: number;
}

export function coverageOf(analysis: Analysis): Coverage | null {
  const { from, to } = analysis.dateRange;
  if (!from || !to) return null;
  const firstDay = dayFromLabel(from.slice(0, 10));
  const lastDay = dayFromLabel(to.slice(0, 10));
  return { firstDay, lastDay, days: lastDay - firstDay + 1 };
}

export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
}

/** How many times each hour of the week (0 = Sunday 00:00) occurred in the covered days. */
export function hourOfWeekOccurrences(c: Coverage): number[] {
  const perWeekday = Array<number>(7).fill(0);
  for (let d = c.firstDay; d <= c.lastDay; d++) perWeekday[weekdayOf(d)]++;
  return Array.from({ length: 168 }, (_, h) => perWeekday[Math.floor(h / 24)]);
}

/** Days of [first, last] (inclusive day numbers) that fall inside the coverage. */
export function overlapDays(first: number, last: number, c: Coverage): number {
  return Math.max(0, Math.min(last, c.lastDay) - Math.max(first, c.firstDay) + 1);
}

/** Day numbers of the first and last day of a month key (year*12 + month-1). */
export function monthDays(key: number): [number, number] {
  const y = Math.floor(key / 12);
  const m = key % 12;
  const first = Math.round(Date.UTC(y, m, 1) / 86_400_000);
  const next = Math.round(Date.UTC(y, m + 1, 1) / 86_400_000);
  return [first, next - 1];
}
