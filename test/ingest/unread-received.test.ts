import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectMapping } from '../../src/ingest/schema/detect.js';
import { runCli } from '../helpers/cli.js';

/**
 * A column named like the received time whose values are not one timestamp format (an
 * export joined from two CAD systems) is named in the error, with what was read, instead of
 * "no column with the time the call was received".
 */

const dir = mkdtempSync(join(tmpdir(), 'css-unread-'));
const rows = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe('a received-time column of mixed formats', () => {
  it('detection reports it with the share read and examples it could not read', () => {
    const sample = [...rows(6, (i) => [`${i}`, `2024-01-0${i + 1} 10:00:00`, 'NOISE']), ...rows(4, (i) => [`${i + 6}`, `01/0${i + 1}/2024 10:00 AM`, 'NOISE'])];
    const d = detectMapping(['id', 'received', 'type'], sample);
    expect(d.spec.fields.received).toBeUndefined();
    expect(d.unreadReceived).toEqual([{ column: 'received', matched: 6, total: 10, examples: ['01/01/2024 10:00 AM', '01/02/2024 10:00 AM'] }]);
  });

  it('the CLI names the column, how much read, and suggests --skip-bad-rows', async () => {
    const file = join(dir, 'mixed.csv');
    writeFileSync(file, ['id,received,type', ...rows(30, (i) => `${i},2024-02-${String((i % 28) + 1).padStart(2, '0')} 10:00:00,NOISE`), ...rows(20, (i) => `${i + 30},03/${String((i % 28) + 1).padStart(2, '0')}/2024 10:00 AM,NOISE`)].join('\n') + '\n');
    const r = await runCli(['classify', file, '--tz', 'UTC']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `css-analyze: ${file}: column "received" looks like the time the call was received, but only 30 of the 50 values sampled read as one timestamp format (e.g. "03/01/2024 10:00 AM", "03/02/2024 10:00 AM"). ` +
        'If the column mixes formats, give the main one with --datetime-format and count the other rows as rejected with --skip-bad-rows (docs/time-zones.md)\n',
    );
    // The suggestion works: the main format, and the other rows counted as rejected.
    const ok = await runCli(['classify', file, '--tz', 'UTC', '--datetime-format', 'YYYY-MM-DD HH:mm:ss', '--skip-bad-rows', '--json']);
    expect(ok.code).toBe(0);
    const a = JSON.parse(ok.stdout);
    expect(a.totals.calls).toBe(30);
    expect(a.input.rowsRejected).toBe(20);
  });

  it('a column of no known format at all says to give the format', async () => {
    const file = join(dir, 'unknown.csv');
    writeFileSync(file, ['id,received,type', ...rows(5, (i) => `${i},day ${i} at noon,NOISE`)].join('\n') + '\n');
    const r = await runCli(['classify', file, '--tz', 'UTC']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/column "received" looks like the time the call was received, but only 0 of the 5 values sampled read as one timestamp format \(e\.g\. "day 0 at noon", "day 1 at noon"\)\. Give the format with --datetime-format/);
  });
});
