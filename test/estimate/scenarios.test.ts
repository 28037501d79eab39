import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import type { Analysis } from '../../src/aggregate/analysis.js';
import { storeFromJson } from '../../src/aggregate/store.js';
import { estimate, teamsNeeded, type ScenarioResult } from '../../src/estimate/index.js';
import type { FunnelStep } from '../../src/estimate/funnel.js';
import type { Saturation } from '../../src/estimate/saturation.js';
import type { Staffing } from '../../src/estimate/staffing.js';
import { stableJson } from '../../src/util/json.js';

/*
 * fixtures/estimate/calls-hand-computed.csv: one week, Mon 2024-01-01 to Sun 2024-01-07
 * (7 days covered), read by the durham-synthetic preset, classified by
 * fixtures/estimate/taxonomy.json. Officer time is dispatch → clear × units.
 *
 *   call  level        priority source   units × minutes   hour of week
 *   c1    community    3        911      1 × 60 = 60       Mon 09 (33)
 *   c2    community    3        911      2 × 30 = 60       Mon 10 (34)
 *   c3    community    1        911      1 × 60 = 60       Tue 09  — screened (priority 1)
 *   c4    community    3        PHONE    1 × 45 = 45       Wed 14 (86)
 *   c5    community    3        911      1 × (no clear)    Thu 14 (110) — imputed: type median
 *                                                           of 60, 30, 30, 60, 45 = 45 min
 *   c6    excluded     3        SELF-INITIATED  1 × 20     Fri 08  — officer-initiated
 *   v1    civilian     4        911      1 × 90            Sat 11 (155)
 *   v2    civilian     4        (blank)  1 × 30            Sun 12 (12) — unknown source
 *   m1    co-response  2        911      2 × 60 = 120      Tue 20 (68)
 *   r1    police       1        911      3 × 30 = 90       Wed 01 (73)
 *
 * Funnel: all 10 → citizen 8 + 1 unknown = 9 → type-eligible community 5 (c1–c5) +
 * civilian 2 = 7 → screen (priority 0/1) drops c3: 4 + 2 = 6 → no service hours, no
 * capacity limit: 6 → central (0.35, 0.5): 4 × 0.35 + 2 × 0.5 = 2.4.
 * Eligible hours: community c1 1 + c2 1 + c4 0.75 + c5 0.75 = 3.5 h; civilian 1.5 + 0.5 = 2 h;
 * co-response (no priority screen) m1: 1 call, 2 h.
 * Annualisation factor f = 365.25 / 7 = 52.178571…
 *
 * Central (community 0.35, civilian 0.5, backup 0.01, average cost, per-call model):
 *   callsDiverted   = 2.4 f                         = 125.23  → 125
 *   policeBackup    = 0.01 × 2.4 f                  = 1.25    → 1
 *   hoursFreed      = (3.5 × 0.35 + 2 × 0.5) × 0.99 f = 2.20275 f = 114.94 → 114.9
 *   grossSavings    = 2.4 f × 0.99 × $800           = 1,900.8 f = $99,181.03 → 99,181
 *   alternativeCost = 2.4 f × $87.50                = 210 f     = $10,957.50
 *   netSavings      = 1,690.8 f                     = $88,223.53; printed as the rounded
 *                     gross − alternative = 99,181 − 10,958 = 88,223, so the figures add up
 *   per-hour gross  = 2.20275 f × $61.37            = $7,053.6…  → 7,054
 * Low (0.2, 0.25, backup 0.02, marginal 0.618):
 *   callsDiverted = (0.8 + 0.5) f = 1.3 f = 67.83 → 68
 *   hoursFreed    = (0.7 + 0.5) × 0.98 f = 1.176 f = 61.36 → 61.4
 *   gross         = 1.3 f × 0.98 × 800 × 0.618 = 629.8656 f = $32,865.2 → 32,865
 * High (0.6, 0.75, backup 0.00625, average):
 *   callsDiverted = (2.4 + 1.5) f = 3.9 f = 203.5 → 203 (203.496…)
 *   gross         = 3.9 f × 0.99375 × 800 = 3,100.5 f = $161,780.4 → 161,780
 */
const F = 365.25 / 7;
let base: Analysis;

beforeAll(async () => {
  ({ analysis: base } = await analyze(['fixtures/estimate/calls-hand-computed.csv'], { taxonomy: 'fixtures/estimate/taxonomy.json' }));
});

const scenario = (a: Analysis, name: string) => (a.scenarios as ScenarioResult[]).find((s) => s.name === name)!;

