import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { generated, multiYearExport, splitRows } from '../helpers/exports.js';

/**
 * Splitting an export, analysing the parts and merging the analyses gives the analysis of
 * the whole: totals, categories, hours and medians (from merged histograms, not averages).
 */
type Json = Record<string, any>;
let dir: string;
let whole: Json;

/** Everything derived from the store: must be identical after a merge. */
const DERIVED = ['dateRange', 'timeZone', 'coverage', 'taxonomy', 'totals', 'responses', 'categories', 'callTypes', 'unmatched', 'initialVsFinal', 'officerTime', 'time', 'beats', 'store'];

async function classify(csv: string, extra: string[] = []): Promise<Json> {
  return (await runJson(['classify', csv, ...extra])).json;
}

async function mergeFiles(analyses: Json[], name: string): Promise<{ merged: Json; files: string[] }> {
  const files = analyses.map((a, i) => {
    const f = join(dir, `${name}-${i}.json`);
    writeFileSync(f, JSON.stringify(a));
    return f;
  });
  const out = join(dir, `${name}-merged.json`);
  const r = await runCli(['merge', ...files, '--out', out]);
  if (r.code !== 0) throw new Error(r.stderr);
  return { merged: JSON.parse(readFileSync(out, 'utf8')), files };
}

function expectSameAnalysis(merged: Json, reference: Json, keys = DERIVED): void {
  for (const k of keys) expect(merged[k], k).toEqual(reference[k]);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'css-merge-'));
  whole = await classify(await generated(20_000, 3));
}, 300_000);

describe('merge of an export split in two', () => {
  it('split by date: same totals, categories, hours and medians as the whole', async () => {
    const csv = await generated(20_000, 3);
    const a = join(dir, 'early.csv');
    const b = join(dir, 'late.csv');
    await splitRows(csv, a, (_, line) => line.split(',')[1] < '2017-10-12');
    await splitRows(csv, b, (_, line) => line.split(',')[1] >= '2017-10-12');
    const parts = [await classify(a), await classify(b)];
    expect(parts[0].totals.calls).toBeGreaterThan(1000);
    expect(parts[1].totals.calls).toBeGreaterThan(1000);
    const { merged, files } = await mergeFiles(parts, 'by-date');
    expectSameAnalysis(merged, whole);
    expect(merged.totals.calls).toBe(20_000);
    expect(merged.categories.map((c: Json) => [c.id, c.calls, c.officerHours])).toEqual(whole.categories.map((c: Json) => [c.id, c.calls, c.officerHours]));
    expect(merged.callTypes.map((t: Json) => t.medianMinutesPerUnit)).toEqual(whole.callTypes.map((t: Json) => t.medianMinutesPerUnit));
    expect(merged.officerTime.medianMinutesPerUnit).toBe(whole.officerTime.medianMinutesPerUnit);
    // Inputs concatenate: files listed, counts summed, the invariant kept.
    expect(merged.input.files.map((f: Json) => f.path)).toEqual([a, b]);
    expect(merged.input.rowsRead).toBe(whole.input.rowsRead);
    expect(merged.input.rowsRead).toBe(merged.input.rowsAccepted + merged.input.rowsRejected);
    expect(merged.command).toBe('merge');
    expect(merged.merge.inputs.map((i: Json) => i.file)).toEqual(files);
  });

  it('split by alternating rows: the same again (medians differ per half, not merged)', async () => {
    const csv = await generated(20_000, 3);
    const a = join(dir, 'even.csv');
    const b = join(dir, 'odd.csv');
    await splitRows(csv, a, (i) => i % 2 === 0);
    await splitRows(csv, b, (i) => i % 2 === 1);
    const parts = [await classify(a), await classify(b)];
    // The halves' medians are not the whole's, so averaging them would be wrong somewhere.
    const medians = (x: Json) => x.callTypes.map((t: Json) => `${t.callType}:${t.medianMinutesPerUnit}`).sort();
    expect(medians(parts[0])).not.toEqual(medians(whole));
    const { merged } = await mergeFiles(parts, 'alternate');
    expectSameAnalysis(merged, whole);
  });

  it('merging three shards gives the same as two', async () => {
    const csv = await generated(20_000, 3);
    const shards = [0, 1, 2].map((k) => join(dir, `third-${k}.csv`));
    for (const [k, f] of shards.entries()) await splitRows(csv, f, (i) => i % 3 === k);
    const { merged } = await mergeFiles(await Promise.all(shards.map((f) => classify(f))), 'thirds');
    expectSameAnalysis(merged, whole);
  });
});

