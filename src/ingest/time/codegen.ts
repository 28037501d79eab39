/**
 * Turns a compiled format program (syntax.ts) into straight-line JavaScript, one function
 * per format. An interpreter loop over the program cost ~10x a hand-written parser on this
 * machine (measured: ~300 vs ~30 ns per value); generated code runs at hand-written speed,
 * and the 1M-row budget needs it (see bench/time-micro.mjs).
 *
 * Only numbers from the program reach the generated source (byte values, widths, field
 * slots), never text from the format string, so nothing a user types can inject code.
 */
import {
  F_DAY, F_EPOCH, F_HAS_OFFSET, F_HOUR, F_MILLIS, F_MINUTE, F_MONTH, F_OFFSET, F_PM, F_SECOND, F_YEAR, F_YEAR2,
  OP_AMPM, OP_EPOCH_MS, OP_EPOCH_S, OP_FRACTION, OP_LIT, OP_MONTH_NAME, OP_NUM, OP_OFFSET, OP_OPT_BEGIN, OP_OPT_END,
  OP_SPACE, type Program,
} from './syntax.js';

/** Local variable holding each field slot, and its value before parsing. */
const VARS: Record<number, [string, string]> = {
  [F_YEAR]: ['y', '1970'],
  [F_YEAR2]: ['y2', '-1'],
  [F_MONTH]: ['mo', '1'],
  [F_DAY]: ['d', '1'],
  [F_HOUR]: ['h', '0'],
  [F_MINUTE]: ['mi', '0'],
  [F_SECOND]: ['s', '0'],
  [F_MILLIS]: ['ms', '0'],
  [F_PM]: ['pm', '-1'],
  [F_OFFSET]: ['off', '0'],
  [F_HAS_OFFSET]: ['hasOff', '0'],
  [F_EPOCH]: ['ep', 'NaN'],
};

const SPACE = '(bytes[p] === 32 || bytes[p] === 9)';

/**
 * Source of a function body `(bytes, start, end) => number` run with `this` = the parser
 * and helpers (readMonthName, readAmPm, readOffset, readEpoch, monthStartDays,
 * daysInMonth, out) in scope.
 */
export function generateParserSource(prog: Program, isDateOnly: boolean): string {
  const lines: string[] = [];
  const emit = (s: string): void => void lines.push(s);
  // Failure inside an optional group rewinds to the group's start and skips it.
  const groups: Array<{ label: string; mask: number }> = [];
  const fail = (): string => {
    const g = groups[groups.length - 1];
    if (g === undefined) return 'return NaN;';
    const resets = Object.entries(VARS)
      .filter(([slot]) => g.mask & (1 << Number(slot)))
      .map(([, [name, init]]) => `${name} = ${init};`)
      .join(' ');
    return `{ p = ${g.label}p; ${resets} break ${g.label}; }`;
  };
  // The flags can only turn true for formats with an offset, an epoch or a bare date.
  if (prog.offset !== 'none') emit('this.lastWasInstant = false;');
  if (isDateOnly) emit('this.lastIgnoredRest = false;');
  emit(`while (start < end && (bytes[start] === 32 || bytes[start] === 9)) start++;`);
  emit(`while (end > start && (bytes[end - 1] === 32 || bytes[end - 1] === 9)) end--;`);
  emit('if (start === end) return NaN;');
  emit('let p = start, c = 0, v = 0, k = 0;');
  emit(`let ${Object.values(VARS).map(([name, init]) => `${name} = ${init}`).join(', ')};`);
  const { op, a, b, c } = prog;
  for (let i = 0; i < op.length; i++) {
    switch (op[i]) {
      case OP_NUM:
        emitNumber(emit, fail, VARS[a[i]!]![0], b[i]!, c[i]!);
        break;
      case OP_LIT: {
        const byte = a[i]!;
        const test = b[i] === 1 ? `(bytes[p] | 32) !== ${byte | 0x20}` : `bytes[p] !== ${byte}`;
        emit(`if (p >= end || ${test}) ${fail()}`);
        emit('p++;');
        break;
      }
      case OP_SPACE:
        emit(`if (p >= end || !${SPACE}) ${fail()}`);
        emit(`do p++; while (p < end && ${SPACE});`);
        break;
      case OP_FRACTION:
        // Any number of digits; milliseconds keep the first three (truncated, like Date).
        emit('k = 0; v = 0;');
        emit('while (p < end) { c = bytes[p] - 48; if (c < 0 || c > 9) break; if (k < 3) v = v * 10 + c; k++; p++; }');
        emit(`if (k === 0) ${fail()}`);
        emit('ms = k === 1 ? v * 100 : k === 2 ? v * 10 : v;');
        break;
      case OP_MONTH_NAME:
        emit(`v = readMonthName(bytes, p, end); if (v === 0) ${fail()}`);
        emit('mo = v & 15; p += v >> 4;');
        break;
      case OP_AMPM:
        emit(`v = readAmPm(bytes, p, end); if (v < 0) ${fail()}`);
        emit('p = v; pm = out[0];');
        break;
      case OP_OFFSET:
        emit(`v = readOffset(bytes, p, end); if (v < 0) ${fail()}`);
        emit('p = v; off = out[0]; hasOff = 1;');
        break;
      case OP_EPOCH_S:
      case OP_EPOCH_MS:
        emit(`v = readEpoch(bytes, p, end, ${op[i] === OP_EPOCH_S ? 1000 : 1}); if (v < 0) ${fail()}`);
        emit('p = v; ep = out[0];');
        break;
      case OP_OPT_BEGIN: {
        const label = `g${i}`;
        emit(`const ${label}p = p;`);
        emit(`${label}: {`);
        groups.push({ label, mask: b[i]! });
        break;
      }
      case OP_OPT_END:
        groups.pop();
        emit('}');
        break;
    }
  }
  // A date-only format reads the date of `09/06/2019 12:00:00 AM` and ignores the rest.
  if (isDateOnly) {
    emit(`if (p !== end) { if (!(${SPACE} || (bytes[p] | 32) === 116)) return NaN; this.lastIgnoredRest = true; }`);
  } else emit('if (p !== end) return NaN;');
  emitFinish(emit, prog);
  return lines.join('\n');
}

