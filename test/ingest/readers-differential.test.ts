/**
 * Property tests: the byte scanner and the csv-parse reader agree on random input, read
 * whole and cut into random chunks, and both read well-formed CSV back to its rows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvParseRecords } from '../../src/ingest/csvParseReader.js';
import { scanRecords } from '../../src/ingest/scanner.js';
import { cutAt, everyBytes, readAll, type ReadOutcome } from './readerHarness.js';

/** READER_FUZZ_SCALE=50 runs the properties 50 times longer, for a deeper search. */
const SCALE = Number(process.env.READER_FUZZ_SCALE ?? 1);

const DELIMITERS = [',', ';', '\t', '|'];
/** Field text: the delimiters, quotes, line breaks and multi-byte characters that break readers. */
const UNITS = ['a', 'b', ' ', 'é', '日本', '🎉', '"', '""', ',', ';', '\t', '|', '\r', '\n', '\r\n'];

const fieldText = fc.array(fc.constantFrom(...UNITS), { maxLength: 6 }).map((parts) => parts.join(''));

interface Row {
  fields: string[];
  quote: boolean[];
  crlf: boolean;
}

const row: fc.Arbitrary<Row | null> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) }, // a blank line
  {
    weight: 6,
    arbitrary: fc.record({
      fields: fc.array(fieldText, { minLength: 1, maxLength: 6 }),
      quote: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      crlf: fc.boolean(),
    }),
  },
);

const csvCase = fc.record({
  delimiter: fc.constantFrom(...DELIMITERS),
  rows: fc.array(row, { maxLength: 8 }),
  finalNewline: fc.boolean(),
  cuts: fc.array(fc.nat(), { maxLength: 6 }),
  chunkSize: fc.integer({ min: 1, max: 64 }),
});

/** Writes rows as CSV, quoting where needed (and sometimes where not); returns what it wrote. */
function encode(delimiter: string, rows: (Row | null)[], finalNewline: boolean) {
  let text = '';
  const expected: ReadOutcome['records'] = [];
  rows.forEach((r, index) => {
    const last = index === rows.length - 1;
    const line = text.split('\n').length;
    if (r === null) {
      if (!last || finalNewline) text += '\n';
      return;
    }
    const cells = r.fields.map((f, i) => {
      const must = /["\r\n]/.test(f) || f.includes(delimiter) || (r.fields.length === 1 && f === '');
      return must || r.quote[i] ? `"${f.replace(/"/g, '""')}"` : f;
    });
    text += cells.join(delimiter);
    if (!last || finalNewline) text += r.crlf ? '\r\n' : '\n';
    expected.push({ line, fields: r.fields });
  });
  return { text, expected };
}

function physicalLines(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

describe('scanRecords and csvParseRecords on random well-formed CSV', () => {
  it('both read every row back, whole and in random chunks', async () => {
    await fc.assert(
      fc.asyncProperty(csvCase, async ({ delimiter, rows, finalNewline, cuts, chunkSize }) => {
        const { text, expected } = encode(delimiter, rows, finalNewline);
        const data = Buffer.from(text, 'utf8');
        const want: ReadOutcome = { records: expected, result: { records: expected.length, lines: physicalLines(text) } };
        const opts = { delimiter };
        const positions = cuts.map((c) => (data.length ? c % data.length : 0));
        expect(await readAll(scanRecords, cutAt(data, []), opts)).toEqual(want);
        expect(await readAll(scanRecords, cutAt(data, positions), opts)).toEqual(want);
        expect(await readAll(scanRecords, everyBytes(data, chunkSize), opts)).toEqual(want);
        expect(await readAll(csvParseRecords, cutAt(data, positions), opts)).toEqual(want);
      }),
      { numRuns: 300 * SCALE },
    );
  }, 60_000 * SCALE);
});

/** Anything made of the bytes that matter: unbalanced quotes, stray CRs, trailing bytes. */
const noise = fc.array(fc.constantFrom('a', 'é', '🎉', '"', '"', '""', ',', ';', '\r', '\n', '\r\n', ' '), { maxLength: 40 });

describe('scanRecords and csvParseRecords on random bytes', () => {
  it('agree on records, lines and errors, whole and in random chunks', async () => {
    await fc.assert(
      fc.asyncProperty(noise, fc.array(fc.nat(), { maxLength: 6 }), fc.integer({ min: 1, max: 16 }), async (parts, cuts, size) => {
        const data = Buffer.from(parts.join(''), 'utf8');
        const positions = cuts.map((c) => (data.length ? c % data.length : 0));
        const reference = await readAll(csvParseRecords, cutAt(data, []));
        expect(await readAll(scanRecords, cutAt(data, []))).toEqual(reference);
        expect(await readAll(scanRecords, cutAt(data, positions))).toEqual(reference);
        expect(await readAll(scanRecords, everyBytes(data, size))).toEqual(reference);
        expect(await readAll(csvParseRecords, everyBytes(data, size))).toEqual(reference);
      }),
      { numRuns: 400 * SCALE },
    );
  }, 60_000 * SCALE);

  it('agree on small limits for record size', async () => {
    await fc.assert(
      fc.asyncProperty(noise, fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 16 }), async (parts, limit, size) => {
        const data = Buffer.from(parts.join(''), 'utf8');
        const opts = { maxRecordBytes: limit };
        const reference = await readAll(csvParseRecords, cutAt(data, []), opts);
        expect(await readAll(scanRecords, cutAt(data, []), opts)).toEqual(reference);
        expect(await readAll(scanRecords, everyBytes(data, size), opts)).toEqual(reference);
      }),
      { numRuns: 200 * SCALE },
    );
  }, 60_000 * SCALE);
});
