import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addAnalysisOptions, windowsOnSavedAnalysis } from '../../src/cli/analysis-options.js';
import { addInputOptions } from '../../src/cli/input-options.js';
import { resolveSettings } from '../../src/cli/settings.js';
import { cssErrorOf } from '../helpers/errors.js';

/** A command with the shared flags, parsed from `args`, as commander hands it to an action. */
function command(args: string[]): Command {
  const program = new Command('css-analyze').exitOverride();
  const cmd = program.command('classify').argument('[files...]').action(() => undefined);
  addAnalysisOptions(addInputOptions(cmd));
  program.parse(['classify', ...args], { from: 'user' });
  return cmd;
}

function configFile(json: unknown, name = 'css-analyze.config.json'): string {
  const dir = mkdtempSync(join(tmpdir(), 'css-config-'));
  const path = join(dir, name);
  writeFileSync(path, typeof json === 'string' ? json : JSON.stringify(json, null, 2));
  return path;
}

function resolve(args: string[], env: Record<string, string> = {}) {
  return resolveSettings(command(args), { env });
}

describe('precedence: flag > environment > config file > default', () => {
  const config = configFile({ timeZone: 'America/Chicago', taxonomy: 'default', thresholds: { minCoverage: 0.9, maxRejected: '3%' } });

  it('uses the default when nothing sets a value', () => {
    const s = resolve([]);
    expect(s.settings.timeZone).toEqual({ value: null, origin: 'default' });
    expect(s.settings.minCoverage).toEqual({ value: null, origin: 'default' });
  });

  it('config beats the default', () => {
    const s = resolve(['--config', config]);
    expect(s.settings.timeZone).toMatchObject({ value: 'America/Chicago', origin: 'config' });
    expect(s.settings.minCoverage).toMatchObject({ value: 0.9, origin: 'config' });
    expect(s.settings.maxRejected).toMatchObject({ value: { share: 0.03 }, origin: 'config' });
    expect(s.flags.tz).toBe('America/Chicago');
  });

  it('environment beats config', () => {
    const s = resolve(['--config', config], { CSS_ANALYZE_TZ: 'America/Denver', CSS_ANALYZE_MIN_COVERAGE: '95%' });
    expect(s.settings.timeZone).toMatchObject({ value: 'America/Denver', origin: 'env', from: 'CSS_ANALYZE_TZ' });
    expect(s.settings.minCoverage).toMatchObject({ value: 0.95, origin: 'env' });
    expect(s.settings.maxRejected).toMatchObject({ origin: 'config' });
  });

  it('a flag beats environment and config', () => {
    const s = resolve(['--config', config, '--tz', 'UTC', '--min-coverage', '0.99'], { CSS_ANALYZE_TZ: 'America/Denver', CSS_ANALYZE_MIN_COVERAGE: '95%' });
    expect(s.settings.timeZone).toMatchObject({ value: 'UTC', origin: 'flag', from: '--tz' });
    expect(s.settings.minCoverage).toMatchObject({ value: 0.99, origin: 'flag' });
    expect(s.flags.minCoverage).toBe(0.99);
  });

  it('CSS_ANALYZE_TAXONOMY beats the file, --taxonomy beats both', () => {
    expect(resolve(['--config', config], { CSS_ANALYZE_TAXONOMY: 'presets/x' }).settings.taxonomy).toMatchObject({ value: 'presets/x', origin: 'env' });
    expect(resolve(['--config', config, '--taxonomy', 'mine.json'], { CSS_ANALYZE_TAXONOMY: 'presets/x' }).settings.taxonomy).toMatchObject({ value: 'mine.json', origin: 'flag' });
  });

  it("a flag's built-in default does not hide the config file", () => {
    const withReader = configFile({ reader: 'csv-parse' });
    expect(resolve([]).settings.reader).toEqual({ value: 'fast', origin: 'default' });
    expect(resolve(['--config', withReader]).settings.reader).toMatchObject({ value: 'csv-parse', origin: 'config' });
    expect(resolve(['--config', withReader, '--reader', 'fast']).settings.reader).toMatchObject({ value: 'fast', origin: 'flag' });
  });

  it('CSS_ANALYZE_CONFIG names the file; --config beats it', () => {
    const other = configFile({ timeZone: 'America/Phoenix' });
    expect(resolve([], { CSS_ANALYZE_CONFIG: config }).settings.timeZone).toMatchObject({ value: 'America/Chicago', origin: 'config' });
    expect(resolve([], { CSS_ANALYZE_CONFIG: config }).settings.config).toMatchObject({ value: config, origin: 'env' });
    expect(resolve(['--config', other], { CSS_ANALYZE_CONFIG: config }).settings.timeZone).toMatchObject({ value: 'America/Phoenix' });
  });

  it('decides the period as a whole, from the highest layer that sets any of it', () => {
    const withPeriod = configFile({ period: '2019-Q2' });
    const s = resolve(['--config', withPeriod, '--from', '2019-05-01']);
    expect(s.flags.period).toBeUndefined();
    expect(s.settings.from).toMatchObject({ value: '2019-05-01', origin: 'flag' });
    expect(resolve(['--config', withPeriod]).settings.period).toMatchObject({ value: '2019-Q2', origin: 'config' });
    expect(cssErrorOf(() => resolve(['--period', '2019-Q2', '--to', '2019-05-01'])).message).toMatch(/not both/);
  });

  it('merges estimate parameters by the same precedence, with an origin each', () => {
    const withParams = configFile({ parameters: { costPerCall: 900, altCostPerCall: 90 } });
    const s = resolveSettings(command(['--config', withParams]), {
      env: { CSS_ANALYZE_PARAM_COST_PER_CALL: '950', CSS_ANALYZE_PARAM_COST_PER_OFFICER_HOUR: '70' },
      parameterFlags: { 'cost-per-officer-hour': '75' },
    });
    expect(s.parameters.values).toEqual({ costPerCall: '950', altCostPerCall: 90, costPerOfficerHour: '75' });
    expect(s.parameters.origins).toEqual({ costPerCall: 'env', altCostPerCall: 'config', costPerOfficerHour: 'flag' });
  });

  it('resolves paths in the config file against its folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'css-config-'));
    mkdirSync(join(dir, 'maps'));
    const path = join(dir, 'css-analyze.config.json');
    writeFileSync(path, JSON.stringify({ mapping: 'maps/city.json', taxonomy: 'tax/city.json', compare: ['previous', 'q2.json'] }));
    const s = resolve(['--config', path]);
    expect(s.flags.mapping).toBe(relative(process.cwd(), join(dir, 'maps/city.json')));
    expect(s.flags.taxonomy).toBe(relative(process.cwd(), join(dir, 'tax/city.json')));
    expect(s.flags.compare).toEqual(['previous', relative(process.cwd(), join(dir, 'q2.json'))]);
    // Built-in taxonomy names are names, not paths.
    expect(resolve(['--config', configFile({ taxonomy: 'presets/durham' })]).flags.taxonomy).toBe('presets/durham');
  });

  it('reads an inline mapping object from the config file', () => {
    const s = resolve(['--config', configFile({ mapping: { fields: { received: 'call_received', callType: 'nature' } } })]);
    expect(s.flags.mapping).toMatchObject({ fields: { received: 'call_received', callType: 'nature' } });
  });

  it('parses shares and row counts the same way everywhere', () => {
    expect(resolve(['--max-rejected', '2%']).flags.maxRejected).toEqual({ share: 0.02 });
    expect(resolve(['--max-rejected', '0.02']).flags.maxRejected).toEqual({ share: 0.02 });
    expect(resolve(['--max-rejected', '150']).flags.maxRejected).toEqual({ count: 150 });
    expect(resolve([], { CSS_ANALYZE_MAX_IMPUTED: '10%' }).flags.maxImputed).toBe(0.1);
    expect(resolve(['--config', configFile({ thresholds: { maxRejected: 150 } })]).flags.maxRejected).toEqual({ count: 150 });
  });
});

