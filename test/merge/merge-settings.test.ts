import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { generated, splitRows } from '../helpers/exports.js';

/**
 * merge resolves its settings like every other command (flag > CSS_ANALYZE_* > config file >
 * default): it reads the quality gates, checks them on the merged whole, prints the settings
 * with --verbose and records them in the merged Analysis. Built CLI, run from folders that
 * hold (or do not hold) a css-analyze.config.json.
 */
type Json = Record<string, any>;
let shards: string[];
let estimated: string[];
/** Share of the merged calls whose officer time was imputed: the gate the tests move around. */
let imputed: number;

const GATE_NAMES = ['config', 'maxImputed', 'maxRejected', 'minCoverage'];

function folder(config?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'css-merge-settings-'));
  if (config !== undefined) writeFileSync(join(dir, 'css-analyze.config.json'), JSON.stringify(config));
  return dir;
}

beforeAll(async () => {
  const csv = await generated(3000, 5);
  const dir = folder();
  shards = [];
  estimated = [];
  for (const k of [0, 1]) {
    const part = join(dir, `half-${k}.csv`);
    await splitRows(csv, part, (i) => i % 2 === k);
    for (const [command, list] of [['classify', shards], ['estimate', estimated]] as const) {
      const file = join(dir, `half-${k}.${command}.json`);
      writeFileSync(file, (await runJson([command, part], { cwd: dir })).result.stdout);
      list.push(file);
    }
  }
  const { json } = await runJson(['merge', ...shards], { cwd: folder() });
  imputed = json.officerTime.imputedCalls / json.totals.calls;
  expect(imputed).toBeGreaterThan(0);
  expect(imputed).toBeLessThan(0.5);
}, 300_000);

