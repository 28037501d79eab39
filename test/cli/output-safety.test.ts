import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/**
 * Outputs never replace an input, never appear half-written, and never carry a spreadsheet
 * formula. (The report directory's own cases — XSS, CSV tables, replacing an earlier
 * report — are in test/report/.)
 */

const tempDir = () => mkdtempSync(join(tmpdir(), 'css-outputs-'));
const SMALL = 'fixtures/bad/calls-mixed-line-endings.csv';

describe('no output replaces an input file (exit 2, input unchanged)', () => {
  let dir: string;
  let csv: string;
  let json: string;

  beforeAll(async () => {
    dir = tempDir();
    csv = join(dir, 'calls.csv');
    copyFileSync(SMALL, csv);
    json = join(dir, 'analysis.json');
    const r = await runCli(['classify', csv, '--json', '--tz', 'UTC']);
    writeFileSync(json, r.stdout);
  });

  const cases: [name: string, args: () => string[], message: RegExp][] = [
    ['classify --out', () => ['classify', csv, '--out', csv], /refusing to overwrite the input file/],
    ['classify --out (same file, another spelling)', () => ['classify', csv, '--out', `${dir}/../${basename(dir)}/./calls.csv`], /refusing to overwrite the input file/],
    ['report --out', () => ['report', csv, '--out', csv], /refusing to overwrite the input file/],
    ['report --out, the folder holding the input', () => ['report', csv, '--out', dir], /would replace the input file/],
    ['taxonomy init --out --force', () => ['taxonomy', 'init', csv, '--out', csv, '--force'], /refusing to overwrite the input file/],
    ...['inspect', 'classify', 'estimate', 'taxonomy init'].map(
      (command): [string, () => string[], RegExp] => [
        `${command} --rejects`,
        () => [...command.split(' '), csv, '--skip-bad-rows', '--rejects', csv, ...(command === 'taxonomy init' ? ['--out', join(dir, 't.json')] : [])],
        /refusing to overwrite the input file/,
      ],
    ),
    ['report --rejects', () => ['report', csv, '--out', join(dir, 'report'), '--rejects', csv], /refusing to overwrite the input file/],
    ['merge --out', () => ['merge', json, json, '--out', json], /refusing to overwrite the input file/],
    ['report analysis.json --out analysis.json', () => ['report', json, '--out', json], /refusing to overwrite the input file/],
    ['classify --out and --rejects the same file', () => ['classify', csv, '--out', join(dir, 'x.csv'), '--rejects', join(dir, 'x.csv')], /--rejects and --out both name/],
  ];

  it.each(cases)('%s', async (_name, args, message) => {
    const before = readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))] as const);
    const r = await runCli(args());
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    // Every file in the folder is as it was, and nothing was added.
    expect(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))] as const)).toEqual(before);
  });
});