describe('errors name the flag, the variable, or the file and JSON path', () => {
  it('bad flag and environment values', () => {
    expect(cssErrorOf(() => resolve(['--max-rejected', 'lots'])).message).toMatch(/^--max-rejected must be a share of rows .*got "lots"/);
    const env = cssErrorOf(() => resolve([], { CSS_ANALYZE_MIN_COVERAGE: 'abc' }));
    expect(env.message).toMatch(/^environment variable CSS_ANALYZE_MIN_COVERAGE must be a share between 0 and 1.*got "abc"/);
    expect(env.exitCode).toBe(2);
    expect(cssErrorOf(() => resolve([], { CSS_ANALYZE_TZ: 'America/Nowhere' })).message).toMatch(/CSS_ANALYZE_TZ must be an IANA time zone/);
  });

  const cases: [string, unknown, RegExp][] = [
    ['unknown top-level key, with a suggestion', { timezone: 'UTC' }, /\$\.timezone: unknown key "timezone" \(did you mean timeZone\?\)/],
    ['unknown nested key', { thresholds: { maxRejectd: 0.1 } }, /\$\.thresholds\.maxRejectd: unknown key "maxRejectd" \(did you mean maxRejected\?\)/],
    ['a bad value', { thresholds: { maxRejected: 'lots' } }, /\$\.thresholds\.maxRejected must be a share of rows .*got "lots"/],
    ['a bad zone', { timeZone: 'Mars/Olympus' }, /\$\.timeZone must be an IANA time zone .*got "Mars\/Olympus"/],
    ['a bad period', { period: '2024-Q5' }, /\$\.period must be a year .*got "2024-Q5"/],
    ['thresholds not an object', { thresholds: 0.9 }, /\$\.thresholds must be an object/],
    ['an inline mapping with an unknown field', { mapping: { fields: { recieved: 'x' } } }, /\$\.mapping\.fields\.recieved: unknown Call field/],
    ['an unknown parameter', { parameters: { costPerCal: 5 } }, /\$\.parameters\.costPerCal: unknown parameter "costPerCal"/],
    ['a parameter out of range', { parameters: { costPerCall: -5 } }, /\$\.parameters\.costPerCall: parameter costPerCall must be/],
    ['a top level that is not an object', [1, 2], /\$: the config file must hold a JSON object/],
  ];
  for (const [name, json, pattern] of cases) {
    it(name, () => {
      const path = configFile(json);
      const err = cssErrorOf(() => resolve(['--config', path]));
      expect(err.place.file).toBe(path);
      expect(err.format()).toMatch(pattern);
      expect(err.exitCode).toBe(2);
    });
  }

  it('JSON syntax errors give the line and column', () => {
    const path = configFile('{\n  "timeZone": "UTC"\n  "period": "2024"\n}\n');
    expect(cssErrorOf(() => resolve(['--config', path])).format()).toMatch(/is not valid JSON: .* at line 3, column 3/);
  });

  it('a missing --config file is an error', () => {
    expect(cssErrorOf(() => resolve(['--config', '/nonexistent/css.json'])).format()).toMatch(/\/nonexistent\/css\.json: no such config file/);
  });
});

