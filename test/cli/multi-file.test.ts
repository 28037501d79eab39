import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { wall, writeWorkbook, type CellValue } from '../helpers/xlsx.js';

/**
 * Several files read as one export: a split CSV set and yearly workbooks give the same
 * Analysis as the one CSV they were cut from (everything but the per-file `input` block
 * and the command line); globs are expanded by the tool; inspect reports each file,
 * the gaps and overlaps between them, and mappings that differ.
 */

const dir = mkdtempSync(join(tmpdir(), 'css-multi-'));
const at = (name: string) => join(dir, name);
const TZ = ['--tz', 'America/New_York'];
const YEARS = ['2017', '2018', '2019'];
let header: string[];
let rows: string[][];

const csvText = (records: string[][]) => records.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\n') + '\n';
const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;
/** A row as a spreadsheet holds it: timestamps as date cells, small whole numbers as numbers. */
const cells = (r: string[]): CellValue[] => r.map((v) => (v === '' ? null : TIMESTAMP.test(v) ? wall(v) : /^[1-9]\d{0,3}$/.test(v) ? Number(v) : v));
const yearOf = (r: string[]) => r[header.indexOf('call_received')].slice(0, 4);

/** The Analysis minus what names the files: it must not depend on how the rows were split. */
function core(analysis: Record<string, unknown>): Record<string, unknown> {
  const { input: _input, commandLine: _commandLine, ...rest } = analysis;
  return rest;
}

