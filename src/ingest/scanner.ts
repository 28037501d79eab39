/**
 * The fast CSV reader: a hand-written RFC-4180 byte scanner over UTF-8 chunks.
 *
 * Semantics (csvParseReader.ts implements the same on csv-parse; the differential tests in
 * test/ingest hold the two together):
 * - The delimiter is one ASCII byte. A record ends at LF or CRLF; a lone CR is data, and
 *   CRLF and LF may be mixed in one file. A last record without a newline is delivered
 *   (a CR at the very end of the input is then data: only CRLF is a line ending).
 * - A line with zero bytes before its LF/CRLF is skipped: it is not a record, but it
 *   counts for line numbers. A line holding only `""` is a record with one empty field.
 * - A field that starts with `"` is quoted: it runs to the next `"` not followed by `"`;
 *   `""` inside stands for one `"`; delimiters, CR and LF inside are data.
 * - A quoted field should be followed by a delimiter or a line end. When other bytes follow
 *   the closing quote, the field is kept as text, as csv-parse's relax_quotes does:
 *   `"` + the unescaped content + `"` + the bytes up to the next delimiter or line end
 *   (so `"ab"cd` reads as `"ab"cd`, and `"a""b"c` as `"a"b"c`). A `"` inside an
 *   unquoted field is data.
 * - A quote still open at the end of the input is an input error naming the line where
 *   the record starts; so is a record longer than maxRecordBytes (its bytes counted from
 *   its first byte through its line ending).
 * - `line` is the 1-based physical line on which a record starts (the header is line 1);
 *   newlines inside quoted fields advance it. The result's `lines` counts physical lines:
 *   the LFs, plus one for a last line without a newline.
 *
 * Shape of the scanner, for speed: complete records inside a chunk are parsed by one tight
 * loop (scanBlock) that only records field offsets in a typed array and hands out one
 * reused view; quotes are resolved and text decoded only when a consumer calls field(i)
 * or fieldBytes(i) (scanView.ts). A record cut by a
 * chunk boundary is carried: a small state machine (findEnd) follows its quoting across
 * chunks without re-reading, its bytes are appended to one carry buffer, and once its line
 * end is seen the carried record is parsed by the same loop. Time stays linear in the input
 * however many chunks a record spans.
 */
import type { ReaderOptions, RecordHandler, RecordReader } from './record.js';
import { delimiterByte, recordTooLarge, unclosedQuote } from './readerErrors.js';
import { ScanRecord, type FastBuffer } from './scanView.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;
const ONES = 0x01010101;
const HIGHS = 0x80808080 | 0;
const LF_WORD = LF * ONES;
const QUOTE_WORD = QUOTE * ONES;

/** findEnd states. */
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3;

/** Past this size the carry buffer is dropped after use rather than kept for the next record. */
const CARRY_KEEP = 1 << 20;

class Scanner {
  readonly view = new ScanRecord();
  readonly delim: number;
  /** Largest record in bytes; scanBlock throws past it. */
  limit: number;
  line = 1;
  records = 0;
  /** The record cut by a chunk boundary, from its first byte; carryLen 0 when none. */
  carry = Buffer.allocUnsafe(4096) as FastBuffer;
  carryLen = 0;
  /** findEnd's state at the end of the carried bytes. */
  fstate = FIELD_START;

  constructor(
    readonly options: ReaderOptions,
    readonly onRecord: RecordHandler,
  ) {
    this.delim = delimiterByte(options.delimiter);
    this.limit = options.maxRecordBytes;
    this.line = options.startLine ?? 1;
  }

  push(buf: FastBuffer): void {
    const n = buf.length;
    let p = 0;
    if (this.carryLen > 0) {
      const e = findEnd(this, buf, 0, n);
      this.append(buf, 0, e < 0 ? n : e + 1);
      if (e < 0) return;
      scanBlock(this, this.carry, 0, this.carryLen, this.carryLen);
      this.carryLen = 0;
      if (this.carry.length > CARRY_KEEP) this.carry = Buffer.allocUnsafe(4096) as FastBuffer;
      p = e + 1;
    }
    const last = buf.lastIndexOf(LF);
    if (last >= p) p = scanBlock(this, buf, p, last + 1, last + 1);
    if (p < n) {
      this.fstate = FIELD_START;
      findEnd(this, buf, p, n); // cannot end here: no LF is left outside quotes
      this.append(buf, p, n);
    }
  }

  finish(): void {
    if (this.carryLen === 0) return;
    if (this.carryLen > this.options.maxRecordBytes) {
      throw recordTooLarge(this.options.fileName, this.line, this.options.maxRecordBytes);
    }
    if (this.fstate === QUOTED) throw unclosedQuote(this.options.fileName, this.line);
    // A virtual LF ends the last record; crLimit keeps a CR just before it as data, and
    // the limit allows for the extra byte.
    const len = this.carryLen;
    this.append(Buffer.of(LF) as FastBuffer, 0, 1);
    this.limit = this.options.maxRecordBytes + 1;
    scanBlock(this, this.carry, 0, len + 1, len);
    this.carryLen = 0;
  }

  private append(buf: FastBuffer, from: number, to: number): void {
    const need = this.carryLen + (to - from);
    if (need > this.options.maxRecordBytes + 1) {
      throw recordTooLarge(this.options.fileName, this.line, this.options.maxRecordBytes);
    }
    if (need > this.carry.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.carry.length * 2)) as FastBuffer;
      this.carry.copy(bigger, 0, 0, this.carryLen);
      this.carry = bigger;
    }
    buf.copy(this.carry, this.carryLen, from, to);
    this.carryLen = need;
  }
}

