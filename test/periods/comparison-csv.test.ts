import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, runJson } from '../helpers/cli.js';
import { classifiedRows, multiYearExport, type ClassifiedRow } from '../helpers/exports.js';

/**
 * The comparison and before/after CSV tables of `report --out`, on the generated multi-year
 * export: each cell against the Analysis JSON written beside it (by column name, so the
 * header says which JSON field a column holds), key figures against counts made here from
 * the export (each row's level and category from classify --out), and no such tables when
 * the Analysis has no such section.
 */
type Json = Record<string, any>;
type Row = Record<string, string>;

const COMPARISON_FILES = ['comparison.csv', 'comparison-responses.csv', 'comparison-categories.csv'];
const BEFORE_AFTER_FILES = ['before-after.csv', 'before-after-hour-of-week.csv', 'before-after-beats.csv'];
const ELIGIBLE = new Set(['community', 'civilian']);
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
const date = (r: ClassifiedRow) => r.call_received.slice(0, 10);
const within = (from: string, to: string) => (r: ClassifiedRow) => date(r) >= from && date(r) <= to;
const Q2 = within('2019-04-01', '2019-06-30');
const Q1 = within('2019-01-01', '2019-03-31');
const Q2_2018 = within('2018-04-01', '2018-06-30');

let rows: ClassifiedRow[];
let work: string;
let dir: string;
let a: Json;

const count = (pred: (r: ClassifiedRow) => boolean) => rows.filter(pred).length;
const text = (file: string, base = dir) => readFileSync(join(base, 'tables', file), 'utf8');
const table = (file: string, base = dir) => parse(text(file, base), { columns: true }) as Row[];
const header = (file: string) => text(file).split('\n')[0].split(',');
/** A JSON value as the CSV writes it: numbers unformatted, booleans as true/false, null empty. */
const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));

const CHANGE: Record<string, (c: Json) => unknown> = {
  current: (c) => c.current,
  comparison: (c) => c.comparison,
  change: (c) => c.change,
  change_share: (c) => c.changeShare,
  per_week_current: (c) => c.perWeek.current,
  per_week_comparison: (c) => c.perWeek.comparison,
  per_week_change_share: (c) => c.perWeek.changeShare,
  within_normal_variation: (c) => c.withinNormalVariation,
};
const SHARE: Record<string, (c: Json) => unknown> = {
  current: (c) => c.current,
  comparison: (c) => c.comparison,
  change: (c) => c.change,
  within_normal_variation: (c) => c.withinNormalVariation,
};
const RATE: Record<string, (r: Json) => unknown> = {
  before_calls: (r) => r.before.calls,
  before_per_week: (r) => r.before.perWeek,
  after_calls: (r) => r.after.calls,
  after_per_week: (r) => r.after.perWeek,
  change: (r) => r.change,
  change_share: (r) => r.changeShare,
};
const cols = (prefix: string, fields: Record<string, unknown>) => Object.keys(fields).map((f) => `${prefix}_${f}`);

function expectFields(row: Row, prefix: string, fields: Record<string, (x: Json) => unknown>, value: Json, what: string): void {
  for (const [f, get] of Object.entries(fields)) expect(row[prefix ? `${prefix}_${f}` : f], `${what} ${prefix}_${f}`).toBe(cell(get(value)));
}

beforeAll(async () => {
  const csv = await multiYearExport();
  rows = await classifiedRows(csv);
  work = mkdtempSync(join(tmpdir(), 'css-comparison-csv-'));
  // An earlier analysis whose file name a spreadsheet would run as a formula.
  const q1 = (await runJson(['classify', csv, '--period', '2019-Q1'])).json;
  writeFileSync(join(work, '=2019-Q1.json'), JSON.stringify(q1));
  const args = ['report', csv, '--out', 'full', '--format', 'csv,json', '--quiet', '--period', '2019-Q2', '--compare', 'previous,year-ago,=2019-Q1.json'];
  const r = await runCli([...args, '--program-start', '2019-05-01', '--program-hours', 'Mon-Fri 08:00-20:00', '--program-beats', '113,121'], { cwd: work });
  if (r.code !== 0) throw new Error(`report exited ${r.code}: ${r.stderr}`);
  dir = join(work, 'full');
  a = JSON.parse(readFileSync(join(dir, 'analysis.json'), 'utf8'));
}, 300_000);

