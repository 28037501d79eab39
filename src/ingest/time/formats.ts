/**
 * Compiled timestamp parsers that read UTF-8 bytes in place (no strings, no Date, no
 * allocation per value). A parser returns "wall milliseconds": milliseconds since
 * 1970-01-01T00:00 as if the local wall clock were UTC. A Zone (zone.ts) turns wall
 * milliseconds into instants. Values with an offset (`Z`, `+05:30`) or epoch numbers
 * are already instants; the parser says so in `lastWasInstant`.
 */
import { daysInMonth, monthStartDays, MS_PER_HOUR, MS_PER_MINUTE } from './civil.js';
import { compileProgram } from './syntax.js';
import { generateParserSource } from './codegen.js';

/** What a format describes: a date and time, a date, a time of day, or an epoch number. */
export type TimestampKind = 'datetime' | 'date' | 'time' | 'epoch';

/**
 * What parse() returns: local wall time, an absolute instant (offset or epoch always
 * present), or either one depending on the value (optional offset, `[Z]`).
 */
export type TimestampYield = 'wall' | 'instant' | 'either';

export interface TimeParser {
  /** The format as given. */
  readonly format: string;
  readonly kind: TimestampKind;
  readonly yields: TimestampYield;
  /** True when every value is an absolute instant (yields === 'instant': an offset is required, or epoch). */
  readonly absolute: boolean;
  /**
   * Parses bytes[start, end) — surrounding spaces are ignored. Returns wall milliseconds
   * (for a 'time' format: milliseconds since midnight), an instant in epoch milliseconds
   * when `lastWasInstant` is then true, or NaN when the text does not match or names an
   * impossible date or time (Feb 30, month 13, hour 25).
   */
  parse(bytes: Uint8Array, start: number, end: number): number;
  /** parse() on a string (ASCII fast path; convenience for tests, detection and config). */
  parseString(text: string): number;
  /** True when the last parse produced an absolute instant (offset or epoch). */
  readonly lastWasInstant: boolean;
  /** True when the last parse of a 'date' format ignored a time part after the date. */
  readonly lastIgnoredRest: boolean;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_CODES = MONTHS.map((m) => Array.from(m, (ch) => ch.charCodeAt(0)));

const isLetter = (ch: number): boolean => ((ch | 0x20) >= 0x61 && (ch | 0x20) <= 0x7a);

/**
 * Month from its English name or any abbreviation of at least three letters (Jan, Sept,
 * JANUARY). Returns (length << 4) | month, or 0 when no month matches.
 */
function readMonthName(bytes: Uint8Array, p: number, end: number): number {
  let len = 0;
  while (p + len < end && isLetter(bytes[p + len]!)) len++;
  if (len < 3) return 0;
  for (let m = 0; m < 12; m++) {
    const name = MONTH_CODES[m]!;
    if (len > name.length) continue;
    let k = 0;
    while (k < len && (bytes[p + k]! | 0x20) === name[k]) k++;
    if (k === len) return (len << 4) | (m + 1);
  }
  return 0;
}

// Second results of the helpers below (AM/PM flag, offset, epoch value): one shared
// slot instead of an allocated pair per value.
const out = new Float64Array(1);

type ParseFn = (this: CompiledParser, bytes: Uint8Array, start: number, end: number) => number;

class CompiledParser implements TimeParser {
  readonly format: string;
  readonly kind: TimestampKind;
  readonly yields: TimestampYield;
  readonly absolute: boolean;
  lastWasInstant = false;
  lastIgnoredRest = false;
  /** Generated per format (codegen.ts). */
  readonly parse: (bytes: Uint8Array, start: number, end: number) => number;
  private scratch = new Uint8Array(64);

  constructor(format: string) {
    const prog = compileProgram(format);
    this.format = format;
    this.kind = prog.hasEpoch ? 'epoch' : prog.hasDate && prog.hasTime ? 'datetime' : prog.hasDate ? 'date' : 'time';
    this.yields = prog.offset === 'required' ? 'instant' : prog.offset === 'optional' ? 'either' : 'wall';
    this.absolute = this.yields === 'instant';
    const source = generateParserSource(prog, this.kind === 'date');
    const factory = new Function(
      'readMonthName', 'readAmPm', 'readOffset', 'readEpoch', 'monthStartDays', 'daysInMonth', 'out',
      `return function parse(bytes, start, end) {\n${source}\n};`,
    ) as (...helpers: unknown[]) => ParseFn;
    const fn = factory(readMonthName, readAmPm, readOffset, readEpoch, monthStartDays, daysInMonth, out);
    this.parse = fn.bind(this);
  }