describe('merge of estimated analyses', () => {
  it('re-runs the estimate on the merged analysis', async () => {
    const csv = await generated(20_000, 3);
    const a = join(dir, 'est-early.csv');
    const b = join(dir, 'est-late.csv');
    await splitRows(csv, a, (_, line) => line.split(',')[1] < '2017-10-12');
    await splitRows(csv, b, (_, line) => line.split(',')[1] >= '2017-10-12');
    const estimate = async (f: string) => (await runJson(['estimate', f, '--cost-per-call', '750'])).json;
    const ref = await estimate(csv);
    const { merged } = await mergeFiles([await estimate(a), await estimate(b)], 'estimated');
    expect(merged.command).toBe('merge');
    expectSameAnalysis(merged, ref);
    for (const k of ['parameters', 'scenarios', 'funnel', 'staffing']) expect(merged[k], k).toEqual(ref[k]);
    expect(merged.parameters.costPerCall).toMatchObject({ value: 750, origin: 'flag' });
  });
});

describe('merge with periods, comparisons and before/after', () => {
  it('re-derives them exactly from the shards\' raw state', async () => {
    const csv = await multiYearExport();
    const flags = ['--period', '2019-Q2', '--compare', 'previous,year-ago', '--program-start', '2019-05-01', '--program-hours', 'Mon-Fri 08:00-20:00', '--program-beats', '113,121'];
    const ref = await classify(csv, flags);
    const a = join(dir, 'to-2018.csv');
    const b = join(dir, 'from-2019.csv');
    await splitRows(csv, a, (_, line) => line.split(',')[1] < '2019-01-01');
    await splitRows(csv, b, (_, line) => line.split(',')[1] >= '2019-01-01');
    const { merged } = await mergeFiles([await classify(a, flags), await classify(b, flags)], 'periods');
    expectSameAnalysis(merged, ref);
    expect(merged.period).toEqual(ref.period);
    expect(merged.comparison).toEqual(ref.comparison);
    expect(merged.beforeAfter).toEqual(ref.beforeAfter);
    expect(merged.input.outsidePeriod).toBe(ref.input.outsidePeriod);
    expect(merged.input.calls).toBe(merged.totals.calls + merged.input.outsidePeriod);
  });
});

describe('merge refuses what cannot add up', () => {
  const writeVariant = (name: string, change: (a: Json) => void) => {
    const copy = JSON.parse(JSON.stringify(whole));
    change(copy);
    const f = join(dir, name);
    writeFileSync(f, JSON.stringify(copy));
    return f;
  };

  it('different taxonomy versions, naming both files', async () => {
    const a = writeVariant('tax-a.json', () => undefined);
    const b = writeVariant('tax-b.json', (x) => (x.taxonomy.version = '1999.1.0'));
    const r = await runCli(['merge', a, b, '--out', join(dir, 'never.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot merge ${a} (taxonomy ${whole.taxonomy.name} ${whole.taxonomy.version}) with ${b} (taxonomy ${whole.taxonomy.name} 1999.1.0)`);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('different schema versions', async () => {
    const a = writeVariant('schema-a.json', () => undefined);
    const b = writeVariant('schema-b.json', (x) => (x.schemaVersion = 999));
    const r = await runCli(['merge', a, b]);
    expect(r.code).toBe(2);
    // Refused on reading, before the two are compared: this version reads only its own schema.
    expect(r.stderr).toBe(`css-analyze: ${b}: has analysis schema version 999; this css-analyze reads version ${whole.schemaVersion}. Re-run classify on the export with this version\n`);
  });

  it('different officer-time definitions', async () => {
    const a = writeVariant('ot-a.json', () => undefined);
    const b = writeVariant('ot-b.json', (x) => (x.officerTime.capMinutes = 60));
    const r = await runCli(['merge', a, b]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot merge .* \(officer time dispatch, cap 480 min\) with .* \(officer time dispatch, cap 60 min\)/);
  });

  it('a file that is not an analysis', async () => {
    const a = writeVariant('ok.json', () => undefined);
    const b = join(dir, 'not-analysis.json');
    writeFileSync(b, '{"hello": 1}');
    const r = await runCli(['merge', a, b]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not-analysis\.json: is not an analysis JSON \(no schemaVersion\)/);
  });
});
