import { isAbsolute, relative, resolve } from 'node:path';
import { CssError } from '../errors.js';
import { ENCODINGS } from '../ingest/source.js';
import { canonicalZoneName } from '../ingest/time/index.js';
import { validateMappingSpec } from '../ingest/schema/mapping-file.js';
import { parsePeriod, parseDay } from '../aggregate/period.js';
import { parseServiceHours } from '../estimate/service-hours.js';
import { REPORT_FORMATS } from '../report/index.js';
import type { ConfigFile } from './config-file.js';

/**
 * Every setting that a flag, a CSS_ANALYZE_* variable or the config file can give, with
 * one parser for all three (so `--max-rejected 2%`, CSS_ANALYZE_MAX_REJECTED=2% and
 * `"thresholds": {"maxRejected": "2%"}` mean the same). Parsers accept the string of a
 * flag or variable and the JSON value of the file, and throw Expected on bad input.
 */
export class Expected extends Error {
  /** Set when the problem is inside the value (e.g. `fields.received` of an inline mapping): the message is then complete. */
  constructor(message: string, readonly subPath?: string) {
    super(message);
  }
}

/** A threshold on rejected rows: a share of rows read, or a number of rows. */
export type RowThreshold = { share: number } | { count: number };

export interface SettingDef {
  /** Name in `settings`, --verbose and messages. */
  name: string;
  /** Commander attribute of the flag (commands without the flag still get the value). */
  flag: string;
  flagName: string;
  env: string;
  /** Path in the config file. */
  config: string[];
  parse(raw: unknown, file?: ConfigFile): unknown;
}

const str = (raw: unknown, what: string): string => {
  if (typeof raw !== 'string' || raw.trim() === '') throw new Expected(what);
  return raw.trim();
};

const choice = (values: readonly string[]) => (raw: unknown) => {
  const v = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
  if (typeof v !== 'string' || !values.includes(v)) throw new Expected(`one of ${values.join(', ')}`);
  return v;
};

const positive = (raw: unknown) => {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!(n > 0) || !Number.isFinite(n)) throw new Expected('a positive number');
  return n;
};

const bool = (raw: unknown) => {
  if (typeof raw === 'boolean') return raw;
  const v = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  throw new Expected('true or false');
};

const list = (raw: unknown, what: string): string[] => {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : null;
  if (!items || items.some((x) => typeof x !== 'string' && typeof x !== 'number')) throw new Expected(what);
  const out = items.map((x) => String(x).trim()).filter((x) => x !== '');
  if (!out.length) throw new Expected(what);
  return out;
};

/** A share 0–1, written 0.95 or "95%". */
export function parseShare(raw: unknown): number {
  let n = NaN;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string') {
    const t = raw.trim();
    n = t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : t === '' ? NaN : Number(t);
  }
  if (!(n >= 0 && n <= 1)) throw new Expected('a share between 0 and 1, such as 0.95 or "95%"');
  return n;
}

/** "2%" or 0.02 → a share of rows; a whole number ≥ 1 → a count of rows. */
export function parseRowThreshold(raw: unknown): RowThreshold {
  const expected = 'a share of rows such as 0.02 or "2%", or a whole number of rows such as 150';
  if (typeof raw === 'string' && raw.trim().endsWith('%')) {
    try {
      return { share: parseShare(raw) };
    } catch {
      throw new Expected(expected);
    }
  }
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n < 0) throw new Expected(expected);
  if (n === 0) return { count: 0 };
  if (n < 1) return { share: n };
  if (!Number.isInteger(n)) throw new Expected(expected);
  return { count: n };
}

/** A path inside the config file is relative to the file's folder; shown relative to the working directory. */
function fromFile(path: string, file?: ConfigFile): string {
  if (!file || isAbsolute(path)) return path;
  return relative(process.cwd(), resolve(file.dir, path)) || '.';
}

