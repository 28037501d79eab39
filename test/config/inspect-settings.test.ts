import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { generated } from '../helpers/exports.js';
import { writeWorkbook } from '../helpers/xlsx.js';

/**
 * inspect resolves its input settings (mapping, preset, zone, encoding, delimiter …) like
 * every other command: flag > CSS_ANALYZE_* > config file > default. Built CLI.
 */
let csv: string;
let dir: string;

beforeAll(async () => {
  csv = await generated(3000, 5);
  dir = mkdtempSync(join(tmpdir(), 'css-inspect-settings-'));
  const mapping = { fields: { callType: 'initial_nature', received: 'call_received', cleared: 'call_cleared' } };
  writeFileSync(join(dir, 'css-analyze.config.json'), JSON.stringify({ timeZone: 'America/Chicago', mapping, thresholds: { minCoverage: 0.99 } }));
}, 300_000);

describe('inspect and the settings layer', () => {
  it('reads the time zone and the mapping from the config file', async () => {
    const { json } = await runJson(['inspect', csv], { cwd: dir });
    expect(json.mappingDetails.timeZone).toBe('America/Chicago');
    expect(json.mappingDetails.origin).toBe('mapping-file');
    expect(json.mapping).toEqual({ callType: 'initial_nature', received: 'call_received', cleared: 'call_cleared' });
  });

  it('without a config file the preset decides', async () => {
    const { json } = await runJson(['inspect', csv], { cwd: mkdtempSync(join(tmpdir(), 'css-inspect-empty-')) });
    expect(json.mappingDetails.timeZone).toBe('America/New_York');
    expect(json.mappingDetails.origin).toBe('preset');
  });

  it('CSS_ANALYZE_TZ beats the config file, and --tz beats both', async () => {
    const env = { CSS_ANALYZE_TZ: 'America/Denver' };
    expect((await runJson(['inspect', csv], { cwd: dir, env })).json.mappingDetails.timeZone).toBe('America/Denver');
    expect((await runJson(['inspect', csv, '--tz', 'UTC'], { cwd: dir, env })).json.mappingDetails.timeZone).toBe('UTC');
  });

  it('--config names another file; CSS_ANALYZE_PRESET is read', async () => {
    const other = join(mkdtempSync(join(tmpdir(), 'css-inspect-other-')), 'settings.json');
    writeFileSync(other, JSON.stringify({ timeZone: 'America/Los_Angeles' }));
    const { json } = await runJson(['inspect', csv, '--config', other], { cwd: dir, env: { CSS_ANALYZE_PRESET: 'durham-synthetic' } });
    expect(json.mappingDetails.timeZone).toBe('America/Los_Angeles');
    expect(json.mappingDetails.origin).toBe('preset');
  });

  it('--verbose prints the resolved input settings and where each came from', async () => {
    const r = await runCli(['inspect', csv, '--verbose', '--json', '--delimiter', ','], { cwd: dir, env: { CSS_ANALYZE_ENCODING: 'utf-8' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/settings \(flag > environment > config file > default\)/);
    expect(r.stderr).toMatch(/timeZone\s+America\/Chicago\s+config: css-analyze\.config\.json \$\.timeZone/);
    expect(r.stderr).toMatch(/mapping\s+\{"fields".*config: css-analyze\.config\.json \$\.mapping/);
    expect(r.stderr).toMatch(/encoding\s+utf-8\s+env: CSS_ANALYZE_ENCODING/);
    expect(r.stderr).toMatch(/delimiter\s+,\s+flag: --delimiter/);
    // Settings inspect has no use for are not listed.
    expect(r.stderr).not.toMatch(/minCoverage/);
  });

  it('a bad config value is a one-line error naming the file and JSON path (exit 2)', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'css-inspect-bad-'));
    writeFileSync(join(bad, 'css-analyze.config.json'), JSON.stringify({ timeZone: 'Mars/Olympus' }));
    const r = await runCli(['inspect', csv], { cwd: bad });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^css-analyze: css-analyze\.config\.json: \$\.timeZone must be an IANA time zone/);
  });

  it('--list-presets needs no config file to be valid', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'css-inspect-bad-'));
    writeFileSync(join(bad, 'css-analyze.config.json'), '{ not json');
    const r = await runCli(['inspect', '--list-presets', '--json'], { cwd: bad });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).length).toBeGreaterThan(0);
  });

  it('reads the sheet and header row of a workbook from the config file or the environment', async () => {
    // Lines without quoted fields, so a split on commas is exact.
    const [header, ...rows] = readFileSync(csv, 'utf8').trimEnd().split('\n').filter((l) => !l.includes('"')).slice(0, 41).map((l) => l.split(','));
    const book = mkdtempSync(join(tmpdir(), 'css-inspect-xlsx-'));
    const path = join(book, 'calls.xlsx');
    await writeWorkbook(path, [
      { name: 'Notes', rows: [['Exported from CAD']] },
      { name: 'Calls', rows: [['Calls for service, 2017'], [], header, ...rows] },
    ]);
    writeFileSync(join(book, 'css-analyze.config.json'), JSON.stringify({ sheet: 'Calls', headerRow: 3, timeZone: 'America/New_York' }));
    const { json } = await runJson(['inspect', path], { cwd: book });
    expect(json.files[0]).toMatchObject({ sheet: 'Calls', headerRow: 3 });
    expect(json.input.rowsRead).toBe(rows.length);
    const env = await runCli(['inspect', path, '--json'], { cwd: book, env: { CSS_ANALYZE_HEADER_ROW: '1' } });
    expect(env.code).toBe(2);
    // Row 1 as the header (the environment beats the config file): its only column is the title.
    expect(env.stderr).toMatch(/The first line \("Calls for service, 2017"\) looks like a title/);
  });
});
