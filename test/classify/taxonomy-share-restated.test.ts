import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, runCli, runJson } from '../helpers/cli.js';

// A share rule restated by an overlay (taxonomy init's pre-filled rules, or a base rule copied
// into a city file) is one assumption: every output lists it once. Runs the built CLI.
const BASE = 'fixtures/taxonomy/base.json';
const DALLAS = 'fixtures/real/dallas-active-calls.csv';
const tmp = (): string => mkdtempSync(join(tmpdir(), 'css-share-restated-'));

/** The share rule of fixtures/taxonomy/base.json (its rules[5]), as every output lists it. */
const baseDisturbance = (ruleIndex: number) => ({
  ruleIndex,
  ruleId: 'disturbance',
  origin: { file: BASE, path: 'rules[5]' },
  share: 0.3,
  category: 'disturbance-verbal',
  otherwise: 'disturbance-police',
  matches: 'text "DISTURBANCE"',
  note: 'Share of disturbances that are verbal only.',
});

const CALLS = [
  'incident_number,call_type,priority,received_time,cleared_time',
  '24-000201,DISTURBANCE,2,2024-03-01 08:02:00,2024-03-01 08:41:00',
  '24-000202,DISTURBANCE,2,2024-03-01 09:15:00,2024-03-01 09:52:00',
  '24-000203,WELFARE CHECK,3,2024-03-01 10:20:00,2024-03-01 10:44:00',
  '24-000204,Disturbance,2,2024-03-01 11:05:00,2024-03-01 11:30:00',
  '',
].join('\n');

describe('taxonomy init on an export with a share rule', () => {
  test('the pre-filled share rule and the base rule it restates are one assumption in classify, show, validate and report', async () => {
    const dir = tmp();
    const csv = join(dir, 'calls-disturbance-share.csv');
    writeFileSync(csv, CALLS);
    const out = join(dir, 'city.json');
    const init = await runCli(['taxonomy', 'init', csv, '--taxonomy', BASE, '--out', out, '-q']);
    expect(init.code, init.stderr).toBe(0);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    // The restatement carries the share, so the file classifies exactly as its base.
    expect(file.rules.map((r: { id: string; share?: number }) => [r.id, r.share])).toEqual([
      ['prefilled-disturbance-verbal', 0.3],
      ['prefilled-welfare-check', undefined],
    ]);

    const plain = await runJson(['classify', csv, '--taxonomy', BASE, '-q']);
    expect(plain.json.taxonomy.shareRules).toEqual([baseDisturbance(5)]);
    const withFile = await runJson(['classify', csv, '--taxonomy', out, '-q']);
    expect(withFile.json.taxonomy.shareRules).toEqual([baseDisturbance(7)]);
    expect(withFile.json.categories).toEqual(plain.json.categories);

    const shown = await runJson(['taxonomy', 'show', out]);
    expect(shown.json.shareRules).toEqual([baseDisturbance(7)]);
    expect(shown.json.counts.shareRules).toBe(1);
    expect((await runCli(['taxonomy', 'validate', out])).stdout).toContain(', 1 share rule, ');

    const report = join(dir, 'report');
    const written = await runCli(['report', csv, '--taxonomy', out, '--format', 'md,json', '--out', report, '-q']);
    expect(written.code, written.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(report, 'analysis.json'), 'utf8')).taxonomy.shareRules).toEqual([baseDisturbance(7)]);
    const rows = readFileSync(join(report, 'report.md'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('| 30% |'));
    expect(rows).toEqual(['| disturbance | text "DISTURBANCE" | 30% | disturbance-verbal | disturbance-police | Share of disturbances that are verbal only. |']);
  });

  test('on a real export with the default taxonomy: the same five crash assumptions as without the file', async () => {
    const dir = tmp();
    const out = join(dir, 'dallas.json');
    const init = await runCli(['taxonomy', 'init', DALLAS, '--out', out, '-q']);
    expect(init.code, init.stderr).toBe(0);
    const prefilledShares = JSON.parse(readFileSync(out, 'utf8')).rules.filter((r: { share?: number }) => r.share !== undefined);
    expect(prefilledShares.map((r: { category: string; share: number; otherwise: string }) => [r.category, r.share, r.otherwise])).toEqual([
      ['minor-crash', 0.71, 'injury-crash'],
    ]);
    // ruleIndex moves down by the pre-filled rules; the rest is the same assumption list.
    const withoutIndex = (list: { ruleIndex: number }[]) => list.map(({ ruleIndex: _, ...rest }) => rest);
    const plain = await runJson(['classify', DALLAS, '-q']);
    const withFile = await runJson(['classify', DALLAS, '--taxonomy', out, '-q']);
    expect(withoutIndex(withFile.json.taxonomy.shareRules)).toEqual(withoutIndex(plain.json.taxonomy.shareRules));
    expect(withFile.json.taxonomy.shareRules.map((s: { ruleId: string }) => s.ruleId)).toEqual([
      'apco-crash-unspecified',
      'kw-crash-unknown-injury',
      'kw-crash-unspecified',
      'chp-crash-unspecified',
      'ten-crash-unspecified',
    ]);
  });
});