describe('estimate on the hand-computed fixture', () => {
  it('reads the fixture as described', () => {
    expect(base.totals).toMatchObject({ calls: 10, citizenCalls: 8, officerInitiatedCalls: 1, unknownSourceCalls: 1 });
    expect(base.responses.find((r) => r.response === 'community')!.officerHours).toBe(4.5);
    expect(base.coverage.days).toBe(7);
  });

  it('funnel: 10 → 9 → 7 → 6 → 6 → 6 → 2.4', () => {
    const a = estimate(base, null);
    const f = a.funnel as FunnelStep[];
    expect(f.map((s) => s.step)).toEqual(['all', 'citizen', 'type-eligible', 'screened', 'service-area', 'capacity', 'diverted']);
    expect(f.map((s) => s.calls)).toEqual([10, 9, 7, 6, 6, 6, 2.4]);
    expect(f[2]).toMatchObject({ community: 5, civilian: 2 });
    expect(f[3]).toMatchObject({ community: 4, civilian: 2 });
    expect(f[6]).toMatchObject({ community: 1.4, civilian: 1 });
  });

  it('central scenario arithmetic', () => {
    const s = scenario(estimate(base, null), 'central');
    expect(s.callsDiverted).toBe(Math.round(2.4 * F));
    expect(s.policeBackupCalls).toBe(1);
    expect(s.officerHoursFreed).toBe(Math.round(2.20275 * F * 10) / 10);
    expect(s.grossSavings).toBe(Math.round(1900.8 * F));
    expect(Math.abs(s.alternativeCost - 210 * F)).toBeLessThanOrEqual(0.5);
    expect(s.netSavings).toBe(s.grossSavings - s.alternativeCost);
    expect(Math.abs(s.netSavings - 1690.8 * F)).toBeLessThanOrEqual(1);
    expect(s.byCostModel['per-hour'].grossSavings).toBe(Math.round(2.20275 * 61.37 * F));
    expect(s.costModel).toBe('per-call');
    expect(s.intervals).toBeNull(); // one week: too few to resample
  });

  it('low and high scenarios', () => {
    const a = estimate(base, null);
    const low = scenario(a, 'low');
    expect(low.callsDiverted).toBe(Math.round(1.3 * F));
    expect(low.officerHoursFreed).toBe(Math.round(1.176 * F * 10) / 10);
    expect(low.grossSavings).toBe(Math.round(629.8656 * F));
    const high = scenario(a, 'high');
    expect(high.callsDiverted).toBe(Math.round(3.9 * F));
    expect(high.grossSavings).toBe(Math.round(3100.5 * F));
  });

  it('per-hour cost model, set by a parameter', () => {
    const s = scenario(estimate(base, null, { costModel: 'per-hour', costPerOfficerHour: 100 }), 'central');
    // 2.20275 f h × $100 − 210 f
    expect(s.grossSavings).toBe(Math.round(220.275 * F));
    expect(Math.abs(s.netSavings - (220.275 - 210) * F)).toBeLessThanOrEqual(1);
  });

  it('user scenarios: budget counterfactual counts whole positions only; co-response adds cost', () => {
    const a = estimate(base, null, {
      scenarios: [
        { name: 'cuts', counterfactual: 'budget' },
        { name: 'clinicians', community: 0, civilian: 0, 'co-response': 1 },
      ],
    });
    const cuts = scenario(a, 'cuts');
    // 114.9 freed hours a year is far from one 2,080-hour position: no cash.
    expect(cuts.positions).toBe(0);
    expect(cuts.grossSavings).toBe(0);
    expect(cuts.netSavings).toBe(-cuts.alternativeCost);
    const cl = scenario(a, 'clinicians');
    // 1 co-response call a week × f, each with a clinician at $87.50; no officer time freed.
    expect(cl.coResponseCalls).toBe(Math.round(F));
    expect(cl.officerHoursFreed).toBe(0);
    expect(Math.abs(cl.alternativeCost - 87.5 * F)).toBeLessThanOrEqual(0.5);
  });

  it('service hours and area narrow the funnel', () => {
    // Mon–Fri 08:00–12:00 keeps c1 (Mon 09) and c2 (Mon 10) only.
    const f = estimate(base, null, { serviceHours: 'Mon-Fri 08:00-12:00' }).funnel as FunnelStep[];
    expect(f[4]).toMatchObject({ calls: 2, community: 2, civilian: 0 });
    // Beat B2 holds c4 (community) and v1 (civilian) among the screened calls.
    const g = estimate(base, null, { serviceBeats: 'B2' }).funnel as FunnelStep[];
    expect(g[4]).toMatchObject({ calls: 2, community: 1, civilian: 1 });
  });

  it('unknown source can be left out', () => {
    const f = estimate(base, null, { unknownSource: 'exclude' }).funnel as FunnelStep[];
    expect(f.map((s) => s.calls).slice(0, 4)).toEqual([10, 8, 6, 5]);
  });

  it('team capacity: half a team cannot take a whole call an hour', () => {
    // Handling time = mean measured unit minutes of eligible types: (60+30+30+60+45+90+30)/7 = 345/7.
    // Capacity per hour = 0.5 × 60 / (345/7) = 0.6087 calls; each eligible hour holds 1 call.
    const a = estimate(base, null, { teamsOnDuty: 0.5 });
    const cap = (0.5 * 60) / (345 / 7);
    expect((a.funnel as FunnelStep[])[5].calls).toBe(Math.round(6 * cap * 10) / 10);
  });

  it('staffing: Erlang C teams per hour of week', () => {
    const st = estimate(base, null).staffing as Staffing;
    expect(st.handlingMinutes).toBe(Math.round((345 / 7) * 10) / 10);
    const mon9 = st.byHourOfWeek[33];
    expect(mon9).toMatchObject({ day: 'Mon', hour: 9, callsPerHour: 1, teams: teamsNeeded(1, 345 / 7, 0.9, 15) });
    expect(st.byHourOfWeek[40].teams).toBe(0); // Mon 16:00: no eligible call
    expect(st.teamHoursPerWeek).toBe(6 * mon9.teams);
  });

  it('police saturation before and after diversion (Rule of 60)', () => {
    const sat = estimate(base, null, { officersOnDuty: '2' }).saturation as Saturation;
    expect(sat.computed).toBe(true);
    // Mon 09: c1's 1 officer-hour on 2 officers = 0.5; central frees 1 × 0.35 × 0.99 = 0.3465 h.
    expect(sat.byHourOfWeek[33]).toMatchObject({ workloadHours: 1, before: 0.5, after: Math.round(((1 - 0.3465) / 2) * 1e4) / 1e4 });
    // Week: 10.33 officer-hours of calls (all levels) on 2 × 168 available.
    expect(sat.before!.saturation).toBeCloseTo(620 / 60 / 336, 4);
    // Tue 20 (m1, 2 h co-response) stays at 1.0: nothing diverted there.
    expect(sat.after!.peak).toBe(1);
    expect(sat.threshold).toBe(0.6);
    expect((estimate(base, null).saturation as Saturation).computed).toBe(false);
  });

  it('works from the Analysis JSON alone, with the same result', () => {
    const direct = estimate(base, storeFromJson(base.store), { officersOnDuty: '2' });
    const reread = estimate(JSON.parse(stableJson(base)) as Analysis, null, { officersOnDuty: '2' });
    expect(stableJson(reread)).toBe(stableJson(direct));
  });

  it('prints every parameter with value and source, officer time as measured', () => {
    const a = estimate(base, null, { costPerCall: '900' }, 'flag');
    const p = a.parameters as Record<string, { value: unknown; source: string; origin: string }>;
    expect(p.costPerCall).toMatchObject({ value: 900, origin: 'flag' });
    expect(p.costPerOfficerHour.origin).toBe('default');
    expect(p.officerTimeCapMinutes.value).toBe(480);
    for (const [name, x] of Object.entries(p)) expect(x.source, name).toMatch(/\w/);
  });

  it('an officer-time override that the analysis cannot honour is reported, not silently dropped', () => {
    const a = estimate(base, null, { officerTimeBasis: 'arrive' });
    expect((a.parameters as Record<string, { value: unknown }>).officerTimeBasis.value).toBe('dispatch');
    expect(a.warnings.some((w) => /officerTimeBasis=arrive was not applied/.test(w))).toBe(true);
  });
});

describe('re-estimating a saved estimate', () => {
  it('keeps the parameters it was run with and changes only the ones given now', async () => {
    const { estimate } = await import('../../src/estimate/index.js');
    const { analyze } = await import('../../src/analyze.js');
    const { analysis } = await analyze(['fixtures/real/alexandria-va-decc-cad-week48-2025.csv'], {});
    const first = estimate(analysis, null, { altCostPerCall: 100, costPerCall: 700 }, 'flag');
    const again = estimate(JSON.parse(JSON.stringify(first)), null, { costPerCall: 500 }, 'flag');
    const p = again.parameters as Record<string, { value: unknown; origin: string }>;
    expect(p.altCostPerCall).toMatchObject({ value: 100, origin: 'flag' });
    expect(p.costPerCall).toMatchObject({ value: 500, origin: 'flag' });
    expect(p.costModel.origin).toBe('default');
  });
});
