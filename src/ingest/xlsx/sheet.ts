/**
 * Streams one worksheet's rows as RawRecords. A record's line is the worksheet row
 * number (as Excel shows it), so rejections and --rejects point at the row to look at.
 *
 * Cell values become the text a CSV export would have held: shared and inline strings
 * as they are, numbers as stored, booleans as TRUE/FALSE, error cells as their code
 * (#N/A), and date-formatted numbers as ISO local times (dates.ts). Values are kept as
 * byte spans (into the shared-string buffer or a per-row scratch buffer) so timestamp
 * parsing reads bytes without making strings, as with the CSV scanner.
 */
import type { RawRecord } from '../record.js';
import { inputError } from '../../errors.js';
import { rowTooLarge } from '../readerErrors.js';
import { decodeText, nameIs, nextAttribute, unescapeExcel, type XmlHandler } from './xml.js';
import { DateKind, writeSerial, type DateStyle } from './dates.js';
import type { SharedStrings } from './workbook.js';

const enum CellType {
  Number,
  Shared,
  Inline,
  Formula,
  Bool,
  Error,
  IsoDate,
}

const EMPTY = Buffer.alloc(0);

export class XlsxRecord implements RawRecord {
  line = 0;
  length = 0;
  /** Records are padded with empty fields to this width (the header's): Excel stores no trailing empty cells. */
  minLength = 0;
  bytes: Uint8Array = EMPTY;
  start = 0;
  end = 0;
  src: Buffer[] = [];
  from = new Int32Array(64);
  to = new Int32Array(64);

  field(i: number): string {
    if (i >= this.length || i >= this.src.length || !this.src[i]) return '';
    return this.src[i].toString('utf8', this.from[i], this.to[i]);
  }

  fieldBytes(i: number): boolean {
    if (i >= this.length) return false;
    const s = i < this.src.length ? this.src[i] : undefined;
    this.bytes = s ?? EMPTY;
    this.start = s ? this.from[i] : 0;
    this.end = s ? this.to[i] : 0;
    return true;
  }

  /** Makes room for column index i. */
  ensure(i: number): void {
    if (i < this.from.length) return;
    let n = this.from.length;
    while (n <= i) n *= 2;
    const from = new Int32Array(n);
    const to = new Int32Array(n);
    from.set(this.from);
    to.set(this.to);
    this.from = from;
    this.to = to;
  }
}

export interface SheetContext {
  strings: SharedStrings;
  cellStyles: DateStyle[];
  date1904: boolean;
}

/** Where the sheet is, for messages, and how large a row may be. */
export interface SheetLimits {
  fileName: string;
  sheet: string;
  /** Most bytes of values one row may hold (--max-record-bytes): raw cell text as stored, shared strings included. */
  maxRecordBytes: number;
}

/** Excel's last column, XFD: a reference beyond it is not a real worksheet's. */
export const MAX_COLUMNS = 16_384;

/**
 * A number written as digits with an optional fraction (how Excel stores serials),
 * without making a string; other forms (exponents, signs) go through Number().
 */
function readDecimal(buf: Buffer, s: number, e: number): number {
  let whole = 0;
  let i = s;
  for (; i < e; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) break;
    whole = whole * 10 + d;
  }
  if (i === e) return i > s ? whole : NaN;
  if (buf[i] !== 0x2e) return Number(buf.toString('latin1', s, e));
  let frac = 0;
  let scale = 1;
  for (i++; i < e && scale < 1e15; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) return Number(buf.toString('latin1', s, e));
    frac = frac * 10 + d;
    scale *= 10;
  }
  // Digits past the fifteenth are below a nanosecond of a day: dropped.
  for (; i < e; i++) if (buf[i] < 0x30 || buf[i] > 0x39) return Number(buf.toString('latin1', s, e));
  return whole + frac / scale;
}