describe('hand-written overlays that restate a share rule of the taxonomy they extend', () => {
  test('a copied rule (exact or the same pattern, narrowed or not) is listed once, as the rule below; a different share, a new type or a wider narrowing is listed', async () => {
    const dir = tmp();
    const share = (id: string, match: Record<string, unknown>, value: number, extra: Record<string, unknown> = {}) => ({
      id,
      category: 'disturbance-verbal',
      match,
      share: value,
      otherwise: 'disturbance-police',
      ...extra,
    });
    const county = join(dir, 'county.json');
    writeFileSync(
      county,
      JSON.stringify({
        name: 'county',
        version: '1',
        extends: join(ROOT, BASE),
        rules: [
          share('county-disturbance', { text: ['Disturbance'] }, 0.3, { note: 'copied from the base' }),
          share('quarrel', { pattern: ['\\bQUARREL\\b'] }, 0.4, { note: 'County audit: 40% of quarrels are verbal.' }),
          share('shouting-low', { text: ['SHOUTING'] }, 0.4, { when: { priority: ['4'] } }),
        ],
      }),
    );
    const city = join(dir, 'city.json');
    writeFileSync(
      city,
      JSON.stringify({
        name: 'city',
        version: '1',
        extends: './county.json',
        rules: [
          share('city-quarrel', { pattern: ['\\bQUARREL\\b'] }, 0.4),
          share('city-disturbance-low', { text: ['DISTURBANCE'] }, 0.3, { when: { priority: ['4'] } }),
          share('city-disturbance-half', { text: ['DISTURBANCE'] }, 0.5, { note: 'City audit: half are verbal.' }),
          share('city-noise', { text: ['NOISE', 'DISTURBANCE'] }, 0.3),
          share('city-shouting-low', { text: ['Shouting'] }, 0.4, { when: { priority: [4] } }),
          // The county splits only priority-4 shouting: splitting all of it is a new assumption.
          share('city-shouting', { text: ['SHOUTING'] }, 0.4),
        ],
      }),
    );
    // Not listed: city-quarrel, city-disturbance-low, city-shouting-low and county-disturbance,
    // which restate quarrel, the base's disturbance, shouting-low and the base's disturbance.
    const expected = [
      { ruleIndex: 2, ruleId: 'city-disturbance-half', origin: { file: city, path: 'rules[2]' }, share: 0.5, category: 'disturbance-verbal', otherwise: 'disturbance-police', matches: 'text "DISTURBANCE"', note: 'City audit: half are verbal.' },
      { ruleIndex: 3, ruleId: 'city-noise', origin: { file: city, path: 'rules[3]' }, share: 0.3, category: 'disturbance-verbal', otherwise: 'disturbance-police', matches: 'text "NOISE", "DISTURBANCE"' },
      { ruleIndex: 5, ruleId: 'city-shouting', origin: { file: city, path: 'rules[5]' }, share: 0.4, category: 'disturbance-verbal', otherwise: 'disturbance-police', matches: 'text "SHOUTING"' },
      { ruleIndex: 7, ruleId: 'quarrel', origin: { file: relative(ROOT, county), path: 'rules[1]' }, share: 0.4, category: 'disturbance-verbal', otherwise: 'disturbance-police', matches: 'pattern /\\bQUARREL\\b/', note: 'County audit: 40% of quarrels are verbal.' },
      { ruleIndex: 8, ruleId: 'shouting-low', origin: { file: relative(ROOT, county), path: 'rules[2]' }, share: 0.4, category: 'disturbance-verbal', otherwise: 'disturbance-police', matches: 'text "SHOUTING" when priority 4' },
      { ...baseDisturbance(14), origin: { file: join(ROOT, BASE), path: 'rules[5]' } },
    ];
    const shown = await runJson(['taxonomy', 'show', city]);
    expect(shown.json.shareRules).toEqual(expected);
    expect(shown.json.counts.shareRules).toBe(6);

    const csv = join(dir, 'calls.csv');
    writeFileSync(csv, CALLS);
    const { json } = await runJson(['classify', csv, '--taxonomy', city, '-q']);
    expect(json.taxonomy.shareRules).toEqual(expected);
  });
});
