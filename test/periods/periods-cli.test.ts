import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runJson } from '../helpers/cli.js';
import { classifiedRows, multiYearExport, type ClassifiedRow } from '../helpers/exports.js';

/**
 * Periods, comparisons and before/after on a generated multi-year export (October 2017 to
 * November 2019), checked against counts computed here from the CSV itself (read with
 * csv-parse, each row's response level from classify --out). The generated times are local
 * wall times of the agency zone, so a row's local date is the first 10 characters.
 */
type Json = Record<string, any>;
let csv: string;
let rows: ClassifiedRow[];
let q2: Json;

const DAY = 86_400_000;
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;
const date = (r: ClassifiedRow) => r.call_received.slice(0, 10);
const within = (from: string, to: string) => (r: ClassifiedRow) => date(r) >= from && date(r) <= to;
const count = (list: ClassifiedRow[], pred: (r: ClassifiedRow) => boolean = () => true) => list.filter(pred).length;
const ELIGIBLE = new Set(['community', 'civilian']);
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

const Q2 = within('2019-04-01', '2019-06-30');
const Q1 = within('2019-01-01', '2019-03-31');
const Q2_2018 = within('2018-04-01', '2018-06-30');

beforeAll(async () => {
  csv = await multiYearExport();
  rows = await classifiedRows(csv);
  q2 = (await runJson(['classify', csv, '--period', '2019-Q2', '--compare', 'previous,year-ago'])).json;
}, 300_000);

describe('--period', () => {
  it('analyses only calls received in the period; the others are counted, not lost', () => {
    expect(q2.totals.calls).toBe(count(rows, Q2));
    expect(q2.period).toMatchObject({ label: '2019-Q2', from: '2019-04-01', to: '2019-06-30', days: 91, timeZone: 'America/New_York', assignedBy: 'received' });
    expect(q2.period.outside.before).toBe(count(rows, (r) => date(r) < '2019-04-01'));
    expect(q2.period.outside.after).toBe(count(rows, (r) => date(r) > '2019-06-30'));
    expect(q2.input.outsidePeriod).toBe(rows.length - count(rows, Q2));
    expect(q2.input.rowsRead).toBe(q2.input.rowsAccepted + q2.input.rowsRejected);
    expect(q2.input.calls).toBe(q2.totals.calls + q2.input.outsidePeriod);
    expect(q2.dateRange.from.slice(0, 10)).toBe('2019-04-01');
    expect(q2.dateRange.to.slice(0, 10)).toBe('2019-06-30');
  });

  it('counts each response level and category from the period only', () => {
    for (const r of q2.responses) expect(r.calls, r.response).toBe(count(rows, (x) => Q2(x) && x.response === r.response));
    for (const c of q2.categories.slice(0, 10)) expect(c.calls, c.id).toBe(count(rows, (x) => Q2(x) && x.category === c.id));
  });

  it('--from/--to (both included) is the same as --period', async () => {
    const { json } = await runJson(['classify', csv, '--from', '2019-04-01', '--to', '2019-06-30']);
    expect(json.store).toEqual(q2.store);
    expect(json.period).toMatchObject({ from: '2019-04-01', to: '2019-06-30', days: 91, kind: 'range' });
  });
});

