import { describe, expect, it } from 'vitest';
import { openSource } from '../../src/ingest/source.js';

async function firstError(path: string): Promise<string> {
  try {
    const source = await openSource(path);
    for await (const _ of source.chunks) void _;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an input error');
}

describe('archives given as CSV', () => {
  it('an .xlsx workbook is named as one, with how to save it as CSV', async () => {
    expect(await firstError('fixtures/bad/calls-xlsx-workbook.csv')).toBe('this is an Excel workbook (.xlsx, a ZIP archive), not a CSV file');
  });

  it('any other ZIP archive is a ZIP archive', async () => {
    expect(await firstError('fixtures/bad/calls-zip-archive.csv')).toBe('this is a ZIP archive (a zipped export or an Office document), not a CSV file');
  });
});