describe('comparison tables: one row per comparison basis', () => {
  it('comparison.csv: totals of each basis, in --compare order, hand-counted calls and eligible share', () => {
    expect(header('comparison.csv')).toEqual([
      'basis', 'compared_with', 'period_from', 'period_to', 'days_current', 'days_comparison', 'complete_weeks_current', 'complete_weeks_comparison',
      ...cols('calls', CHANGE), ...cols('officer_hours', CHANGE), ...cols('eligible_calls', CHANGE), ...cols('eligible_share', SHARE),
    ]);
    const t = table('comparison.csv');
    expect(t.map((r) => [r.basis, r.compared_with, r.period_from, r.period_to])).toEqual([
      ['previous', '2019-Q1', '2019-01-01', '2019-03-31'],
      ['year-ago', '2018-Q2', '2018-04-01', '2018-06-30'],
      // The file name is input text: neutralised, so a spreadsheet shows it instead of running it.
      ['file', "'=2019-Q1.json", '2019-01-01', '2019-03-31'],
    ]);
    const cur = count(Q2);
    const eligibleNow = count((r) => Q2(r) && ELIGIBLE.has(r.response));
    for (const [i, other] of [Q1, Q2_2018, Q1].entries()) {
      const row = t[i];
      const cmp = count(other);
      const eligibleThen = count((r) => other(r) && ELIGIBLE.has(r.response));
      expect([row.calls_current, row.calls_comparison, row.calls_change, row.calls_change_share]).toEqual([cur, cmp, cur - cmp, round((cur - cmp) / cmp, 4)].map(cell));
      expect([row.eligible_calls_current, row.eligible_calls_comparison]).toEqual([eligibleNow, eligibleThen].map(cell));
      expect([row.eligible_share_current, row.eligible_share_comparison]).toEqual([round(eligibleNow / cur, 4), round(eligibleThen / cmp, 4)].map(cell));
      expect(row.days_current).toBe('91');
      const e = a.comparison.against[i];
      expect([row.days_comparison, row.complete_weeks_current, row.complete_weeks_comparison]).toEqual([e.days.comparison, e.completeWeeks.current, e.completeWeeks.comparison].map(cell));
      expectFields(row, 'calls', CHANGE, e.totals.calls, e.basis);
      expectFields(row, 'officer_hours', CHANGE, e.totals.officerHours, e.basis);
      expectFields(row, 'eligible_calls', CHANGE, e.totals.eligibleCalls, e.basis);
      expectFields(row, 'eligible_share', SHARE, e.totals.eligibleShare, e.basis);
    }
    // Unformatted numbers and the variation verdict as the JSON has it (see periods-cli.test.ts).
    expect(t[0].calls_within_normal_variation).toBe('false');
    expect(t[1].calls_within_normal_variation).toBe('true');
    expect(t[0].calls_change_share).toMatch(/^-?0\.\d{1,4}$/);
  });

  it('comparison-responses.csv: every response level of every basis, hand-counted calls', () => {
    expect(header('comparison-responses.csv')).toEqual(['basis', 'compared_with', 'response', ...cols('calls', CHANGE), ...cols('officer_hours', CHANGE), ...cols('share_of_calls', SHARE)]);
    const t = table('comparison-responses.csv');
    const expected = a.comparison.against.flatMap((e: Json) => e.byResponse.map((r: Json) => [e.basis, r.response]));
    expect(t.map((r) => [r.basis, r.response])).toEqual(expected);
    expect(t.length).toBe(3 * 6);
    for (const row of t) {
      const i = ['previous', 'year-ago', 'file'].indexOf(row.basis);
      const other = [Q1, Q2_2018, Q1][i];
      const now = count((r) => Q2(r) && r.response === row.response);
      const then = count((r) => other(r) && r.response === row.response);
      expect([row.response, row.calls_current, row.calls_comparison, row.calls_change]).toEqual([row.response, ...[now, then, now - then].map(cell)]);
      expect(row.share_of_calls_current, row.response).toBe(cell(round(now / count(Q2), 4)));
      const r = a.comparison.against[i].byResponse.find((x: Json) => x.response === row.response);
      expectFields(row, 'calls', CHANGE, r.calls, `${row.basis} ${row.response}`);
      expectFields(row, 'officer_hours', CHANGE, r.officerHours, `${row.basis} ${row.response}`);
      expectFields(row, 'share_of_calls', SHARE, r.shareOfCalls, `${row.basis} ${row.response}`);
    }
  });

  it('comparison-categories.csv: every category of either period, by current calls, hand-counted calls', () => {
    expect(header('comparison-categories.csv')).toEqual(['basis', 'compared_with', 'category', 'label', 'response', ...cols('calls', CHANGE), ...cols('officer_hours', CHANGE)]);
    const t = table('comparison-categories.csv');
    const expected = a.comparison.against.flatMap((e: Json) => e.byCategory.map((k: Json) => [e.basis, k.id, k.label, k.response]));
    expect(t.map((r) => [r.basis, r.category, r.label, r.response])).toEqual(expected);
    for (const [i, other] of [Q1, Q2_2018, Q1].entries()) {
      const basis = a.comparison.against[i].basis;
      const mine = t.filter((r) => r.basis === basis);
      const current = mine.map((r) => Number(r.calls_current));
      expect(current).toEqual([...current].sort((x, y) => y - x));
      for (const row of mine) {
        const now = count((r) => Q2(r) && r.category === row.category);
        const then = count((r) => other(r) && r.category === row.category);
        expect([row.category, row.calls_current, row.calls_comparison, row.calls_change]).toEqual([row.category, ...[now, then, now - then].map(cell)]);
        const k = a.comparison.against[i].byCategory.find((x: Json) => x.id === row.category);
        expectFields(row, 'calls', CHANGE, k.calls, `${basis} ${row.category}`);
        expectFields(row, 'officer_hours', CHANGE, k.officerHours, `${basis} ${row.category}`);
        // Category hours are not assessed for variation.
        expect(row.officer_hours_within_normal_variation).toBe('');
      }
    }
  });
});

