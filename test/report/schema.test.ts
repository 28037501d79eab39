import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ROOT, runCli, runJson } from '../helpers/cli.js';
import { wall, writeWorkbook } from '../helpers/xlsx.js';
import { report, SMALL } from './helpers.js';

/**
 * docs/analysis.schema.json (JSON Schema 2020-12) is the written contract of the Analysis
 * JSON — and, in its $defs, of inspect's and taxonomy's JSON: real outputs of the built CLI
 * must validate, every section they carry must be declared, and removing or renaming a
 * field an issue's "JSON contract" names must fail validation.
 */
const schema = JSON.parse(readFileSync(join(ROOT, 'docs', 'analysis.schema.json'), 'utf8'));
const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true, validateFormats: false });
ajv.addSchema(schema);
const validate = ajv.getSchema(schema.$id)!;
const validatorOf = (def?: string) => (def ? ajv.getSchema(`${schema.$id}#/$defs/${def}`)! : validate);

type Json = Record<string, any>;

function check(json: unknown, def?: string): void {
  const v = validatorOf(def);
  const ok = v(json);
  expect(ok ? [] : (v.errors ?? []).slice(0, 10).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)).toEqual([]);
}

/** An Analysis's sections must all be declared (the schema itself lets readers ignore unknown ones). */
function checkDeclared(a: Json): void {
  expect(Object.keys(a).filter((k) => !Object.hasOwn(schema.properties, k))).toEqual([]);
}

const golden = (): Json => JSON.parse(readFileSync(join(ROOT, 'test', 'report', 'golden', 'analysis.json'), 'utf8'));

describe('docs/analysis.schema.json', () => {
  it('validates the golden analysis.json (report of the small generated export)', () => {
    check(golden());
    checkDeclared(golden());
  });

  it('validates a fresh report analysis.json and a classify-only analysis', async () => {
    const { dir } = await report(SMALL, 'schema', ['--format', 'json']);
    check(JSON.parse(readFileSync(join(dir, 'analysis.json'), 'utf8')));
    const classify = await runCli(['classify', 'fixtures/real/alexandria-va-decc-cad-week48-2025.csv', '--json', '--quiet']);
    expect(classify.code).toBe(0);
    const a = JSON.parse(classify.stdout);
    expect(a.scenarios).toBeUndefined();
    check(a);
    checkDeclared(a);
  });

  it('docs/analysis-schema.md documents every section, json-outputs.md every other output', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'analysis-schema.md'), 'utf8');
    expect(Object.keys(schema.properties).filter((k) => !doc.includes(`\`${k}\``))).toEqual([]);
    const outputs = readFileSync(join(ROOT, 'docs', 'json-outputs.md'), 'utf8');
    const defs = ['inspectReport', 'presetList', 'taxonomyValidate', 'taxonomyShow', 'taxonomyInit', 'taxonomyExplain'];
    expect(defs.filter((d) => !schema.$defs[d] || !outputs.includes(`#/$defs/${d}`))).toEqual([]);
  });

  it('rejects an analysis missing a required field or with a wrong response level', () => {
    const a = golden();
    const { totals: _drop, ...noTotals } = a;
    expect(validate(noTotals)).toBe(false);
    a.responses[0].response = 'sheriff';
    expect(validate(a)).toBe(false);
  });
});