describe('merge reads the quality gates from the settings layer', () => {
  it('a threshold in the config file fails the merge (exit 1) after the merged analysis is written', async () => {
    const dir = folder({ thresholds: { maxImputed: imputed / 2 } });
    const out = join(dir, 'all.json');
    const r = await runCli(['merge', ...shards, '--out', out], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^css-analyze: check failed: [\d.]+% of calls with imputed officer time is above thresholds\.maxImputed \(css-analyze\.config\.json\) [\d.]+%$/m);
    const merged = JSON.parse(readFileSync(out, 'utf8'));
    expect(merged.settings.maxImputed).toEqual({ value: imputed / 2, origin: 'config' });

    // The same merge without the config file passes.
    const plain = folder();
    expect((await runCli(['merge', ...shards, '--out', join(plain, 'all.json')], { cwd: plain })).code).toBe(0);
  });

  it('CSS_ANALYZE_* beats the config file, and a flag beats both', async () => {
    const dir = folder({ thresholds: { maxImputed: imputed / 2 } });
    const env = { CSS_ANALYZE_MAX_IMPUTED: String(Math.min(1, imputed * 2)) };
    const byEnv = await runCli(['merge', ...shards, '--json'], { cwd: dir, env });
    expect(byEnv.code, byEnv.stderr).toBe(0);
    expect(JSON.parse(byEnv.stdout).settings.maxImputed).toEqual({ value: Math.min(1, imputed * 2), origin: 'env' });

    const out = join(dir, 'flag.json');
    const byFlag = await runCli(['merge', ...shards, '--out', out, '--max-imputed', '1%'], { cwd: dir, env });
    expect(byFlag.code).toBe(1);
    expect(byFlag.stderr).toMatch(/check failed: [\d.]+% of calls with imputed officer time is above --max-imputed 1%/);
    expect(JSON.parse(readFileSync(out, 'utf8')).settings.maxImputed).toEqual({ value: 0.01, origin: 'flag' });
  });

  it('--config names another file, and a bad value in it is a usage error naming the file and JSON path', async () => {
    const other = join(folder(), 'ci.json');
    writeFileSync(other, JSON.stringify({ thresholds: { minCoverage: '100%', maxRejected: 0 } }));
    const { json } = await runJson(['merge', ...shards, '--config', other], { cwd: folder({ thresholds: { maxImputed: 0 } }) });
    expect(json.settings).toEqual({
      config: { value: other, origin: 'flag' },
      maxImputed: { value: null, origin: 'default' },
      maxRejected: { value: { count: 0 }, origin: 'config' },
      minCoverage: { value: 1, origin: 'config' },
    });

    writeFileSync(other, JSON.stringify({ thresholds: { maxRejected: 'lots' } }));
    const bad = await runCli(['merge', ...shards, '--config', other]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^css-analyze: .*ci\.json: \$\.thresholds\.maxRejected must be a share of rows/);
  });

  it('--verbose prints the settings merge uses with their origins on stderr; stdout stays the JSON alone', async () => {
    const dir = folder({ timeZone: 'America/Chicago', thresholds: { maxImputed: 0.9 } });
    const r = await runCli(['merge', ...shards, '--verbose', '--min-coverage', '50%'], { cwd: dir, env: { CSS_ANALYZE_MAX_REJECTED: '2%' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^css-analyze: settings \(flag > environment > config file > default\):$/m);
    expect(r.stderr).toMatch(/^ {2}config\s+css-analyze\.config\.json\s+default$/m);
    expect(r.stderr).toMatch(/^ {2}minCoverage\s+0\.5\s+flag: --min-coverage$/m);
    expect(r.stderr).toMatch(/^ {2}maxRejected\s+2% of rows\s+env: CSS_ANALYZE_MAX_REJECTED$/m);
    expect(r.stderr).toMatch(/^ {2}maxImputed\s+0\.9\s+config: css-analyze\.config\.json \$\.thresholds\.maxImputed$/m);
    // Settings merge has no use for are not listed, though the config file sets one.
    expect(r.stderr).not.toMatch(/timeZone/);
    const merged = JSON.parse(r.stdout);
    expect(Object.keys(merged.settings)).toEqual(GATE_NAMES);
    expect(merged.settings.minCoverage).toEqual({ value: 0.5, origin: 'flag' });
  });
});

describe('settings merge does not use', () => {
  const unused = {
    description: 'shared with the classify and report steps',
    timeZone: 'America/Chicago',
    taxonomy: 'no-such-taxonomy-file.json',
    mapping: 'no-such-mapping.json',
    period: '2016-Q1',
    compare: ['previous', 'no-such-analysis.json'],
    programStart: '2017-10-05',
    capMinutes: 60,
    formats: ['md'],
    parameters: { costPerCall: 1 },
  };

  it('are ignored silently: same analysis, same stderr, not recorded', async () => {
    const plain = folder();
    const reference = await runCli(['merge', ...shards, '--json'], { cwd: plain });
    const dir = folder(unused);
    const r = await runCli(['merge', ...shards, '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(reference.stderr);
    const { settings, ...rest } = JSON.parse(r.stdout);
    const { settings: referenceSettings, ...referenceRest } = JSON.parse(reference.stdout);
    expect(rest).toEqual(referenceRest);
    expect(Object.keys(settings)).toEqual(GATE_NAMES);
    expect(settings.config).toEqual({ value: 'css-analyze.config.json', origin: 'default' });
    expect(referenceSettings.config).toEqual({ value: null, origin: 'default' });
    expect(existsSync(join(dir, 'no-such-analysis.json'))).toBe(false);
  });

  it('estimated inputs keep their own parameters; settings sit before the estimate sections', async () => {
    const r = await runCli(['merge', ...estimated, '--json'], { cwd: folder(unused) });
    expect(r.code, r.stderr).toBe(0);
    const merged: Json = JSON.parse(r.stdout);
    const input: Json = JSON.parse(readFileSync(estimated[0], 'utf8'));
    expect(merged.command).toBe('merge');
    expect(merged.parameters.costPerCall).toEqual(input.parameters.costPerCall);
    expect(Object.keys(merged.settings)).toEqual(GATE_NAMES);
    const keys = Object.keys(merged);
    expect(keys.slice(keys.indexOf('merge'), keys.indexOf('merge') + 3)).toEqual(['merge', 'settings', 'parameters']);
    expect(keys.at(-1)).toBe('store');
  });
});

describe('merge --help', () => {
  /** An option's lines in a --help, from its term to the next option. */
  const optionText = (help: string, flag: string) => {
    const lines = help.split('\n');
    const start = lines.findIndex((l) => new RegExp(`^ {2}(-\\w, )?${flag}\\b`).test(l));
    const end = lines.findIndex((l, i) => i > start && /^ {2}-/.test(l));
    return lines.slice(start, end).map((l) => l.trim()).join(' ').replace(/\s+/g, ' ');
  };

  it('shows --config, --verbose and the gates worded as in classify', async () => {
    const [merge, classify] = await Promise.all([runCli(['merge', '--help']), runCli(['classify', '--help'])]);
    for (const flag of ['--config', '--verbose', '--min-coverage', '--max-rejected', '--max-imputed']) {
      expect(optionText(merge.stdout, flag), flag).not.toBe('');
      expect(optionText(merge.stdout, flag), flag).toBe(optionText(classify.stdout, flag));
    }
  });
});
