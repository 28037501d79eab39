import { describe, expect, it } from 'vitest';
import { Accumulator } from '../../src/aggregate/accumulate.js';
import { finalize, type FinalizeMeta } from '../../src/aggregate/finalize.js';
import { officerTime } from '../../src/aggregate/officer-time.js';
import type { Analysis } from '../../src/aggregate/analysis.js';
import { compileTaxonomy, loadTaxonomy } from '../../src/classify/index.js';
import { emptyCall, type Call } from '../../src/ingest/call.js';
import type { InputBlock } from '../../src/ingest/summary.js';
import { createZone } from '../../src/ingest/time/index.js';
import { OFFICER_TIME_DEFAULTS } from '../../src/analyze.js';
import { DEFINITIONS } from '../../src/estimate/parameter-defaults.js';

const TAXONOMY = loadTaxonomy('fixtures/estimate/taxonomy.json');
const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1, 14, 0); // Mon 2024-01-01 09:00 in New York

function call(fields: Partial<Call>): Call {
  return { ...emptyCall(), source: 'citizen', received: T0, dispatched: T0, ...fields };
}

function analyse(calls: Call[]): Analysis {
  const acc = new Accumulator(compileTaxonomy(TAXONOMY), createZone('UTC'), OFFICER_TIME_DEFAULTS);
  for (const c of calls) acc.add(c);
  const meta: FinalizeMeta = {
    command: 'test',
    commandLine: [],
    generatedAt: null,
    input: {} as InputBlock,
    mapping: {},
    timeZone: 'UTC',
    taxonomy: { name: 't', version: '1', layers: [], basis: 'final', categories: TAXONOMY.categories.map((c) => ({ id: c.id, label: c.label, response: c.response, rationale: '', sources: [] })), sources: {}, shareRules: [] },
    officerTime: OFFICER_TIME_DEFAULTS,
    warnings: [],
  };
  return finalize(acc.store, meta);
}

describe('officer time per call (CPSM/ICMA workload definition)', () => {
  // CPSM: "if three officers respond and two are there for an hour and the third is there
  // for 30 minutes the Workload is 2½ hours" (CPSM proposal to Redwood City, CA).
  const unit = (name: string, minutes: number) => ({ unit: name, dispatched: T0, arrived: T0 + 5 * MIN, cleared: T0 + minutes * MIN });
  const cpsm = call({ callType: 'WELFARE CHECK', callTypeCode: 'WEL', units: 3, unitTimes: [unit('A', 60), unit('B', 60), unit('C', 30)] });

  it('sums every unit: 60 + 60 + 30 minutes = 2.5 officer-hours', () => {
    const seen: number[] = [];
    const r = officerTime(cpsm, { basis: 'dispatch', capMinutes: 480 }, (m) => seen.push(m));
    expect(r.measuredMinutes).toBe(150);
    expect(r.measuredUnits).toBe(3);
    expect(r.imputedUnits).toBe(0);
    expect(seen).toEqual([60, 60, 30]);
  });

  it('through the store and finalize: 2.5 officer-hours, nothing imputed', () => {
    const a = analyse([cpsm]);
    expect(a.totals.officerHours).toBe(2.5);
    expect(a.officerTime.measuredCalls).toBe(1);
    expect(a.officerTime.imputedCalls).toBe(0);
    expect(a.store.types[0].measuredMs).toBe(150 * MIN);
  });

  it('time on scene (arrive basis) drops each unit\'s 5 minutes of travel: 55 + 55 + 25 = 135 minutes', () => {
    expect(officerTime(cpsm, { basis: 'arrive', capMinutes: 480 }, () => {}).measuredMinutes).toBe(135);
  });

  it('call-level times only: duration × units', () => {
    const r = officerTime(call({ units: 2, cleared: T0 + 30 * MIN }), { basis: 'dispatch', capMinutes: 480 }, () => {});
    expect(r.measuredMinutes).toBe(60);
  });
});

describe('imputation by median, hand-computed', () => {
  const wel = (minutes: number | null, extra: Partial<Call> = {}) =>
    call({ callType: 'WELFARE CHECK', callTypeCode: 'WEL', cleared: minutes === null ? NaN : T0 + minutes * MIN, ...extra });

  // Welfare check: five measured units of 10, 20, 30, 40 and 50 minutes (median 30), one
  // call with no clear time and one cleared before dispatch. Each unmeasured unit gets the
  // type's own median (5 measured units ≥ minSamples 5): 150 + 2 × 30 = 210 min = 3.5 h.
  const calls = [wel(10), wel(20), wel(30), wel(40), wel(50), wel(null), wel(-5)];

  it("uses the call type's own median with at least minSamples measured units", () => {
    const a = analyse(calls);
    const row = a.responses.find((r) => r.response === 'community')!;
    expect(row.officerHours).toBe(3.5);
    expect(a.officerTime.imputed).toEqual({ 'missing time': 1, negative: 1, 'zero length': 0, 'over cap': 0 });
    expect(a.officerTime.imputedFrom.type).toBe(2);
    expect(a.officerTime.imputedHours).toBe(1);
  });

  it("falls back to the category's median when the type has too few measurements", () => {
    // A second welfare type (same category) with one measured unit of 70 min and one missing:
    // category units 10, 20, 30, 40, 50, 70 → median (30 + 40) / 2 = 35 min for its missing unit.
    const other = (minutes: number | null) => wel(minutes, { callType: 'CHECK ON PERSON' });
    const a = analyse([...calls, other(70), other(null)]);
    expect(a.officerTime.imputedFrom).toMatchObject({ type: 2, category: 1 });
    const t = a.callTypes.find((c) => c.callType === 'CHECK ON PERSON')!;
    expect(t.officerHours).toBe(Math.round(((70 + 35) / 60) * 100) / 100);
  });

  it('counts every imputation: imputed by reason sums to imputedCalls, measured + imputed = calls', () => {
    const a = analyse([...calls, wel(600)]); // 600 min > cap 480: imputed as "over cap"
    const byReason = Object.values(a.officerTime.imputed).reduce((x, y) => x + y, 0);
    expect(a.officerTime.imputed['over cap']).toBe(1);
    expect(byReason).toBe(a.officerTime.imputedCalls);
    expect(a.officerTime.measuredCalls + a.officerTime.imputedCalls).toBe(a.totals.calls);
  });
});

describe('officer-time parameter defaults', () => {
  it('match OFFICER_TIME_DEFAULTS in src/analyze.ts, so they print as used', () => {
    expect(DEFINITIONS.officerTimeBasis.default).toBe(OFFICER_TIME_DEFAULTS.basis);
    expect(DEFINITIONS.officerTimeCapMinutes.default).toBe(OFFICER_TIME_DEFAULTS.capMinutes);
    expect(DEFINITIONS.officerTimeMinSamples.default).toBe(OFFICER_TIME_DEFAULTS.minSamples);
    expect(DEFINITIONS.officerTimeFallbackMinutes.default).toBe(OFFICER_TIME_DEFAULTS.fallbackMinutesPerUnit);
  });
});
