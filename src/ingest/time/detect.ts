/**
 * Guessing a column's timestamp format from sample values: every known format is tried
 * and the one that reads the most samples wins (earlier, more specific formats win ties).
 */
import { yearOfMs } from './civil.js';
import { compileFormat, type TimeParser } from './formats.js';

export type DetectKind = 'datetime' | 'date' | 'time';

export interface DetectedFormat {
  /** The winning format, e.g. `MM/DD/YYYY hh:mm:ss A`. */
  format: string;
  /** A fresh parser for it. */
  parser: TimeParser;
  /** Samples it read. */
  matched: number;
  /** Samples considered (empty and NULL-like ones are left out). */
  total: number;
  /** Up to three samples it could not read, for messages. */
  unmatched: string[];
  /**
   * True when the samples read equally well day-first: no first field above 12.
   * The format is then month-first (US CAD exports) and `alternative` names the other reading.
   */
  ambiguous: boolean;
  alternative: string | null;
  /** Samples that were absolute instants (carried an offset, or epoch numbers). */
  absolute: number;
  /** 'date' detection: samples whose time part was ignored (`09/06/2019 12:00:00 AM`). */
  ignoredTime: number;
}

const NULL_LIKE = new Set(['', 'NULL', 'N/A', 'NA', '#N/A', 'NAN', 'NONE', 'NIL', '-', '--', '\\N', '(NULL)']);

/** Empty or a conventional missing-value marker (NULL, N/A, \N …), compared case-insensitively. */
export function isNullLike(value: string): boolean {
  const v = value.trim();
  return v.length <= 6 && NULL_LIKE.has(v.toUpperCase());
}

const isoBodies = (sep: string): string[] => [
  `YYYY-MM-DD${sep}HH:mm:ss`,
  `YYYY-MM-DD${sep}HH:mm:ss.SSS`,
  `YYYY-MM-DD${sep}HH:mm`,
  `YYYY-MM-DD${sep}HH:mm[:ss[.SSS]]`,
];

const withDayFirstTwins = (formats: string[]): string[] => [
  ...formats,
  ...formats.filter((f) => f.includes('MM/DD/')).map((f) => f.replace('MM/DD/', 'DD/MM/')),
];

const CANDIDATES: Record<DetectKind, string[]> = {
  datetime: withDayFirstTwins([
    ...['', 'Z', '[Z]'].flatMap((zone) => [' ', 'T'].flatMap((sep) => isoBodies(sep).map((body) => body + zone))),
    'YYYY/MM/DD HH:mm[:ss[.SSS]]',
    // ArcGIS Hub and other open-data portals: `2019/01/01 00:00:05+00`.
    'YYYY/MM/DD HH:mm[:ss[.SSS]][Z]',
    'MM/DD/YYYY hh:mm:ss A',
    'MM/DD/YYYY hh:mm A',
    'MM/DD/YYYY hh:mm[:ss[.SSS]] A',
    // AM/PM run on to the time: `01/01/2016 12:00AM`.
    'MM/DD/YYYY hh:mm[:ss[.SSS]]A',
    'MM/DD/YYYY HH:mm:ss',
    'MM/DD/YYYY HH:mm',
    'MM/DD/YYYY HH:mm[:ss[.SSS]]',
    'MM/DD/YY hh:mm[:ss] A',
    'MM/DD/YY hh:mm[:ss]A',
    'MM/DD/YY HH:mm[:ss]',
    'MM-DD-YYYY hh:mm[:ss[.SSS]] A',
    'MM-DD-YYYY HH:mm[:ss[.SSS]]',
    'MMM DD YYYY hh:mm:ss:SSSA',
    'MMM DD YYYY hh:mmA',
    'MMM DD YYYY HH:mm[:ss]',
    // Spreadsheet and portal display style: `Jan 1, 2019 12:00:05 AM`.
    'MMM DD, YYYY hh:mm[:ss] A',
    'MMM DD, YYYY HH:mm[:ss]',
    'DD-MMM-YYYY HH:mm[:ss]',
    // Oracle's default TIMESTAMP text: `01-JAN-19 12.00.05.000000 AM`.
    'DD-MMM-YY hh.mm.ss[.SSS] A',
    'DD-MMM-YYYY hh.mm.ss[.SSS] A',
    'DD-MMM-YY HH:mm[:ss]',
    // Day-first with dots (European exports).
    'DD.MM.YYYY HH:mm[:ss[.SSS]]',
    'YYYYMMDDHHmmss',
    'X',
    'x',
  ]),
  date: withDayFirstTwins(['YYYY-MM-DD', 'MM/DD/YYYY', 'YYYY/MM/DD', 'YYYYMMDD', 'MMDDYYYY', 'MM/DD/YY', 'MM-DD-YYYY', 'MMM DD YYYY', 'MMM DD, YYYY', 'DD-MMM-YYYY', 'DD-MMM-YY', 'DD.MM.YYYY']),
  time: ['HH:mm:ss', 'HH:mm', 'HH:mm:ss.SSS', 'HH:mm[:ss[.SSS]]', 'hh:mm:ss A', 'hh:mm A', 'hh:mm[:ss] A', 'hh:mm[:ss]A', 'HHmmss', 'HHmm'],
};

