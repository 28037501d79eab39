/**
 * Format strings → a flat program, which codegen.ts turns into a parser function.
 * The token syntax is moment-like (documented in docs/time-zones.md); .NET spellings
 * (yyyy, dd, fff, tt) and strftime (%Y-%m-%d %H:%M:%S.%f) are accepted too, because
 * analysts copy formats from whatever tool produced the export.
 */
import { usageError } from '../../errors.js';

// Plain numeric constants rather than `const enum`: vitest transpiles files one by one.
/** Instructions. */
export const OP_LIT = 1;
export const OP_SPACE = 2;
export const OP_NUM = 3;
export const OP_FRACTION = 4;
export const OP_MONTH_NAME = 5;
export const OP_AMPM = 6;
export const OP_OFFSET = 7;
export const OP_EPOCH_S = 8;
export const OP_EPOCH_MS = 9;
export const OP_OPT_BEGIN = 10;
export const OP_OPT_END = 11;

/** Field slots (codegen.ts gives each a local variable). */
export const F_YEAR = 0;
export const F_YEAR2 = 1;
export const F_MONTH = 2;
export const F_DAY = 3;
export const F_HOUR = 4;
export const F_MINUTE = 5;
export const F_SECOND = 6;
export const F_MILLIS = 7;
export const F_PM = 8;
export const F_OFFSET = 9;
export const F_HAS_OFFSET = 10;
export const F_EPOCH = 11;

const FIELD_NAMES = ['year', 'year', 'month', 'day', 'hour', 'minute', 'second', 'fraction', 'AM/PM', 'offset', '', 'epoch'];

export interface Program {
  op: Int32Array;
  /** Lit: byte; Num: field; OptBegin: index of its OptEnd. */
  a: Int32Array;
  /** Lit: 1 when case-insensitive; Num: min digits; OptBegin: mask of fields set inside. */
  b: Int32Array;
  /** Num: max digits. */
  c: Int32Array;
  hasDate: boolean;
  hasTime: boolean;
  hasEpoch: boolean;
  twelveHour: boolean;
  twoDigitYear: boolean;
  offset: 'none' | 'required' | 'optional';
}

interface Tok {
  op: number;
  field?: number;
  width?: number;
  /** Lower bound on digits when a separator follows (month/day/hour may drop their zero). */
  loose?: number;
  byte?: number;
}

const STRFTIME: Record<string, string> = {
  Y: 'YYYY', y: 'YY', m: 'MM', d: 'DD', e: 'D', H: 'HH', I: 'hh', M: 'mm', S: 'ss', f: 'SSS',
  p: 'A', z: 'Z', b: 'MMM', B: 'MMMM', h: 'MMM', s: 'X', T: 'HH:mm:ss', F: 'YYYY-MM-DD',
};

/** Translates strftime (`%Y-%m-%d %H:%M:%S`) into this module's tokens. */
function fromStrftime(format: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== '%') {
      out += /[A-Za-z]/.test(ch) ? `'${ch}'` : ch;
      continue;
    }
    const d = format[++i] ?? '';
    if (d === '%') out += '%';
    else if (STRFTIME[d]) out += STRFTIME[d];
    else throw badFormat(format, `%${d} is not a supported strftime directive`);
  }
  return out;
}

function badFormat(format: string, why: string): Error {
  return usageError(
    `Invalid timestamp format "${format}": ${why}`,
    'Use tokens such as YYYY-MM-DD HH:mm:ss, MM/DD/YYYY hh:mm:ss A or X (epoch seconds); see docs/time-zones.md',
  );
}

function letterToken(format: string, ch: string, n: number): Tok {
  const num = (field: number, width: number, loose = width): Tok => ({ op: OP_NUM, field, width, loose });
  const bad = (): Error => badFormat(format, `"${ch.repeat(n)}" is not a token`);
  switch (ch) {
    case 'Y':
    case 'y':
      if (n === 4) return num(F_YEAR, 4);
      if (n === 2) return num(F_YEAR2, 2);
      throw bad();
    case 'M':
      if (n <= 2) return num(F_MONTH, 2, 1);
      if (n <= 4) return { op: OP_MONTH_NAME };
      throw bad();
    case 'D':
    case 'd':
      if (n <= 2) return num(F_DAY, 2, 1);
      throw badFormat(format, 'weekday names are not supported; leave them out or quote them');
    case 'H':
    case 'h':
      if (n <= 2) return { ...num(F_HOUR, 2, 1), byte: ch === 'h' ? 1 : 0 };
      throw bad();
    case 'm':
      if (n <= 2) return num(F_MINUTE, 2, n === 1 ? 1 : 2);
      throw bad();
    case 's':
      if (n <= 2) return num(F_SECOND, 2, n === 1 ? 1 : 2);
      throw bad();
    case 'S':
    case 'f':
    case 'F':
    case '0':
      return { op: OP_FRACTION };
    case 'A':
    case 'a':
      if (n === 1) return { op: OP_AMPM };
      throw bad();
    case 't':
      if (n === 2) return { op: OP_AMPM };
      throw bad();
    case 'Z':
      if (n <= 2) return { op: OP_OFFSET };
      throw bad();
    case 'X':
      if (n === 1) return { op: OP_EPOCH_S };
      throw bad();
    case 'x':
      if (n === 1) return { op: OP_EPOCH_MS };
      throw bad();
    default:
      throw badFormat(format, `"${ch}" is not a token; put literal text in single quotes`);
  }
}