describe('prototype keys cannot alter objects', () => {
  const cases: [string, string][] = [
    ['__proto__ at the top', '{"__proto__": {"polluted": true}, "timeZone": "UTC"}'],
    ['__proto__ in parameters', '{"parameters": {"__proto__": {"polluted": true}}}'],
    ['constructor in thresholds', '{"thresholds": {"constructor": {"prototype": {"polluted": true}}}}'],
    ['prototype inside an inline mapping', '{"mapping": {"fields": {"callType": "x"}, "source": {"prototype": 1}}}'],
  ];
  for (const [name, text] of cases) {
    it(`refuses ${name}`, () => {
      const err = cssErrorOf(() => resolve(['--config', configFile(text)]));
      expect(err.format()).toMatch(/the key "(__proto__|constructor|prototype)" is not allowed/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    });
  }
});

describe('window settings on a saved analysis (estimate/report given analysis.json)', () => {
  it('flags are an error; the config file\'s are ignored with a warning; file comparisons stay', () => {
    expect(cssErrorOf(() => windowsOnSavedAnalysis(resolve(['--period', '2019-Q2']), 'a.json')).message).toBe('--period needs the CSV export, not a saved analysis (a.json)');
    expect(cssErrorOf(() => windowsOnSavedAnalysis(resolve(['--compare', 'previous']), 'a.json')).message).toMatch(/^--compare previous\/year-ago needs the CSV export/);
    const s = resolve(['--config', configFile({ period: '2019-Q2', compare: ['previous', '/tmp/q1.json'] })]);
    const warnings = windowsOnSavedAnalysis(s, 'a.json');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^period \(from .*\$\.period\) is ignored: a\.json is a saved analysis/);
    expect(s.flags.period).toBeUndefined();
    expect(s.flags.compare).toEqual(['/tmp/q1.json']);
  });
});

