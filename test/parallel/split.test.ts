import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { findSplitPoint } from '../../src/ingest/split.js';

/**
 * findSplitPoint must cut only between records, and report the line the next record
 * starts on. Checked on a file whose quoted fields hold newlines, commas and escaped
 * quotes, at every target offset: the two halves parse to the whole file's records.
 */
describe('findSplitPoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'css-split-'));
  const path = join(dir, 'tricky.csv');
  const rows = ['id,type,address'];
  for (let i = 0; i < 40; i++) rows.push(`${i},"DISTURBANCE, ""LOUD""",${i % 3 === 0 ? `"12 MAIN ST\nBerkeley, CA"` : 'ELM ST'}`);
  const text = rows.join('\r\n') + '\r\n';
  writeFileSync(path, text);
  const whole = parse(text, { relax_column_count: true }) as string[][];

  it('at every target offset the halves parse to the whole', async () => {
    const bytes = readFileSync(path);
    for (let target = 0; target < bytes.length; target += 7) {
      const split = await findSplitPoint(path, target);
      if (!split) continue;
      expect(split.offset).toBeGreaterThanOrEqual(target);
      const first = parse(bytes.subarray(0, split.offset), { relax_column_count: true }) as string[][];
      const second = parse(bytes.subarray(split.offset), { relax_column_count: true }) as string[][];
      expect([...first, ...second]).toEqual(whole);
      const linesBefore = bytes.subarray(0, split.offset).toString('latin1').split('\n').length;
      expect(split.line).toBe(linesBefore);
    }
  });

  it('no boundary after the target: null', async () => {
    expect(await findSplitPoint(path, readFileSync(path).length)).toBeNull();
  });
});
