import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { emptyStore, RESPONSES, type Store } from '../../src/aggregate/store.js';
import { resolveParameters, valuesOf } from '../../src/estimate/parameters.js';
import { policeSaturation } from '../../src/estimate/saturation.js';
import { NAMED_SCENARIOS, type LevelLoad } from '../../src/estimate/scenarios.js';
import { ROOT, runCli, runJson } from '../helpers/cli.js';

/*
 * An hour of the week with calls but no officer on duty has no finite saturation: its
 * hourly ratio is null (never Infinity, which JSON writes as null without saying so), it is
 * left out of the peak, counted in unstaffedHoursWithCalls and in hoursOverThreshold.
 */

const MS_PER_HOUR = 3_600_000;
const level = (r: string) => RESPONSES.indexOf(r as (typeof RESPONSES)[number]);
const loads = (): LevelLoad[] => Array.from({ length: 168 }, () => ({ calls: 0, hours: 0 }));
// Diverts every community call, no police backup: community workload is freed whole.
const ALL_COMMUNITY = { ...NAMED_SCENARIOS[1], name: 'all', communityShare: 1, civilianShare: 0, backupRate: 0 };

function fixture(officersOnDuty: string) {
  const store: Store = emptyStore();
  const byHour = { community: loads(), civilian: loads() };
  const put = (response: string, h: number, calls: number, hours: number) => {
    store.hourOfWeek[level(response)][h] = [calls, hours * MS_PER_HOUR, 0];
    if (response === 'community') byHour.community[h] = { calls, hours };
  };
  put('police', 0, 1, 1.5); //    Sun 00, no officers: 1.5 h, not diverted
  put('community', 1, 1, 1); //   Sun 01, no officers: 1 h, all diverted
  put('police', 33, 2, 3); //     Mon 09, 2 officers: 3 h ÷ 2 = 1.5
  put('community', 34, 1, 1); //  Mon 10, 2 officers: 1 h ÷ 2 = 0.5, all diverted
  put('police', 80, 1, 1.4); //   Wed 08, 2 officers: 1.4 h ÷ 2 = 0.7
  const p = valuesOf(resolveParameters({ officersOnDuty }).parameters);
  return { store, p, byHour };
}

const run = (officersOnDuty: string, scenario = ALL_COMMUNITY) => {
  const { store, p, byHour } = fixture(officersOnDuty);
  return policeSaturation(store, p, RESPONSES.map(() => 0), Array<number>(168).fill(1), byHour, Array<number>(168).fill(1), scenario);
};

// 0 officers at 00:00 and 01:00 of every day, 2 otherwise.
const TWO_GAPS = ['0', '0', ...Array<string>(22).fill('2')].join(',');