/** The cell type from its `t` attribute: s, n, b, e, d, str, inlineStr. */
function cellType(buf: Buffer, s: number, e: number): CellType {
  if (e - s === 1) {
    const c = buf[s];
    return c === 0x73 ? CellType.Shared : c === 0x62 ? CellType.Bool : c === 0x65 ? CellType.Error : c === 0x64 ? CellType.IsoDate : CellType.Number;
  }
  return e - s === 3 ? CellType.Formula : e - s === 9 ? CellType.Inline : CellType.Number;
}

/** A non-negative decimal integer from ASCII digits; NaN when there is anything else. */
function readInt(buf: Buffer, s: number, e: number): number {
  if (s >= e) return NaN;
  let n = 0;
  for (let i = s; i < e; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}
const TRUE = Buffer.from('TRUE');
const FALSE = Buffer.from('FALSE');

/** The XML handler for a worksheet part; calls onRow for every row holding at least one value. */
export function sheetHandler(ctx: SheetContext, limits: SheetLimits, onRow: (rec: XlsxRecord) => void): XmlHandler {
  const rec = new XlsxRecord();
  let scratch = Buffer.alloc(1 << 16);
  let used = 0;
  let inData = false;
  let rowNumber = 0;
  let lastCol = -1; // last column with a value in this row
  let col = -1;
  let type = CellType.Number;
  let style = 0;
  let collecting = false; // inside <v>, or <t> of an inline string (not in a phonetic run)
  let phonetic = false;
  let valueStart = -1;
  let sharedBytes = 0; // bytes of this row's shared-string cells (they live in ctx.strings, not scratch)
  const span = new Int32Array(4);
  const max = limits.maxRecordBytes;
  const tooLarge = () => rowTooLarge(limits.fileName, limits.sheet, rowNumber, max);

  const room = (n: number) => {
    if (used + n <= scratch.length) return;
    const bigger = Buffer.alloc(Math.max(scratch.length * 2, used + n));
    scratch.copy(bigger, 0, 0, used);
    // Earlier cells of this row point into the old buffer: move them with it.
    for (let i = 0; i <= lastCol; i++) if (rec.src[i] === scratch) rec.src[i] = bigger;
    scratch = bigger;
  };

  const setCell = (i: number, src: Buffer, from: number, to: number) => {
    rec.ensure(i);
    while (rec.src.length <= i) rec.src.push(EMPTY);
    rec.src[i] = src;
    rec.from[i] = from;
    rec.to[i] = to;
    if (to > from && i > lastCol) {
      for (let k = lastCol + 1; k < i; k++) rec.src[k] = EMPTY; // columns skipped in this row
      lastCol = i;
    }
  };

  const finishCell = () => {
    if (valueStart < 0) return; // no value: a styled empty cell
    const start = valueStart;
    valueStart = -1;
    switch (type) {
      case CellType.Shared: {
        const index = readInt(scratch, start, used);
        used = start;
        if (index < ctx.strings.count) {
          sharedBytes += ctx.strings.end(index) - ctx.strings.start(index);
          if (ctx.strings.cut(index) || used + sharedBytes > max) throw tooLarge();
          setCell(col, ctx.strings.bytes, ctx.strings.start(index), ctx.strings.end(index));
        }
        return;
      }
      case CellType.Bool: {
        const t = scratch[start] === 0x31 ? TRUE : FALSE;
        used = start;
        setCell(col, t, 0, t.length);
        return;
      }
      case CellType.Number: {
        const date = ctx.cellStyles[style];
        if (date && date.kind !== DateKind.None) {
          const serial = readDecimal(scratch, start, used);
          room(24);
          const end = writeSerial(scratch, start, serial, date, ctx.date1904);
          if (end >= 0) used = end;
        } else if (used - start > 16) {
          // Stored with 17 significant digits (0.30000000000000004); Excel shows 15 (0.3).
          const value = Number(scratch.toString('latin1', start, used));
          if (Number.isFinite(value)) used = start + scratch.write(String(Number(value.toPrecision(15))), start, 'latin1');
        }
        setCell(col, scratch, start, used);
        return;
      }
      default: {
        // Text: entities and Excel's _xHHHH_ escapes decode to no more bytes than they took.
        let hasEscape = false;
        for (let i = start; i < used; i++) if (scratch[i] === 0x26 || scratch[i] === 0x5f) hasEscape = true;
        if (hasEscape) used = start + scratch.write(unescapeExcel(decodeText(scratch, start, used)), start);
        setCell(col, scratch, start, used);
      }
    }
  };

  return {
    open(buf, ns, ne, ae) {
      const len = ne - ns;
      if (len === 1) {
        const c = buf[ns];
        if (c === 0x63 /* c */ && inData) {
          if (++col >= MAX_COLUMNS) throw badColumn(limits, rowNumber, `column ${col + 1}`);
          type = CellType.Number;
          style = 0;
          valueStart = -1;
          for (let p = nextAttribute(buf, ne, ae, span); p >= 0; p = nextAttribute(buf, p, ae, span)) {
            if (span[1] - span[0] !== 1) continue;
            const a = buf[span[0]];
            if (a === 0x72 /* r */) {
              let n = 0;
              for (let i = span[2]; i < span[3] && buf[i] >= 0x41; i++) n = n * 26 + ((buf[i] & 0xdf) - 0x40);
              if (n > MAX_COLUMNS) throw badColumn(limits, rowNumber, buf.toString('latin1', span[2], span[3]));
              if (n > 0) col = n - 1;
            } else if (a === 0x73 /* s */) {
              style = readInt(buf, span[2], span[3]) || 0;
            } else if (a === 0x74 /* t */) {
              type = cellType(buf, span[2], span[3]);
            }
          }
        } else if ((c === 0x76 /* v */ && type !== CellType.Inline) || (c === 0x74 /* t */ && type === CellType.Inline && !phonetic)) {
          collecting = inData;
          if (collecting && valueStart < 0) valueStart = used;
        }
      } else if (nameIs(buf, ns, ne, 'row')) {
        if (!inData) return;
        used = 0;
        sharedBytes = 0;
        lastCol = -1;
        col = -1;
        let r = 0;
        for (let p = nextAttribute(buf, ne, ae, span); p >= 0; p = nextAttribute(buf, p, ae, span)) {
          if (span[1] - span[0] === 1 && buf[span[0]] === 0x72) r = readInt(buf, span[2], span[3]);
        }
        rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
      } else if (nameIs(buf, ns, ne, 'sheetData')) inData = true;
      else if (nameIs(buf, ns, ne, 'rPh')) phonetic = true;
    },
    close(buf, ns, ne) {
      const len = ne - ns;
      if (len === 1) {
        const c = buf[ns];
        if (c === 0x76 || c === 0x74) collecting = false;
        else if (c === 0x63 && inData) finishCell();
      } else if (nameIs(buf, ns, ne, 'row')) {
        if (!inData || lastCol < 0) return; // a row of empty (styled) cells is a blank line
        rec.line = rowNumber;
        rec.length = Math.max(lastCol + 1, rec.minLength);
        for (let k = lastCol + 1; k < rec.length && k < rec.src.length; k++) rec.src[k] = EMPTY;
        onRow(rec);
      } else if (nameIs(buf, ns, ne, 'sheetData')) inData = false;
      else if (nameIs(buf, ns, ne, 'rPh')) phonetic = false;
    },
    text(buf, s, e) {
      if (!collecting) return;
      if (used + sharedBytes + (e - s) > max) throw tooLarge();
      room(e - s);
      if (e - s > 32) used += buf.copy(scratch, used, s, e);
      else for (let i = s; i < e; i++) scratch[used++] = buf[i]; // short values: cheaper than a native call
    },
  };
}

function badColumn(limits: SheetLimits, row: number, ref: string): Error {
  const shown = ref.length > 20 ? `${ref.slice(0, 20)}…` : ref;
  return inputError(
    `the workbook is damaged: row ${row} of sheet "${limits.sheet}" has a cell beyond Excel's last column XFD ("${shown}")`,
    { file: limits.fileName, line: row },
    'Open and save it again in Excel or LibreOffice',
  );
}
