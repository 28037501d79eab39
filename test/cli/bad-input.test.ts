import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { READING_COMMANDS } from '../helpers/commands.js';

/**
 * Every fixture in fixtures/bad/ (fixtures/README.md lists them) through every command
 * that reads an export, each with its exact outcome: one line on stderr and exit 2, or
 * success with the rows counted.
 */

const tempDir = () => mkdtempSync(join(tmpdir(), 'css-bad-'));

/** [file, line named in the message (null: none), message, extra arguments]. */
const FATAL: [file: string, line: number | null, message: RegExp, extra?: string[]][] = [
  ['calls-empty.csv', null, /is empty/],
  ['calls-whitespace-only.csv', null, /holds only white space: no header and no rows/],
  ['calls-header-only.csv', 1, /has a header but no data rows/],
  ['calls-binary.csv', 1, /NUL bytes/],
  ['calls-zip-archive.csv', null, /is a ZIP archive/],
  ['calls-xlsx-workbook.csv', null, /is an Excel workbook \(\.xlsx.*save the sheet as "CSV UTF-8"/],
  ['calls-unclosed-quote.csv', 4, /unclosed quote/],
  ['calls-ragged-rows.csv', 3, /ragged row: expected 5 fields, found 3/],
  ['calls-invalid-utf8.csv', 3, /not valid UTF-8.*--encoding windows-1252/],
  ['calls-truncated-mid-utf8.csv', 3, /ends in the middle of a UTF-8 character/],
  ['calls-nul-bytes.csv', 3, /NUL bytes/],
  ['calls-missing-calltype-column.csv', null, /no call-type column found/],
  ['calls-duplicate-mapped-column.csv', 1, /column "call_type" appears 2 times in the header \(columns 2 and 3\)/],
  ['calls-unparseable-timestamp.csv', 3, /cannot parse "2024-13-45 99:15:00".*--datetime-format/],
  ['calls-all-timestamps-unparseable.csv', null, /cannot recognise the timestamps in column "received_time"/],
  ['calls-truncated.csv.gz', null, /gzip file is truncated/],
  ['calls-windows-1252.csv', 2, /--encoding windows-1252/],
];

describe.concurrent('bad input: one line naming file and line, exit 2, no stack trace, no output left', () => {
  for (const command of READING_COMMANDS) {
    for (const [file, line, message, extra = []] of FATAL) {
      it(`${command.name} ${file}`, async ({ expect }) => {
        const dir = tempDir();
        const r = await runCli([...command.args(dir), `fixtures/bad/${file}`, '--tz', 'UTC', ...extra]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        const lines = r.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        const where = line === null ? `fixtures/bad/${file}: ` : `fixtures/bad/${file}:${line}: `;
        expect(lines[0].startsWith(`css-analyze: ${where}`)).toBe(true);
        expect(lines[0]).toMatch(message);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        // Nothing half-written: no output and no temporary file.
        expect(readdirSync(dir)).toEqual([]);
      });
    }
  }

  it('--debug adds the stack trace', async ({ expect }) => {
    const r = await runCli(['inspect', 'fixtures/bad/calls-ragged-rows.csv', '--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

interface ReadCase {
  file: string;
  /** Extra arguments (all commands get --tz UTC unless this sets --tz). */
  extra?: string[];
  rowsRead: number;
  rowsRejected?: Record<string, number>;
  /** Checks on the JSON of inspect, or of the analysis commands (classify, estimate, report). */
  inspect?: (json: any, e: typeof expect) => void;
  analysis?: (json: any, e: typeof expect) => void;
}

const READ: ReadCase[] = [
  { file: 'calls-unclosed-quote.csv', extra: ['--skip-bad-rows'], rowsRead: 3, rowsRejected: { 'unclosed quote': 1 } },
  { file: 'calls-ragged-rows.csv', extra: ['--skip-bad-rows'], rowsRead: 3, rowsRejected: { 'ragged row': 1 } },
  { file: 'calls-unparseable-timestamp.csv', extra: ['--skip-bad-rows'], rowsRead: 3, rowsRejected: { 'unparseable received time': 1 } },
  ...['calls-utf16le-bom.csv', 'calls-utf16be-bom.csv', 'calls-utf16le-no-bom.csv'].map((file) => ({
    file,
    rowsRead: 3,
    inspect: (j: any, e: typeof expect) => {
      e(j.input.encoding).toMatch(/utf-16/);
      e(j.callTypes.top.map((t: { callType: string }) => t.callType)).toContain('DISTURBANCE, VERBAL');
    },
  })),
  {
    file: 'calls-windows-1252.csv',
    extra: ['--encoding', 'windows-1252'],
    rowsRead: 1,
    inspect: (j, e) => e(j.callTypes.top[0].callType).toBe('CAFÉ DISTURBANCE “LOUD”'),
  },
  { file: 'calls-duplicate-unmapped-column.csv', rowsRead: 3 },
  {
    file: 'calls-clear-before-dispatch.csv',
    rowsRead: 3,
    inspect: (j, e) => e(j.durations.negative.dispatchedToCleared).toBe(1),
    // The negative duration is not used: that call's officer time is imputed and counted.
    analysis: (j, e) => e(j.officerTime.imputed.negative).toBe(1),
  },
  {
    file: 'calls-placeholder-dates-1900-2100.csv',
    rowsRead: 4,
    rowsRejected: { 'placeholder received time': 1 },
    // 1900-01-01 and 2100-01-01 clear times are missing values, counted as placeholders.
    inspect: (j, e) => e(j.fields.cleared).toMatchObject({ filled: 2, placeholders: 2, failures: 0 }),
  },
  {
    file: 'calls-dst-gap.csv',
    extra: ['--tz', 'America/New_York'],
    rowsRead: 3,
    inspect: (j, e) => e(j.dst).toEqual({ gap: 1, overlap: 0 }),
  },
  { file: 'calls-mixed-line-endings.csv', rowsRead: 4 },
  {
    file: 'calls-crlf-bom-quoted-newlines.csv',
    rowsRead: 3,
    inspect: (j, e) => {
      e(j.input.files[0].bom).toBe(true);
      e(j.callTypes.top.map((t: { callType: string }) => t.callType).sort()).toEqual(['DISTURBANCE\nVERBAL', 'TRAFFIC STOP, "I-85"', 'WELFARE CHECK\r\nSECOND FLOOR']);
    },
  },
  { file: 'calls-header-trailing-empty-columns.csv', rowsRead: 3 },
  { file: 'calls-extra-empty-trailing-fields.csv', rowsRead: 3 },
  {
    file: 'calls-null-call-types.csv',
    rowsRead: 3,
    rowsRejected: { 'missing call type': 3 },
    inspect: (j, e) => e(j.dateRange).toEqual({ from: null, to: null }),
    analysis: (j, e) => e(j.totals.calls).toBe(0),
  },
];

describe.concurrent('inputs that are read: exit 0, every row accepted or counted as rejected', () => {
  for (const command of READING_COMMANDS) {
    for (const c of READ) {
      it(`${command.name} ${c.file} ${(c.extra ?? []).join(' ')}`, async ({ expect }) => {
        const dir = tempDir();
        const extra = c.extra ?? [];
        const tz = extra.includes('--tz') ? [] : ['--tz', 'UTC'];
        const r = await runCli([...command.args(dir), `fixtures/bad/${c.file}`, ...tz, ...extra, '--json']);
        expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
        expect(r.code).toBe(0);
        const json = JSON.parse(r.stdout);
        const rejected = Object.values(c.rowsRejected ?? {}).reduce((a, b) => a + b, 0);
        if (command.json === 'calls') {
          expect(json.calls).toBe(c.rowsRead - rejected);
          expect(existsSync(command.output!(dir))).toBe(true);
          return;
        }
        expect(json.input).toMatchObject({ rowsRead: c.rowsRead, rowsAccepted: c.rowsRead - rejected, rowsRejected: rejected, rejectReasons: c.rowsRejected ?? {} });
        if (command.name === 'inspect') c.inspect?.(json, expect);
        else {
          expect(json.totals.calls).toBe(json.input.calls);
          c.analysis?.(json, expect);
        }
        if (command.output) expect(existsSync(command.output(dir))).toBe(true);
      });
    }
  }
});

describe('--rejects', () => {
  it('writes each rejected row with its line and reason', async () => {
    const rejects = join(tempDir(), 'rejects.csv');
    const r = await runCli(['inspect', 'fixtures/bad/calls-ragged-rows.csv', '--skip-bad-rows', '--rejects', rejects, '--tz', 'UTC']);
    expect(r.code).toBe(0);
    const lines = readFileSync(rejects, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('fixtures/bad/calls-ragged-rows.csv,3,ragged row,"expected 5 fields, found 3",24-0002,TRAFFIC STOP,4');
  });
});