  parseString(text: string): number {
    const len = text.length;
    if (len > this.scratch.length) this.scratch = new Uint8Array(len * 2);
    const buf = this.scratch;
    for (let i = 0; i < len; i++) {
      const code = text.charCodeAt(i);
      // Non-ASCII never matches a token; 0xff keeps it from matching by accident.
      buf[i] = code < 0x80 ? code : 0xff;
    }
    return this.parse(buf, 0, len);
  }
}

/** AM, PM, am, pm, A.M., P.M. Returns the new position or -1; out[0] = 1 for PM, 0 for AM. */
function readAmPm(bytes: Uint8Array, p: number, end: number): number {
  if (p >= end) return -1;
  const first = bytes[p]! | 0x20;
  if (first !== 0x61 && first !== 0x70) return -1;
  p++;
  if (p < end && bytes[p] === 0x2e) p++;
  if (p >= end || (bytes[p]! | 0x20) !== 0x6d) return -1;
  p++;
  if (p < end && bytes[p] === 0x2e) p++;
  out[0] = first === 0x70 ? 1 : 0;
  return p;
}

/** Two digits at bytes[at] as a number, or -1. */
function twoDigits(bytes: Uint8Array, at: number, end: number): number {
  if (at + 1 >= end) return -1;
  const d1 = bytes[at]! - 48;
  const d2 = bytes[at + 1]! - 48;
  return d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9 ? d1 * 10 + d2 : -1;
}

/** Z, ±HH, ±HHMM, ±HH:MM. Returns the new position or -1; out[0] = the offset in ms. */
function readOffset(bytes: Uint8Array, p: number, end: number): number {
  if (p >= end) return -1;
  const ch = bytes[p]!;
  if (ch === 0x5a || ch === 0x7a) {
    out[0] = 0;
    return p + 1;
  }
  if (ch !== 0x2b && ch !== 0x2d) return -1;
  const hh = twoDigits(bytes, p + 1, end);
  if (hh < 0 || hh > 18) return -1;
  p += 3;
  let mm = 0;
  if (p < end && bytes[p] === 0x3a) {
    mm = twoDigits(bytes, p + 1, end);
    if (mm < 0) return -1;
    p += 3;
  } else if (twoDigits(bytes, p, end) >= 0) {
    mm = twoDigits(bytes, p, end);
    p += 2;
  }
  if (mm > 59) return -1;
  out[0] = (ch === 0x2d ? -1 : 1) * (hh * MS_PER_HOUR + mm * MS_PER_MINUTE);
  return p;
}

/**
 * Optional sign, digits, optional fraction; scale 1000 for seconds, 1 for milliseconds.
 * Returns the new position or -1; out[0] = epoch milliseconds.
 */
function readEpoch(bytes: Uint8Array, p: number, end: number, scale: number): number {
  const negative = p < end && bytes[p] === 0x2d;
  if (negative) p++;
  let v = 0;
  let k = 0;
  while (p < end && k < 16) {
    const d = bytes[p]! - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    p++;
    k++;
  }
  if (k === 0) return -1;
  v *= scale;
  if (p < end && bytes[p] === 0x2e) {
    p++;
    let unit = scale / 10;
    let fk = 0;
    while (p < end) {
      const d = bytes[p]! - 48;
      if (d < 0 || d > 9) break;
      if (unit >= 1) v += d * unit;
      unit /= 10;
      p++;
      fk++;
    }
    if (fk === 0) return -1;
  }
  out[0] = negative ? -v : v;
  return p;
}

/**
 * Compiles a format string (tokens in docs/time-zones.md, e.g. `YYYY-MM-DD HH:mm:ss[.SSS]`,
 * `MM/DD/YYYY hh:mm:ss A`, `X`). Throws a usage error (CssError) for an invalid format.
 */
export function compileFormat(format: string): TimeParser {
  return new CompiledParser(format);
}

/**
 * Joins split date and time columns: wall milliseconds of a date (from a 'date' parser)
 * plus milliseconds since midnight (from a 'time' parser). NaN when either is missing.
 */
export function combineDateTime(dateWallMs: number, timeOfDayMs: number): number {
  return dateWallMs + timeOfDayMs;
}
