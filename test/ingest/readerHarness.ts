import { expect } from 'vitest';
import { CssError } from '../../src/errors.js';
import type { RawRecord, RecordReader, ReaderOptions } from '../../src/ingest/record.js';

export interface ReadOutcome {
  records: { line: number; fields: string[] }[];
  result?: { records: number; lines: number };
  error?: { message: string; line?: number };
}

export const OPTIONS: ReaderOptions = { delimiter: ',', maxRecordBytes: 64 << 20, fileName: 'test.csv' };

/** Copies every record out of the reused view, checking fieldBytes against field on the way. */
function snapshot(rec: RawRecord): { line: number; fields: string[] } {
  const fields: string[] = [];
  for (let i = 0; i < rec.length; i++) {
    const text = rec.field(i);
    expect(rec.fieldBytes(i)).toBe(true);
    expect(Buffer.from(rec.bytes.subarray(rec.start, rec.end)).toString('utf8')).toBe(text);
    fields.push(text);
  }
  expect(rec.field(rec.length)).toBe('');
  expect(rec.fieldBytes(rec.length)).toBe(false);
  return { line: rec.line, fields };
}

/** Runs a reader to the end; a CssError becomes part of the outcome, anything else fails. */
export async function readAll(
  reader: RecordReader,
  chunks: AsyncIterable<Uint8Array>,
  options: Partial<ReaderOptions> = {},
): Promise<ReadOutcome> {
  const out: ReadOutcome = { records: [] };
  try {
    out.result = await reader(chunks, { ...OPTIONS, ...options }, (rec) => out.records.push(snapshot(rec)));
  } catch (err) {
    if (!(err instanceof CssError)) throw err;
    out.error = { message: err.message, line: err.place.line };
  }
  return out;
}

/** Chunk streams that copy their parts, so a reader cannot lean on shared memory. */
export async function* cutAt(data: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= from || cut >= data.length) continue;
    yield Uint8Array.prototype.slice.call(data, from, cut);
    from = cut;
  }
  yield Uint8Array.prototype.slice.call(data, from);
}

export async function* everyBytes(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield Uint8Array.prototype.slice.call(data, i, i + size);
}
