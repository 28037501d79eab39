/**
 * Excel keeps dates and times as numbers ("serials": days since 1900-01-00, or since
 * 1904-01-01 in workbooks saved with the 1904 system) and shows them as dates only
 * through the cell's number format. A serial is a local wall-clock time with no zone:
 * it is turned into wall milliseconds with UTC arithmetic (never the machine's zone)
 * and written as ISO text, which the normal timestamp detection then reads in the
 * agency's zone like any other local time.
 */
import { civilDay, civilFromDays, civilMonth, civilYear, MS_PER_DAY } from '../time/civil.js';

/** How a number format shows a serial: not as a date, or as Excel would show it. */
export const enum DateKind {
  None = 0,
  Date = 1,
  Time = 2,
  DateTime = 3,
}

export interface DateStyle {
  kind: DateKind;
  /** The format shows fractions of a second (e.g. `ss.000`): keep milliseconds. */
  millis: boolean;
}

const NOT_DATE: DateStyle = { kind: DateKind.None, millis: false };

/** Built-in number formats (ECMA-376 §18.8.30) that show dates or times. */
const BUILTIN: Record<number, DateStyle> = {
  14: { kind: DateKind.Date, millis: false },
  15: { kind: DateKind.Date, millis: false },
  16: { kind: DateKind.Date, millis: false },
  17: { kind: DateKind.Date, millis: false },
  18: { kind: DateKind.Time, millis: false },
  19: { kind: DateKind.Time, millis: false },
  20: { kind: DateKind.Time, millis: false },
  21: { kind: DateKind.Time, millis: false },
  22: { kind: DateKind.DateTime, millis: false },
  45: { kind: DateKind.Time, millis: false },
  46: { kind: DateKind.Time, millis: false },
  47: { kind: DateKind.Time, millis: true },
};
// East Asian locale date formats.
for (const id of [27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58]) BUILTIN[id] = { kind: DateKind.Date, millis: false };
for (const id of [32, 33, 55, 56]) BUILTIN[id] = { kind: DateKind.Time, millis: false };

export function builtinDateStyle(id: number): DateStyle {
  return BUILTIN[id] ?? NOT_DATE;
}

/**
 * Classifies a custom number format code such as `m/d/yyyy h:mm:ss` or
 * `[$-409]dddd, mmmm d, yyyy`. Quoted literals, escaped characters, padding and
 * bracketed colours or locales are ignored; elapsed-time brackets ([h], [mm]) count as time.
 */
export function customDateStyle(code: string): DateStyle {
  const section = code.split(';')[0] ?? '';
  const bare = section
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[(h+|m+|s+)\]/gi, '$1')
    .replace(/\[[^\]]*\]/g, '')
    .toLowerCase();
  if (bare === 'general' || bare.trim() === '') return NOT_DATE;
  const hasDate = /[yd]/.test(bare) || (/m/.test(bare) && !/[hs]/.test(bare));
  const hasTime = /[hs]/.test(bare) || /a\/p|am\/pm/.test(bare);
  const kind = hasDate && hasTime ? DateKind.DateTime : hasDate ? DateKind.Date : hasTime ? DateKind.Time : DateKind.None;
  return { kind, millis: kind !== DateKind.None && /s\.0/.test(bare) };
}

/** Wall-clock milliseconds of a serial, or NaN for a value no calendar holds. */
export function serialToWallMs(serial: number, date1904: boolean): number {
  if (!Number.isFinite(serial) || serial < 0 || serial > 2958466) return NaN; // 9999-12-31
  // The 1900 system counts a 29 February 1900 that never was: serials before it are a day early.
  const days = date1904 ? serial + 1462 : serial < 61 ? serial + 1 : serial;
  return Math.round((days - 25569) * MS_PER_DAY);
}

/** Writes value (< 10^width) as `width` ASCII digits. */
const digits = (out: Buffer, at: number, value: number, width: number): number => {
  for (let i = width - 1; i >= 0; i--) {
    const q = (value / 10) | 0;
    out[at + i] = 0x30 + value - q * 10;
    value = q;
  }
  return at + width;
};

// Consecutive rows mostly fall on the same day: its YYYY-MM-DD is kept, not recomputed.
let cachedDays = NaN;
const cachedDate = Buffer.alloc(10);

/**
 * Writes the serial as Excel would show it — `YYYY-MM-DD`, `HH:mm:ss` or
 * `YYYY-MM-DD HH:mm:ss`, with `.SSS` when the format shows fractions — into out at `at`
 * (room for 23 bytes). Returns the end offset, or -1 when the serial is not a date.
 */
export function writeSerial(out: Buffer, at: number, serial: number, style: DateStyle, date1904: boolean): number {
  let ms = serialToWallMs(serial, date1904);
  if (Number.isNaN(ms)) return -1;
  ms = style.millis ? ms : Math.round(ms / 1000) * 1000;
  const days = Math.floor(ms / MS_PER_DAY);
  const msOfDay = ms - days * MS_PER_DAY;
  let p = at;
  if (style.kind !== DateKind.Time) {
    if (days !== cachedDays) {
      const packed = civilFromDays(days);
      digits(cachedDate, 0, civilYear(packed), 4);
      cachedDate[4] = 0x2d;
      digits(cachedDate, 5, civilMonth(packed), 2);
      cachedDate[7] = 0x2d;
      digits(cachedDate, 8, civilDay(packed), 2);
      cachedDays = days;
    }
    for (let i = 0; i < 10; i++) out[p++] = cachedDate[i];
    if (style.kind === DateKind.Date) return p;
    out[p++] = 0x20;
  }
  const seconds = (msOfDay / 1000) | 0;
  const minutes = (seconds / 60) | 0;
  p = digits(out, p, (minutes / 60) | 0, 2);
  out[p++] = 0x3a;
  p = digits(out, p, minutes % 60, 2);
  out[p++] = 0x3a;
  p = digits(out, p, seconds % 60, 2);
  if (style.millis) {
    out[p++] = 0x2e;
    p = digits(out, p, msOfDay % 1000, 3);
  }
  return p;
}