function emitNumber(emit: (s: string) => void, fail: () => string, name: string, min: number, max: number): void {
  if (min === max) {
    // Fixed width: check the length once, then unrolled digits.
    emit(`if (p + ${max} > end) ${fail()}`);
    for (let j = 0; j < max; j++) {
      emit(`c = bytes[p + ${j}] - 48; if (c < 0 || c > 9) ${fail()}`);
      emit(j === 0 ? 'v = c;' : 'v = v * 10 + c;');
    }
    emit(`${name} = v; p += ${max};`);
    return;
  }
  if (min === 1 && max === 2) {
    // Month, day or hour with or without its leading zero (3/5/2019 7:04).
    emit(`if (p >= end) ${fail()}`);
    emit(`c = bytes[p] - 48; if (c < 0 || c > 9) ${fail()}`);
    emit('v = c; p++;');
    emit('if (p < end) { c = bytes[p] - 48; if (c >= 0 && c <= 9) { v = v * 10 + c; p++; } }');
    emit(`${name} = v;`);
    return;
  }
  emit('k = 0; v = 0;');
  emit(`while (k < ${max} && p < end) { c = bytes[p] - 48; if (c < 0 || c > 9) break; v = v * 10 + c; p++; k++; }`);
  emit(`if (k < ${min}) ${fail()}`);
  emit(`${name} = v;`);
}

function emitFinish(emit: (s: string) => void, prog: Program): void {
  if (prog.hasEpoch) {
    emit('this.lastWasInstant = true;');
    emit('return ep;');
    return;
  }
  let days = '0';
  if (prog.hasDate) {
    // Two-digit years pivot like moment: 00–68 → 2000s, 69–99 → 1900s.
    if (prog.twoDigitYear) emit('if (y2 >= 0) y = y2 <= 68 ? 2000 + y2 : 1900 + y2;');
    emit('if (mo < 1 || mo > 12 || d < 1 || (d > 28 && d > daysInMonth(y, mo))) return NaN;');
    days = '(monthStartDays(y, mo) + d - 1)';
  }
  if (prog.twelveHour) {
    // 12 AM is midnight, 12 PM noon; hour 0 is tolerated (SQL Server writes 00:00:00:000AM).
    emit('if (pm >= 0) { if (h > 12) return NaN; h = (h % 12) + (pm === 1 ? 12 : 0); } else if (h > 23) return NaN;');
  } else emit('if (h > 23) return NaN;');
  emit('if (mi > 59 || s > 59) return NaN;');
  emit(`const wall = ${days} * 86400000 + h * 3600000 + mi * 60000 + s * 1000 + ms;`);
  if (prog.offset !== 'none') emit('if (hasOff === 1) { this.lastWasInstant = true; return wall - off; }');
  emit('return wall;');
}