function tokenize(format: string): Array<Tok | '[' | ']'> {
  const out: Array<Tok | '[' | ']'> = [];
  for (let i = 0; i < format.length; ) {
    const ch = format[i]!;
    if (ch === '[' || ch === ']') {
      out.push(ch);
      i++;
    } else if (ch === "'") {
      const close = format.indexOf("'", i + 1);
      if (close < 0) throw badFormat(format, 'unclosed quote');
      if (close === i + 1) out.push(litTok(format, "'"));
      for (const q of format.slice(i + 1, close)) out.push(litTok(format, q));
      i = close + 1;
    } else if (ch === ' ') {
      while (format[i] === ' ') i++;
      out.push({ op: OP_SPACE });
    } else if (ch === 'T') {
      out.push(litTok(format, ch));
      i++;
    } else if (/[A-Za-z0]/.test(ch)) {
      let n = 1;
      while (format[i + n] === ch) n++;
      out.push(letterToken(format, ch, n));
      i += n;
    } else {
      out.push(litTok(format, ch));
      i++;
    }
  }
  return out;
}

function litTok(format: string, c: string): Tok {
  const code = c.charCodeAt(0);
  if (code > 0x7f) throw badFormat(format, `"${c}" is not ASCII`);
  return { op: OP_LIT, byte: code, width: /[A-Za-z]/.test(c) ? 1 : 0 };
}

const NUMERIC_OPS = new Set([OP_NUM, OP_FRACTION, OP_EPOCH_S, OP_EPOCH_MS]);

const fieldOf = (t: Tok): number =>
  t.op === OP_NUM ? t.field!
  : t.op === OP_FRACTION ? F_MILLIS
  : t.op === OP_MONTH_NAME ? F_MONTH
  : t.op === OP_AMPM ? F_PM
  : t.op === OP_OFFSET ? F_OFFSET
  : t.op === OP_EPOCH_S || t.op === OP_EPOCH_MS ? F_EPOCH
  : -1;

/** Compiles a format string; throws a usage error naming the problem. */
export function compileProgram(format: string): Program {
  if (format.trim() === '') throw badFormat(format, 'it is empty');
  const tokens = tokenize(/%[A-Za-z%]/.test(format) ? fromStrftime(format) : format);
  const flat = tokens.filter((t): t is Tok => t !== '[' && t !== ']');
  const op: number[] = [];
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  const emit = (o: number, x: number, y: number, z: number): void => {
    op.push(o);
    a.push(x);
    b.push(y);
    c.push(z);
  };
  const open: number[] = [];
  const seen = new Set<string>();
  let twelveHourToken = false;
  let offsetRequired = false;
  let offsetOptional = false;
  for (const t of tokens) {
    if (t === '[') {
      open.push(op.length);
      emit(OP_OPT_BEGIN, 0, 0, 0);
      continue;
    }
    if (t === ']') {
      const begin = open.pop();
      if (begin === undefined) throw badFormat(format, 'unmatched ]');
      a[begin] = op.length;
      emit(OP_OPT_END, 0, 0, 0);
      continue;
    }
    const field = fieldOf(t);
    if (field >= 0) {
      const name = FIELD_NAMES[field]!;
      if (seen.has(name)) throw badFormat(format, `it has two ${name} tokens`);
      seen.add(name);
      // Set inside an optional group: reset when the group does not match.
      for (const g of open) b[g] = b[g]! | (1 << field) | (field === F_OFFSET ? 1 << F_HAS_OFFSET : 0);
    }
    if (t.op === OP_NUM) {
      if (t.field === F_HOUR && t.byte === 1) twelveHourToken = true;
      // Digits run together (YYYYMMDD, HHmm) only split at fixed widths.
      const at = flat.indexOf(t);
      const fixed = [flat[at - 1], flat[at + 1]].some((n) => n !== undefined && NUMERIC_OPS.has(n.op));
      emit(OP_NUM, field, fixed ? t.width! : t.loose!, t.width!);
    } else {
      if (t.op === OP_OFFSET) {
        if (open.length > 0) offsetOptional = true;
        else offsetRequired = true;
      }
      emit(t.op, t.byte ?? 0, t.width ?? 0, 0);
    }
  }
  if (open.length > 0) throw badFormat(format, 'unclosed [');
  const has = (n: string): boolean => seen.has(n);
  const hasEpoch = has('epoch');
  const hasDate = has('year') || has('month') || has('day');
  const hasTime = has('hour') || has('minute') || has('second') || has('fraction');
  const ampm = has('AM/PM');
  if (hasEpoch && seen.size > 1) throw badFormat(format, 'X and x stand alone (epoch seconds or milliseconds)');
  if (hasDate && !(has('year') && has('month') && has('day'))) throw badFormat(format, 'a date needs a year, a month and a day');
  if (hasTime && !has('hour')) throw badFormat(format, 'a time needs an hour');
  if (has('second') && !has('minute')) throw badFormat(format, 'seconds need minutes');
  if (has('fraction') && !has('second')) throw badFormat(format, 'a fraction needs seconds');
  if (twelveHourToken && !ampm) throw badFormat(format, 'hh is a 12-hour clock and needs an AM/PM marker (A); use HH for a 24-hour clock');
  if (ampm && !has('hour')) throw badFormat(format, 'AM/PM needs an hour');
  if ((offsetRequired || offsetOptional) && !(hasDate && hasTime)) throw badFormat(format, 'an offset (Z) needs a date and a time');
  if (!hasDate && !hasTime && !hasEpoch) throw badFormat(format, 'it has no date, time or epoch token');
  return {
    op: Int32Array.from(op), a: Int32Array.from(a), b: Int32Array.from(b), c: Int32Array.from(c),
    hasDate, hasTime, hasEpoch,
    // With an AM/PM marker every hour token is read as 12-hour: `HH:mm:ss A` is a common spelling.
    twelveHour: ampm,
    twoDigitYear: flat.some((t) => t.field === F_YEAR2),
    offset: hasEpoch || offsetRequired ? 'required' : offsetOptional ? 'optional' : 'none',
  };
}
