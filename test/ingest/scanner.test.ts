import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvParseRecords } from '../../src/ingest/csvParseReader.js';
import { scanRecords } from '../../src/ingest/scanner.js';
import { chunksOf, openSource } from '../../src/ingest/source.js';
import type { RecordReader } from '../../src/ingest/record.js';
import { cutAt, everyBytes, readAll, type ReadOutcome } from './readerHarness.js';

const READERS: [string, RecordReader][] = [
  ['scanRecords', scanRecords],
  ['csvParseRecords', csvParseRecords],
];

const FIXTURE = readFileSync(new URL('../../fixtures/reader/calls-quotes-crlf-bom-utf8.csv', import.meta.url));

const EXPECTED: ReadOutcome = {
  records: [
    { line: 1, fields: ['id', 'type', 'note', 'received'] },
    { line: 2, fields: ['1', 'Welfare check', 'said "help" twice', '2020-01-01 00:00'] },
    { line: 3, fields: ['2', 'Café\rdispute', 'line one\r\nline two', '2020-01-02'] },
    { line: 6, fields: ['3', '日本語 call', 'emoji 🎉, comma', '2020-01-03'] },
    { line: 8, fields: ['4', 'multi\nline\nnote', 'plain "quote" inside', ''] },
    { line: 11, fields: ['5', '', '', ''] },
    { line: 12, fields: ['6', '"trailing"junk', 'a|b;c\t🎉', '"'] },
    { line: 13, fields: ['7', 'last', 'no newline at end', 'é'] },
  ],
  result: { records: 8, lines: 13 },
};

/** The fixture through the source layer, read from "stdin" given as these chunks. */
async function viaSource(reader: RecordReader, parts: Uint8Array[]): Promise<ReadOutcome> {
  const source = await openSource('-', {}, Readable.from(parts.map((p) => Buffer.from(p))));
  const out = await readAll(reader, source.chunks);
  expect(source.info.bom).toBe(true);
  return out;
}

describe.each(READERS)('%s on a small file with quotes, CRLF, a BOM and multi-byte text', (_name, reader) => {
  const body = FIXTURE.subarray(3); // what the source layer yields: BOM removed

  it('reads the whole file as one chunk', async () => {
    expect(await viaSource(reader, [FIXTURE])).toEqual(EXPECTED);
    expect(await readAll(reader, chunksOf(body))).toEqual(EXPECTED);
  });

  it('gives the same records when the stream is cut at every byte offset', async () => {
    for (let k = 1; k < FIXTURE.length; k++) {
      expect(await viaSource(reader, [FIXTURE.subarray(0, k), FIXTURE.subarray(k)]), `cut at ${k}`).toEqual(EXPECTED);
    }
    // The source layer re-joins split characters; straight to the reader they stay split.
    for (let k = 1; k < body.length; k++) {
      expect(await readAll(reader, cutAt(body, [k])), `cut at ${k}`).toEqual(EXPECTED);
    }
  });

  it('gives the same records in 1-byte chunks', async () => {
    expect(await viaSource(reader, [...FIXTURE].map((b) => Uint8Array.of(b)))).toEqual(EXPECTED);
    expect(await readAll(reader, everyBytes(body, 1))).toEqual(EXPECTED);
  });
});

