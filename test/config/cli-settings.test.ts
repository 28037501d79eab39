import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { generated } from '../helpers/exports.js';

/** End to end through the built CLI (npm run build first): the config file, CSS_ANALYZE_* and flags. */
let csv: string;
let dir: string;

beforeAll(async () => {
  csv = await generated(3000, 5);
  dir = mkdtempSync(join(tmpdir(), 'css-cli-settings-'));
  writeFileSync(join(dir, 'css-analyze.config.json'), JSON.stringify({ timeZone: 'America/Chicago', thresholds: { maxImputed: '50%' } }));
}, 300_000);

describe('precedence through the CLI', () => {
  it('default: the preset decides the zone, nothing is recorded as set', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'css-cli-empty-'));
    const { json } = await runJson(['classify', csv], { cwd: empty });
    expect(json.timeZone).toBe('America/New_York');
    expect(json.settings.timeZone).toEqual({ value: null, origin: 'default' });
    expect(json.settings.config).toEqual({ value: null, origin: 'default' });
  });

  it('config file in the current directory beats the default', async () => {
    const { json } = await runJson(['classify', csv], { cwd: dir });
    expect(json.timeZone).toBe('America/Chicago');
    expect(json.settings.timeZone).toEqual({ value: 'America/Chicago', origin: 'config' });
    expect(json.settings.config).toEqual({ value: 'css-analyze.config.json', origin: 'default' });
    expect(json.settings.maxImputed).toEqual({ value: 0.5, origin: 'config' });
  });

  it('CSS_ANALYZE_TZ beats the config file', async () => {
    const { json } = await runJson(['classify', csv], { cwd: dir, env: { CSS_ANALYZE_TZ: 'America/Denver' } });
    expect(json.timeZone).toBe('America/Denver');
    expect(json.settings.timeZone).toEqual({ value: 'America/Denver', origin: 'env' });
  });

  it('--tz beats CSS_ANALYZE_TZ and the config file', async () => {
    const { json } = await runJson(['classify', csv, '--tz', 'UTC'], { cwd: dir, env: { CSS_ANALYZE_TZ: 'America/Denver' } });
    expect(json.timeZone).toBe('UTC');
    expect(json.settings.timeZone).toEqual({ value: 'UTC', origin: 'flag' });
  });

  it('never reads a config file from a parent folder', async () => {
    const child = join(dir, 'child');
    mkdirSync(child, { recursive: true });
    const { json } = await runJson(['classify', csv], { cwd: child });
    expect(json.settings.config.value).toBeNull();
    expect(json.timeZone).toBe('America/New_York');
  });

  it('--verbose prints each setting with its origin on stderr', async () => {
    const r = await runCli(['classify', csv, '--verbose', '--min-coverage', '0.5', '--json'], { cwd: dir, env: { CSS_ANALYZE_TZ: 'America/Denver' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/settings \(flag > environment > config file > default\)/);
    expect(r.stderr).toMatch(/timeZone\s+America\/Denver\s+env: CSS_ANALYZE_TZ/);
    expect(r.stderr).toMatch(/minCoverage\s+0\.5\s+flag: --min-coverage/);
    expect(r.stderr).toMatch(/maxImputed\s+0\.5\s+config: css-analyze\.config\.json \$\.thresholds\.maxImputed/);
    expect(r.stderr).toMatch(/config\s+css-analyze\.config\.json\s+default/);
    expect(JSON.parse(r.stdout).settings.minCoverage).toEqual({ value: 0.5, origin: 'flag' });
  });

  it('warns about CSS_ANALYZE_* variables that are not settings', async () => {
    const r = await runCli(['classify', csv, '--json'], { cwd: dir, env: { CSS_ANALYZE_TIMEZONE: 'UTC' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/CSS_ANALYZE_TIMEZONE is not a css-analyze setting.*did you mean CSS_ANALYZE_TZ/);
  });
});

describe('config errors through the CLI: exit 2, one line naming the file and JSON path', () => {
  it('unknown key', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'css-cli-bad-'));
    writeFileSync(join(bad, 'css-analyze.config.json'), JSON.stringify({ thresholds: { minCoverage: 0.9, maxImputd: 0.1 } }));
    const r = await runCli(['classify', csv], { cwd: bad });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^css-analyze: css-analyze\.config\.json: \$\.thresholds\.maxImputd: unknown key "maxImputd" \(did you mean maxImputed\?\)/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('a bad environment value', async () => {
    const r = await runCli(['classify', csv], { cwd: dir, env: { CSS_ANALYZE_MAX_REJECTED: 'many' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^css-analyze: environment variable CSS_ANALYZE_MAX_REJECTED must be a share of rows/);
  });

  it('--config naming a missing file', async () => {
    const r = await runCli(['classify', csv, '--config', 'nope.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^css-analyze: nope\.json: no such config file/);
  });
});