describe('policeSaturation with hours that have calls but no officers on duty', () => {
  const sat = run(TWO_GAPS);

  it('writes null for those hours, 0 for hours with neither calls nor officers, the ratio elsewhere', () => {
    const h = sat.byHourOfWeek;
    expect(h[0]).toEqual({ hourOfWeek: 0, availableOfficerHours: 0, workloadHours: 1.5, freedHours: 0, before: null, after: null });
    // Diversion empties Sun 01: nothing left for nobody to answer, so after is 0, not null.
    expect(h[1]).toEqual({ hourOfWeek: 1, availableOfficerHours: 0, workloadHours: 1, freedHours: 1, before: null, after: 0 });
    expect(h[2]).toMatchObject({ availableOfficerHours: 2, before: 0, after: 0 });
    expect(h[24]).toMatchObject({ availableOfficerHours: 0, workloadHours: 0, before: 0, after: 0 });
    expect(h[33]).toMatchObject({ before: 1.5, after: 1.5 });
    expect(h[34]).toMatchObject({ before: 0.5, after: 0 });
    expect(h[80]).toMatchObject({ before: 0.7, after: 0.7 });
    expect(h.filter((x) => x.before === null).map((x) => x.hourOfWeek)).toEqual([0, 1]);
    expect(h.filter((x) => x.after === null).map((x) => x.hourOfWeek)).toEqual([0]);
    expect(JSON.stringify(sat)).not.toMatch(/Infinity|NaN/);
  });

  it('takes the peak over staffed hours, counts the unstaffed ones and keeps them over the threshold', () => {
    // Week: 22 staffed hours a day × 2 officers × 7 days = 308 officer-hours available.
    // Before: 1.5 + 1 + 3 + 1 + 1.4 = 7.9 h → 0.02565; after: 1.5 + 3 + 1.4 = 5.9 h → 0.01916.
    // Over 0.6: before Sun 00, Sun 01 (unstaffed), Mon 09 (1.5), Wed 08 (0.7); after Sun 00, Mon 09, Wed 08.
    expect(sat.before).toEqual({ saturation: 0.0256, peak: 1.5, peakHourOfWeek: 33, hoursOverThreshold: 4, unstaffedHoursWithCalls: 2 });
    expect(sat.after).toEqual({ saturation: 0.0192, peak: 1.5, peakHourOfWeek: 33, hoursOverThreshold: 3, unstaffedHoursWithCalls: 1 });
    expect(sat.note).toContain('2 hours of the week have calls but no officers on duty (1 after diversion)');
    expect(sat.note).toContain('left out of the peak and counted as over the threshold');
  });

  it('points the peak at a staffed hour even when every staffed hour is idle', () => {
    const { store, p, byHour } = fixture(TWO_GAPS);
    for (const h of [1, 33, 34, 80]) store.hourOfWeek.forEach((cells) => (cells[h] = [0, 0, 0]));
    const idle = policeSaturation(store, p, RESPONSES.map(() => 0), Array<number>(168).fill(1), { community: loads(), civilian: byHour.civilian }, Array<number>(168).fill(1), ALL_COMMUNITY);
    // Only Sun 00 has work, and no officers: the first staffed hour (Sun 02) is the 0 peak.
    expect(idle.before).toEqual({ saturation: 0.0049, peak: 0, peakHourOfWeek: 2, hoursOverThreshold: 1, unstaffedHoursWithCalls: 1 });
    expect(idle.note).toContain('1 hour of the week has calls but no officers on duty: its hourly ratio is null');
  });

  it('treats float residue left by diversion as no workload', () => {
    const { store, p, byHour } = fixture(TWO_GAPS);
    byHour.community[1] = { calls: 1, hours: 1 - 1e-12 };
    const s = policeSaturation(store, p, RESPONSES.map(() => 0), Array<number>(168).fill(1), byHour, Array<number>(168).fill(1), ALL_COMMUNITY);
    expect(s.byHourOfWeek[1].after).toBe(0);
    expect(s.after!.unstaffedHoursWithCalls).toBe(1);
  });

  it('has no unstaffed hours (and no note about them) when every hour has officers', () => {
    const full = run('2');
    expect(full.before!.unstaffedHoursWithCalls).toBe(0);
    // Sun 00 1.5 h ÷ 2 = 0.75, Mon 09 1.5, Wed 08 0.7 are over 0.6.
    expect(full.before).toMatchObject({ peak: 1.5, peakHourOfWeek: 33, hoursOverThreshold: 3 });
    expect(full.byHourOfWeek.every((x) => x.before !== null && x.after !== null)).toBe(true);
    expect(full.note).not.toContain('no officers');
  });

  it('is not computed when no hour of the week has officers on duty', () => {
    const none = run('0');
    expect(none).toMatchObject({ computed: false, before: null, after: null, byHourOfWeek: [] });
    expect(none.note).toBe('officersOnDuty is 0 in every hour of the week ("0"): there is no patrol time to set the workload against; set the officers on duty (--officers-on-duty)');
  });
});

