import { usageError } from '../errors.js';
import { dayFromLabel, dayLabel } from './store.js';

/**
 * A reporting period in local calendar days of the agency's time zone. Calls belong to it
 * by their received time: a call received at 23:59 local time on 30 September is in Q3.
 *
 * Days are numbered from 1970-01-01 (as in store.ts); `fromDay` is the first day included
 * and `toDay` the first day NOT included, so lengths subtract. Open ends are null.
 */
export interface Period {
  /** As the user wrote it: `2024-Q3`, `2024-07`, `2024`, `2024-07-04`, or `2024-07-01..2024-09-30`. */
  label: string;
  kind: 'year' | 'quarter' | 'month' | 'day' | 'range';
  fromDay: number | null;
  toDay: number | null;
}

/** The `period` section's description of a period: both dates inclusive. */
export interface PeriodJson {
  label: string;
  kind: Period['kind'];
  /** First local day included (YYYY-MM-DD), null when open. */
  from: string | null;
  /** Last local day included (YYYY-MM-DD), null when open. */
  to: string | null;
  /** Length in days, null when open. */
  days: number | null;
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (y: number, m: number, d: number) => dayFromLabel(`${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`);

function validDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return !!m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).toISOString().slice(0, 10) === text;
}

/** Parses a date flag (YYYY-MM-DD) into a day number; `name` is used in the error. */
export function parseDay(text: string, name: string): number {
  const t = text.trim();
  if (!validDate(t)) throw usageError(`${name} must be a date YYYY-MM-DD, got "${text}"`);
  return dayFromLabel(t);
}

function calendarPeriod(label: string, kind: Period['kind'], y: number, m: number, months: number): Period {
  const endMonth = m - 1 + months;
  return { label, kind, fromDay: dayOf(y, m, 1), toDay: dayOf(y + Math.floor(endMonth / 12), (endMonth % 12) + 1, 1) };
}

/**
 * `2024` (a year), `2024-Q3` (a quarter), `2024-07` (a month) or `2024-07-04` (a day).
 * Throws a usage error quoting the value otherwise.
 */
export function parsePeriod(text: string, name = '--period'): Period {
  const t = text.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(t))) return calendarPeriod(t, 'year', +m[1], 1, 12);
  if ((m = /^(\d{4})-[Qq]([1-4])$/.exec(t))) return calendarPeriod(`${m[1]}-Q${m[2]}`, 'quarter', +m[1], (+m[2] - 1) * 3 + 1, 3);
  if ((m = /^(\d{4})-(\d{2})$/.exec(t)) && +m[2] >= 1 && +m[2] <= 12) return calendarPeriod(t, 'month', +m[1], +m[2], 1);
  if (validDate(t)) return { label: t, kind: 'day', fromDay: dayFromLabel(t), toDay: dayFromLabel(t) + 1 };
  throw usageError(`${name} must be a year (2024), a quarter (2024-Q3), a month (2024-07) or a day (2024-07-04), got "${text}"`, 'Or give --from and --to dates');
}

/** A period from --from / --to, both dates inclusive; either may be missing (open end). */
export function rangePeriod(from: string | undefined, to: string | undefined): Period {
  const fromDay = from === undefined ? null : parseDay(from, '--from');
  const toDay = to === undefined ? null : parseDay(to, '--to') + 1;
  if (fromDay !== null && toDay !== null && toDay <= fromDay) throw usageError(`--to ${to} is before --from ${from}`, 'Both dates are included: --from 2024-07-01 --to 2024-09-30 is the third quarter');
  return { label: `${from ?? ''}..${to ?? ''}`, kind: 'range', fromDay, toDay };
}

export function periodJson(p: Period): PeriodJson {
  return {
    label: p.label,
    kind: p.kind,
    from: p.fromDay === null ? null : dayLabel(p.fromDay),
    to: p.toDay === null ? null : dayLabel(p.toDay - 1),
    days: p.fromDay === null || p.toDay === null ? null : p.toDay - p.fromDay,
  };
}

export function periodFromJson(j: PeriodJson): Period {
  return { label: j.label, kind: j.kind, fromDay: j.from === null ? null : dayFromLabel(j.from), toDay: j.to === null ? null : dayFromLabel(j.to) + 1 };
}

function closed(p: Period, basis: string): { fromDay: number; toDay: number } {
  if (p.fromDay === null || p.toDay === null) {
    throw usageError(`--compare ${basis} needs a period with both ends`, 'Give --period (e.g. 2024-Q3) or both --from and --to');
  }
  return { fromDay: p.fromDay, toDay: p.toDay };
}

function ymd(day: number): [number, number, number] {
  const [y, m, d] = dayLabel(day).split('-').map(Number);
  return [y, m, d];
}

/** The same calendar date `years` earlier; 29 February becomes 28 February. */
function shiftYears(day: number, years: number): number {
  const [y, m, d] = ymd(day);
  const target = y - years;
  const last = new Date(Date.UTC(target, m, 0)).getUTCDate();
  return dayOf(target, m, Math.min(d, last));
}

function shiftMonths(day: number, months: number): number {
  const [y, m] = ymd(day);
  const idx = y * 12 + (m - 1) - months;
  return dayOf(Math.floor(idx / 12), (idx % 12) + 1, 1);
}

/**
 * The period just before: the previous year, quarter, month or day for calendar periods;
 * for a --from/--to range, the same number of days immediately before it.
 */
export function previousPeriod(p: Period): Period {
  const { fromDay, toDay } = closed(p, 'previous');
  let prev: { fromDay: number; toDay: number };
  switch (p.kind) {
    case 'year':
      prev = { fromDay: shiftMonths(fromDay, 12), toDay: fromDay };
      break;
    case 'quarter':
      prev = { fromDay: shiftMonths(fromDay, 3), toDay: fromDay };
      break;
    case 'month':
      prev = { fromDay: shiftMonths(fromDay, 1), toDay: fromDay };
      break;
    default:
      prev = { fromDay: fromDay - (toDay - fromDay), toDay: fromDay };
  }
  return { label: labelFor(p.kind, prev), kind: p.kind, ...prev };
}

/** The same dates one year earlier (2024-Q3 → 2023-Q3). */
export function yearAgoPeriod(p: Period): Period {
  const { fromDay, toDay } = closed(p, 'year-ago');
  const prev = { fromDay: shiftYears(fromDay, 1), toDay: shiftYears(toDay - 1, 1) + 1 };
  return { label: labelFor(p.kind, prev), kind: p.kind, ...prev };
}

function labelFor(kind: Period['kind'], p: { fromDay: number; toDay: number }): string {
  const from = dayLabel(p.fromDay);
  switch (kind) {
    case 'year':
      return from.slice(0, 4);
    case 'quarter':
      return `${from.slice(0, 4)}-Q${Math.floor((Number(from.slice(5, 7)) - 1) / 3) + 1}`;
    case 'month':
      return from.slice(0, 7);
    case 'day':
      return from;
    default:
      return `${from}..${dayLabel(p.toDay - 1)}`;
  }
}

/** Where a local day falls relative to a period. */
export function placeOf(p: Period, day: number): 'before' | 'in' | 'after' {
  if (p.fromDay !== null && day < p.fromDay) return 'before';
  if (p.toDay !== null && day >= p.toDay) return 'after';
  return 'in';
}
