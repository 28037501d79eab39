import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { generated, multiYearExport } from '../helpers/exports.js';
import { driftExport } from './drift-export.js';

/**
 * report resolves its settings like classify and estimate (flag > CSS_ANALYZE_* > config
 * file > default), takes estimate's parameter flags, checks the gates after writing the
 * report, and re-renders an analysis JSON from standard input. Built CLI.
 */
type Json = Record<string, any>;
let drift: string;
let dir: string;

const failures = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('css-analyze: check failed: '));
const read = (path: string): Json => JSON.parse(readFileSync(path, 'utf8'));

function files(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(root, f)).isFile())
    .sort();
}

beforeAll(async () => {
  drift = await driftExport();
  dir = mkdtempSync(join(tmpdir(), 'css-report-settings-'));
  const config = { formats: ['md', 'json'], timeZone: 'America/Chicago', skipBadRows: true, thresholds: { minCoverage: 0.999 }, parameters: { costPerCall: 700 } };
  writeFileSync(join(dir, 'css-analyze.config.json'), JSON.stringify(config));
}, 300_000);

describe('report and the config file, environment and flags', () => {
  it('config file: formats, zone, skipped rows and parameters apply; a failed threshold exits 1 after the report is written', async () => {
    const r = await runCli(['report', drift, '--out', 'from-config'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(failures(r.stderr)).toHaveLength(1);
    expect(failures(r.stderr)[0]).toMatch(/^css-analyze: check failed: [\d.]+% of calls classified is below thresholds\.minCoverage \(css-analyze\.config\.json\) 99\.9%/);
    expect(files(join(dir, 'from-config'))).toEqual(['analysis.json', 'report.md']);
    const a = read(join(dir, 'from-config', 'analysis.json'));
    expect(a.timeZone).toBe('America/Chicago');
    expect(a.input.rowsRejected).toBe(30);
    expect(a.parameters.costPerCall).toMatchObject({ value: 700, origin: 'config' });
    expect(a.settings.formats).toEqual({ value: ['md', 'json'], origin: 'config' });
    expect(a.settings.minCoverage).toEqual({ value: 0.999, origin: 'config' });
    expect(a.settings.skipBadRows).toEqual({ value: true, origin: 'config' });
    expect(a.settings['parameters.costPerCall']).toEqual({ value: 700, origin: 'config' });
  });

  const ENV = { CSS_ANALYZE_FORMAT: 'json', CSS_ANALYZE_PARAM_COST_PER_CALL: '900', CSS_ANALYZE_MIN_COVERAGE: '0.9', CSS_ANALYZE_TZ: 'America/Denver' };

  it('CSS_ANALYZE_* beats the config file', async () => {
    const r = await runCli(['report', drift, '--out', 'from-env'], { cwd: dir, env: ENV });
    expect(r.code, r.stderr).toBe(0);
    expect(files(join(dir, 'from-env'))).toEqual(['analysis.json']);
    const a = read(join(dir, 'from-env', 'analysis.json'));
    expect(a.timeZone).toBe('America/Denver');
    expect(a.parameters.costPerCall).toMatchObject({ value: 900, origin: 'env' });
    expect(a.settings.formats).toEqual({ value: ['json'], origin: 'env' });
    expect(a.settings.minCoverage).toEqual({ value: 0.9, origin: 'env' });
  });

  it('flags beat the environment and the config file; --verbose shows where each came from', async () => {
    const args = ['report', drift, '--out', 'from-flags', '--format', 'md', '--cost-per-call', '500', '--min-coverage', '0.5', '--tz', 'UTC', '--verbose', '--json'];
    const r = await runCli(args, { cwd: dir, env: ENV });
    expect(r.code, r.stderr).toBe(0);
    expect(files(join(dir, 'from-flags'))).toEqual(['report.md']);
    const a = JSON.parse(r.stdout);
    expect(a.timeZone).toBe('UTC');
    expect(a.parameters.costPerCall).toMatchObject({ value: 500, origin: 'flag' });
    expect(a.settings.formats).toEqual({ value: ['md'], origin: 'flag' });
    expect(a.settings.skipBadRows).toEqual({ value: true, origin: 'config' });
    expect(r.stderr).toMatch(/formats\s+\["md"\]\s+flag: --format/);
    expect(r.stderr).toMatch(/minCoverage\s+0\.5\s+flag: --min-coverage/);
    expect(r.stderr).toMatch(/parameters\.costPerCall\s+"?500"?\s+flag/);
  });

  it('--max-rejected, --max-imputed and --min-coverage: one line per failed check, exit 1, report written', async () => {
    const r = await runCli(['report', drift, '--out', 'gates', '--max-rejected', '10', '--max-imputed', '0'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const lines = failures(r.stderr);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/of calls classified is below thresholds\.minCoverage/);
    expect(lines[1]).toBe('css-analyze: check failed: 30 rows rejected is above --max-rejected 10 rows');
    expect(lines[2]).toMatch(/of calls with imputed officer time is above --max-imputed 0%$/);
    expect(files(join(dir, 'gates'))).toEqual(['analysis.json', 'report.md']);
  });
});

describe("report takes estimate's parameter flags", () => {
  let csv: string;
  let cwd: string;
  beforeAll(async () => {
    csv = await generated(3000, 5);
    cwd = mkdtempSync(join(tmpdir(), 'css-report-flags-'));
  }, 300_000);

  it('--cost-per-call 500 scales gross savings by 500/800 under the per-call model, as estimate does', async () => {
    const base = (await runJson(['report', csv, '--out', 'base', '--format', 'json'], { cwd })).json;
    const cheaper = (await runJson(['report', csv, '--out', 'cheaper', '--format', 'json', '--cost-per-call', '500'], { cwd })).json;
    expect(base.parameters.costModel.value).toBe('per-call');
    expect(base.parameters.costPerCall.value).toBe(800);
    expect(cheaper.parameters.costPerCall).toMatchObject({ value: 500, origin: 'flag' });
    expect(cheaper.scenarios.map((s: Json) => s.name)).toEqual(base.scenarios.map((s: Json) => s.name));
    base.scenarios.forEach((s: Json, i: number) => {
      const c = cheaper.scenarios[i];
      expect(c.callsDiverted).toBe(s.callsDiverted);
      expect(Math.abs(c.grossSavings - (s.grossSavings * 500) / 800), s.name).toBeLessThanOrEqual(1);
    });
    const estimate = (await runJson(['estimate', csv, '--cost-per-call', '500'], { cwd })).json;
    expect(cheaper.scenarios).toEqual(estimate.scenarios);
    expect(cheaper.parameters).toEqual(estimate.parameters);
  });

  it('--scenario, --service-hours, --officers-on-duty and --param are the estimate\'s', async () => {
    const args = ['--scenario', 'pilot:community=0.1', '--service-hours', 'Mon-Sun 07:00-23:00', '--officers-on-duty', '12', '--param', 'targetWaitMinutes=10'];
    const report = (await runJson(['report', csv, '--out', 'scenario', '--format', 'json', ...args], { cwd })).json;
    const estimate = (await runJson(['estimate', csv, ...args], { cwd })).json;
    expect(report.scenarios.map((s: Json) => s.name)).toEqual(['low', 'central', 'high', 'pilot']);
    expect(report.parameters.serviceHours).toMatchObject({ value: 'Mon-Sun 07:00-23:00', origin: 'flag' });
    expect(report.parameters.targetWaitMinutes).toMatchObject({ value: 10, origin: 'flag' });
    for (const k of ['scenarios', 'funnel', 'staffing', 'saturation', 'parameters']) expect(report[k], k).toEqual(estimate[k]);
  });

  it('report - renders an analysis JSON from standard input (estimate --json and classify --json)', async () => {
    const estimated = await runCli(['estimate', csv, '--json', '--quiet'], { cwd });
    expect(estimated.code).toBe(0);
    const r = await runCli(['report', '-', '--out', 'stdin', '--format', 'md,json', '--json', '--quiet'], { cwd, input: estimated.stdout });
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a.command).toBe('report');
    expect(a.scenarios).toEqual(JSON.parse(estimated.stdout).scenarios);
    expect(readFileSync(join(cwd, 'stdin', 'analysis.json'), 'utf8')).toBe(r.stdout);
    expect(readFileSync(join(cwd, 'stdin', 'report.md'), 'utf8')).toMatch(/## Savings scenarios/);

    const classified = await runCli(['classify', csv, '--json', '--quiet'], { cwd });
    const again = await runCli(['report', '-', '--out', 'stdin-classified', '--format', 'json', '--json', '--quiet', '--cost-per-call', '500'], { cwd, input: classified.stdout });
    expect(again.code, again.stderr).toBe(0);
    const b = JSON.parse(again.stdout);
    expect(b.parameters.costPerCall).toMatchObject({ value: 500, origin: 'flag' });
    JSON.parse(estimated.stdout).scenarios.forEach((s: Json, i: number) => expect(Math.abs(b.scenarios[i].grossSavings - (s.grossSavings * 500) / 800), s.name).toBeLessThanOrEqual(1));
  });

  it('report - with a CSV on standard input analyses it', async () => {
    const r = await runCli(['report', '-', '--out', 'stdin-csv', '--format', 'json', '--json', '--quiet'], { cwd, input: readFileSync(csv) });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).totals.calls).toBe(3000);
  });
});

describe('report: periods, comparisons and before/after', () => {
  let csv: string;
  let cwd: string;
  let a: Json;
  let md: string;
  beforeAll(async () => {
    csv = await multiYearExport();
    cwd = mkdtempSync(join(tmpdir(), 'css-report-periods-'));
    const args = ['report', csv, '--out', 'q2', '--format', 'md,json', '--period', '2019-Q2', '--compare', 'previous,year-ago', '--program-start', '2019-05-15', '--program-beats', '413,431'];
    const r = await runCli(args, { cwd });
    if (r.code !== 0) throw new Error(r.stderr);
    a = read(join(cwd, 'q2', 'analysis.json'));
    md = readFileSync(join(cwd, 'q2', 'report.md'), 'utf8');
  }, 300_000);

  it('the analysis holds the period, both comparisons and the before/after', () => {
    expect(a.period).toMatchObject({ label: '2019-Q2', from: '2019-04-01', to: '2019-06-30' });
    expect(a.comparison.against.map((e: Json) => e.label)).toEqual(['2019-Q1', '2018-Q2']);
    expect(a.beforeAfter.program).toEqual({ start: '2019-05-15', hours: null, beats: ['413', '431'] });
    expect(a.settings.period).toEqual({ value: '2019-Q2', origin: 'flag' });
  });

  it('report.md shows them, with the figures of the analysis', () => {
    expect(md).toContain('- [Period and comparisons](#period-and-comparisons)');
    expect(md).toContain(`This report covers period 2019-Q2: calls received from 2019-04-01 to 2019-06-30`);
    const q1 = a.comparison.against[0];
    const calls = (n: number) => n.toLocaleString('en-US');
    expect(md).toContain('### Compared with 2019-Q1 (the previous period)');
    expect(md).toContain('### Compared with 2018-Q2 (the same period a year earlier)');
    expect(md).toContain(`| Calls | ${calls(q1.totals.calls.comparison)} | ${calls(q1.totals.calls.current)} |`);
    expect(md).toContain('## Before and after the program');
    expect(md).toContain(`first day, 2019-05-15 (beats 413, 431)`);
    expect(md).toMatch(/\| All calls \| [\d,]+ \| [\d.,]+ \| [\d,]+ \|/);
    expect(md).toContain(a.beforeAfter.caveats[0]);
  });

  it('a saved analysis cannot be cut to a period again: a --period flag is an error, a configured one a warning', async () => {
    const saved = join(cwd, 'q2', 'analysis.json');
    const flag = await runCli(['report', saved, '--out', 'again', '--period', '2019-Q2'], { cwd });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--period needs the CSV export, not a saved analysis/);
    const conf = mkdtempSync(join(tmpdir(), 'css-report-saved-'));
    writeFileSync(join(conf, 'css-analyze.config.json'), JSON.stringify({ period: '2019-Q2', formats: ['json'] }));
    const r = await runCli(['report', relative(conf, saved), '--out', 'again'], { cwd: conf });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/period \(from css-analyze\.config\.json \$\.period\) is ignored/);
    expect(read(join(conf, 'again', 'analysis.json')).period.label).toBe('2019-Q2');
  });
});