describe('workbook settings: sheet and headerRow', () => {
  it('come from the config file, the environment or the flags, each parsed the same way', () => {
    const path = configFile({ sheet: 2, headerRow: 3 });
    const fromFile = resolve(['--config', path]);
    expect(fromFile.settings.sheet).toMatchObject({ value: '2', origin: 'config' });
    expect(fromFile.settings.headerRow).toMatchObject({ value: 3, origin: 'config' });
    expect(fromFile.flags).toMatchObject({ sheet: '2', headerRow: 3 });
    const fromEnv = resolve(['--config', path], { CSS_ANALYZE_SHEET: 'Calls 2019', CSS_ANALYZE_HEADER_ROW: '4' });
    expect(fromEnv.flags).toMatchObject({ sheet: 'Calls 2019', headerRow: 4 });
    expect(fromEnv.settings.headerRow.origin).toBe('env');
    const fromFlags = resolve(['--config', path, '--sheet', 'Data', '--header-row', '5'], { CSS_ANALYZE_HEADER_ROW: '4' });
    expect(fromFlags.flags).toMatchObject({ sheet: 'Data', headerRow: 5 });
    expect(fromFlags.settings.sheet).toMatchObject({ value: 'Data', origin: 'flag' });
  });

  it('a bad value names where it came from', () => {
    expect(cssErrorOf(() => resolve(['--config', configFile({ headerRow: 0 })])).format()).toMatch(/\$\.headerRow must be a row number, 1 or more, got 0/);
    expect(cssErrorOf(() => resolve([], { CSS_ANALYZE_HEADER_ROW: 'three' })).message).toBe('environment variable CSS_ANALYZE_HEADER_ROW must be a row number, 1 or more, got "three"');
    expect(cssErrorOf(() => resolve(['--config', configFile({ sheet: '' })])).format()).toMatch(/\$\.sheet must be a worksheet name or number/);
  });
});

describe('config file keys stay in step with the settings', () => {
  it('every setting can be written in the config file under its documented path', async () => {
    const { SETTINGS } = await import('../../src/cli/setting-defs.js');
    const { CONFIG_KEYS } = await import('../../src/cli/config-file.js');
    for (const d of SETTINGS) {
      let node: unknown = CONFIG_KEYS;
      for (const key of d.config) node = (node as Record<string, unknown>)[key];
      expect(node, `${d.name}: config ${d.config.join('.')}`).toBe(true);
    }
  });
});