const compiled = new Map<string, TimeParser>();
function candidate(format: string): TimeParser {
  let parser = compiled.get(format);
  if (parser === undefined) {
    parser = compileFormat(format);
    compiled.set(format, parser);
  }
  return parser;
}

// Dates outside these years are not what a column of timestamps means: an 8-digit
// count read as YYYYMMDD, or an epoch guess off by a factor of 1000.
const EARLIEST_YEAR = 1800;
const LATEST_YEAR = 2200;
const EARLIEST_EPOCH_YEAR = 1980;
const LATEST_EPOCH_YEAR = 2100;

function plausible(parser: TimeParser, value: number): boolean {
  if (Number.isNaN(value)) return false;
  if (parser.kind === 'time') return true;
  const year = yearOfMs(value);
  return parser.kind === 'epoch'
    ? year >= EARLIEST_EPOCH_YEAR && year < LATEST_EPOCH_YEAR
    : year >= EARLIEST_YEAR && year < LATEST_YEAR;
}

/**
 * Picks the format of `kind` that reads the most samples (empty and NULL-like samples
 * are ignored); null when none reads any. Day/month order: month-first unless a sample
 * has a first field above 12; `ambiguous` says when the samples cannot tell.
 */
export function detectFormat(samples: string[], kind: DetectKind): DetectedFormat | null {
  const values = samples.map((s) => s.trim()).filter((s) => !isNullLike(s));
  if (values.length === 0) return null;
  const counts = new Map<string, number>();
  let best: string | null = null;
  let bestCount = 0;
  for (const format of CANDIDATES[kind]) {
    const parser = candidate(format);
    let count = 0;
    for (const v of values) if (plausible(parser, parser.parseString(v))) count++;
    counts.set(format, count);
    if (count > bestCount) {
      best = format;
      bestCount = count;
    }
  }
  if (best === null) return null;
  const parser = compileFormat(best);
  const unmatched: string[] = [];
  let absolute = 0;
  let ignoredTime = 0;
  for (const v of values) {
    if (!plausible(parser, parser.parseString(v))) {
      if (unmatched.length < 3) unmatched.push(v);
      continue;
    }
    if (parser.lastWasInstant) absolute++;
    if (parser.lastIgnoredRest) ignoredTime++;
  }
  const twin = best.includes('MM/DD/') ? best.replace('MM/DD/', 'DD/MM/') : null;
  const ambiguous = twin !== null && counts.get(twin) === bestCount;
  return {
    format: best, parser, matched: bestCount, total: values.length, unmatched,
    ambiguous, alternative: ambiguous ? twin : null, absolute, ignoredTime,
  };
}