const BUILTIN_TAXONOMY = /^[a-z0-9][a-z0-9-]*(?:\/[a-z0-9][a-z0-9-]*)?$/;
const NAMED_DELIMITERS = ['tab', '\\t', 'comma', 'semicolon', 'pipe'];

function def(name: string, flag: string, flagName: string, env: string, config: string[], parse: SettingDef['parse']): SettingDef {
  return { name, flag, flagName, env: `CSS_ANALYZE_${env}`, config, parse };
}

export const SETTINGS: SettingDef[] = [
  def('mapping', 'mapping', '--mapping', 'MAPPING', ['mapping'], (raw, file) => {
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
      try {
        return validateMappingSpec(raw as never, file?.path ?? '<mapping>');
      } catch (err) {
        if (err instanceof CssError) {
          const at = err.message.indexOf(': ');
          const path = at > 0 ? err.message.slice(0, at) : '';
          throw new Expected(at > 0 ? err.message.slice(at + 2) : err.message, path === '(top level)' ? '' : path);
        }
        throw err;
      }
    }
    return fromFile(str(raw, 'a mapping file path or an inline mapping object (docs/mapping.md)'), file);
  }),
  def('preset', 'preset', '--preset', 'PRESET', ['preset'], (raw) => str(raw, 'a preset name (see inspect --list-presets)')),
  def('taxonomy', 'taxonomy', '--taxonomy', 'TAXONOMY', ['taxonomy'], (raw, file) => {
    const t = str(raw, 'a taxonomy file or built-in name');
    return BUILTIN_TAXONOMY.test(t) ? t : fromFile(t, file);
  }),
  def('timeZone', 'tz', '--tz', 'TZ', ['timeZone'], (raw) => {
    const t = str(raw, 'an IANA time zone such as America/New_York');
    try {
      return canonicalZoneName(t);
    } catch {
      throw new Expected('an IANA time zone such as America/New_York');
    }
  }),
  def('encoding', 'encoding', '--encoding', 'ENCODING', ['encoding'], choice(ENCODINGS)),
  def('delimiter', 'delimiter', '--delimiter', 'DELIMITER', ['delimiter'], (raw) => {
    if (typeof raw !== 'string' || !(raw.length === 1 || NAMED_DELIMITERS.includes(raw.toLowerCase())) || raw === '"') {
      throw new Expected('one character such as , ; | or the word tab');
    }
    return raw;
  }),
  def('datetimeFormat', 'datetimeFormat', '--datetime-format', 'DATETIME_FORMAT', ['datetimeFormat'], (raw) => str(raw, 'a timestamp format such as "MM/DD/YYYY hh:mm:ss A"')),
  def('codeList', 'codeList', '--code-list', 'CODE_LIST', ['codeList'], (raw) => str(raw, 'a code list: a CSV of code,description or a built-in list name')),
  def('skipBadRows', 'skipBadRows', '--skip-bad-rows', 'SKIP_BAD_ROWS', ['skipBadRows'], bool),
  def('reader', 'reader', '--reader', 'READER', ['reader'], choice(['fast', 'csv-parse'])),
  // A sheet's name or number: kept as text, as --sheet gives it.
  def('sheet', 'sheet', '--sheet', 'SHEET', ['sheet'], (raw) => {
    if (typeof raw === 'number' && Number.isInteger(raw) && raw > 0) return String(raw);
    if (typeof raw !== 'string' || raw.trim() === '') throw new Expected('a worksheet name or number');
    return raw;
  }),
  def('headerRow', 'headerRow', '--header-row', 'HEADER_ROW', ['headerRow'], (raw) => {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < 1) throw new Expected('a row number, 1 or more');
    return n;
  }),
  def('threads', 'threads', '--threads', 'THREADS', ['threads'], (raw) => {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < 1) throw new Expected('a number of threads, 1 or more');
    return n;
  }),
  def('timeBasis', 'timeBasis', '--time-basis', 'TIME_BASIS', ['timeBasis'], choice(['dispatch', 'arrive'])),
  def('capMinutes', 'capMinutes', '--cap-minutes', 'CAP_MINUTES', ['capMinutes'], positive),
  def('fallbackMinutes', 'fallbackMinutes', '--fallback-minutes', 'FALLBACK_MINUTES', ['fallbackMinutes'], positive),
  def('period', 'period', '--period', 'PERIOD', ['period'], (raw) => {
    const t = str(raw, 'a year (2024), quarter (2024-Q3), month (2024-07) or day (2024-07-04)');
    try {
      return parsePeriod(t).label;
    } catch {
      throw new Expected('a year (2024), quarter (2024-Q3), month (2024-07) or day (2024-07-04)');
    }
  }),
  ...(['from', 'to'] as const).map((k) =>
    def(k, k, `--${k}`, k.toUpperCase(), [k], (raw) => {
      const t = str(raw, 'a date YYYY-MM-DD');
      try {
        parseDay(t, k);
      } catch {
        throw new Expected('a date YYYY-MM-DD');
      }
      return t;
    }),
  ),
  def('compare', 'compare', '--compare', 'COMPARE', ['compare'], (raw, file) =>
    list(raw, 'previous, year-ago or an analysis JSON file (or a list of them)').map((x) => (x === 'previous' || x === 'year-ago' ? x : fromFile(x, file))),
  ),
  def('programStart', 'programStart', '--program-start', 'PROGRAM_START', ['programStart'], (raw) => {
    const t = str(raw, 'a date YYYY-MM-DD');
    try {
      parseDay(t, 'programStart');
    } catch {
      throw new Expected('a date YYYY-MM-DD');
    }
    return t;
  }),
  def('programHours', 'programHours', '--program-hours', 'PROGRAM_HOURS', ['programHours'], (raw) => {
    const t = str(raw, 'hours such as "Mon-Fri 08:00-20:00"');
    try {
      parseServiceHours(t, 'programHours');
    } catch (err) {
      throw new Expected(`hours such as "Mon-Fri 08:00-20:00" (${err instanceof CssError ? err.message : String(err)})`);
    }
    return t;
  }),
  def('programBeats', 'programBeats', '--program-beats', 'PROGRAM_BEATS', ['programBeats'], (raw) => list(raw, 'a list of beats such as "111,112"')),
  def('minCoverage', 'minCoverage', '--min-coverage', 'MIN_COVERAGE', ['thresholds', 'minCoverage'], parseShare),
  def('maxRejected', 'maxRejected', '--max-rejected', 'MAX_REJECTED', ['thresholds', 'maxRejected'], parseRowThreshold),
  def('maxImputed', 'maxImputed', '--max-imputed', 'MAX_IMPUTED', ['thresholds', 'maxImputed'], parseShare),
  def('formats', 'format', '--format', 'FORMAT', ['formats'], (raw) => {
    const expected = `a list of report formats, some of ${REPORT_FORMATS.join(', ')}`;
    const items = Array.isArray(raw) && raw.every((x) => typeof x === 'string') ? raw.map((x: string) => x.trim().toLowerCase()) : list(raw, expected).map((x) => x.toLowerCase());
    if (!items.length || items.some((f) => !(REPORT_FORMATS as readonly string[]).includes(f))) throw new Expected(expected);
    // In the report's own order, as its --format parser gives them.
    return REPORT_FORMATS.filter((f) => items.includes(f));
  }),
];

/** Settings read from the config file's `parameters` object and CSS_ANALYZE_PARAM_<NAME> variables. */
export const PARAM_ENV_PREFIX = 'CSS_ANALYZE_PARAM_';
export const CONFIG_ENV = 'CSS_ANALYZE_CONFIG';

/** CSS_ANALYZE_PARAM_COST_PER_CALL → costPerCall. */
export function paramNameFromEnv(variable: string): string {
  return variable
    .slice(PARAM_ENV_PREFIX.length)
    .toLowerCase()
    .replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

