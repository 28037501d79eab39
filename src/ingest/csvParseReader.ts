/**
 * The reference reader, built on csv-parse: slower than scanner.ts, but a well-tested
 * parser, used to check the scanner in tests and selectable for dialects the scanner
 * does not cover. It gives the same records, fields and line numbers as the scanner for
 * every input both accept (see the semantics at the top of scanner.ts).
 *
 * csv-parse's own line counter counts CR and LF separately, so line numbers come from
 * the input bytes instead: records report the byte offset where they end (`info.bytes`),
 * and a cursor walks the retained chunks up to it, skipping blank lines and counting LFs.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { delimiterByte, recordTooLarge, unclosedQuote } from './readerErrors.js';
import type { RawRecord, RecordReader } from './record.js';

const LF = 10;
const CR = 13;

/** Record view over the string array csv-parse yields. */
class ArrayRecord implements RawRecord {
  line = 0;
  length = 0;
  bytes: Uint8Array = Buffer.alloc(0);
  start = 0;
  end = 0;
  values: string[] = [];

  field(i: number): string {
    return i >= 0 && i < this.length ? this.values[i] : '';
  }

  fieldBytes(i: number): boolean {
    if (!(i >= 0 && i < this.length)) return false;
    this.bytes = Buffer.from(this.values[i], 'utf8');
    this.start = 0;
    this.end = this.bytes.length;
    return true;
  }
}

/** The input bytes from the end of the last record on, with the line number there. */
class LineCursor {
  private chunks: Buffer[] = [];
  /** Stream offset of chunks[0][0]. */
  private base = 0;
  /** Stream offset of the cursor and the 1-based line it is on. */
  offset = 0;
  line = 1;
  /** Every LF in the input, and whether the input ends inside a line. */
  newlines = 0;
  openLine = false;
  /** Bytes pushed so far. */
  total = 0;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.total += chunk.length;
    for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) this.newlines++;
    this.openLine = chunk[chunk.length - 1] !== LF;
  }

  private byteAt(offset: number): number {
    let at = offset - this.base;
    for (const chunk of this.chunks) {
      if (at < chunk.length) return chunk[at];
      at -= chunk.length;
    }
    return -1;
  }

  /** Moves past blank lines (LF or CRLF alone), as csv-parse's skip_empty_lines does. */
  skipBlankLines(): void {
    for (;;) {
      const c = this.byteAt(this.offset);
      if (c === LF) this.offset += 1;
      else if (c === CR && this.byteAt(this.offset + 1) === LF) this.offset += 2;
      else return;
      this.line++;
    }
  }

  /** Moves to `to`, counting LFs, and forgets the chunks wholly before it. */
  advance(to: number): void {
    let at = this.offset - this.base;
    let left = to - this.offset;
    for (const chunk of this.chunks) {
      if (left <= 0) break;
      if (at >= chunk.length) {
        at -= chunk.length;
        continue;
      }
      const stop = Math.min(chunk.length, at + left);
      for (let i = chunk.indexOf(LF, at); i !== -1 && i < stop; i = chunk.indexOf(LF, i + 1)) this.line++;
      left -= stop - at;
      at = 0;
    }
    this.offset = to;
    while (this.chunks.length && this.base + this.chunks[0].length <= to) this.base += this.chunks.shift()!.length;
  }
}

export const csvParseRecords: RecordReader = async (chunks, options, onRecord) => {
  delimiterByte(options.delimiter);
  const cursor = new LineCursor();
  const view = new ArrayRecord();
  let records = 0;
  // Records are handled inside csv-parse's on_record hook rather than read from the
  // stream, so every record before an error is delivered, as the scanner does.
  const handle = (record: string[], info: { bytes: number }): null => {
    cursor.skipBlankLines();
    const start = cursor.offset;
    const line = cursor.line;
    cursor.advance(info.bytes);
    if (info.bytes - start > options.maxRecordBytes) {
      throw recordTooLarge(options.fileName, line, options.maxRecordBytes);
    }
    view.values = record;
    view.length = record.length;
    view.line = line;
    records++;
    onRecord(view);
    return null;
  };
  const parser = parse({
    delimiter: options.delimiter,
    quote: '"',
    escape: '"',
    record_delimiter: ['\r\n', '\n'],
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    bom: false,
    // Counts field bytes without quotes and delimiters, so it trips no earlier than the
    // check in handle(); it is here to stop a runaway quote before memory runs out.
    max_record_size: options.maxRecordBytes,
    on_record: handle,
  });

  async function* feed(): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
      if (buf.length === 0) continue;
      cursor.push(buf);
      yield buf;
    }
  }

  try {
    await pipeline(Readable.from(feed(), { objectMode: false }), parser, async (source: AsyncIterable<unknown>) => {
      for await (const _ of source); // on_record returns null: nothing comes out
    });
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    cursor.skipBlankLines();
    // The scanner stops a record as soon as it outgrows the limit, even an unclosed one.
    const tooLarge = err.code === 'CSV_MAX_RECORD_SIZE' || cursor.total - cursor.offset > options.maxRecordBytes;
    if (tooLarge) throw recordTooLarge(options.fileName, cursor.line, options.maxRecordBytes);
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') throw unclosedQuote(options.fileName, cursor.line);
    throw err;
  }
  return { records, lines: cursor.newlines + (cursor.openLine ? 1 : 0) };
};