describe('--compare previous,year-ago: changes against hand-computed counts', () => {
  const entry = (basis: string) => q2.comparison.against.find((e: Json) => e.basis === basis);

  it('labels and periods', () => {
    expect(entry('previous')).toMatchObject({ label: '2019-Q1', period: { from: '2019-01-01', to: '2019-03-31', days: 90 } });
    expect(entry('year-ago')).toMatchObject({ label: '2018-Q2', period: { from: '2018-04-01', to: '2018-06-30', days: 91 } });
    expect(q2.comparison.rule).toMatch(/2·s·√\(1\/W₁ \+ 1\/W₂\)/);
  });

  for (const [basis, other] of [['previous', Q1], ['year-ago', Q2_2018]] as const) {
    it(`${basis}: calls, by response and category, and eligible share`, () => {
      const e = entry(basis);
      const cur = count(rows, Q2);
      const cmp = count(rows, other);
      expect(e.totals.calls).toMatchObject({ current: cur, comparison: cmp, change: cur - cmp, changeShare: round((cur - cmp) / cmp, 4) });
      for (const r of e.byResponse) {
        const a = count(rows, (x) => Q2(x) && x.response === r.response);
        const b = count(rows, (x) => other(x) && x.response === r.response);
        expect([r.response, r.calls.current, r.calls.comparison, r.calls.change]).toEqual([r.response, a, b, a - b]);
      }
      for (const k of e.byCategory) {
        expect([k.id, k.calls.change]).toEqual([k.id, count(rows, (x) => Q2(x) && x.category === k.id) - count(rows, (x) => other(x) && x.category === k.id)]);
      }
      const eligible = (pred: (r: ClassifiedRow) => boolean) => count(rows, (x) => pred(x) && ELIGIBLE.has(x.response)) / count(rows, pred);
      expect(e.totals.eligibleShare.current).toBe(round(eligible(Q2), 4));
      expect(e.totals.eligibleShare.comparison).toBe(round(eligible(other), 4));
      expect(e.totals.eligibleCalls.change).toBe(count(rows, (x) => Q2(x) && ELIGIBLE.has(x.response)) - count(rows, (x) => other(x) && ELIGIBLE.has(x.response)));
    });
  }

  it('officer hours of the comparison period equal a separate run over that period', async () => {
    const q1 = (await runJson(['classify', csv, '--period', '2019-Q1'])).json;
    expect(entry('previous').totals.officerHours).toMatchObject({ current: q2.totals.officerHours, comparison: q1.totals.officerHours });
    expect(entry('previous').byResponse.find((r: Json) => r.response === 'community').officerHours.comparison).toBe(q1.responses.find((r: Json) => r.response === 'community').officerHours);
  });

  it('states whether the change in calls is within normal week-to-week variation, by the stated rule', () => {
    for (const [basis, other] of [['previous', Q1], ['year-ago', Q2_2018]] as const) {
      const e = entry(basis);
      // Weekly counts of complete Monday–Sunday weeks inside each period's data.
      const weekly = (pred: (r: ClassifiedRow) => boolean) => {
        const days = rows.filter(pred).map((r) => dayOf(date(r)));
        const first = Math.min(...days);
        const last = Math.max(...days);
        const byWeek = new Map<number, number>();
        for (const d of days) {
          const monday = d - ((d + 3) % 7); // 1970-01-05 (day 4) was a Monday
          byWeek.set(monday, (byWeek.get(monday) ?? 0) + 1);
        }
        const complete = [...byWeek].filter(([m]) => m >= first && m + 6 <= last).map(([, n]) => n);
        return { complete, weeks: (last - first + 1) / 7, n: days.length };
      };
      const a = weekly(Q2);
      const b = weekly(other);
      const ss = (v: number[]) => {
        const m = v.reduce((x, y) => x + y, 0) / v.length;
        return v.reduce((x, y) => x + (y - m) ** 2, 0);
      };
      const s = Math.sqrt((ss(a.complete) + ss(b.complete)) / (a.complete.length + b.complete.length - 2));
      const diff = Math.abs(a.n / a.weeks - b.n / b.weeks);
      expect(e.completeWeeks).toEqual({ current: a.complete.length, comparison: b.complete.length });
      expect(e.totals.calls.perWeek.current).toBe(round(a.n / a.weeks, 2));
      expect(e.totals.calls.withinNormalVariation, basis).toBe(diff <= 2 * s * Math.sqrt(1 / a.weeks + 1 / b.weeks));
    }
    // The generated export has a seasonal rise from winter to spring and no trend year on year.
    expect(entry('previous').totals.calls.withinNormalVariation).toBe(false);
    expect(entry('year-ago').totals.calls.withinNormalVariation).toBe(true);
  });

  it('--compare FILE compares with an earlier analysis JSON the same way', async () => {
    const q1 = (await runJson(['classify', csv, '--period', '2019-Q1'])).json;
    const file = join(mkdtempSync(join(tmpdir(), 'css-compare-')), '2019-Q1.json');
    writeFileSync(file, JSON.stringify(q1));
    const { json } = await runJson(['classify', csv, '--period', '2019-Q2', '--compare', file]);
    const [fromFile] = json.comparison.against;
    expect(fromFile).toMatchObject({ basis: 'file', label: file, file });
    const { basis, label, file: _f, store, ...same } = entry('previous');
    for (const [k, v] of Object.entries(same)) expect(fromFile[k], k).toEqual(v);
  });

  it('warns when the export does not reach back to the comparison period', async () => {
    const { json } = await runJson(['classify', csv, '--period', '2018-Q1', '--compare', 'year-ago']);
    expect(json.warnings).toContain('--compare year-ago: no calls in the export were received in 2017-Q1, so every change is against zero');
    expect(json.comparison.against[0].totals.calls.comparison).toBe(0);
  });
});