describe('a run that fails after output began leaves no partial output and no temporary file', () => {
  let late: string;
  let lateAfterRejects: string;

  beforeAll(async () => {
    const dir = tempDir();
    late = join(dir, 'calls-late-ragged-row.csv');
    expect((await runCli(['generate', '--rows', '3000', '--out', late])).code).toBe(0);
    lateAfterRejects = join(dir, 'calls-late-bad-utf8.csv');
    copyFileSync(late, lateAfterRejects);
    // Line 3002: a ragged row, fatal without --skip-bad-rows.
    appendFileSync(late, '17-9999999,TRAFFIC STOP\n');
    // With --skip-bad-rows the ragged row is written to --rejects, then invalid UTF-8 stops the run.
    appendFileSync(lateAfterRejects, '17-9999999,TRAFFIC STOP\n');
    appendFileSync(lateAfterRejects, Buffer.from('17-9999998,CAF\xc9 DISTURBANCE\n', 'latin1'));
  });

  const cases: [name: string, input: () => string, args: (out: string) => string[], message: RegExp][] = [
    ['classify --out', () => late, (out) => ['classify', '--out', join(out, 'classified.csv')], /:3002: ragged row/],
    ['classify --out --skip-bad-rows --rejects', () => lateAfterRejects, (out) => ['classify', '--out', join(out, 'classified.csv'), '--skip-bad-rows', '--rejects', join(out, 'rejects.csv')], /:3003: is not valid UTF-8/],
    ['inspect --skip-bad-rows --rejects', () => lateAfterRejects, (out) => ['inspect', '--skip-bad-rows', '--rejects', join(out, 'rejects.csv')], /:3003: is not valid UTF-8/],
    ['report --out', () => late, (out) => ['report', '--out', join(out, 'report'), '--format', 'md,csv'], /:3002: ragged row/],
    ['taxonomy init --out', () => late, (out) => ['taxonomy', 'init', '--out', join(out, 'taxonomy.json')], /:3002: ragged row/],
  ];

  it.each(cases)('%s', async (_name, input, args, message) => {
    const out = tempDir();
    const r = await runCli([...args(out), input(), '--tz', 'UTC']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(readdirSync(out)).toEqual([]);
  });

  it('an earlier output under the same name is kept whole', async () => {
    const out = tempDir();
    const previous = join(out, 'classified.csv');
    writeFileSync(previous, 'the previous run\n');
    const r = await runCli(['classify', late, '--out', previous, '--tz', 'UTC']);
    expect(r.code).toBe(2);
    expect(readdirSync(out)).toEqual(['classified.csv']);
    expect(readFileSync(previous, 'utf8')).toBe('the previous run\n');
  });
});

/** Cells a spreadsheet would run as a formula: = + - @ tab or CR first, unless a plain number. */
function formulaCells(csvText: string): string[] {
  const rows = parse(csvText, { relax_column_count: true }) as string[][];
  return rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell) && !/^[-+]?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(cell));
}

describe('CSV outputs neutralise formulas (a leading apostrophe), keeping the text', () => {
  it('classify --out, on the CSV-injection fixture', async () => {
    const out = join(tempDir(), 'classified.csv');
    const r = await runCli(['classify', 'fixtures/hostile/calls-csv-injection.csv', '--out', out, '--tz', 'UTC']);
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(formulaCells(text)).toEqual([]);
    const cells = (parse(text) as string[][]).flat();
    for (const hostile of ['=HYPERLINK("http://example.com","click")', '+SUM(1,2)', "-2+3+cmd|' /C calc'!A0", '@SUM(A1:A2)', '=1+1', '\tTAB FIRST', '=cmd|A1', '+B2', '@B4']) {
      expect(cells).toContain(`'${hostile}`);
    }
  });

  it('--rejects, on rejected rows holding formulas', async () => {
    const dir = tempDir();
    const input = join(dir, 'calls-rejected-formulas.csv');
    writeFileSync(
      input,
      [
        'incident_number,call_type,priority,received_time,cleared_time',
        '24-0001,WELFARE CHECK,3,2024-07-01 08:00:00,2024-07-01 08:40:00',
        '=1+1,"=HYPERLINK(""http://example.com"",""x"")",@SUM(A1)', // ragged
        '+cmd,-2+3,3,2024-13-45 99:00:00,', // unparseable received time
        '24-0004,"\tTAB",3,2024-07-01 09:00:00,2024-07-01 09:40:00,,=EXTRA', // ragged: a non-empty extra field
      ].join('\n') + '\n',
    );
    const rejects = join(dir, 'rejects.csv');
    const r = await runCli(['inspect', input, '--skip-bad-rows', '--rejects', rejects, '--tz', 'UTC', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).input.rowsRejected).toBe(3);
    const text = readFileSync(rejects, 'utf8');
    expect(formulaCells(text)).toEqual([]);
    const cells = (parse(text, { relax_column_count: true }) as string[][]).flat();
    for (const hostile of ['=1+1', '=HYPERLINK("http://example.com","x")', '@SUM(A1)', '+cmd', '-2+3', '\tTAB', '=EXTRA']) {
      expect(cells).toContain(`'${hostile}`);
    }
    expect(existsSync(input)).toBe(true);
  });
});