describe('the schema on generated multi-week exports (periods, comparisons, before/after, merge, estimate, inspect)', () => {
  let dir: string;
  const path = (name: string) => join(dir, name);
  const json = (name: string): Json => JSON.parse(readFileSync(path(name), 'utf8'));
  const cli = async (args: string[]): Promise<Json> => (await runJson([...args, '--quiet'])).json;
  // Both exports run from 2017-10-01 to mid-November (40,000 calls each): two agencies' shards.
  const WINDOWS = ['--period', '2017-11', '--compare', 'previous', '--program-start', '2017-11-07'];
  let estimate: Promise<Json> | undefined;
  const estimated = () => (estimate ??= cli(['estimate', path('calls.csv'), '--officers-on-duty', '14', '--service-hours', 'Mon-Sun 07:00-23:00']));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'css-schema-'));
    const generated = await Promise.all([
      runCli(['generate', '--rows', '40000', '--seed', '2', '--out', path('calls.csv')]),
      runCli(['generate', '--rows', '40000', '--seed', '3', '--out', path('other.csv')]),
      runCli(['generate', '--rows', '3000', '--seed', '4', '--start', '2017-11-10', '--out', path('later.csv')]),
    ]);
    for (const g of generated) expect(g.code, g.stderr).toBe(0);
    // A workbook a month after the exports end: a gap for inspect, and an xlsx entry in input.files.
    const header = readFileSync(path('calls.csv'), 'utf8').slice(0, 400).split('\n')[0].split(',');
    const row = (id: string, at: string, type: string, code: string) => {
      const t = wall(at);
      const later = new Date(t.getTime() + 40 * 60_000);
      return [id, t, t, t, t, later, code, type, type, '3', 'CITIZEN', 1, '511', 'D5', 'REPORT'];
    };
    await writeWorkbook(path('december.xlsx'), [
      { name: 'Calls', rows: [header, row('17-9000001', '2017-12-20 10:00:00', 'WELFARE CHECK', 'WELF'), row('17-9000002', '2017-12-21 14:30:00', 'TRESPASS', 'TRES')] },
    ]);
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a period with comparisons (previous, year-ago, an earlier analysis file) and a program start', async () => {
    writeFileSync(path('october.json'), JSON.stringify(await cli(['classify', path('calls.csv'), '--period', '2017-10'])));
    const a = await cli([
      'classify', path('calls.csv'), '--period', '2017-11', '--compare', `previous,year-ago,${path('october.json')}`,
      '--program-start', '2017-11-07', '--program-hours', 'Mon-Fri 08:00-20:00', '--program-beats', '511,512',
    ]);
    check(a);
    checkDeclared(a);
    expect(a.period).toMatchObject({ label: '2017-11', kind: 'month', from: '2017-11-01', to: '2017-11-30', days: 30, assignedBy: 'received' });
    expect(a.input.outsidePeriod).toBe(a.input.calls - a.totals.calls);
    expect(a.input.outsidePeriod).toBe(a.period.outside.before + a.period.outside.after);
    expect(a.comparison.against.map((e: Json) => e.basis)).toEqual(['previous', 'year-ago', 'file']);
    expect(a.beforeAfter.before.days).toBeGreaterThan(0);
    expect(a.beforeAfter.after.days).toBeGreaterThan(0);
    expect(a.beforeAfter.outsideProgram).not.toBeNull();
    expect(a.settings.period).toEqual({ value: '2017-11', origin: 'flag' });
    // A period section without input.outsidePeriod breaks the documented invariant.
    delete a.input.outsidePeriod;
    expect(validate(a)).toBe(false);
  });

  it('estimate --json: every estimate section, saturation computed, parameter origins', async () => {
    const a = await estimated();
    check(a);
    checkDeclared(a);
    expect(a.command).toBe('estimate');
    expect(a.scenarios.map((s: Json) => s.name)).toEqual(['low', 'central', 'high']);
    expect(a.staffing.byHourOfWeek).toHaveLength(168);
    expect(a.saturation.computed).toBe(true);
    expect(a.parameters.officersOnDuty.origin).toBe('flag');
    expect(a.parameters.costPerCall.origin).toBe('default');
    expect(a.settings['parameters.officersOnDuty'].origin).toBe('flag');
    // No officer on duty at midnight while calls arrive: that hour's saturation is unbounded (written null).
    const unbounded = await cli(['estimate', path('calls.csv'), '--officers-on-duty', ['0', ...Array<string>(23).fill('10')].join(',')]);
    check(unbounded);
    expect(unbounded.saturation.byHourOfWeek[0].availableOfficerHours).toBe(0);
  });

  it('merge of two estimated shards with the same period keeps period, comparison and before/after', async () => {
    await Promise.all(['calls', 'other'].map(async (name) => writeFileSync(path(`${name}.estimate.json`), JSON.stringify(await cli(['estimate', path(`${name}.csv`), ...WINDOWS])))));
    const merged = path('merged.json');
    const run = await runCli(['merge', path('calls.estimate.json'), path('other.estimate.json'), '--out', merged, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const m = JSON.parse(readFileSync(merged, 'utf8'));
    check(m);
    checkDeclared(m);
    expect(m.command).toBe('merge');
    expect(m.merge.inputs.map((i: Json) => i.period)).toEqual(['2017-11', '2017-11']);
    expect(m.totals.calls).toBe(m.merge.inputs[0].calls + m.merge.inputs[1].calls);
    expect(m.period.label).toBe('2017-11');
    expect(m.comparison.against[0].basis).toBe('previous');
    expect(m.beforeAfter.program.start).toBe('2017-11-07');
    expect(m.scenarios).toHaveLength(3);
    expect(m.input.files).toHaveLength(2);
  });

  it('merge of classify shards with different periods: no period section, outsidePeriod summed', async () => {
    const shards = [['oct', '2017-10-01', '2017-10-31'], ['nov', '2017-11-01', '2017-11-30']];
    await Promise.all(shards.map(async ([name, from, to]) => writeFileSync(path(`${name}.json`), JSON.stringify(await cli(['classify', path('calls.csv'), '--from', from, '--to', to])))));
    const m = (await runJson(['merge', path('oct.json'), path('nov.json'), '--quiet'])).json;
    check(m);
    expect(m.period).toBeUndefined();
    expect(m.scenarios).toBeUndefined();
    expect(m.input.outsidePeriod).toBe(json('oct.json').input.outsidePeriod + json('nov.json').input.outsidePeriod);
  });

  it('inspect --json on CSVs and a workbook, with a gap and an overlap ($defs/inspectReport)', async () => {
    const files = [path('calls.csv'), path('later.csv'), path('december.xlsx')];
    const r = await cli(['inspect', ...files]);
    check(r, 'inspectReport');
    expect(r.files.map((f: Json) => f.format)).toEqual(['csv', 'csv', 'xlsx']);
    expect(r.coverage.gaps.length).toBeGreaterThan(0);
    expect(r.coverage.overlaps.length).toBeGreaterThan(0);
    // The same files classified: input.files[] carries format, sheet, headerRow and mapping.
    const a = await cli(['classify', ...files]);
    check(a);
    expect(a.input.files[2]).toMatchObject({ format: 'xlsx', sheet: 'Calls', headerRow: 1 });
    expect(a.input.files[2].mapping.callType).toBe('nature');
    // classify's input has everything inspect's has (issue 3's contract).
    expect(Object.keys(a.input)).toEqual(expect.arrayContaining(Object.keys(r.input)));
    check((await cli(['inspect', '--list-presets'])), 'presetList');
  });

  it('taxonomy validate, show, init and explain --json', async () => {
    const runs: [string[], string][] = [
      [['validate', 'default'], 'taxonomyValidate'],
      [['show'], 'taxonomyShow'],
      [['show', 'presets/alexandria-va'], 'taxonomyShow'],
      [['explain', 'WELFARE CHECK'], 'taxonomyExplain'],
      [['explain', 'ZORBLAX INCIDENT', '--initial', '--source', 'citizen'], 'taxonomyExplain'],
      [['init', path('later.csv'), '--out', path('starter.json')], 'taxonomyInit'],
    ];
    const [bad, ...outputs] = await Promise.all([
      runCli(['taxonomy', 'validate', 'fixtures/taxonomy/invalid-several-errors.json', '--json', '--quiet']),
      ...runs.map(([args]) => cli(['taxonomy', ...args])),
    ]);
    runs.forEach(([, def], i) => check(outputs[i], def));
    // An invalid taxonomy still prints its JSON (with the problems), then exits 2.
    expect(bad.code).toBe(2);
    const problems = JSON.parse(bad.stdout);
    check(problems, 'taxonomyValidate');
    expect(problems.valid).toBe(false);
  });

  describe('contract fields (issues 2, 3, 4 "JSON contract"): removing or renaming one fails validation', () => {
    const ANALYSIS = [
      'schemaVersion', 'input.rowsRead', 'input.rowsAccepted', 'input.rowsRejected', 'input.rejectReasons', 'input.preset',
      'input.encoding', 'input.delimiter', 'mapping', 'dateRange.from', 'dateRange.to', 'taxonomy.name', 'taxonomy.version',
      'totals.calls', 'totals.officerHours', 'responses.0.response', 'responses.0.calls', 'responses.0.officerHours',
      'categories.0.id', 'categories.0.response', 'categories.0.calls', 'categories.0.officerHours', 'callTypes.0.callType',
      'callTypes.0.category', 'callTypes.0.response', 'callTypes.0.calls', 'unmatched.0.callType', 'unmatched.0.calls',
      'parameters.costPerCall.value', 'parameters.costPerCall.source', 'officerTime.imputed', 'scenarios.0.name',
      'scenarios.0.callsDiverted', 'scenarios.0.officerHoursFreed', 'scenarios.0.grossSavings', 'scenarios.0.alternativeCost',
      'scenarios.0.netSavings', 'scenarios.0.intervals', 'funnel', 'staffing', 'staffing.byHourOfWeek',
    ];
    const INSPECT = ['input.rowsRead', 'input.rowsAccepted', 'input.rowsRejected', 'input.rejectReasons', 'input.preset', 'input.encoding', 'input.delimiter', 'mapping', 'dateRange.from', 'dateRange.to'];

    function mutate(base: Json, dotted: string, how: 'delete' | 'rename'): Json {
      const copy = structuredClone(base);
      const keys = dotted.split('.');
      const last = keys.pop()!;
      const parent = keys.reduce((o: any, k) => o[k], copy);
      expect(Object.hasOwn(parent, last), dotted).toBe(true);
      if (how === 'rename') parent[`${last}Renamed`] = parent[last];
      delete parent[last];
      return copy;
    }

    function expectContract(base: Json, paths: string[], def?: string): void {
      const v = validatorOf(def);
      expect(v(base)).toBe(true);
      const passing = paths.flatMap((p) => (['delete', 'rename'] as const).filter((how) => v(mutate(base, p, how))).map((how) => `${how} ${p}`));
      expect(passing).toEqual([]);
    }

    it('in the estimated Analysis', async () => {
      const a = structuredClone(await estimated());
      // The generated export leaves nothing unmatched; one unmatched row makes its fields testable.
      if (!a.unmatched.length) a.unmatched.push({ callType: 'ZORBLAX INCIDENT', callTypeCode: '', calls: 1, officerHours: 0.5 });
      expectContract(a, ANALYSIS);
    });

    it('in inspect --json', async () => {
      expectContract(await cli(['inspect', path('later.csv')]), INSPECT, 'inspectReport');
    });
  });
});