describe('--program-start: eligible calls per week before and after, by hour of week and beat', () => {
  let ba: Json;
  const beats = new Set(['113', '121']);
  // Mon–Fri 08:00–20:00 local time.
  const inHours = (r: ClassifiedRow) => {
    const weekday = new Date(`${date(r)}T00:00:00Z`).getUTCDay();
    const hour = Number(r.call_received.slice(11, 13));
    return weekday >= 1 && weekday <= 5 && hour >= 8 && hour < 20;
  };
  const eligibleQ2 = () => rows.filter((r) => Q2(r) && ELIGIBLE.has(r.response));
  const before = (r: ClassifiedRow) => date(r) < '2019-05-01';

  beforeAll(async () => {
    const args = ['classify', csv, '--period', '2019-Q2', '--program-start', '2019-05-01', '--program-hours', 'Mon-Fri 08:00-20:00', '--program-beats', '113,121'];
    ba = (await runJson(args)).json.beforeAfter;
  }, 300_000);

  it('splits the period at the start: 30 days before, 61 after', () => {
    expect(ba.before).toEqual({ from: '2019-04-01', to: '2019-04-30', days: 30, weeks: round(30 / 7, 3) });
    expect(ba.after).toEqual({ from: '2019-05-01', to: '2019-06-30', days: 61, weeks: round(61 / 7, 3) });
    expect(ba.program).toEqual({ start: '2019-05-01', hours: 'Mon-Fri 08:00-20:00', beats: ['113', '121'] });
  });

  it('rates per week inside and outside the program\'s hours and beats', () => {
    const e = eligibleQ2();
    const inside = (r: ClassifiedRow) => inHours(r) && beats.has(r.beat);
    const rate = (n: number, days: number) => round(n / (days / 7), 3);
    const ib = count(e, (r) => inside(r) && before(r));
    const ia = count(e, (r) => inside(r) && !before(r));
    expect(ba.inProgram.before).toEqual({ calls: ib, perWeek: rate(ib, 30) });
    expect(ba.inProgram.after).toEqual({ calls: ia, perWeek: rate(ia, 61) });
    const ob = count(e, (r) => !inside(r) && before(r));
    const oa = count(e, (r) => !inside(r) && !before(r));
    expect(ba.outsideProgram.before.calls).toBe(ob);
    expect(ba.outsideProgram.after.calls).toBe(oa);
    expect(ba.eligibleCalls.before.calls).toBe(ib + ob);
    expect(ba.allCalls.before.calls).toBe(count(rows, (r) => Q2(r) && before(r)));
    const ratio = (ia / 61 / (ib / 30)) / (oa / 61 / (ob / 30));
    expect(ba.relativeChange).toBeCloseTo(ratio - 1, 2);
  });

  it('by hour of week and by beat', () => {
    const e = eligibleQ2();
    const mondayNine = ba.byHourOfWeek[24 + 9];
    expect(mondayNine).toMatchObject({ hourOfWeek: 33, day: 'Mon', hour: 9, inProgramHours: true });
    const atMondayNine = (r: ClassifiedRow) => new Date(`${date(r)}T00:00:00Z`).getUTCDay() === 1 && r.call_received.slice(11, 13) === '09';
    expect(mondayNine.before.calls).toBe(count(e, (r) => atMondayNine(r) && before(r)));
    expect(mondayNine.after.calls).toBe(count(e, (r) => atMondayNine(r) && !before(r)));
    expect(ba.byHourOfWeek[0]).toMatchObject({ day: 'Sun', hour: 0, inProgramHours: false });
    const beat = ba.byBeat.find((b: Json) => b.beat === '113');
    expect(beat.inProgramBeats).toBe(true);
    expect(beat.before.calls).toBe(count(e, (r) => r.beat === '113' && before(r)));
    expect(beat.after.perWeek).toBe(round(count(e, (r) => r.beat === '113' && !before(r)) / (61 / 7), 3));
    expect(ba.byHourOfWeek.reduce((a: number, h: Json) => a + h.before.calls + h.after.calls, 0)).toBe(e.length);
  });

  it('prints its caveats, citing the Denver STAR evaluation and its critics', () => {
    const text = ba.caveats.join(' ');
    expect(text).toMatch(/trend/);
    expect(text).toMatch(/season/);
    expect(text).toMatch(/Reclassification/);
    expect(text).toMatch(/Dee & Pyne 2022.*Science Advances.*10\.1126\/sciadv\.abm2106/);
    expect(text).toMatch(/Wheeler/);
  });
});
