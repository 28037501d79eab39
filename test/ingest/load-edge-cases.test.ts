import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadExport, type LoadOptions } from '../../src/ingest/load.js';
import { CssError } from '../../src/errors.js';

const HEADER = 'incident_number,call_type,priority,received_time,cleared_time';

/** Loads a CSV given as text through standard input; returns the summary and the call types read. */
async function load(text: string, options: LoadOptions = {}) {
  const types: string[] = [];
  const [summary] = await loadExport(['-'], { tz: 'UTC', stdin: Readable.from([Buffer.from(text)]), ...options }, (c) => types.push(c.callType));
  return { summary, types };
}

async function loadError(text: string): Promise<CssError> {
  try {
    await load(text);
  } catch (err) {
    expect(err).toBeInstanceOf(CssError);
    return err as CssError;
  }
  throw new Error('expected an input error');
}

describe('header padded with empty column names', () => {
  it('accepts rows with or without the padding fields', async () => {
    const text = [
      `${HEADER},,,`,
      '1,WELFARE CHECK,3,2024-07-01 08:00:00,2024-07-01 08:40:00,,,',
      '2,TRAFFIC STOP,4,2024-07-01 09:15:00,2024-07-01 09:30:00',
      '3,NOISE,2,2024-07-01 10:05:00,2024-07-01 11:00:00,,',
    ].join('\n');
    const { summary, types } = await load(text);
    expect(summary.rowsRead).toBe(3);
    expect(summary.rowsRejected).toBe(0);
    expect(types).toEqual(['WELFARE CHECK', 'TRAFFIC STOP', 'NOISE']);
  });

  it('still rejects a row missing a named column', async () => {
    const text = [`${HEADER},,`, '1,WELFARE CHECK,3,2024-07-01 08:00:00,2024-07-01 08:40:00', '2,TRAFFIC STOP,4,2024-07-01 09:15:00'].join('\n');
    const { summary } = await load(text, { skipBadRows: true });
    expect(summary.rejectReasons).toEqual({ 'ragged row': 1 });
  });
});

describe('white space instead of a header', () => {
  it('a file of only white space is called empty, not "no call-type column"', async () => {
    const err = await loadError('   \n \t \r\n\n  ');
    expect(err.message).toBe('holds only white space: no header and no rows');
    expect(err.place.line).toBeUndefined();
  });

  it('a blank first line above the data names its line', async () => {
    const err = await loadError(`   \n${HEADER}\n1,WELFARE CHECK,3,2024-07-01 08:00:00,2024-07-01 08:40:00\n`);
    expect(err.message).toBe('the header line holds only white space');
    expect(err.place.line).toBe(1);
  });

  it('a single line of spaces is not "a header but no data rows"', async () => {
    expect((await loadError('    ')).message).toBe('holds only white space: no header and no rows');
  });
});

describe('a record over --max-record-bytes', () => {
  const row = (i: number, notes: string) => `${i},WELFARE CHECK,3,2024-07-01 08:00:00,2024-07-01 08:40:00,"${notes}"`;
  const file = (before: number, after: number) =>
    [`${HEADER},notes`, ...Array.from({ length: before }, (_, i) => row(i, 'ok')), row(before, 'x'.repeat(4096)), ...Array.from({ length: after }, (_, i) => row(before + 1 + i, 'ok'))].join('\n');

  for (const before of [2, 600]) {
    it(`stays fatal under --skip-bad-rows, after ${before} rows (the rows after it were never read)`, async () => {
      const err = await load(file(before, 100), { skipBadRows: true, maxRecordBytes: 1024 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(CssError);
      expect((err as CssError).message).toBe(`record starting on line ${before + 2} is larger than 1 KiB (an unclosed quote?)`);
    });
  }

  it('is read when the limit is raised', async () => {
    const { summary } = await load(file(2, 3), { maxRecordBytes: 8192 });
    expect(summary.rowsRead).toBe(6);
    expect(summary.rowsAccepted).toBe(6);
  });
});

describe('lines of only spaces or tabs among the rows', () => {
  it('are blank lines, as empty ones are: not rows, and not ragged rows that stop the run', async () => {
    const text = [HEADER, '1,WELFARE CHECK,3,2024-07-01 08:00:00,2024-07-01 08:40:00', '   ', '\t', '', '2,NOISE,2,2024-07-01 10:05:00,2024-07-01 11:00:00', '  \t '].join('\n');
    const { summary, types } = await load(text);
    expect(summary.rowsRead).toBe(2);
    expect(summary.rowsRejected).toBe(0);
    expect(types).toEqual(['WELFARE CHECK', 'NOISE']);
  });

  it('a row of empty fields is still a row, rejected for its missing call type', async () => {
    const { summary } = await load([HEADER, '1,WELFARE CHECK,3,2024-07-01 08:00:00,2024-07-01 08:40:00', ',,,,'].join('\n'));
    expect(summary.rowsRead).toBe(2);
    expect(summary.rejectReasons).toEqual({ 'missing call type': 1 });
  });

  it('a short row with text in it is still ragged', async () => {
    const err = await loadError([HEADER, '1,WELFARE CHECK,3,2024-07-01 08:00:00,2024-07-01 08:40:00', '  x  '].join('\n'));
    expect(err.message).toBe('ragged row: expected 5 fields, found 1');
    expect(err.place.line).toBe(3);
  });
});