describe('before/after tables', () => {
  const beats = new Set(['113', '121']);
  const inHours = (r: ClassifiedRow) => {
    const weekday = new Date(`${date(r)}T00:00:00Z`).getUTCDay();
    const hour = Number(r.call_received.slice(11, 13));
    return weekday >= 1 && weekday <= 5 && hour >= 8 && hour < 20;
  };
  const eligible = (r: ClassifiedRow) => Q2(r) && ELIGIBLE.has(r.response);
  const before = (r: ClassifiedRow) => date(r) < '2019-05-01';
  // 30 days before the start, 61 after; calls ÷ weeks to 3 decimals.
  const perWeek = (n: number, days: number) => round(n / (days / 7), 3);

  it('before-after.csv: all, eligible, inside and outside the program, hand-counted', () => {
    expect(header('before-after.csv')).toEqual(['group', ...Object.keys(RATE)]);
    const t = table('before-after.csv');
    expect(t.map((r) => r.group)).toEqual(['all_calls', 'eligible_calls', 'in_program', 'outside_program']);
    const inside = (r: ClassifiedRow) => eligible(r) && inHours(r) && beats.has(r.beat);
    const ib = count((r) => inside(r) && before(r));
    const ia = count((r) => inside(r) && !before(r));
    const inRow = t[2];
    expect([inRow.before_calls, inRow.after_calls]).toEqual([ib, ia].map(cell));
    expect(Number(inRow.before_per_week)).toBeCloseTo(ib / (30 / 7), 2);
    expect(Number(inRow.after_per_week)).toBeCloseTo(ia / (61 / 7), 2);
    expect(t[0].before_calls).toBe(cell(count((r) => Q2(r) && before(r))));
    expect(t[3].after_calls).toBe(cell(count((r) => eligible(r) && !inside(r) && !before(r))));
    const json = [a.beforeAfter.allCalls, a.beforeAfter.eligibleCalls, a.beforeAfter.inProgram, a.beforeAfter.outsideProgram];
    t.forEach((row, i) => expectFields(row, '', RATE, json[i], row.group));
  });

  it('before-after-hour-of-week.csv: 168 hours in order, hand-counted Monday 09:00', () => {
    expect(header('before-after-hour-of-week.csv')).toEqual(['hour_of_week', 'day', 'hour', 'in_program_hours', ...Object.keys(RATE)]);
    const t = table('before-after-hour-of-week.csv');
    expect(t.map((r) => Number(r.hour_of_week))).toEqual(Array.from({ length: 168 }, (_, h) => h));
    const mondayNine = t[24 + 9];
    expect([mondayNine.day, mondayNine.hour, mondayNine.in_program_hours]).toEqual(['Mon', '9', 'true']);
    expect([t[0].day, t[0].hour, t[0].in_program_hours]).toEqual(['Sun', '0', 'false']);
    const atMondayNine = (r: ClassifiedRow) => eligible(r) && new Date(`${date(r)}T00:00:00Z`).getUTCDay() === 1 && r.call_received.slice(11, 13) === '09';
    const b = count((r) => atMondayNine(r) && before(r));
    expect([mondayNine.before_calls, mondayNine.before_per_week]).toEqual([b, perWeek(b, 30)].map(cell));
    expect(mondayNine.after_calls).toBe(cell(count((r) => atMondayNine(r) && !before(r))));
    for (const row of t) expectFields(row, '', RATE, a.beforeAfter.byHourOfWeek[Number(row.hour_of_week)], `hour ${row.hour_of_week}`);
  });

  it('before-after-beats.csv: every beat, by calls before, hand-counted beat 113', () => {
    expect(header('before-after-beats.csv')).toEqual(['beat', 'in_program_beats', ...Object.keys(RATE)]);
    const t = table('before-after-beats.csv');
    expect(t.map((r) => r.beat)).toEqual(a.beforeAfter.byBeat.map((x: Json) => x.beat));
    const calls = t.map((r) => Number(r.before_calls));
    expect(calls).toEqual([...calls].sort((x, y) => y - x));
    const b113 = t.find((r) => r.beat === '113')!;
    expect(b113.in_program_beats).toBe('true');
    expect(t.find((r) => r.beat === '521')?.in_program_beats).toBe('false');
    expect([b113.before_calls, b113.after_calls]).toEqual([count((r) => eligible(r) && r.beat === '113' && before(r)), count((r) => eligible(r) && r.beat === '113' && !before(r))].map(cell));
    t.forEach((row, i) => expectFields(row, '', RATE, a.beforeAfter.byBeat[i], `beat ${row.beat}`));
  });
});