describe.each(READERS)('%s edge cases', (_name, reader) => {
  const read = (text: string, options = {}) => readAll(reader, chunksOf(text), options);

  it.each([
    ['empty input', '', [], 0],
    ['blank lines only', '\n\r\n\n', [], 3],
    ['a final CR is data', 'a,b\r', [{ line: 1, fields: ['a', 'b\r'] }], 1],
    ['a line with only a CR', 'a\n\r', [{ line: 1, fields: ['a'] }, { line: 2, fields: ['\r'] }], 2],
    ['a lone CR inside a field', 'a\rb,c\r\r\n', [{ line: 1, fields: ['a\rb', 'c\r'] }], 1],
    ['a quoted empty field is a record', '""\nx\n', [{ line: 1, fields: [''] }, { line: 2, fields: ['x'] }], 2],
    ['escapes before trailing bytes', '"a""b"c,d\n', [{ line: 1, fields: ['"a"b"c', 'd'] }], 1],
    ['a quote closed at the end of input', 'x,"y"', [{ line: 1, fields: ['x', 'y'] }], 1],
    ['a closing quote then CR at the end', 'x,"y"\r', [{ line: 1, fields: ['x', '"y"\r'] }], 1],
    ['ragged rows', 'a,b,c\n1\n1,2,3,4,5\n', [
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1'] },
      { line: 3, fields: ['1', '2', '3', '4', '5'] },
    ], 3],
  ])('%s', async (_case, text, records, lines) => {
    const out = await read(text);
    expect(out.records).toEqual(records);
    expect(out.result).toEqual({ records: records.length, lines });
  });

  it('uses the delimiter it is given', async () => {
    const out = await read('a;"b;c";d\n', { delimiter: ';' });
    expect(out.records).toEqual([{ line: 1, fields: ['a', 'b;c', 'd'] }]);
  });

  it('reads a record with more fields than the first few', async () => {
    const row = Array.from({ length: 1000 }, (_, i) => (i % 3 ? `f${i}` : `"q,${i}"`));
    const out = await read(`${row.join(',')}\nx\n`);
    expect(out.records[0].fields).toEqual(row.map((f) => f.replace(/"/g, '')));
    expect(out.records[1]).toEqual({ line: 2, fields: ['x'] });
  });
});

describe.each(READERS)('%s errors', (_name, reader) => {
  it('names the line where an unclosed quote starts', async () => {
    const data = readFileSync(new URL('../../fixtures/reader/calls-unclosed-quote.csv', import.meta.url));
    for (const chunks of [chunksOf(data), everyBytes(data, 1), everyBytes(data, 7)]) {
      const out = await readAll(reader, chunks);
      expect(out.error).toEqual({ message: 'unclosed quote in the record starting on line 4', line: 4 });
      expect(out.records.map((r) => r.line)).toEqual([1, 2]);
    }
  });

  it('stops at a record larger than maxRecordBytes', async () => {
    const text = `a,b\n"${'x'.repeat(300)}",y\nc,d\n`;
    for (const size of [Infinity, 1, 64]) {
      const out = await readAll(reader, chunksOf(text, size), { maxRecordBytes: 256 });
      expect(out.error).toEqual({ message: 'record starting on line 2 is larger than 256 bytes (an unclosed quote?)', line: 2 });
    }
    const unclosed = await readAll(reader, chunksOf(`a\n"${'x'.repeat(5000)}`, 100), { maxRecordBytes: 1024 });
    expect(unclosed.error).toEqual({ message: 'record starting on line 2 is larger than 1 KiB (an unclosed quote?)', line: 2 });
  });

  it('accepts a record of exactly maxRecordBytes', async () => {
    const row = `"${'x'.repeat(10)}",y\n`; // 15 bytes with its LF
    for (const text of [row, row.slice(0, -1)]) {
      const out = await readAll(reader, chunksOf(text, 4), { maxRecordBytes: text.length });
      expect(out.error).toBeUndefined();
      expect((await readAll(reader, chunksOf(text, 4), { maxRecordBytes: text.length - 1 })).error?.line).toBe(1);
    }
  });

  it('passes on an error thrown by the record handler', async () => {
    const stop = new Error('stop at line 2');
    const handler = (rec: { line: number }) => {
      if (rec.line === 2) throw stop;
    };
    await expect(reader(chunksOf('a\nb\nc\n', 2), { delimiter: ',', maxRecordBytes: 100, fileName: 'x.csv' }, handler)).rejects.toBe(stop);
  });

  it('refuses a delimiter that cannot separate fields', async () => {
    await expect(reader(chunksOf('a'), { delimiter: '"', maxRecordBytes: 100, fileName: 'x.csv' }, () => {})).rejects.toThrow(
      /the delimiter must be one ASCII character/,
    );
  });
});

describe('scanRecords with records spanning many chunks', () => {
  it('reads a 50 MB field in 1 MB chunks in linear time', async () => {
    const big = Buffer.alloc(50 << 20, 0x61);
    const data = Buffer.concat([Buffer.from('a,b\n1,"'), big, Buffer.from('"\n2,z\n')]);
    const started = performance.now();
    let length = 0;
    const result = await scanRecords(everyBytes(data, 1 << 20), { delimiter: ',', maxRecordBytes: 64 << 20, fileName: 'x' }, (rec) => {
      if (rec.line === 2 && rec.fieldBytes(1)) length = rec.end - rec.start;
    });
    expect(result).toEqual({ records: 3, lines: 3 });
    expect(length).toBe(big.length);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('scanRecords decoding many rows', () => {
  it('returns the right text for repeated, colliding and unique values alike', async () => {
    // Column 0 repeats values that share their first and last four bytes (same cache hash),
    // column 1 is unique per row (the cache gives up on it), column 2 mixes quoting and
    // multi-byte text, column 3 is longer than the cached width.
    const middles = ['x', 'y', 'zz', '', 'é', '日本', '🎉'];
    const rows: string[][] = [];
    for (let r = 0; r < 6000; r++) {
      rows.push([
        `ABCD${middles[r % middles.length]}WXYZ`,
        `P${String(17_000_000 + r)}`,
        ['D1', 'é', '"a,b"', '"say ""hi"""', ''][r % 5],
        'long value '.repeat(1 + (r % 4)) + String(r % 3),
      ]);
    }
    const text = rows.map((r) => r.join(',')).join('\n');
    const unquote = (f: string) => (f.startsWith('"') ? f.slice(1, -1).replace(/""/g, '"') : f);
    const seen: string[][] = [];
    await scanRecords(everyBytes(Buffer.from(text), 4096), { delimiter: ',', maxRecordBytes: 1 << 20, fileName: 'x' }, (rec) => {
      seen.push([rec.field(0), rec.field(1), rec.field(2), rec.field(3), rec.field(0)]);
    });
    expect(seen).toEqual(rows.map((r) => [...r.map(unquote), r[0]]));
  });
});