beforeAll(async () => {
  // Three stretches (New Year 2018, June 2018, New Year 2019), ids made unique per stretch.
  const parts: string[][][] = [];
  for (const [i, start] of ['2017-12-31', '2018-06-01', '2018-12-31'].entries()) {
    const out = at(`part-${i}.csv`);
    const r = await runCli(['generate', '--rows', '1000', '--seed', '5', '--start', start, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const records = parse(readFileSync(out, 'utf8'), { relax_column_count: true }) as string[][];
    header = records[0];
    parts.push(records.slice(1).map((rec) => [`${'ABC'[i]}${rec[0]}`, ...rec.slice(1)]));
  }
  rows = parts.flat();
  writeFileSync(at('all.csv'), csvText([header, ...rows]));
  for (const y of YEARS) writeFileSync(at(`cfs-${y}.csv`), csvText([header, ...rows.filter((r) => yearOf(r) === y)]));
  await writeWorkbook(at('all.xlsx'), [
    { name: 'Calls', rows: [header, ...rows.map(cells)] },
    { name: 'Sample', rows: [header, ...rows.slice(0, 100).map(cells)] },
  ]);
  for (const y of YEARS) await writeWorkbook(at(`cfs-${y}.xlsx`), [{ name: `CFS ${y}`, rows: [header, ...rows.filter((r) => yearOf(r) === y).map(cells)] }]);
}, 120_000);

describe('several files as one export', () => {
  it('a split CSV set, yearly workbooks and one workbook give the Analysis of the single CSV', async () => {
    const { json: single } = await runJson(['classify', at('all.csv'), ...TZ]);
    const runs = [
      ['classify', at('cfs-20*.csv'), ...TZ], // a quoted glob, expanded by the tool
      ['classify', ...YEARS.map((y) => at(`cfs-${y}.csv`)), ...TZ], // as a shell expands it
      ['classify', at('cfs-20*.xlsx'), ...TZ],
      ['classify', at('all.xlsx'), ...TZ],
    ];
    for (const args of runs) {
      const { json } = await runJson(args);
      expect(core(json), args.join(' ')).toEqual(core(single));
      expect(json.input.rowsRead).toBe(rows.length);
    }
  });

  it('records every file with its SHA-256, format, sheet, header row, rows and mapping', async () => {
    const { json } = await runJson(['classify', at('cfs-20*.xlsx'), ...TZ]);
    expect(json.input.files.map((f: { path: string }) => f.path)).toEqual(YEARS.map((y) => at(`cfs-${y}.xlsx`)));
    for (const [i, y] of YEARS.entries()) {
      const f = json.input.files[i];
      expect(f.sha256).toBe(createHash('sha256').update(readFileSync(at(`cfs-${y}.xlsx`))).digest('hex'));
      expect(f).toMatchObject({ format: 'xlsx', sheet: `CFS ${y}`, headerRow: 1, rowsRead: rows.filter((r) => yearOf(r) === y).length });
      expect(f.mapping.callType).toBe('nature');
    }
  });

  it('reads another sheet with --sheet, by name or number', async () => {
    for (const sheet of ['Sample', '2']) {
      const { json } = await runJson(['classify', at('all.xlsx'), '--sheet', sheet, ...TZ]);
      expect(json.input.rowsRead).toBe(100);
      expect(json.input.files[0].sheet).toBe('Sample');
    }
  });

  it('--sheet without a workbook, and a workbook on standard input, are errors saying what to do', async () => {
    const r = await runCli(['classify', at('all.csv'), '--sheet', '2', ...TZ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('css-analyze: --sheet "2" applies to .xlsx workbooks, and none of the inputs is one. Drop --sheet, or name the workbook (a file ending in .xlsx)');
    const piped = await runCli(['inspect', '-', ...TZ], { input: readFileSync(at('cfs-2019.xlsx')) });
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain('<stdin>: this is an Excel workbook (.xlsx, a ZIP archive), not a CSV file. A workbook is read from its path, not standard input');
  });

  it('a glob that matches nothing is an error naming it', async () => {
    const r = await runCli(['inspect', at('nope-20*.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`css-analyze: no file matches "${at('nope-20*.csv')}". Check the folder and the pattern (the match is case-sensitive), or name the files one by one`);
  });

  it('rejections name their file and worksheet row', async () => {
    const bad = at('bad.xlsx');
    // Row 5 has a value beyond the header's last column.
    await writeWorkbook(bad, [{ name: 'S', rows: [header, ...rows.slice(0, 3).map(cells), [...cells(rows[3]), 'stray']] }]);
    const r = await runCli(['classify', at('cfs-2017.csv'), bad, ...TZ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`css-analyze: ${bad}:5: ragged row: expected ${header.length} fields, found ${header.length + 1}`);
    const rejects = at('rejects.csv');
    const skipped = await runCli(['classify', at('cfs-2017.csv'), bad, ...TZ, '--skip-bad-rows', '--rejects', rejects]);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(readFileSync(rejects, 'utf8').split('\n')[1]).toMatch(new RegExp(`^${bad.replace(/[.\\/]/g, '\\$&')},5,ragged row,`));
  });
});

describe('a title above the header', () => {
  it('stops with the row the header seems to be on, and reads with --header-row', async () => {
    const titled = at('titled.xlsx');
    await writeWorkbook(titled, [{ name: 'Calls', rows: [['Durham Police Department — Calls for Service 2018'], [], header, ...rows.slice(0, 50).map(cells)] }]);
    const r = await runCli(['inspect', titled, ...TZ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/titled\.xlsx:1: row 1 looks like a title \("Durham Police Department — Calls for Service 2018"\), not a header .*the header seems to be on row 3. Use --header-row 3/);
    const { json } = await runJson(['inspect', titled, '--header-row', '3', ...TZ]);
    expect(json.input.rowsRead).toBe(50);
    expect(json.files[0].headerRow).toBe(3);
  });
});

describe('inspect: files, gaps and overlaps', () => {
  it('shows each file with its rows and dates, and a missing year as a gap between files', async () => {
    const { json } = await runJson(['inspect', at('cfs-2017.csv'), at('cfs-2019.csv'), ...TZ]);
    expect(json.files.map((f: { path: string; from: string; to: string }) => [f.path, f.from.slice(0, 10), f.to.slice(0, 10)])).toEqual([
      [at('cfs-2017.csv'), '2017-12-31', '2017-12-31'],
      [at('cfs-2019.csv'), '2019-01-01', '2019-01-01'],
    ]);
    expect(json.coverage.overlaps).toEqual([]);
    expect(json.coverage.gaps).toHaveLength(1);
    expect(json.coverage.gaps[0]).toMatchObject({ after: at('cfs-2017.csv'), before: at('cfs-2019.csv'), within: null });
    expect(json.coverage.gaps[0].emptyMonths).toEqual(Array.from({ length: 12 }, (_, i) => `2018-${String(i + 1).padStart(2, '0')}`));
  });

  it('finds months without calls inside a file', async () => {
    const { json } = await runJson(['inspect', at('cfs-2018.csv'), ...TZ]);
    expect(json.coverage.gaps.map((g: { emptyMonths: string[]; within: string }) => [g.within, g.emptyMonths])).toEqual([
      [at('cfs-2018.csv'), ['2018-02', '2018-03', '2018-04', '2018-05']],
      [at('cfs-2018.csv'), ['2018-07', '2018-08', '2018-09', '2018-10', '2018-11']],
    ]);
  });

  it('flags a year given twice as an overlap whose incident ids repeat', async () => {
    copyFileSync(at('cfs-2017.csv'), at('cfs-2017-again.csv'));
    const { json } = await runJson(['inspect', at('cfs-2017.csv'), at('cfs-2017-again.csv'), ...TZ]);
    const n = rows.filter((r) => yearOf(r) === '2017').length;
    expect(json.coverage.overlaps).toHaveLength(1);
    expect(json.coverage.overlaps[0]).toMatchObject({ files: [at('cfs-2017.csv'), at('cfs-2017-again.csv')], sharedIds: n, idsCompared: true });
    const text = await runCli(['inspect', at('cfs-2017.csv'), at('cfs-2017-again.csv'), ...TZ]);
    expect(text.stdout).toContain(`${n} incident ids appear in both, so these calls would be counted twice`);
  });

  it('maps files with different headers one by one and shows where they differ', async () => {
    const renamed = at('renamed-2019.csv');
    const text = readFileSync(at('cfs-2019.csv'), 'utf8');
    writeFileSync(renamed, text.replace(/^(.*?),nature,/, '$1,call_type,'));
    const { json } = await runJson(['inspect', at('cfs-2018.csv'), renamed, ...TZ]);
    expect(json.files.map((f: { sameMappingAsFirst: boolean }) => f.sameMappingAsFirst)).toEqual([true, false]);
    expect(json.files[1].mapping.callType).toBe('call_type');
    expect(json.fields.callType.column).toBe('nature | call_type');
    const r = await runCli(['inspect', at('cfs-2018.csv'), renamed, ...TZ]);
    expect(r.stdout).toMatch(/Mapping by file[\s\S]*callType\s*│ nature\s*│ call_type/);
    const { json: analysis } = await runJson(['classify', at('cfs-2018.csv'), renamed, ...TZ]);
    expect(analysis.warnings).toContain(`${renamed} has other columns than ${at('cfs-2018.csv')}: it was mapped on its own (see input.files[].mapping, or run inspect on both)`);
    expect(analysis.input.files.map((f: { mapping: { callType: string } }) => f.mapping.callType)).toEqual(['nature', 'call_type']);
  });
});