/**
 * Follows quoting from i until the LF that ends the carried record. Returns its index, or
 * -1 at the end of buf (the state is then kept in sc.fstate for the next chunk).
 */
function findEnd(sc: Scanner, buf: FastBuffer, i: number, n: number): number {
  const D = sc.delim;
  let st = sc.fstate;
  while (i < n) {
    if (st === QUOTED) {
      const q = buf.indexOf(QUOTE, i);
      if (q < 0) break;
      i = q + 1;
      st = QUOTE_SEEN;
      continue;
    }
    const c = buf[i++];
    if (c === LF) {
      sc.fstate = FIELD_START;
      return i - 1;
    }
    if (c === D) st = FIELD_START;
    else if (c === QUOTE) st = st === FIELD_START || st === QUOTE_SEEN ? QUOTED : UNQUOTED;
    else st = UNQUOTED;
  }
  sc.fstate = st;
  return -1;
}

/**
 * Parses the records in buf[i, end), where buf[end - 1] is an LF, calling onRecord for
 * each. Returns the index of the first record that does not end before `end` (a quoted
 * field running past it), or `end`. The LF at index `crLimit` (the virtual one added at
 * the end of input) does not take a CR before it as part of a line ending.
 *
 * This loop is the reader's cost, so it does the least it can: one offset stored per
 * field (ScanRecord decodes quotes later, for the fields asked for), four bytes tested at
 * a time, and the LF at buf[end - 1] as the sentinel that stops the byte loops without a
 * bounds check.
 */
function scanBlock(sc: Scanner, buf: FastBuffer, i: number, end: number, crLimit: number): number {
  const D = sc.delim;
  const dWord = D * ONES;
  const limit = sc.limit;
  const view = sc.view;
  const onRecord = sc.onRecord;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
  const wordEnd = end - 4;
  let bounds = view.bounds;
  let rewrites = view.rewrites;
  let cap = bounds.length - 1;
  let line = sc.line;
  let records = 0;
  view.src = buf;
  view.srcView = dv;
  while (i < end) {
    let c = buf[i];
    if (c === LF) {
      line++;
      i++;
      continue;
    }
    if (c === CR && buf[i + 1] === LF && i + 1 < crLimit) {
      line++;
      i += 2;
      continue;
    }
    const recStart = i;
    const recLine = line;
    let f = 0;
    for (;;) {
      if (f === cap) {
        view.grow();
        bounds = view.bounds;
        rewrites = view.rewrites;
        cap = bounds.length - 1;
      }
      bounds[f++] = i;
      if (buf[i] === QUOTE) {
        // To the closing quote: the next `"` not followed by `"`, counting newlines.
        let j = i + 1;
        let rewrite = 0;
        for (;;) {
          while (j <= wordEnd) {
            const v = dv.getInt32(j, true);
            const x = v ^ QUOTE_WORD;
            const y = v ^ LF_WORD;
            const m = (((x - ONES) & ~x) | ((y - ONES) & ~y)) & HIGHS;
            if (m !== 0) {
              j += (31 - Math.clz32(m & -m)) >> 3;
              break;
            }
            j += 4;
          }
          if (j >= end) {
            // Runs past this block: the caller carries the record from its start.
            sc.line = recLine;
            sc.records += records;
            return recStart;
          }
          c = buf[j];
          if (c === QUOTE) {
            if (buf[j + 1] !== QUOTE) break;
            rewrite = 1;
            j += 2;
            continue;
          }
          if (c === LF) line++;
          j++;
        }
        i = j + 1;
        c = buf[i];
        if (c === D || c === LF || (c === CR && buf[i + 1] === LF && i + 1 < crLimit)) {
          rewrites[f - 1] = rewrite;
          if (c === LF) break;
          i++;
          if (c === D) continue;
          break;
        }
        // Bytes after the closing quote belong to the field: read on as unquoted.
        rewrites[f - 1] = 1;
      }
      // Four bytes at a time: m has the top bit of every byte equal to D or LF set
      // (exact for the lowest such byte, which is the one used).
      while (i <= wordEnd) {
        const v = dv.getInt32(i, true);
        const x = v ^ dWord;
        const y = v ^ LF_WORD;
        const m = (((x - ONES) & ~x) | ((y - ONES) & ~y)) & HIGHS;
        if (m !== 0) {
          i += (31 - Math.clz32(m & -m)) >> 3;
          break;
        }
        i += 4;
      }
      c = buf[i];
      while (c !== D && c !== LF) c = buf[++i];
      if (c === D) {
        i++;
        continue;
      }
      break;
    }
    // buf[i] is the record's LF, and a CR just before it is part of the line ending.
    bounds[f] = buf[i - 1] === CR && i < crLimit ? i : i + 1;
    i++;
    line++;
    if (i - recStart > limit) throw recordTooLarge(sc.options.fileName, recLine, sc.options.maxRecordBytes);
    view.length = f;
    view.line = recLine;
    records++;
    onRecord(view);
  }
  sc.line = line;
  sc.records += records;
  return end;
}

/**
 * The fast reader. Chunks must not be modified while it runs; it does not keep them.
 */
export const scanRecords: RecordReader = async (chunks, options, onRecord) => {
  const sc = new Scanner(options, onRecord);
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    const buf = (Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length)) as FastBuffer;
    sc.push(buf);
  }
  sc.finish();
  return { records: sc.records, lines: sc.line - 1 };
};