describe('the built CLI with no officers on duty at midnight (fixtures/demo)', () => {
  const DEMO = 'fixtures/demo/calls.csv.gz';
  const OD = ['0', ...Array<string>(23).fill('5')].join(',');
  const MIDNIGHTS = [0, 24, 48, 72, 96, 120, 144];
  let dir: string;
  let a: Record<string, any>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'css-saturation-'));
    a = (await runJson(['estimate', DEMO, '--officers-on-duty', OD, '--quiet'])).json;
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('estimate --json: a peak at a staffed hour, the count, null ratios exactly at the unstaffed hours', () => {
    const s = a.saturation;
    expect(s.computed).toBe(true);
    for (const side of ['before', 'after'] as const) {
      const ratios = s.byHourOfWeek.map((h: any) => h[side]);
      expect(s.byHourOfWeek.filter((h: any) => h[side] === null).map((h: any) => h.hourOfWeek)).toEqual(MIDNIGHTS);
      for (const h of MIDNIGHTS) expect(s.byHourOfWeek[h]).toMatchObject({ availableOfficerHours: 0 });
      expect(s.byHourOfWeek[0].workloadHours).toBeGreaterThan(0);
      expect(s[side].unstaffedHoursWithCalls).toBe(7);
      expect(typeof s[side].peak).toBe('number');
      expect(s[side].peakHourOfWeek % 24).not.toBe(0);
      expect(s[side].peak).toBe(Math.max(...ratios.filter((r: number | null) => r !== null)));
      expect(ratios[s[side].peakHourOfWeek]).toBe(s[side].peak);
      expect(s[side].hoursOverThreshold).toBe(ratios.filter((r: number | null) => r === null || r > s.threshold).length);
    }
    expect(s.note).toContain('7 hours of the week have calls but no officers on duty');
  });

  it('validates against docs/analysis.schema.json', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'docs', 'analysis.schema.json'), 'utf8'));
    const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true, validateFormats: false });
    const validate = ajv.compile(schema);
    expect(validate(a) ? [] : validate.errors).toEqual([]);
    // The count is declared: a misspelt one is not.
    const { unstaffedHoursWithCalls: n, ...rest } = a.saturation.before;
    expect(validate({ ...a, saturation: { ...a.saturation, before: { ...rest, unstaffedHoursWithCall: n } } })).toBe(false);
  });

  it('the terminal names the staffed peak hour and the unstaffed hours', async () => {
    const r = await runCli(['estimate', DEMO, '--officers-on-duty', OD, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const b = a.saturation.before;
    const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][Math.floor(b.peakHourOfWeek / 24)];
    const at = `${day} ${String(b.peakHourOfWeek % 24).padStart(2, '0')}:00`;
    expect(r.stdout).toContain(
      `Before diversion: ${(b.saturation * 100).toFixed(1)}% of available patrol time on calls; peak ${(b.peak * 100).toFixed(1)}% (${at}, of the hours with officers on duty); ${b.hoursOverThreshold} hours of the week above 60%, of which 7 have calls but no officers on duty`,
    );
    expect(r.stdout).not.toMatch(/peak —/);
  });

  it('report.md shows the peak and the count, and tables/saturation.csv leaves those ratios empty', async () => {
    const r = await runCli(['report', DEMO, '--officers-on-duty', OD, '--format', 'md,csv', '--out', join(dir, 'report'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(join(dir, 'report', 'report.md'), 'utf8');
    const { before: b, after: af } = a.saturation;
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const at = (h: number) => `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][Math.floor(h / 24)]} ${String(h % 24).padStart(2, '0')}:00`;
    expect(md).toContain(`| Before diversion | ${pct(b.saturation)} | ${pct(b.peak)} (${at(b.peakHourOfWeek)}) | ${b.hoursOverThreshold} (7 with calls but no officers on duty) |`);
    expect(md).toContain(`| After diversion (central) | ${pct(af.saturation)} | ${pct(af.peak)} (${at(af.peakHourOfWeek)}) | ${af.hoursOverThreshold} (7 with calls but no officers on duty) |`);
    expect(md).toContain('*7 hours of the week have calls but no officers on duty: the officers on duty there are 0, so saturation is unbounded.');
    const rows = readFileSync(join(dir, 'report', 'tables', 'saturation.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('hour_of_week,available_officer_hours,workload_hours,freed_hours,saturation_before,saturation_after');
    expect(rows[1]).toMatch(/^0,0,[\d.]+,[\d.]+,,$/);
    expect(rows[2].split(',')[4]).toBe(String(a.saturation.byHourOfWeek[1].before));
  });
});