describe('when the tables are written', () => {
  const tables = (d: string) => (existsSync(join(d, 'tables')) ? readdirSync(join(d, 'tables')).sort() : []);

  it('re-rendering the saved analysis.json gives the same bytes', async () => {
    const r = await runCli(['report', 'full/analysis.json', '--out', 'again', '--format', 'csv', '--quiet'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    for (const f of [...COMPARISON_FILES, ...BEFORE_AFTER_FILES]) expect(text(f, join(work, 'again')), f).toBe(text(f));
  });

  it('only with --format csv', async () => {
    const r = await runCli(['report', 'full/analysis.json', '--out', 'no-csv', '--format', 'md,json', '--quiet'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    expect(tables(join(work, 'no-csv'))).toEqual([]);
  });

  it('not without a comparison or a program start, and each only with its own section', async () => {
    const csv = await multiYearExport();
    const plain = await runCli(['report', csv, '--out', 'period-only', '--format', 'csv', '--quiet', '--period', '2019-Q2'], { cwd: work });
    expect(plain.code, plain.stderr).toBe(0);
    const written = tables(join(work, 'period-only'));
    expect(written).toContain('categories.csv');
    expect(written.filter((f) => f.startsWith('comparison') || f.startsWith('before-after'))).toEqual([]);

    const compareOnly = await runCli(['report', csv, '--out', 'compare-only', '--format', 'csv', '--quiet', '--period', '2019-Q2', '--compare', 'previous'], { cwd: work });
    expect(compareOnly.code, compareOnly.stderr).toBe(0);
    const c = tables(join(work, 'compare-only'));
    expect(c.filter((f) => f.startsWith('comparison') || f.startsWith('before-after'))).toEqual([...COMPARISON_FILES].sort());
    expect(table('comparison.csv', join(work, 'compare-only')).map((r) => r.basis)).toEqual(['previous']);

    const programOnly = await runCli(['report', csv, '--out', 'program-only', '--format', 'csv', '--quiet', '--period', '2019-Q2', '--program-start', '2019-05-01'], { cwd: work });
    expect(programOnly.code, programOnly.stderr).toBe(0);
    const p = tables(join(work, 'program-only'));
    expect(p.filter((f) => f.startsWith('comparison') || f.startsWith('before-after'))).toEqual([...BEFORE_AFTER_FILES].sort());
    // The program covers all hours and beats: no outside group.
    expect(table('before-after.csv', join(work, 'program-only')).map((r) => r.group)).toEqual(['all_calls', 'eligible_calls', 'in_program']);
  });

  it('beats and file names from the input cannot run as spreadsheet formulas', async () => {
    const input = join(ROOT, 'fixtures/hostile/calls-csv-injection.csv');
    const r = await runCli(['report', input, '--out', 'hostile', '--format', 'csv', '--quiet', '--period', '2024-08', '--compare', 'previous', '--program-start', '2024-08-15'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const hostile = join(work, 'hostile');
    expect(table('before-after-beats.csv', hostile).map((x) => x.beat).sort()).toEqual(["'+B2", "'=cmd|A1"]);
    for (const f of [...COMPARISON_FILES, ...BEFORE_AFTER_FILES]) {
      for (const line of parse(text(f, hostile)) as string[][]) {
        for (const value of line) {
          if (/^[-+]?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(value)) continue;
          expect(value, `${f}: ${line.join(',')}`).not.toMatch(/^[=+\-@\t\r]/);
        }
      }
    }
  });
});
