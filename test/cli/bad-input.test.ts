import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** Every fixture in fixtures/bad/ with its exact outcome (fixtures/README.md lists them). */
const FATAL: [file: string, line: number | null, message: RegExp][] = [
  ['calls-empty.csv', null, /is empty/],
  ['calls-header-only.csv', 1, /has a header but no data rows/],
  ['calls-binary.csv', 1, /NUL bytes/],
  ['calls-zip-archive.csv', null, /ZIP archive/],
  ['calls-unclosed-quote.csv', 4, /unclosed quote/],
  ['calls-ragged-rows.csv', 3, /ragged row: expected 5 fields, found 3/],
  ['calls-invalid-utf8.csv', 3, /not valid UTF-8.*--encoding windows-1252/],
  ['calls-nul-bytes.csv', 3, /NUL bytes/],
  ['calls-missing-calltype-column.csv', null, /no call-type column found/],
  ['calls-unparseable-timestamp.csv', 3, /cannot parse "2024-13-45 99:15:00".*--datetime-format/],
  ['calls-all-timestamps-unparseable.csv', null, /cannot recognise the timestamps in column "received_time"/],
  ['calls-truncated.csv.gz', null, /gzip file is truncated/],
  ['calls-windows-1252.csv', 2, /--encoding windows-1252/],
];

describe('bad input: one line, file and line named, exit 2, no stack trace', () => {
  for (const command of ['inspect', 'classify']) {
    for (const [file, line, message] of FATAL) {
      it(`${command} ${file}`, async () => {
        const r = await runCli([command, `fixtures/bad/${file}`, '--tz', 'UTC']);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        const lines = r.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        const where = line === null ? `fixtures/bad/${file}: ` : `fixtures/bad/${file}:${line}: `;
        expect(lines[0].startsWith(`css-analyze: ${where}`)).toBe(true);
        expect(lines[0]).toMatch(message);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      });
    }
  }

  it('--debug adds the stack trace', async () => {
    const r = await runCli(['inspect', 'fixtures/bad/calls-ragged-rows.csv', '--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('--skip-bad-rows counts the row instead of stopping', () => {
  const SKIPPED: [file: string, reason: string][] = [
    ['calls-unclosed-quote.csv', 'unclosed quote'],
    ['calls-ragged-rows.csv', 'ragged row'],
    ['calls-unparseable-timestamp.csv', 'unparseable received time'],
  ];
  for (const [file, reason] of SKIPPED) {
    it(file, async () => {
      const r = await runCli(['inspect', `fixtures/bad/${file}`, '--skip-bad-rows', '--json', '--tz', 'UTC']);
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(json.input.rowsRejected).toBe(1);
      expect(json.input.rejectReasons).toEqual({ [reason]: 1 });
      expect(json.input.rowsRead).toBe(json.input.rowsAccepted + json.input.rowsRejected);
    });
  }

  it('--rejects writes each rejected row with its line and reason', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'css-rejects-'));
    const rejects = join(dir, 'rejects.csv');
    const r = await runCli(['inspect', 'fixtures/bad/calls-ragged-rows.csv', '--skip-bad-rows', '--rejects', rejects, '--tz', 'UTC']);
    expect(r.code).toBe(0);
    const lines = readFileSync(rejects, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('fixtures/bad/calls-ragged-rows.csv,3,ragged row,"expected 5 fields, found 3",24-0002,TRAFFIC STOP,4');
  });
});

describe('encodings that are read', () => {
  for (const file of ['calls-utf16le-bom.csv', 'calls-utf16be-bom.csv', 'calls-utf16le-no-bom.csv']) {
    it(file, async () => {
      const r = await runCli(['inspect', `fixtures/bad/${file}`, '--json', '--tz', 'UTC']);
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(json.input.rowsRead).toBe(3);
      expect(json.input.rowsAccepted).toBe(3);
      expect(json.input.encoding).toMatch(/utf-16/);
      expect(json.callTypes.top.map((t: { callType: string }) => t.callType)).toContain('DISTURBANCE, VERBAL');
    });
  }

  it('windows-1252 with --encoding', async () => {
    const r = await runCli(['inspect', 'fixtures/bad/calls-windows-1252.csv', '--encoding', 'windows-1252', '--json', '--tz', 'UTC']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.callTypes.top[0].callType).toBe('CAFÉ DISTURBANCE “LOUD”');
  });
});
