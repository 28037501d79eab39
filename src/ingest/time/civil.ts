/**
 * Proleptic Gregorian calendar arithmetic on plain numbers, so timestamp parsing and
 * local-time reporting never build a Date per value. Algorithms from Howard Hinnant,
 * "chrono-Compatible Low-Level Date Algorithms" (days_from_civil / civil_from_days).
 */

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1–12) of `year`; 0 for a month outside 1–12. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return DAYS_IN_MONTH[month] ?? 0;
}

/** Days since 1970-01-01 of a calendar date (month 1–12). No validation. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

// Days since 1970-01-01 of the first of each month, 1800–2199: parsing then needs no division.
const TABLE_FROM = 1800;
const TABLE_YEARS = 400;
const MONTH_START = new Float64Array(TABLE_YEARS * 12);
for (let i = 0; i < MONTH_START.length; i++) MONTH_START[i] = daysFromCivil(TABLE_FROM + Math.floor(i / 12), (i % 12) + 1, 1);

/** daysFromCivil(year, month, 1), from a table for 1800–2199 (the parser's hot path). */
export function monthStartDays(year: number, month: number): number {
  const i = (year - TABLE_FROM) * 12 + month - 1;
  return i >= 0 && i < MONTH_START.length ? MONTH_START[i]! : daysFromCivil(year, month, 1);
}

/**
 * Calendar date of a day count since 1970-01-01, packed as year * 10000 + month * 100 + day
 * so the hot path allocates nothing (unpack with civilYear/civilMonth/civilDay).
 */
export function civilFromDays(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year * 10000 + month * 100 + day;
}

export const civilYear = (packed: number): number => Math.floor(packed / 10000);
export const civilMonth = (packed: number): number => Math.floor(packed / 100) % 100;
export const civilDay = (packed: number): number => packed % 100;

/** Calendar year of a wall-clock or UTC millisecond value. */
export function yearOfMs(ms: number): number {
  return civilYear(civilFromDays(Math.floor(ms / MS_PER_DAY)));
}

/** Milliseconds of 00:00 on 1 January of `year` (wall or UTC, same arithmetic). */
export function startOfYearMs(year: number): number {
  return daysFromCivil(year, 1, 1) * MS_PER_DAY;
}

/** Day of week of a day count since 1970-01-01: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayFromDays(days: number): number {
  const w = (days + 4) % 7;
  return w < 0 ? w + 7 : w;
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** `YYYY-MM-DDTHH:mm:ss` of a wall-clock millisecond value (milliseconds dropped). */
export function formatWallIso(wallMs: number): string {
  const days = Math.floor(wallMs / MS_PER_DAY);
  const packed = civilFromDays(days);
  const msOfDay = wallMs - days * MS_PER_DAY;
  const y = civilYear(packed);
  const year = y >= 0 && y <= 9999 ? String(y).padStart(4, '0') : String(y);
  return (
    `${year}-${pad2(civilMonth(packed))}-${pad2(civilDay(packed))}` +
    `T${pad2(Math.floor(msOfDay / MS_PER_HOUR))}:${pad2(Math.floor(msOfDay / MS_PER_MINUTE) % 60)}` +
    `:${pad2(Math.floor(msOfDay / MS_PER_SECOND) % 60)}`
  );
}
